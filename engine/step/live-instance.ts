/**
 * One instance's restored XState actor, stepped by the engine. A step delivers one envelope and
 * collects, without performing anything, what it produced: the transitions of the root's
 * macrosteps, messages emitted for the outbox, the full set of pending timers, activities to start
 * or cancel. The clock given to XState never fires: time is driven by the engine's timer rows
 * (pending XState timers are not part of its persisted snapshot; see docs/decisions/0002).
 */
import { createActor, type AnyActor, type AnyActorRef, type InspectionEvent } from 'xstate';
import { OrqError, serializeError } from '../errors.js';
import type { Envelope, InstanceStatus, StateValue, WorkflowEvent } from '../types.js';
import type { Workflow } from '../workflow/define-workflow.js';
import { actorTree } from './actor-tree.js';
import { contextDiff } from './context-diff.js';
import {
  CONTROL_EVENTS,
  ORQ_ACTIVITY_RESULT,
  ORQ_CANCEL,
  ORQ_PAUSE,
  ORQ_PUBLISH,
  ORQ_RESUME,
  ORQ_RETRY,
  ORQ_TIMER,
  type ActivityResultEvent,
  type TimerFiredEvent,
} from './internal-events.js';
import { statePaths } from './state-paths.js';
import {
  emptyStepResult,
  type InstanceRecord,
  type PendingActivityRecord,
  type StepResult,
  type TimerRecord,
} from './step-types.js';

/** XState asks the clock for timeouts; this one never fires them (the engine delivers timers). */
const INERT_CLOCK = { setTimeout: () => 0, clearTimeout: () => undefined };

interface ScheduledEvent {
  source: AnyActorRef;
  target: AnyActorRef;
  event: WorkflowEvent;
  delay: number;
  id: string;
  startedAt: number;
}

interface RootSnapshot {
  status: string;
  value: StateValue;
  context: unknown;
  output?: unknown;
  error?: unknown;
  can(event: WorkflowEvent): boolean;
}

interface Collector {
  transitions: Array<{ event: WorkflowEvent; snapshot: RootSnapshot }>;
  emitted: WorkflowEvent[];
  spawned: AnyActorRef[];
  restoring: boolean;
}

export class LiveInstance {
  readonly workflow: Workflow;
  readonly record: InstanceRecord;
  /** Version the store holds (the optimistic check compares against it). */
  committedVersion: number;
  timers: TimerRecord[];
  #actor: AnyActor;
  #collector: Collector = { transitions: [], emitted: [], spawned: [], restoring: false };
  #timerStarts = new Map<string, number>();
  /** Pending activities by actor path. */
  #activities = new Map<string, PendingActivityRecord>();
  #lastRoot: RootSnapshot;
  #outboxCounter = 0;

  private constructor(
    workflow: Workflow,
    record: InstanceRecord,
    timers: TimerRecord[],
    actor: AnyActor,
  ) {
    this.workflow = workflow;
    this.record = record;
    this.committedVersion = record.version;
    this.timers = timers;
    this.#actor = actor;
    this.#lastRoot = actor.getSnapshot() as RootSnapshot;
  }

  /** Restores a stored instance: no entry actions re-run, timers re-armed from their rows. */
  static restore(
    workflow: Workflow,
    record: InstanceRecord,
    timers: TimerRecord[],
    activities: PendingActivityRecord[],
  ): LiveInstance {
    const collector: Collector = { transitions: [], emitted: [], spawned: [], restoring: true };
    // The inspector may fire inside createActor(), before the instance exists.
    // eslint-disable-next-line prefer-const
    let live: LiveInstance | undefined;
    const actor = createActor(workflow.machine, {
      snapshot: record.snapshot as never,
      clock: INERT_CLOCK,
      inspect: (ev) => collect(collector, ev, () => live, workflow),
    });
    actor.subscribe({ error: () => undefined }); // errors become a failed status, never a crash
    live = new LiveInstance(workflow, { ...record }, timers, actor);
    live.#collector = collector;
    actor.start();
    live.#rearmTimers(timers);
    const tree = actorTree(actor);
    for (const a of activities)
      if (tree.byPath.has(a.actorPath)) live.#activities.set(a.actorPath, a);
    collector.restoring = false;
    live.#resetCollector();
    return live;
  }

