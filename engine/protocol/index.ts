/**
 * The wire formats of the Kafka transport: task and result messages, header names, default topics.
 * Self-contained (no engine internals) so workers, examples and other languages' ports can rely on
 * it alone; docs/protocol.md describes the same format in prose.
 */
export * from './headers.js';
export * from './topics.js';
export { ProtocolError } from './protocol-error.js';
export { parseTaskMessage, TASK_KIND, type TaskMessage } from './task-message.js';
export {
  parseResultMessage,
  RESULT_KIND,
  type ResultMessage,
  type WireError,
} from './result-message.js';
