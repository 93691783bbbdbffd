/**
 * The only place environment variables are read. Every setting, its default and unit are listed in
 * .env.example and docs/configuration.md.
 */
import { resolve } from 'node:path';
import type { EngineOptions } from '../engine/index.js';

export interface Settings {
  databaseUrl: string | null;
  kafkaBrokers: string[];
  host: string;
  port: number;
  apiToken: string | null;
  machinesDir: string | null;
  dataDir: string;
  embeddedPgPort: number;
  logLevel: string;
  demoTraffic: boolean;
  /** Workflows whose activities run on remote workers over Kafka (Kafka mode only). */
  remoteActivities: string[];
  engine: EngineOptions;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function optionalInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  return env[name] === undefined || env[name] === '' ? undefined : int(env, name, 0);
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    databaseUrl: env.DATABASE_URL || null,
    kafkaBrokers: (env.KAFKA_BROKERS ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    host: env.ORQ_HOST || '0.0.0.0',
    port: int(env, 'ORQ_PORT', 5000),
    apiToken: env.ORQ_API_TOKEN || null,
    machinesDir: env.ORQ_MACHINES ? resolve(env.ORQ_MACHINES) : null,
    dataDir: resolve(env.ORQ_DATA_DIR || '.orq'),
    embeddedPgPort: int(env, 'ORQ_EMBEDDED_PG_PORT', 54329),
    logLevel: env.ORQ_LOG_LEVEL || 'info',
    demoTraffic: (env.ORQ_DEMO ?? '1') !== '0',
    remoteActivities: (env.ORQ_REMOTE_ACTIVITIES ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean),
    engine: {
      commitMaxBatch: optionalInt(env, 'ORQ_COMMIT_MAX_BATCH'),
      cacheMaxInstances: optionalInt(env, 'ORQ_CACHE_MAX_INSTANCES'),
      activityConcurrency: optionalInt(env, 'ORQ_ACTIVITY_CONCURRENCY'),
      timerPollMs: optionalInt(env, 'ORQ_TIMER_POLL_MS'),
    },
  };
}