  /** Starts a new instance: the initial macrostep is its first transition (seq 1). */
  static start(
    workflow: Workflow,
    init: {
      id: string;
      businessKey: string | null;
      input: unknown;
      now: number;
      envelopeId: string;
    },
  ): { live: LiveInstance; result: StepResult } {
    const collector: Collector = { transitions: [], emitted: [], spawned: [], restoring: false };
    const record: InstanceRecord = {
      id: init.id,
      machine: workflow.id,
      machineVersion: workflow.version,
      businessKey: init.businessKey,
      status: 'active',
      snapshot: null,
      input: init.input,
      error: null,
      failedEnvelope: null,
      version: 0,
      seq: 0,
      createdAt: init.now,
      stateEnteredAt: init.now,
    };
    // The inspector may fire inside createActor(), before the instance exists.
    // eslint-disable-next-line prefer-const
    let live: LiveInstance | undefined;
    const actor = createActor(workflow.machine, {
      input: init.input,
      clock: INERT_CLOCK,
      inspect: (ev) => collect(collector, ev, () => live, workflow),
    });
    actor.subscribe({ error: () => undefined });
    live = new LiveInstance(workflow, record, [], actor);
    live.#collector = collector;
    live.#lastRoot = {
      status: 'active',
      value: '',
      context: undefined,
      can: () => false,
    };
    const envelope: Envelope = {
      id: init.envelopeId,
      instanceId: init.id,
      event: { type: 'xstate.init', input: init.input },
      source: 'engine',
    };
    // A machine that cannot even start is refused: nothing is stored.
    const refuse = (err: unknown) =>
      new OrqError(
        'ORQ_ERR_MACHINE_ERROR',
        { machine: workflow.id, detail: serializeError(err).message },
        { cause: err },
      );
    try {
      actor.start();
    } catch (err) {
      throw refuse(err);
    }
    const started = actor.getSnapshot() as RootSnapshot;
    if (started.status === 'error') throw refuse(started.error);
    return { live, result: live.#finishStep(envelope, init.now, true) };
  }

  get status(): InstanceStatus {
    return this.record.status;
  }

