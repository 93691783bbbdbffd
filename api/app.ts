/**
 * The API as a Fastify instance, built but not listening (tests use `app.inject()`; server.ts
 * listens). Order matters: error handling and auth first, the WebSocket and OpenAPI plugins before
 * the routes they see, the dashboard last.
 */
import websocket from '@fastify/websocket';
import type { ApiTypeProvider } from './plugins/type-provider.js';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Engine } from '../engine/index.js';
import { compileApiConfig, type ApiConfig } from './config.js';
import auth from './plugins/auth.js';
import openapi from './plugins/openapi.js';
import problemJson from './plugins/problem-json.js';
import staticDashboard, { hasDashboard, spaFallback } from './plugins/static-dashboard.js';
import upgradeRefusal from './plugins/upgrade-refusal.js';
import { createValidatorCompiler } from './plugins/validation.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { instanceControlRoutes } from './routes/instance-controls.js';
import { instanceRoutes } from './routes/instances.js';
import { machineRoutes } from './routes/machines.js';
import { metricsRoutes, type MetricsProvider } from './routes/metrics.js';
import { sharedSchemas } from './schemas/index.js';
import { streamRoutes } from './stream/ws.js';

export interface BuildAppOptions {
  engine: Engine;
  config?: ApiConfig;
  /** Serves GET /metrics; without it /metrics answers 404. */
  metrics?: MetricsProvider;
  /** A pino logger; silent when absent. */
  logger?: FastifyBaseLogger;
}

/** Version of the HTTP contract in the OpenAPI document. */
export const API_VERSION = '1.0.0';
/** Largest client message on the WebSocket, in bytes. */
const WS_MAX_PAYLOAD_BYTES = 65_536; // 64 KiB

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const config = compileApiConfig(options.config);
  const { engine } = options;
  const dashboardDir = hasDashboard(config.dashboardDir ?? undefined) ? config.dashboardDir : null;

  const app = Fastify({
    bodyLimit: config.bodyLimitBytes,
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    requestIdHeader: 'x-request-id',
    return503OnClosing: true,
  }).withTypeProvider<ApiTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());
  for (const schema of sharedSchemas) app.addSchema(schema);

  await app.register(problemJson, dashboardDir ? { notFoundFallback: spaFallback } : {});
  await app.register(upgradeRefusal);
  await app.register(auth, config.apiToken ? { apiToken: config.apiToken } : {});
  await app.register(websocket, { options: { maxPayload: WS_MAX_PAYLOAD_BYTES } });
  await app.register(openapi, { version: API_VERSION });

  await app.register(healthRoutes, { engine });
  await app.register(metricsRoutes, { metrics: options.metrics });
  await app.register(machineRoutes, { engine });
  await app.register(instanceRoutes, { engine });
  await app.register(eventRoutes, { engine });
  await app.register(instanceControlRoutes, { engine });
  await app.register(streamRoutes, {
    engine,
    maxQueuedTransitions: config.streamBufferSize,
    maxBufferedBytes: config.streamBufferBytes,
  });
  if (dashboardDir) await app.register(staticDashboard, { dir: dashboardDir });
  return app;
}
