/**
 * The engine's public contract: what api/, cli/ and embedding services may call.
 * Everything here is stable; internals behind it are not.
 */
import type {
  Envelope,
  EventSource,
  InstanceFilter,
  InstanceView,
  MachineSummary,
  Page,
  StateStats,
  TransitionRecord,
  WorkflowEvent,
} from './types.js';
import type { MachineGraph } from './workflow/graph.js';

export interface StartInstanceRequest {
  machine: string;
  /** Business key, unique per machine: starting twice with one key returns the first instance. */
  key?: string;
  input?: unknown;
  /** Defaults to the latest registered version. */
  version?: number;
  /** Where the start came from, recorded on the first transition. @default 'api' */
  source?: EventSource;
  /** W3C trace context to continue (e.g. from a Kafka record's headers). */
  traceparent?: string;
}

export interface StartInstanceResult {
  instance: InstanceView;
  /** False when an instance with this key already existed. */
  created: boolean;
}

export interface SendEventOptions {
  /** Dedup id; delivering the same id twice applies the event once. Generated when absent. */
  envelopeId?: string;
  /** Resolve only after the event's step has committed (durably accepted). Default true. */
  waitForCommit?: boolean;
  traceparent?: string;
  /** Where the event came from, recorded in history. @default 'api' */
  source?: EventSource;
}

export interface HistoryQuery {
  /** Return transitions with seq greater than this. */
  after?: number;
  limit?: number;
}

export interface StreamFilter {
  machine?: string;
  instanceId?: string;
}

export type TransitionListener = (transition: TransitionRecord) => void;

export interface HealthReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface Engine {
  /** Loads workflows, starts consuming, timers, activities and the outbox relay. */
  start(): Promise<void>;
  /** Stops taking work, drains what is in flight, closes connections. Idempotent. */
  stop(): Promise<void>;

  listMachines(): Promise<MachineSummary[]>;
  /** The statechart of one version (latest by default) as a serializable graph. */
  getMachineGraph(machine: string, version?: number): MachineGraph;
  machineStats(machine: string, version?: number): Promise<StateStats[]>;

  startInstance(request: StartInstanceRequest): Promise<StartInstanceResult>;
  /** Validates the event against the machine's accepted events, then enqueues it. */
  sendEvent(
    instanceId: string,
    event: WorkflowEvent,
    options?: SendEventOptions,
  ): Promise<{ envelopeId: string }>;
  getInstance(instanceId: string): Promise<InstanceView | null>;
  listInstances(filter: InstanceFilter): Promise<Page<InstanceView>>;
  getHistory(instanceId: string, query?: HistoryQuery): Promise<TransitionRecord[]>;

  cancel(instanceId: string): Promise<InstanceView>;
  pause(instanceId: string): Promise<InstanceView>;
  resume(instanceId: string): Promise<InstanceView>;
  /** Retries a failed instance: re-runs its failed activity or re-delivers the failing event. */
  retry(instanceId: string): Promise<InstanceView>;

  /** Committed transitions, live, from every replica. Returns the unsubscribe function. */
  subscribe(listener: TransitionListener, filter?: StreamFilter): () => void;
  /** Committed transitions after a stream position, oldest first (for resume after reconnect). */
  transitionsAfter(
    position: string,
    filter?: StreamFilter,
    limit?: number,
  ): Promise<TransitionRecord[]>;
  /** The newest stream position (for clients that start live). */
  latestPosition(): Promise<string>;

  health(): Promise<HealthReport>;
  /** Envelope-level entry for transports and tests. */
  deliver(envelope: Envelope): Promise<void>;
}
