/** Events the engine itself sends to instances. Machines never see these types directly. */
import type { SerializedError } from '../errors.js';

export const ORQ_TIMER = 'orq.timer';
export const ORQ_ACTIVITY_RESULT = 'orq.activity.result';
export const ORQ_CANCEL = 'orq.cancel';
export const ORQ_PAUSE = 'orq.pause';
export const ORQ_RESUME = 'orq.resume';
export const ORQ_RETRY = 'orq.retry';

export const CONTROL_EVENTS: ReadonlySet<string> = new Set([
  ORQ_CANCEL,
  ORQ_PAUSE,
  ORQ_RESUME,
  ORQ_RETRY,
]);

export interface TimerFiredEvent {
  type: typeof ORQ_TIMER;
  sourcePath: string;
  timerId: string;
  dueAt: number;
  [key: string]: unknown;
}

export interface ActivityResultEvent {
  type: typeof ORQ_ACTIVITY_RESULT;
  activityId: string;
  actorPath: string;
  activityType: string;
  ok: boolean;
  output?: unknown;
  error?: SerializedError;
  [key: string]: unknown;
}

/** The event type machines publish outgoing messages with: `emit(message({...}))`. */
export { ORQ_PUBLISH_EVENT as ORQ_PUBLISH } from '../workflow/publish.js';
