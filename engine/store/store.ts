/**
 * The store port: everything the engine needs from durable storage. One adapter exists
 * (./postgres); the shape keeps the engine testable and the SQL in one room.
 */
import type {
  ActivityDraft,
  InstanceRecord,
  OutboxDraft,
  PendingActivityRecord,
  TimerRecord,
  TransitionDraft,
} from '../step/step-types.js';
import type { SerializedError } from '../errors.js';
import type {
  Envelope,
  InstanceFilter,
  InstanceStatus,
  InstanceView,
  Page,
  StateStats,
  StateValue,
  TransitionRecord,
} from '../types.js';

export interface InstanceWrite {
  record: InstanceRecord;
  stateValue: StateValue;
  statePaths: string[];
  /** null for a new instance (insert), else the version the store must still hold. */
  expectedVersion: number | null;
  timers: TimerRecord[];
}

export interface CommitBatch {
  now: number;
  instances: InstanceWrite[];
  inbox: Array<{ envelopeId: string; instanceId: string }>;
  history: Array<TransitionDraft & { instanceId: string; machine: string; machineVersion: number }>;
  outbox: Array<OutboxDraft & { instanceId: string }>;
  /** New activities, inserted already leased by this process until `leaseUntil` (attempt 1). */
  newActivities: Array<
    ActivityDraft & { instanceId: string; machine: string; machineVersion: number }
  >;
  activityLeaseUntil: number;
  activityStatus: Array<{ id: string; status: 'done' | 'failed' | 'cancelled' }>;
  retriedActivities: string[];
  held: Array<{ instanceId: string; envelope: Envelope }>;
  releasedHeld: string[];
}

export type CommitOutcome =
  | { ok: true; positions: Map<string, string> }
  | { ok: false; reason: 'version' | 'inbox' | 'key'; instanceIds: string[] };

export interface LoadedInstance {
  record: InstanceRecord;
  timers: TimerRecord[];
  activities: PendingActivityRecord[];
}

export interface DueTimer {
  instanceId: string;
  sourcePath: string;
  timerId: string;
  dueAt: number;
}

export interface ClaimedActivity {
  id: string;
  instanceId: string;
  machine: string;
  machineVersion: number;
  actorPath: string;
  activityType: string;
  input: unknown;
  attempt: number;
  traceparent: string | null;
}

export interface OutboxRow {
  id: string;
  messageId: string;
  instanceId: string;
  topic: string;
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
}

export interface InstanceStore {
  loadInstances(ids: string[]): Promise<Map<string, LoadedInstance>>;
  loadHeld(instanceIds: string[]): Promise<Map<string, Array<{ id: string; envelope: Envelope }>>>;
  seenEnvelopes(ids: string[]): Promise<Set<string>>;
  commit(batch: CommitBatch): Promise<CommitOutcome>;

  findByKey(machine: string, key: string): Promise<InstanceView | null>;
  getInstance(id: string): Promise<InstanceView | null>;
  /** Minimal row for validation: machine, version and status. */
  instanceHeader(
    id: string,
  ): Promise<{ machine: string; version: number; status: InstanceStatus } | null>;
  listInstances(filter: InstanceFilter): Promise<Page<InstanceView>>;
  history(instanceId: string, after: number, limit: number): Promise<TransitionRecord[]>;
  transitionsAfter(
    position: string,
    filter: { machine?: string; instanceId?: string },
    limit: number,
  ): Promise<TransitionRecord[]>;
  latestPosition(): Promise<string>;
  countsByMachine(): Promise<Map<string, Record<InstanceStatus, number>>>;
  stateStats(machine: string, version: number | undefined, now: number): Promise<StateStats[]>;

  dueTimers(untilMs: number, limit: number): Promise<DueTimer[]>;
  /** Leases due pending activities (so one replica runs each attempt), oldest first. */
  claimActivities(now: number, leaseMs: number, limit: number): Promise<ClaimedActivity[]>;
  scheduleActivityRetry(
    id: string,
    attempt: number,
    nextAttemptAt: number,
    error: SerializedError,
  ): Promise<void>;
  unpublishedOutbox(limit: number): Promise<OutboxRow[]>;
  markPublished(ids: string[], now: number): Promise<void>;

  gauges(): Promise<StoreGauges>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreGauges {
  instancesByStatus: Array<{ machine: string; status: string; count: number }>;
  instancesByState: Array<{ machine: string; state: string; count: number }>;
  timersPending: number;
  outboxBacklog: number;
  activitiesPending: number;
}
