/**
 * API settings: ApiConfig (partial, documented defaults and units) → compileApiConfig() → frozen,
 * validated once with messages that name the field. Environment variables are read by cli/ only.
 */
import { OrqError } from '../engine/index.js';

export interface ApiConfig {
  /** When set, /api routes and the stream need `Authorization: Bearer <token>`. */
  apiToken?: string;
  /** Largest request body, in bytes. @default 1_048_576 (1 MiB) */
  bodyLimitBytes?: number;
  /** The built dashboard to serve at '/'; skipped when it holds no index.html. */
  dashboardDir?: string;
  /** Transitions queued per stream client before it is told to resync. @default 1_000 */
  streamBufferSize?: number;
  /** Bytes in a stream client's socket buffer above which sending pauses. @default 1_048_576 (1 MiB) */
  streamBufferBytes?: number;
}

export interface CompiledApiConfig {
  readonly apiToken: string | null;
  readonly bodyLimitBytes: number;
  readonly dashboardDir: string | null;
  readonly streamBufferSize: number;
  readonly streamBufferBytes: number;
}

export const API_DEFAULTS = Object.freeze({
  bodyLimitBytes: 1_048_576, // 1 MiB
  streamBufferSize: 1_000,
  streamBufferBytes: 1_048_576, // 1 MiB
});

export function compileApiConfig(config: ApiConfig = {}): CompiledApiConfig {
  const positive = (field: keyof typeof API_DEFAULTS): number => {
    const value = config[field] ?? API_DEFAULTS[field];
    if (!Number.isInteger(value) || value < 1) {
      throw new OrqError('ORQ_ERR_CONFIG_INVALID', {
        detail: `api.${field} must be a positive integer, got ${JSON.stringify(value)}`,
      });
    }
    return value;
  };
  if (config.apiToken !== undefined && config.apiToken.trim() === '') {
    throw new OrqError('ORQ_ERR_CONFIG_INVALID', {
      detail: 'api.apiToken must not be empty (leave it unset to disable auth)',
    });
  }
  return Object.freeze({
    apiToken: config.apiToken ?? null,
    bodyLimitBytes: positive('bodyLimitBytes'),
    dashboardDir: config.dashboardDir ?? null,
    streamBufferSize: positive('streamBufferSize'),
    streamBufferBytes: positive('streamBufferBytes'),
  });
}
