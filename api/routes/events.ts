/** Sending an event to an instance, validated against the machine's accepted events. */
import type { ApiRoutePlugin } from '../plugins/type-provider.js';
import type { Engine } from '../../engine/index.js';
import {
  eventAcceptedSchema,
  instanceIdParamsSchema,
  problemResponses,
  sendEventBodySchema,
  sendEventHeadersSchema,
  sendEventQuerySchema,
} from '../schemas/index.js';

export const eventRoutes: ApiRoutePlugin<{ engine: Engine }> = (app, { engine }, done) => {
  app.post(
    '/api/instances/:id/events',
    {
      schema: {
        tags: ['instances'],
        summary: 'Send an event: { type, ...payload }',
        description:
          "Validated against the accepted events of the instance's machine version (unknown " +
          'type or failing payload: 400). Answers 202 once the event is enqueued, or once it is ' +
          'committed with ?wait=true. An Idempotency-Key header makes retries safe.',
        params: instanceIdParamsSchema,
        querystring: sendEventQuerySchema,
        headers: sendEventHeadersSchema,
        body: sendEventBodySchema,
        response: { 202: eventAcceptedSchema, ...problemResponses(400, 401, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const instanceId = request.params.id;
      const wait = request.query.wait === true;
      const idempotencyKey = request.headers['idempotency-key'];
      const traceparent = request.headers.traceparent;
      const { envelopeId } = await engine.sendEvent(instanceId, request.body, {
        waitForCommit: wait,
        ...(typeof idempotencyKey === 'string'
          ? { envelopeId: `api:${instanceId}:${idempotencyKey}` }
          : {}),
        ...(typeof traceparent === 'string' ? { traceparent } : {}),
      });
      return reply.code(202).send({ instanceId, envelopeId, committed: wait });
    },
  );
  done();
};