  get stateValue(): StateValue {
    return (this.#actor.getSnapshot() as RootSnapshot).value;
  }

  get pendingActivities(): PendingActivityRecord[] {
    return [...this.#activities.values()];
  }

  /** Applies one envelope. Never throws: machine errors become a failed verdict. */
  apply(envelope: Envelope, now: number, held: Envelope[] = []): StepResult {
    const type = envelope.event.type;
    const status = this.record.status;
    if (status === 'done' || status === 'cancelled') {
      return emptyStepResult('ignored', `instance is ${status}`);
    }
    if (CONTROL_EVENTS.has(type)) return this.#control(envelope, now, held);
    if (status === 'paused' || status === 'failed')
      return emptyStepResult('held', `instance is ${status}`);
    return this.#deliver(envelope, now);
  }

  #deliver(envelope: Envelope, now: number): StepResult {
    const event = envelope.event;
    try {
      if (event.type === ORQ_TIMER) {
        const fired = this.#fireTimer(event as TimerFiredEvent);
        if (!fired) return emptyStepResult('ignored', 'timer no longer pending');
      } else if (event.type === ORQ_ACTIVITY_RESULT) {
        const outcome = this.#activityResult(envelope, event as ActivityResultEvent, now);
        if (outcome) return outcome;
      } else {
        this.#actor.send(event);
      }
    } catch (err) {
      return this.#fail(envelope, err, now);
    }
    const snapshot = this.#actor.getSnapshot() as RootSnapshot;
    if (snapshot.status === 'error') return this.#fail(envelope, snapshot.error, now);
    const result = this.#finishStep(envelope, now, false);
    if (event.type === ORQ_ACTIVITY_RESULT) {
      const r = event as ActivityResultEvent;
      result.finishedActivities.push({ id: r.activityId, status: r.ok ? 'done' : 'failed' });
    }
    return result;
  }

  #fireTimer(event: TimerFiredEvent): boolean {
    const { pathOf } = actorTree(this.#actor);
    const scheduled = this.#scheduled().find(
      (s) => s.id === event.timerId && pathOf.get(s.source) === event.sourcePath,
    );
    if (!scheduled) return false;
    const system = this.#actor.system as unknown as {
      scheduler: { cancel(source: AnyActorRef, id: string): void };
      _relay(source: AnyActorRef, target: AnyActorRef, event: WorkflowEvent): void;
    };
    system.scheduler.cancel(scheduled.source, scheduled.id);
    system._relay(scheduled.source, scheduled.target, scheduled.event);
    return true;
  }

  /** Returns a finished result when the step ends here, or undefined to continue normally. */
  #activityResult(
    envelope: Envelope,
    event: ActivityResultEvent,
    now: number,
  ): StepResult | undefined {
    const pending = this.#activities.get(event.actorPath);
    const { byPath } = actorTree(this.#actor);
    const ref = byPath.get(event.actorPath);
    if (!pending || pending.id !== event.activityId || !ref) {
      const result = emptyStepResult('ignored', 'activity no longer pending');
      result.finishedActivities.push({ id: event.activityId, status: 'failed' });
      return result;
    }
    if (event.ok) {
      this.#activities.delete(event.actorPath);
      ref.send({ type: 'xstate.promise.resolve', data: event.output });
      return undefined;
    }
    const parentPath = event.actorPath.includes('/')
      ? event.actorPath.slice(0, event.actorPath.lastIndexOf('/'))
      : '';
    const parent = byPath.get(parentPath);
    const childId = event.actorPath.slice(event.actorPath.lastIndexOf('/') + 1);
    const errorEvent = { type: `xstate.error.actor.${childId}`, error: event.error };
    const handled = (parent?.getSnapshot() as RootSnapshot | undefined)?.can?.(errorEvent) ?? false;
    if (handled) {
      this.#activities.delete(event.actorPath);
      ref.send({ type: 'xstate.promise.reject', data: event.error });
      return undefined;
    }
    // Nobody handles the failure: the instance fails, the activity stays to be retried.
    this.record.status = 'failed';
    this.record.error =
      event.error ?? serializeError(new Error('activity failed'), 'ORQ_ERR_ACTIVITY_FAILED');
    this.record.failedEnvelope = null;
    this.record.version += 1;
    const result = this.#statusTransition(envelope, now, 'failed');
    result.verdict = 'failed';
    result.finishedActivities.push({ id: event.activityId, status: 'failed' });
    return result;
  }

  #control(envelope: Envelope, now: number, held: Envelope[]): StepResult {
    const type = envelope.event.type;
    const status = this.record.status;
    if (type === ORQ_PAUSE) {
      if (status !== 'active')
        return emptyStepResult('ignored', `cannot pause a ${status} instance`);
      this.record.status = 'paused';
      this.record.version += 1;
      return this.#statusTransition(envelope, now, 'paused');
    }
    if (type === ORQ_CANCEL) {
      const result = this.#statusTransition(envelope, now, 'cancelled');
      result.cancelledActivities.push(...[...this.#activities.values()].map((a) => a.id));
      this.#activities.clear();
      this.record.status = 'cancelled';
      this.record.version += 1;
      this.timers = [];
      this.#actor.stop();
      return result;
    }
    if (type === ORQ_RESUME) {
      if (status !== 'paused')
        return emptyStepResult('ignored', `cannot resume a ${status} instance`);
      this.record.status = 'active';
      this.record.version += 1;
      const result = this.#statusTransition(envelope, now, 'active');
      return this.#applyHeld(result, held, now);
    }
    if (type === ORQ_RETRY) {
      if (status !== 'failed')
        return emptyStepResult('ignored', `cannot retry a ${status} instance`);
      const failedEnvelope = this.record.failedEnvelope;
      this.record.status = 'active';
      this.record.error = null;
      this.record.failedEnvelope = null;
      this.record.version += 1;
      let result = this.#statusTransition(envelope, now, 'active');
      result.retriedActivities.push(...[...this.#activities.values()].map((a) => a.id));
      if (failedEnvelope) result = merge(result, this.#deliver(failedEnvelope, now));
      if (this.record.status !== 'active') return result;
      return this.#applyHeld(result, held, now);
    }
    return emptyStepResult('ignored', `unknown control ${type}`);
  }

  #applyHeld(result: StepResult, held: Envelope[], now: number): StepResult {
    for (const envelope of held) {
      if (this.record.status !== 'active') break;
      result = merge(result, this.#deliver(envelope, now));
    }
    return result;
  }

  /** A transition that changes the instance's status but not its state value. */
  #statusTransition(envelope: Envelope, now: number, status: InstanceStatus): StepResult {
    const result = emptyStepResult('applied');
    const value = this.stateValue;
    this.record.seq += 1;
    result.transitions.push({
      seq: this.record.seq,
      event: envelope.event,
      from: value,
      to: value,
      fromPaths: statePaths(value),
      toPaths: statePaths(value),
      status,
      contextChanges: [],
      envelopeId: envelope.id,
      source: envelope.source,
      at: now,
    });
    return result;
  }

  #fail(envelope: Envelope, err: unknown, now: number): StepResult {
    // The actor is dead; the engine evicts this instance and keeps the last committed snapshot.
    this.record.status = 'failed';
    this.record.error = serializeError(err, 'ORQ_ERR_MACHINE_ERROR');
    this.record.failedEnvelope = envelope.event.type === 'xstate.init' ? null : envelope;
    this.record.version += 1;
    this.#resetCollector();
    const result = this.#statusTransition(envelope, now, 'failed');
    result.verdict = 'failed';
    result.reason = this.record.error.message;
    return result;
  }

  /** Collects the step's effects and updates the record. */
  #finishStep(envelope: Envelope, now: number, isStart: boolean): StepResult {
    const result = emptyStepResult('applied');
    const collector = this.#collector;
    for (const { event, snapshot } of collector.transitions) {
      const from = isStart && result.transitions.length === 0 ? null : this.#lastRoot.value;
      const valueChanged = from === null || JSON.stringify(from) !== JSON.stringify(snapshot.value);
      if (valueChanged && from !== null) {
        const entered = statePaths(snapshot.value);
        const seconds = Math.max(0, now - this.record.stateEnteredAt) / 1000;
        for (const state of statePaths(from))
          if (!entered.includes(state)) result.statesLeft.push({ state, seconds });
      }
      if (valueChanged) this.record.stateEnteredAt = now;
      this.record.seq += 1;
      result.transitions.push({
        seq: this.record.seq,
        event: isStart ? envelope.event : event,
        from,
        to: snapshot.value,
        fromPaths: from === null ? null : statePaths(from),
        toPaths: statePaths(snapshot.value),
        status: snapshot.status === 'done' ? 'done' : this.record.status,
        contextChanges: contextDiff(
          from === null ? undefined : this.#lastRoot.context,
          snapshot.context,
        ),
        envelopeId: envelope.id,
        source: envelope.source,
        at: now,
      });
      this.#lastRoot = snapshot;
    }
    for (const emitted of collector.emitted) {
      if (emitted.type !== ORQ_PUBLISH || typeof emitted.topic !== 'string') continue;
      this.#outboxCounter += 1;
      result.outbox.push({
        messageId: `${this.record.id}:${this.record.version + 1}:${this.#outboxCounter}`,
        topic: emitted.topic,
        key: typeof emitted.key === 'string' ? emitted.key : this.record.id,
        value: emitted.value ?? null,
        headers: {
          ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
          ...(emitted.headers as Record<string, string> | undefined),
        },
      });
    }
    this.record.version += 1;
    const tree = actorTree(this.#actor);
    for (const ref of collector.spawned) {
      const path = tree.pathOf.get(ref);
      const snap = ref.getSnapshot() as { status: string; input?: unknown };
      if (path === undefined || snap.status !== 'active') continue;
      const activity = {
        id: `${this.record.id}:${path}:${this.record.version}`,
        actorPath: path,
        activityType: typeof ref.src === 'string' ? ref.src : 'unknown',
      };
      this.#activities.set(path, activity);
      result.newActivities.push({
        ...activity,
        input: snap.input ?? null,
        traceparent: envelope.traceparent ?? null,
      });
    }
    for (const [path, activity] of this.#activities) {
      const ref = tree.byPath.get(path);
      if (!ref || (ref.getSnapshot() as { status: string }).status !== 'active') {
        this.#activities.delete(path);
        result.cancelledActivities.push(activity.id);
      }
    }
    const root = this.#actor.getSnapshot() as RootSnapshot;
    if (root.status === 'done') {
      this.record.status = 'done';
      this.timers = [];
    } else {
      this.timers = this.#collectTimers(now, tree.pathOf);
    }
    this.record.snapshot = this.#actor.getPersistedSnapshot();
    this.#resetCollector();
    return result;
  }

  #collectTimers(now: number, pathOf: Map<AnyActorRef, string>): TimerRecord[] {
    const previous = new Map(this.timers.map((t) => [`${t.sourcePath}|${t.timerId}`, t]));
    const timers: TimerRecord[] = [];
    const starts = new Map<string, number>();
    for (const s of this.#scheduled()) {
      const sourcePath = pathOf.get(s.source);
      const targetPath = pathOf.get(s.target);
      if (sourcePath === undefined || targetPath === undefined) continue;
      const key = `${sourcePath}|${s.id}`;
      const before = previous.get(key);
      const sameSchedule = before !== undefined && this.#timerStarts.get(key) === s.startedAt;
      timers.push({
        sourcePath,
        timerId: s.id,
        targetPath,
        event: s.event,
        dueAt: sameSchedule ? before.dueAt : now + s.delay,
      });
      starts.set(key, s.startedAt);
    }
    this.#timerStarts = starts;
    return timers;
  }

  #rearmTimers(timers: TimerRecord[]): void {
    const { byPath } = actorTree(this.#actor);
    const scheduler = (
      this.#actor.system as unknown as {
        scheduler: {
          schedule(s: AnyActorRef, t: AnyActorRef, e: WorkflowEvent, d: number, id: string): void;
        };
      }
    ).scheduler;
    for (const t of timers) {
      const source = byPath.get(t.sourcePath);
      const target = byPath.get(t.targetPath);
      if (!source || !target) continue;
      scheduler.schedule(source, target, t.event, 0, t.timerId);
    }
    const { pathOf } = actorTree(this.#actor);
    this.#timerStarts = new Map(
      this.#scheduled().map((s) => [`${pathOf.get(s.source)}|${s.id}`, s.startedAt]),
    );
  }

  #scheduled(): ScheduledEvent[] {
    const system = this.#actor.system as unknown as {
      getSnapshot(): { _scheduledEvents: Record<string, ScheduledEvent> };
    };
    return Object.values(system.getSnapshot()._scheduledEvents);
  }

  #resetCollector(): void {
    this.#collector.transitions = [];
    this.#collector.emitted = [];
    this.#collector.spawned = [];
  }

  /** @internal for collect() */
  isRoot(ref: AnyActorRef): boolean {
    return ref === this.#actor;
  }
}

