/**
 * The engine's front door: api/, cli/, tests and embedding services import only from here.
 */
export { createEngine, type CreateEngineOptions, type OrqEngine } from './engine.js';
export type {
  Engine,
  HealthReport,
  HistoryQuery,
  SendEventOptions,
  StartInstanceRequest,
  StartInstanceResult,
  StreamFilter,
  TransitionListener,
} from './engine-api.js';
export * from './types.js';
export {
  ERROR_CATALOG,
  OrqError,
  isOrqError,
  isRetriable,
  serializeError,
  type ErrorCode,
  type ErrorSpec,
  type SerializedError,
} from './errors.js';
export { systemClock, ManualClock, type Clock } from './clock.js';
export {
  compileEngineConfig,
  ENGINE_DEFAULTS,
  type EngineConfig,
  type EngineOptions,
} from './config.js';
export { silentLogger, type Logger } from './logger.js';
export {
  defineWorkflow,
  type ActivityOptions,
  type JsonSchema,
  type PersistedSnapshot,
  type SnapshotMigration,
  type Workflow,
  type WorkflowConfig,
} from './workflow/define-workflow.js';
export { message, ORQ_PUBLISH_EVENT, type OutgoingMessage } from './workflow/publish.js';
export type { RetryPolicy } from './workflow/retry-policy.js';
export type { MachineGraph, GraphNode, GraphEdge, GraphInvoke } from './workflow/graph.js';
export type {
  ActivityContext,
  RemoteActivityDispatcher,
  RemoteTask,
} from './activities/activity-runner.js';
export { LocalTopics } from './transport/local/local-topics.js';
export type { MessagePublisher, OutgoingRecord } from './transport/transport.js';
export {
  HEADER_INSTANCE_ID,
  HEADER_MESSAGE_ID,
  HEADER_TRACEPARENT,
} from './transport/transport.js';
export { startEmbeddedPostgres, type RunningPostgres } from './store/postgres/embedded-postgres.js';
export { connectPostgres } from './store/postgres/connect.js';
export { migrateLatest } from './store/postgres/migrate.js';
export {
  createEngineMetrics,
  registerEngineGauges,
  noopEngineMetrics,
  type EngineMetrics,
  type EngineGauges,
} from './telemetry/metrics.js';
