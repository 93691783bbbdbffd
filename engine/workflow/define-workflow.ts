/**
 * The one door through which machines enter the engine. A workflow is an XState v5 machine with a
 * stable id, a version, the events it accepts (with a JSON Schema per payload), and options for the
 * promise actors it invokes, which the engine runs as durable activities.
 */
import type { AnyActorLogic, AnyStateMachine } from 'xstate';
import { OrqError } from '../errors.js';
import type { AcceptedEvent } from '../types.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

export type JsonSchema = Record<string, unknown>;

export interface ActivityOptions {
  retry?: Partial<RetryPolicy>;
  /** Time one attempt may take, in ms. @default 30_000 */
  timeoutMs?: number;
  /**
   * Run the activity on a remote worker: the task goes out on this Kafka topic and the result comes
   * back as an event. Without it, the engine runs the promise actor's function itself.
   */
  remoteTopic?: string;
}

export interface SnapshotMigration {
  /** The version whose snapshots this migration reads. */
  fromVersion: number;
  /** Returns the snapshot for this workflow's version. Pure; may throw to refuse. */
  migrate(snapshot: PersistedSnapshot): PersistedSnapshot;
}

/** XState's persisted snapshot, as stored in Postgres. */
export interface PersistedSnapshot {
  status: string;
  value: unknown;
  context: unknown;
  children: Record<string, unknown>;
  historyValue?: unknown;
  [key: string]: unknown;
}

export interface WorkflowConfig<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** Stable id, e.g. 'order'. */
  id: string;
  /** Positive integer; instances stay on the version they started with. */
  version: number;
  description?: string;
  machine: TMachine;
  /** JSON Schema of the start input. @default any object */
  input?: JsonSchema;
  /**
   * Events accepted from outside (API, Kafka), each with the JSON Schema of its payload
   * (the fields beside `type`). @default every non-internal event the statechart names, any payload
   */
  events?: Record<string, { schema?: JsonSchema; description?: string }>;
  /** Options for the promise actors registered in the machine's `setup({ actors })`, by name. */
  activities?: Record<string, ActivityOptions>;
  migration?: SnapshotMigration;
}

export interface ResolvedActivity {
  name: string;
  retry: RetryPolicy;
  timeoutMs: number;
  remoteTopic: string | null;
  /** The promise creator, for local activities. */
  run: ((args: { input: unknown; signal: AbortSignal }) => PromiseLike<unknown>) | null;
}

export interface Workflow {
  readonly id: string;
  readonly version: number;
  readonly description: string;
  /** The machine as the engine runs it: promise actors replaced by engine-driven ones. */
  readonly machine: AnyStateMachine;
  readonly inputSchema: JsonSchema;
  readonly events: readonly AcceptedEvent[];
  readonly activities: ReadonlyMap<string, ResolvedActivity>;
  readonly migration: SnapshotMigration | null;
}

const DEFAULT_ACTIVITY_TIMEOUT_MS = 30_000;

export function defineWorkflow<TMachine extends AnyStateMachine>(
  config: WorkflowConfig<TMachine>,
): Workflow {
  const invalid = (detail: string) =>
    new OrqError('ORQ_ERR_WORKFLOW_INVALID', { machine: config.id, detail });
  if (!/^[a-z][a-z0-9._-]*$/i.test(config.id))
    throw invalid('id must be letters, digits, ".", "_" or "-"');
  if (!Number.isInteger(config.version) || config.version < 1)
    throw invalid('version must be a positive integer');

  const actors = (config.machine.implementations.actors ?? {}) as Record<string, AnyActorLogic>;
  const activities = new Map<string, ResolvedActivity>();
  const durableActors: Record<string, AnyActorLogic> = {};
  for (const [name, logic] of Object.entries(actors)) {
    const options = config.activities?.[name];
    if (!isPromiseLogic(logic) && !options?.remoteTopic) continue;
    activities.set(name, {
      name,
      retry: { ...DEFAULT_RETRY_POLICY, ...options?.retry },
      timeoutMs: options?.timeoutMs ?? DEFAULT_ACTIVITY_TIMEOUT_MS,
      remoteTopic: options?.remoteTopic ?? null,
      run: isPromiseLogic(logic) ? (logic.config as ResolvedActivity['run']) : null,
    });
    durableActors[name] = engineDrivenPromise(logic);
  }
  for (const name of Object.keys(config.activities ?? {})) {
    if (!activities.has(name))
      throw invalid(`activity "${name}" is not a promise actor in setup({ actors })`);
  }

  const machine = config.machine.provide({ actors: durableActors });
  return Object.freeze({
    id: config.id,
    version: config.version,
    description: config.description ?? '',
    machine,
    inputSchema: config.input ?? { type: 'object' },
    events: acceptedEvents(config),
    activities,
    migration: config.migration ?? null,
  });
}

/** Recognises `fromPromise` logic by behaviour: a resolve event completes it with that output. */
function isPromiseLogic(logic: AnyActorLogic): boolean {
  if (typeof (logic as { config?: unknown }).config !== 'function') return false;
  const marker = {};
  try {
    const next = logic.transition(
      { status: 'active', output: undefined, error: undefined, input: undefined },
      { type: 'xstate.promise.resolve', data: marker },
      {} as never,
    ) as { status?: string; output?: unknown };
    return next.status === 'done' && next.output === marker;
  } catch {
    return false;
  }
}

/**
 * The same promise logic, except that it never starts its promise: the engine runs the function
 * after the step commits and feeds the result back as `xstate.promise.resolve` / `reject`.
 */
function engineDrivenPromise(logic: AnyActorLogic): AnyActorLogic {
  return { ...logic, start: () => undefined } as AnyActorLogic;
}

const INTERNAL_EVENT = /^(xstate\.|orq\.)|^\*$|^$/;

function acceptedEvents(config: WorkflowConfig): AcceptedEvent[] {
  if (config.events) {
    return Object.entries(config.events).map(([type, spec]) => ({
      type,
      ...(spec.description ? { description: spec.description } : {}),
      schema: spec.schema ?? { type: 'object' },
    }));
  }
  const types = new Set<string>();
  const walk = (node: AnyStateMachine['root']): void => {
    for (const eventType of node.transitions.keys())
      if (!INTERNAL_EVENT.test(eventType)) types.add(eventType);
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(config.machine.root);
  return [...types].sort().map((type) => ({ type, schema: { type: 'object' } }));
}
