/** The API module's front door: cli/ builds and serves the API through these. */
export { buildApp, API_VERSION, type BuildAppOptions } from './app.js';
export { listen, type ListenOptions, type RunningServer } from './server.js';
export {
  compileApiConfig,
  API_DEFAULTS,
  type ApiConfig,
  type CompiledApiConfig,
} from './config.js';
export type { MetricsProvider } from './routes/metrics.js';
export { API_ERRORS, type ApiErrorCode } from './errors.js';
export type * from './stream/protocol.js';
