/** Probes: /health (the process serves), /ready (Postgres, Kafka and the engine answer). */
import type { ApiRoutePlugin } from '../plugins/type-provider.js';
import type { Engine } from '../../engine/index.js';
import { liveSchema, readinessSchema } from '../schemas/index.js';

export const healthRoutes: ApiRoutePlugin<{ engine: Engine }> = (app, { engine }, done) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['ops'],
        summary: 'Liveness: 200 while the process serves',
        response: { 200: liveSchema },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['ops'],
        summary: 'Readiness: 200 when Postgres, Kafka and the engine answer, else 503',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (_request, reply) => {
      const report = await engine.health();
      return reply.code(report.ok ? 200 : 503).send(report);
    },
  );
  done();
};
