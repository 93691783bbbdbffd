/** Machines: the catalogue, one version's statechart graph, and per-state stats. */
import type { ApiRoutePlugin } from '../plugins/type-provider.js';
import type { Engine } from '../../engine/index.js';
import {
  machineGraphSchema,
  machineIdParamsSchema,
  machineListSchema,
  machineStatsSchema,
  machineVersionQuerySchema,
  problemResponses,
} from '../schemas/index.js';

export const machineRoutes: ApiRoutePlugin<{ engine: Engine }> = (app, { engine }, done) => {
  app.get(
    '/api/machines',
    {
      schema: {
        tags: ['machines'],
        summary: 'Every workflow: versions, accepted events, instance counts by status',
        response: { 200: machineListSchema, ...problemResponses(401, 500) },
      },
    },
    async () => ({ items: await engine.listMachines() }),
  );

  app.get(
    '/api/machines/:id',
    {
      schema: {
        tags: ['machines'],
        summary: 'The statechart of one version (latest by default) as a graph',
        params: machineIdParamsSchema,
        querystring: machineVersionQuerySchema,
        response: {
          200: { $ref: `${machineGraphSchema.$id}#` },
          ...problemResponses(400, 401, 404),
        },
      },
    },
    (request) => engine.getMachineGraph(request.params.id, request.query.version),
  );

  app.get(
    '/api/machines/:id/stats',
    {
      schema: {
        tags: ['machines'],
        summary: 'Per state: instances in it now, p50/p95 time spent in it, the oldest one',
        params: machineIdParamsSchema,
        querystring: machineVersionQuerySchema,
        response: { 200: machineStatsSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { version } = request.query;
      const states = await engine.machineStats(id, version);
      return { machine: id, version: version ?? null, states };
    },
  );
  done();
};
