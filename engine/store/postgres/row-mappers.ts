/** Rows as pg returns them → the engine's records and views. */
import type { SerializedError } from '../../errors.js';
import type { InstanceRecord } from '../../step/step-types.js';
import type {
  Envelope,
  EventSource,
  InstanceStatus,
  InstanceView,
  StateValue,
  TransitionRecord,
  WorkflowEvent,
  ContextChange,
} from '../../types.js';

export interface InstanceRow {
  id: string;
  machine: string;
  machine_version: number;
  business_key: string | null;
  status: InstanceStatus;
  state_value: StateValue;
  state_paths: string[];
  snapshot: { context?: unknown; output?: unknown } | null;
  input: unknown;
  error: SerializedError | null;
  failed_envelope: Envelope | null;
  version: string;
  seq: number;
  created_at: Date;
  updated_at: Date;
  state_entered_at: Date;
}

export interface HistoryRow {
  position: string;
  instance_id: string;
  seq: number;
  machine: string;
  machine_version: number;
  event: WorkflowEvent;
  from_value: StateValue | null;
  to_value: StateValue;
  status: InstanceStatus;
  context_changes: ContextChange[];
  envelope_id: string | null;
  source: EventSource;
  at: Date;
}

export function toInstanceRecord(row: InstanceRow): InstanceRecord {
  return {
    id: row.id,
    machine: row.machine,
    machineVersion: row.machine_version,
    businessKey: row.business_key,
    status: row.status,
    snapshot: row.snapshot,
    input: row.input,
    error: row.error,
    failedEnvelope: row.failed_envelope,
    version: Number(row.version),
    seq: row.seq,
    createdAt: row.created_at.getTime(),
    stateEnteredAt: row.state_entered_at.getTime(),
  };
}

export function toInstanceView(row: InstanceRow): InstanceView {
  const snapshot = row.snapshot ?? {};
  return {
    id: row.id,
    machine: row.machine,
    version: row.machine_version,
    key: row.business_key,
    status: row.status,
    value: row.state_value,
    statePaths: row.state_paths,
    context: snapshot.context ?? null,
    input: row.input ?? null,
    ...(snapshot.output !== undefined ? { output: snapshot.output } : {}),
    ...(row.status === 'failed' && row.error ? { error: row.error } : {}),
    seq: row.seq,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    stateEnteredAt: row.state_entered_at.toISOString(),
  };
}

export function toTransitionRecord(row: HistoryRow): TransitionRecord {
  return {
    instanceId: row.instance_id,
    machine: row.machine,
    version: row.machine_version,
    seq: row.seq,
    position: row.position,
    event: row.event,
    from: row.from_value,
    to: row.to_value,
    status: row.status,
    contextChanges: row.context_changes,
    envelopeId: row.envelope_id,
    source: row.source,
    at: row.at.toISOString(),
  };
}
