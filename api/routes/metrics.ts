/**
 * `GET /metrics` in the Prometheus text format, from the provider cli/ installs (the OpenTelemetry
 * SDK lives there, not here). Without a provider: 404 problem+json.
 */
import type { FastifyPluginCallback } from 'fastify';
import { ApiError } from '../errors.js';
import { problemResponses } from '../schemas/index.js';

export type MetricsProvider = () => Promise<{ contentType: string; body: string }>;

export const metricsRoutes: FastifyPluginCallback<{ metrics: MetricsProvider | undefined }> = (
  app,
  { metrics },
  done,
) => {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['ops'],
        summary: 'Prometheus metrics (text exposition format)',
        produces: ['text/plain'],
        response: {
          200: { description: 'Metrics in the Prometheus text format.', type: 'string' },
          ...problemResponses(404),
        },
      },
    },
    async (_request, reply) => {
      if (!metrics) {
        throw new ApiError('ORQ_ERR_METRICS_UNAVAILABLE', 'No metrics provider is configured.');
      }
      const { contentType, body } = await metrics();
      return reply.type(contentType).send(body);
    },
  );
  done();
};
