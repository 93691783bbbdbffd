/**
 * Child process of the crash test: runs an engine on DATABASE_URL. With START=N it starts N
 * instances (and sends GO to the even ones), then keeps running until killed.
 */
import { connectPostgres, createEngine } from '../../engine/index.js';
import { crashWorkflow } from './crash-workflow.js';

const url = process.env.DATABASE_URL!;
const toStart = Number(process.env.START ?? 0);
const knex = connectPostgres({ url, poolMax: 10 });
const engine = createEngine({
  knex,
  workflows: [crashWorkflow(knex)],
  config: { activityLeaseMarginMs: 500, timerPollMs: 200, activityPollMs: 100 },
});
await engine.start();
const starts: Array<Promise<unknown>> = [];
for (let n = 0; n < toStart; n++) {
  starts.push(
    engine
      .startInstance({ machine: 'crash', key: `c-${n}`, input: { n } })
      .then(async ({ instance }) => {
        if (n % 2 === 0) await engine.sendEvent(instance.id, { type: 'GO' });
      }),
  );
}
await Promise.all(starts);
process.stdout.write('STARTED\n');
setInterval(() => undefined, 1 << 30);
