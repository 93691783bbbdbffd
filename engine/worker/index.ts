/** The worker library: createWorker for any Node service, plus the wire format it speaks. */
export {
  createWorker,
  type TaskContext,
  type TaskHandler,
  type TaskOutcome,
  type Worker,
  type WorkerOptions,
} from './create-worker.js';
export { TaskError } from './task-error.js';
export * from '../protocol/index.js';
