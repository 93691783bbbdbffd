/** Shared vocabulary of the engine: statuses, envelopes, views, transitions. */
import type { SerializedError } from './errors.js';

export const InstanceStatus = {
  active: 'active',
  paused: 'paused',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
} as const;
export type InstanceStatus = (typeof InstanceStatus)[keyof typeof InstanceStatus];
export const INSTANCE_STATUSES: readonly InstanceStatus[] = Object.values(InstanceStatus);

/** Where an event came from. */
export type EventSource = 'api' | 'kafka' | 'timer' | 'activity' | 'engine' | 'local';

/** A workflow event as machines see it: a type and a flat payload. */
export interface WorkflowEvent {
  type: string;
  [key: string]: unknown;
}

/**
 * Everything that reaches an instance becomes an envelope. `id` is the dedup key: delivering two
 * envelopes with the same id applies the event once.
 */
export interface Envelope {
  id: string;
  instanceId: string;
  event: WorkflowEvent;
  source: EventSource;
  traceparent?: string;
}

/** XState's state value: a string, or nested objects for compound and parallel states. */
export type StateValue = string | { [region: string]: StateValue };

/** One field that changed in context between two snapshots. */
export interface ContextChange {
  path: string;
  from?: unknown;
  to?: unknown;
  op: 'add' | 'remove' | 'replace';
}

/** The instance as the API, CLI and dashboard see it. */
export interface InstanceView {
  id: string;
  machine: string;
  version: number;
  key: string | null;
  status: InstanceStatus;
  value: StateValue;
  /** Dotted paths of every active state node, e.g. ['payment', 'payment.awaiting']. */
  statePaths: string[];
  context: unknown;
  input: unknown;
  output?: unknown;
  error?: SerializedError;
  /** Number of transitions recorded so far. */
  seq: number;
  createdAt: string;
  updatedAt: string;
  /** When the instance entered its current state value. */
  stateEnteredAt: string;
}

/** One recorded transition (a macrostep of the root actor). */
export interface TransitionRecord {
  instanceId: string;
  machine: string;
  version: number;
  /** Counts this instance's transitions from 1. */
  seq: number;
  /** Orders the whole stream across instances. */
  position: string;
  event: WorkflowEvent;
  from: StateValue | null;
  to: StateValue;
  status: InstanceStatus;
  contextChanges: ContextChange[];
  envelopeId: string | null;
  source: EventSource;
  at: string;
}

export interface MachineSummary {
  id: string;
  latestVersion: number;
  versions: number[];
  description: string;
  events: AcceptedEvent[];
  counts: Record<InstanceStatus, number>;
}

export interface AcceptedEvent {
  type: string;
  description?: string;
  /** JSON Schema of the payload (without `type`). */
  schema: Record<string, unknown>;
}

export interface StateStats {
  /** Dotted state path. */
  state: string;
  /** Instances in this state now (active or paused). */
  current: number;
  /** Time spent in the state by visits that left it and by current ones, in ms. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** Longest time a current instance has been there, in ms. */
  oldestMs: number | null;
}

export interface InstanceFilter {
  machine?: string;
  status?: InstanceStatus;
  /** Dotted state path; matches nested states too ('payment' matches 'payment.awaiting'). */
  state?: string;
  key?: string;
  /** ISO timestamps bounding createdAt. */
  createdAfter?: string;
  createdBefore?: string;
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
