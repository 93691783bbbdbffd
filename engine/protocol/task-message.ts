/**
 * A task: the engine asks a worker to run one attempt of an activity. Published on the activity's
 * task topic (by convention `orq.tasks.<activityType>`), keyed by instance id, value = JSON of
 * TaskMessage. The worker answers with a ResultMessage on `replyTo`. See docs/protocol.md.
 */
import { asObject, requirePositiveInt, requireProtocol, requireString } from './fields.js';
import { PROTOCOL_VERSION } from './headers.js';
import { ProtocolError } from './protocol-error.js';

export const TASK_KIND = 'orq.task';

export interface TaskMessage {
  protocol: typeof PROTOCOL_VERSION;
  kind: typeof TASK_KIND;
  /** Same for every attempt of one invocation, across engine restarts: the idempotency key. */
  activityId: string;
  activityType: string;
  /** 1 for the first attempt; a retry (or a re-dispatch after a crash) has a higher number. */
  attempt: number;
  instanceId: string;
  machine: string;
  /** What the machine passed to the activity (any JSON). */
  input: unknown;
  /** Time one attempt may take, in ms; after it the engine stops waiting and may retry. */
  timeoutMs: number;
  /** Epoch ms after which the engine no longer waits for this attempt (skip the task if past it). */
  deadlineMs: number;
  /** Topic to publish the ResultMessage on. */
  replyTo: string;
}

export function parseTaskMessage(value: unknown): TaskMessage {
  const o = asObject(value, 'task');
  requireProtocol(o, TASK_KIND, PROTOCOL_VERSION);
  const timeoutMs = requirePositiveInt(o, 'timeoutMs');
  const deadlineMs = o.deadlineMs;
  if (typeof deadlineMs !== 'number' || !Number.isFinite(deadlineMs))
    throw new ProtocolError('"deadlineMs" must be a number (epoch ms)');
  if (!('input' in o)) throw new ProtocolError('"input" is missing');
  return {
    protocol: PROTOCOL_VERSION,
    kind: TASK_KIND,
    activityId: requireString(o, 'activityId'),
    activityType: requireString(o, 'activityType'),
    attempt: requirePositiveInt(o, 'attempt'),
    instanceId: requireString(o, 'instanceId'),
    machine: requireString(o, 'machine'),
    input: o.input,
    timeoutMs,
    deadlineMs,
    replyTo: requireString(o, 'replyTo'),
  };
}
