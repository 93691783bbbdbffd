/** What a step produces: data only. The committer writes it; after-commit code performs it. */
import type { SerializedError } from '../errors.js';
import type {
  ContextChange,
  Envelope,
  EventSource,
  InstanceStatus,
  StateValue,
  WorkflowEvent,
} from '../types.js';

/** An instance as loaded from the store. Times in ms since the epoch. */
export interface InstanceRecord {
  id: string;
  machine: string;
  machineVersion: number;
  businessKey: string | null;
  status: InstanceStatus;
  snapshot: unknown;
  input: unknown;
  error: SerializedError | null;
  failedEnvelope: Envelope | null;
  version: number;
  seq: number;
  createdAt: number;
  stateEnteredAt: number;
}

export interface TimerRecord {
  sourcePath: string;
  timerId: string;
  targetPath: string;
  event: WorkflowEvent;
  dueAt: number;
}

export interface PendingActivityRecord {
  id: string;
  actorPath: string;
  activityType: string;
}

export interface TransitionDraft {
  seq: number;
  event: WorkflowEvent;
  from: StateValue | null;
  to: StateValue;
  fromPaths: string[] | null;
  toPaths: string[];
  status: InstanceStatus;
  contextChanges: ContextChange[];
  envelopeId: string | null;
  source: EventSource;
  at: number;
}

export interface OutboxDraft {
  messageId: string;
  topic: string;
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
}

export interface ActivityDraft {
  id: string;
  actorPath: string;
  activityType: string;
  input: unknown;
  traceparent: string | null;
}

/** How one envelope ended. */
export type StepVerdict =
  | 'applied' // delivered to the actor (transitions may be empty)
  | 'held' // instance paused or failed: kept for later
  | 'ignored' // instance finished, stale timer or activity result: recorded and dropped
  | 'failed'; // machine code threw, or an activity failed with nobody to handle it

export interface StepResult {
  verdict: StepVerdict;
  reason?: string;
  transitions: TransitionDraft[];
  outbox: OutboxDraft[];
  newActivities: ActivityDraft[];
  /** Activity ids whose actor is gone (state exited): no longer to be run. */
  cancelledActivities: string[];
  /** Activity ids finished by this step, with their final row status. */
  finishedActivities: Array<{ id: string; status: 'done' | 'failed' }>;
  /** Activity ids to run again (retry of a failed instance). */
  retriedActivities: string[];
  /** State paths this step left, with the time spent in them (for the time-in-state metric). */
  statesLeft: Array<{ state: string; seconds: number }>;
}

export function emptyStepResult(verdict: StepVerdict, reason?: string): StepResult {
  return {
    verdict,
    ...(reason ? { reason } : {}),
    transitions: [],
    outbox: [],
    newActivities: [],
    cancelledActivities: [],
    finishedActivities: [],
    retriedActivities: [],
    statesLeft: [],
  };
}
