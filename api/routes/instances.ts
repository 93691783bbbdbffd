/** Instances: start one, list them (newest first, cursor pagination), read one, its history. */
import type { ApiRoutePlugin } from '../plugins/type-provider.js';
import { OrqError, type Engine } from '../../engine/index.js';
import {
  historyPageSchema,
  historyQuerySchema,
  instanceIdParamsSchema,
  instancePageSchema,
  instanceRef,
  listInstancesQuerySchema,
  problemResponses,
  startInstanceBodySchema,
} from '../schemas/index.js';

export const instanceRoutes: ApiRoutePlugin<{ engine: Engine }> = (app, { engine }, done) => {
  app.post(
    '/api/instances',
    {
      schema: {
        tags: ['instances'],
        summary: 'Start an instance (idempotent by business key)',
        description:
          '201 with the new instance; 200 with the existing one when `key` was used before.',
        body: startInstanceBodySchema,
        response: {
          200: instanceRef,
          201: instanceRef,
          ...problemResponses(400, 401, 404, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const { machine, key, input, version } = request.body;
      const { instance, created } = await engine.startInstance({
        machine,
        ...(key !== undefined ? { key } : {}),
        ...(input !== undefined ? { input } : {}),
        ...(version !== undefined ? { version } : {}),
      });
      return reply
        .code(created ? 201 : 200)
        .header('location', `/api/instances/${instance.id}`)
        .send(instance);
    },
  );

  app.get(
    '/api/instances',
    {
      schema: {
        tags: ['instances'],
        summary: 'List instances, newest first',
        querystring: listInstancesQuerySchema,
        response: { 200: instancePageSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => engine.listInstances(request.query),
  );

  app.get(
    '/api/instances/:id',
    {
      schema: {
        tags: ['instances'],
        summary: 'One instance: state, context, status, error',
        params: instanceIdParamsSchema,
        response: { 200: instanceRef, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const instance = await engine.getInstance(request.params.id);
      if (!instance)
        throw new OrqError('ORQ_ERR_INSTANCE_NOT_FOUND', { instanceId: request.params.id });
      return instance;
    },
  );

  app.get(
    '/api/instances/:id/history',
    {
      schema: {
        tags: ['instances'],
        summary: "The instance's transitions in order",
        params: instanceIdParamsSchema,
        querystring: historyQuerySchema,
        response: { 200: historyPageSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { after = 0, limit = 100 } = request.query;
      const items = await engine.getHistory(request.params.id, { after, limit });
      const last = items.at(-1);
      return { items, nextAfter: items.length === limit && last ? last.seq : null };
    },
  );
  done();
};
