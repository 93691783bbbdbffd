/**
 * The composition root of a serving process: telemetry, logger, workflows, engine, API (with the
 * dashboard), listen, and one orderly shutdown on SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../api/index.js';
import { createEngine, type OrqEngine } from '../engine/index.js';
import { createLogger } from '../engine/telemetry/logger.js';
import { shippedRoutes } from '../machines/index.js';
import { startKafkaMode } from './kafka-mode.js';
import { loadWorkflows } from './load-workflows.js';
import type { Settings } from './settings.js';
import { installTelemetry } from './telemetry.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface RunServerOptions {
  settings: Settings;
  databaseUrl: string;
  mode: 'embedded' | 'kafka';
  /** Called once listening; returns a stopper for whatever it started. */
  onReady?: (engine: OrqEngine) => () => void;
  onStopped?: () => Promise<void>;
}

export async function runServer(options: RunServerOptions): Promise<void> {
  const { settings } = options;
  const telemetry = installTelemetry({ serviceName: 'orquestador' });
  const logger = createLogger({ level: settings.logLevel, name: 'orq' });
  const workflows = await loadWorkflows(settings.machinesDir);
  let engine: OrqEngine;
  let stopEngine: () => Promise<void>;
  if (options.mode === 'kafka') {
    // Routes from topics, outbox to Kafka, chosen activities on remote workers, every replica's
    // transitions on the stream.
    const kafka = await startKafkaMode({
      brokers: settings.kafkaBrokers,
      databaseUrl: options.databaseUrl,
      workflows,
      routes: shippedRoutes,
      remoteActivities: Object.fromEntries(
        settings.remoteActivities.map((m) => [m, 'all' as const]),
      ),
      engine: settings.engine,
      logger,
    });
    engine = kafka.engine;
    stopEngine = () => kafka.stop();
    console.log(`[orq] Kafka mode: brokers ${settings.kafkaBrokers.join(',')}`);
  } else {
    engine = createEngine({
      databaseUrl: options.databaseUrl,
      workflows,
      logger,
      config: settings.engine,
    });
    await engine.start();
    stopEngine = () => engine.stop();
  }
  const dashboardDir = join(ROOT, 'dashboard', 'dist');
  const app = await buildApp({
    engine,
    config: {
      ...(settings.apiToken ? { apiToken: settings.apiToken } : {}),
      ...(existsSync(dashboardDir) ? { dashboardDir } : {}),
    },
    metrics: () => telemetry.metricsText(),
    // Request logs only when asked for: `npm start` stays readable.
    ...(settings.logLevel === 'debug' || settings.logLevel === 'trace' ? { logger } : {}),
  });
  await app.listen({ host: settings.host, port: settings.port });
  const stopExtras = options.onReady?.(engine) ?? (() => undefined);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[orq] ${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stopExtras();
    await app.close().catch(() => undefined);
    await stopEngine().catch(() => undefined);
    await options.onStopped?.().catch(() => undefined);
    await telemetry.shutdown().catch(() => undefined);
    console.log('[orq] stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
