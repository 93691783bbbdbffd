/**
 * `npm run bench [-- a b c …]`: prints benchmark figures (nothing is asserted).
 * Engine scenarios a–f run on a real PostgreSQL; `kafka` adds the end-to-end Kafka scenario.
 */
import { runEngineBench } from './engine.bench.js';

const args = process.argv.slice(2);
const engineScenarios = args.filter((a) => /^[a-f]$/.test(a));
const started = performance.now();
console.log(
  `Orquestador benchmark — ${new Date().toISOString()} — ${process.platform}/${process.arch}`,
);
if (args.length === 0 || engineScenarios.length > 0) await runEngineBench(engineScenarios);
if (args.length === 0 || args.includes('kafka')) {
  try {
    const modulePath = './kafka-e2e.bench.js'; // written beside the Kafka transport; absent before it lands
    const { runKafkaBench } = (await import(modulePath)) as { runKafkaBench: () => Promise<void> };
    await runKafkaBench();
  } catch (err) {
    console.log(`\n(kafka) skipped: ${(err as Error).message}`);
  }
}
console.log(`\nbench finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