function collect(
  collector: Collector,
  ev: InspectionEvent,
  live: () => LiveInstance | undefined,
  workflow: Workflow,
): void {
  if (collector.restoring) return;
  const actorRef = ev.actorRef as AnyActorRef;
  // Children of the initial state are created inside createActor(), before the instance exists.
  if (ev.type === '@xstate.actor') {
    if (typeof actorRef.src === 'string' && workflow.activities.has(actorRef.src)) {
      collector.spawned.push(actorRef);
    }
    return;
  }
  const instance = live();
  if (!instance) return;
  if (ev.type === '@xstate.snapshot' && instance.isRoot(actorRef)) {
    collector.transitions.push({
      event: ev.event,
      snapshot: ev.snapshot as unknown as RootSnapshot,
    });
  } else if (ev.type === '@xstate.action' && ev.action.type === 'xstate.emit') {
    const params = ev.action.params as { event?: WorkflowEvent } | undefined;
    if (params?.event) collector.emitted.push(params.event);
  }
}

function merge(a: StepResult, b: StepResult): StepResult {
  return {
    verdict: b.verdict === 'failed' ? 'failed' : a.verdict,
    ...(b.reason ? { reason: b.reason } : a.reason ? { reason: a.reason } : {}),
    transitions: [...a.transitions, ...b.transitions],
    outbox: [...a.outbox, ...b.outbox],
    newActivities: [...a.newActivities, ...b.newActivities],
    cancelledActivities: [...a.cancelledActivities, ...b.cancelledActivities],
    finishedActivities: [...a.finishedActivities, ...b.finishedActivities],
    retriedActivities: [...a.retriedActivities, ...b.retriedActivities],
    statesLeft: [...a.statesLeft, ...b.statesLeft],
  };
}
