/**
 * Composition of the engine: registry, store, processor (step + group commit), timers,
 * activities, outbox relay and the transition bus, behind the public `Engine` contract.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  ActivityRunner,
  activityLeaseMs,
  type RemoteActivityDispatcher,
} from './activities/activity-runner.js';
import { systemClock, type Clock } from './clock.js';
import { compileEngineConfig, type EngineConfig, type EngineOptions } from './config.js';
import type {
  Engine,
  HealthReport,
  HistoryQuery,
  SendEventOptions,
  StartInstanceRequest,
  StartInstanceResult,
  StreamFilter,
  TransitionListener,
} from './engine-api.js';
import { OrqError } from './errors.js';
import { EventValidator } from './ingress/event-validator.js';
import { silentLogger, type Logger } from './logger.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { Processor, type CommittedBatch } from './processor/processor.js';
import type { WorkOutcome } from './processor/work.js';
import {
  CONTROL_EVENTS,
  ORQ_CANCEL,
  ORQ_PAUSE,
  ORQ_RESUME,
  ORQ_RETRY,
} from './step/internal-events.js';
import { connectPostgres } from './store/postgres/connect.js';
import { migrateLatest } from './store/postgres/migrate.js';
import { PostgresStore } from './store/postgres/postgres-store.js';
import type { InstanceStore } from './store/store.js';
import {
  createEngineMetrics,
  registerEngineGauges,
  type EngineMetrics,
} from './telemetry/metrics.js';
import { TimerService } from './timers/timer-service.js';
import { TransitionBus } from './transitions/transition-bus.js';
import { TransitionTailer } from './transitions/transition-tailer.js';
import { LocalTopics } from './transport/local/local-topics.js';
import type { MessagePublisher } from './transport/transport.js';
import type {
  Envelope,
  InstanceFilter,
  InstanceView,
  MachineSummary,
  StateStats,
  TransitionRecord,
  WorkflowEvent,
} from './types.js';
import { INSTANCE_STATUSES, type StateValue } from './types.js';
import { statePaths } from './step/state-paths.js';
import type { PersistedSnapshot, Workflow } from './workflow/define-workflow.js';
import { buildMachineGraph, type MachineGraph } from './workflow/graph.js';
import { migrateSnapshot, type SnapshotMigrationResult } from './workflow/migrate-snapshots.js';
import { WorkflowRegistry } from './workflow/registry.js';

export interface CreateEngineOptions {
  /** Postgres connection string; or pass `knex`. */
  databaseUrl?: string;
  knex?: Knex;
  workflows: Workflow[];
  /** Apply pending migrations on start. @default true */
  migrate?: boolean;
  /** Where committed outbox messages go. @default an in-process LocalTopics */
  publisher?: MessagePublisher;
  clock?: Clock;
  logger?: Logger;
  metrics?: EngineMetrics;
  config?: EngineOptions;
  /** Runs activities declared with `remoteTopic` on workers in other processes (the Kafka transport). */
  remoteActivities?: RemoteActivityDispatcher;
  /**
   * Where live transitions come from: 'local' (this process's commits, lowest latency, one
   * process) or 'database' (LISTEN/NOTIFY + history, every replica's transitions).
   * @default 'local'
   */
  transitionFeed?: 'local' | 'database';
  /** Records not yet consumed, reported as orq_consumer_lag (the Kafka transport provides it). */
  consumerLag?: () => number;
  /** Extra readiness checks (e.g. the Kafka transport). */
  healthChecks?: Record<string, () => Promise<void>>;
}

export interface MigrationReport {
  machine: string;
  fromVersion: number;
  toVersion: number;
  dryRun: boolean;
  migrated: number;
  failed: number;
  results: Array<Omit<SnapshotMigrationResult, 'snapshot'>>;
}

export interface OrqEngine extends Engine {
  readonly config: EngineConfig;
  readonly registry: WorkflowRegistry;
  /** The in-process transport when no publisher was given. */
  readonly localTopics: LocalTopics | null;
  /** Envelopes waiting to be stepped. */
  readonly mailboxDepth: number;
  /**
   * Moves instances of `machine` still on `fromVersion` (active, paused or failed) to `toVersion`
   * (default: latest) with that version's declared migration. `dryRun` reports without writing.
   */
  migrateInstances(request: {
    machine: string;
    fromVersion: number;
    toVersion?: number;
    dryRun?: boolean;
  }): Promise<MigrationReport>;
  /** Sends an event to the instance of `machine` whose business key is `key` (Kafka correlation). */
  sendEventByKey(
    machine: string,
    key: string,
    event: WorkflowEvent,
    options?: SendEventOptions,
  ): Promise<{ envelopeId: string; instanceId: string }>;
}

export function createEngine(options: CreateEngineOptions): OrqEngine {
  const config = compileEngineConfig(options.config);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? createEngineMetrics();
  const registry = new WorkflowRegistry();
  for (const w of options.workflows) registry.register(w);
  if (!options.knex && !options.databaseUrl)
    throw new OrqError('ORQ_ERR_CONFIG_INVALID', { detail: 'databaseUrl or knex is required' });
  const ownsKnex = !options.knex;
  const knex = options.knex ?? connectPostgres({ url: options.databaseUrl!, poolMax: 10 });
  const store: InstanceStore = new PostgresStore(knex);
  const localTopics = options.publisher ? null : new LocalTopics(logger);
  const publisher = options.publisher ?? localTopics!;
  const validator = new EventValidator();
  const bus = new TransitionBus(logger);
  const graphs = new Map<string, MachineGraph>();

  const relay = new OutboxRelay({
    store,
    publisher,
    clock,
    logger,
    metrics,
    options: { pollIntervalMs: config.outboxPollMs, batchSize: config.outboxBatchSize },
  });
  // Created below (they submit through the processor); the commit callback runs only after start.
  // eslint-disable-next-line prefer-const
  let timers: TimerService;
  // eslint-disable-next-line prefer-const
  let activities: ActivityRunner;
  const feedFromDatabase = options.transitionFeed === 'database';
  const tailer = feedFromDatabase
    ? new TransitionTailer({ knex, store, bus, clock, logger, pollIntervalMs: 1_000 })
    : null;
  const onCommitted = (batch: CommittedBatch) => {
    if (!feedFromDatabase) bus.publish(batch.transitions);
    for (const [id, list] of batch.timers) timers.replace(id, list);
    if (batch.hasOutbox) relay.kick();
    if (batch.leasedActivities.length > 0) activities.runLeased(batch.leasedActivities);
    if (batch.hasActivities) activities.kick();
    for (const machine of batch.started) metrics.instanceStarted(machine);
    for (const f of batch.finished) metrics.instanceFinished(f.machine, f.status);
    for (const s of batch.statesLeft) metrics.stateLeft(s.machine, s.state, s.seconds);
    for (const t of batch.transitions) {
      const from = t.from === null ? '' : JSON.stringify(t.from);
      metrics.transitionRecorded(t.machine, from, JSON.stringify(t.to));
    }
  };
  const processor = new Processor({
    store,
    registry,
    clock,
    metrics,
    logger,
    options: {
      maxBatch: config.commitMaxBatch,
      activityLeaseMs: activityLeaseMs(registry, config.activityLeaseMarginMs),
      cacheMaxInstances: config.cacheMaxInstances,
      maxAttempts: config.maxStepAttempts,
      retryDelayMs: config.retryDelayMs,
    },
    onCommitted,
  });
  /** `unique`: the envelope id was generated here, for this envelope (no dedup look-up needed). */
  const submit = async (
    envelope: Envelope,
    start?: Parameters<Processor['submit']>[1],
    unique = false,
  ): Promise<WorkOutcome> => processor.submit(envelope, start, unique);
  timers = new TimerService({
    store,
    clock,
    logger,
    options: {
      pollIntervalMs: config.timerPollMs,
      lookaheadMs: config.timerLookaheadMs,
      pollLimit: config.timerPollLimit,
    },
    fire: async (envelope, lagMs) => {
      const outcome = await submit(envelope);
      if (outcome.verdict === 'applied')
        metrics.timerFired(outcome.machine ?? 'unknown', lagMs / 1000);
    },
  });
  activities = new ActivityRunner({
    store,
    registry,
    clock,
    logger,
    metrics,
    options: {
      pollIntervalMs: config.activityPollMs,
      concurrency: config.activityConcurrency,
      leaseMarginMs: config.activityLeaseMarginMs,
    },
    ...(options.remoteActivities ? { remote: options.remoteActivities } : {}),
    deliver: async (envelope) => {
      await submit(envelope);
    },
  });

  let state: 'new' | 'running' | 'stopped' = 'new';
  let unregisterGauges: (() => void) | null = null;
  const ensureRunning = () => {
    if (state !== 'running') throw new OrqError('ORQ_ERR_ENGINE_STOPPED');
  };

  const view = async (id: string): Promise<InstanceView> => {
    const found = await store.getInstance(id);
    if (!found) throw new OrqError('ORQ_ERR_INSTANCE_NOT_FOUND', { instanceId: id });
    return found;
  };

  const control = async (
    instanceId: string,
    type: string,
    allowed: readonly string[],
    action: string,
  ): Promise<InstanceView> => {
    ensureRunning();
    const header = await store.instanceHeader(instanceId);
    if (!header) throw new OrqError('ORQ_ERR_INSTANCE_NOT_FOUND', { instanceId });
    if (!allowed.includes(header.status)) {
      throw new OrqError('ORQ_ERR_INSTANCE_NOT_ACTIVE', {
        instanceId,
        status: header.status,
        action,
      });
    }
    await submit(
      { id: `${type}:${randomUUID()}`, instanceId, event: { type }, source: 'api' },
      undefined,
      true,
    );
    return view(instanceId);
  };

  const engine: OrqEngine = {
    config,
    registry,
    localTopics,
    get mailboxDepth() {
      return processor.depth;
    },

    async start() {
      if (state === 'running') return;
      if (options.migrate !== false) await migrateLatest(knex);
      await tailer?.start();
      processor.start();
      timers.start();
      activities.start();
      relay.start();
      // One set of gauge queries per scrape, shared by the gauges.
      let gaugeRead: { at: number; value: ReturnType<InstanceStore['gauges']> } | null = null;
      const read = () => {
        if (!gaugeRead || clock.now() - gaugeRead.at > 1000)
          gaugeRead = { at: clock.now(), value: store.gauges() };
        return gaugeRead.value;
      };
      unregisterGauges = registerEngineGauges({
        instancesByStatus: async () => (await read()).instancesByStatus,
        instancesByState: async () => (await read()).instancesByState,
        timersPending: async () => (await read()).timersPending,
        outboxBacklog: async () => (await read()).outboxBacklog,
        activitiesPending: async () => (await read()).activitiesPending,
        consumerLag: options.consumerLag ?? (() => 0),
        mailboxDepth: () => processor.depth,
      });
      state = 'running';
      logger.info({ workflows: registry.ids() }, 'engine started');
    },

    async stop() {
      if (state !== 'running') {
        state = 'stopped';
        if (ownsKnex) await knex.destroy().catch(() => undefined);
        return;
      }
      state = 'stopped';
      unregisterGauges?.();
      timers.stop();
      await activities.stop();
      await processor.stop();
      await relay.stop();
      await tailer?.stop();
      if (ownsKnex) await knex.destroy();
      logger.info({}, 'engine stopped');
    },

    async listMachines(): Promise<MachineSummary[]> {
      const counts = await store.countsByMachine();
      return registry.ids().map((id) => {
        const latest = registry.get(id);
        return {
          id,
          latestVersion: latest.version,
          versions: registry.versions(id),
          description: latest.description,
          events: [...latest.events],
          counts:
            counts.get(id) ??
            (Object.fromEntries(INSTANCE_STATUSES.map((s) => [s, 0])) as MachineSummary['counts']),
        };
      });
    },

    getMachineGraph(machine: string, version?: number): MachineGraph {
      const workflow = registry.get(machine, version);
      const key = `${workflow.id}@${workflow.version}`;
      let graph = graphs.get(key);
      if (!graph) {
        graph = buildMachineGraph(workflow.machine, {
          machine: workflow.id,
          version: workflow.version,
          description: workflow.description,
          events: [...workflow.events],
          activitySources: new Set(workflow.activities.keys()),
        });
        graphs.set(key, graph);
      }
      return graph;
    },

    machineStats(machine: string, version?: number): Promise<StateStats[]> {
      if (!registry.has(machine)) throw new OrqError('ORQ_ERR_MACHINE_NOT_FOUND', { machine });
      if (version !== undefined) registry.get(machine, version);
      return store.stateStats(machine, version, clock.now());
    },

    async startInstance(request: StartInstanceRequest): Promise<StartInstanceResult> {
      ensureRunning();
      const workflow = registry.get(request.machine, request.version);
      validator.validateInput(workflow, request.input);
      const key = request.key ?? null;
      if (key !== null) {
        const existing = await store.findByKey(workflow.id, key);
        if (existing) return { instance: existing, created: false };
      }
      const id = randomUUID();
      const outcome = await submit(
        {
          id: `start:${id}`,
          instanceId: id,
          event: { type: 'xstate.init' },
          source: request.source ?? 'api',
          ...(request.traceparent ? { traceparent: request.traceparent } : {}),
        },
        { workflow, businessKey: key, input: request.input ?? {} },
        true,
      );
      if (outcome.verdict === 'existing' && key !== null) {
        const existing = await store.findByKey(workflow.id, key);
        if (existing) return { instance: existing, created: false };
      }
      return { instance: await view(id), created: true };
    },

    async sendEvent(instanceId: string, event: WorkflowEvent, opts: SendEventOptions = {}) {
      ensureRunning();
      if (typeof event?.type !== 'string' || event.type.length === 0) {
        throw new OrqError('ORQ_ERR_EVENT_INVALID', {
          machine: '?',
          eventType: String(event?.type),
          detail: 'type must be a non-empty string',
        });
      }
      // A cached instance is validated without a round trip; others are looked up.
      const cached = processor.peek(instanceId);
      const header = cached
        ? { machine: cached.workflow.id, version: cached.workflow.version, status: cached.status }
        : await store.instanceHeader(instanceId);
      if (!header) throw new OrqError('ORQ_ERR_INSTANCE_NOT_FOUND', { instanceId });
      const workflow = cached?.workflow ?? registry.get(header.machine, header.version);
      validator.validateEvent(workflow, event);
      if (header.status === 'done' || header.status === 'cancelled') {
        // A redelivery of an event applied before the instance finished is a duplicate, not an error.
        if (
          opts.envelopeId &&
          (await store.seenEnvelopes([opts.envelopeId])).has(opts.envelopeId)
        ) {
          return { envelopeId: opts.envelopeId };
        }
        throw new OrqError('ORQ_ERR_INSTANCE_NOT_ACTIVE', {
          instanceId,
          status: header.status,
          action: `sending ${event.type}`,
        });
      }
      const envelopeId = opts.envelopeId ?? `api:${randomUUID()}`;
      const delivery = submit(
        {
          id: envelopeId,
          instanceId,
          event,
          source: opts.source ?? 'api',
          ...(opts.traceparent ? { traceparent: opts.traceparent } : {}),
        },
        undefined,
        opts.envelopeId === undefined,
      );
      if (opts.waitForCommit === false) {
        delivery.catch((err: unknown) =>
          logger.warn({ instanceId, err: (err as Error).message }, 'event not applied'),
        );
      } else await delivery;
      return { envelopeId };
    },

    async migrateInstances({ machine, fromVersion, toVersion, dryRun = false }) {
      const target = registry.get(machine, toVersion);
      registry.get(machine, fromVersion);
      const rows = (await knex('orq_instances')
        .select('id', 'snapshot', 'version')
        .where({ machine, machine_version: fromVersion })
        .whereIn('status', ['active', 'paused', 'failed'])) as Array<{
        id: string;
        snapshot: PersistedSnapshot;
        version: string;
      }>;
      const report: MigrationReport = {
        machine,
        fromVersion,
        toVersion: target.version,
        dryRun,
        migrated: 0,
        failed: 0,
        results: [],
      };
      for (const row of rows) {
        const result = migrateSnapshot(target, fromVersion, row.id, row.snapshot);
        const { snapshot, ...summary } = result;
        if (result.ok && !dryRun) {
          const updated = await knex('orq_instances')
            .where({ id: row.id, version: row.version })
            .update({
              snapshot: JSON.stringify(snapshot),
              state_value: JSON.stringify(result.value),
              state_paths: statePaths(result.value as StateValue),
              machine_version: target.version,
              version: Number(row.version) + 1,
            });
          if (updated !== 1) {
            summary.ok = false;
            summary.error = {
              code: 'ORQ_ERR_VERSION_CONFLICT',
              message: `Instance ${row.id} was changed concurrently`,
            };
          }
          processor.evict(row.id);
        }
        if (summary.ok) report.migrated += 1;
        else report.failed += 1;
        report.results.push(summary);
      }
      return report;
    },

    async sendEventByKey(
      machine: string,
      key: string,
      event: WorkflowEvent,
      opts: SendEventOptions = {},
    ) {
      ensureRunning();
      if (!registry.has(machine)) throw new OrqError('ORQ_ERR_MACHINE_NOT_FOUND', { machine });
      const found = await store.findByKey(machine, key);
      if (!found) throw new OrqError('ORQ_ERR_CORRELATION_NOT_FOUND', { machine, key });
      const { envelopeId } = await engine.sendEvent(found.id, event, opts);
      return { envelopeId, instanceId: found.id };
    },

    getInstance: (id) => store.getInstance(id),
    listInstances: (filter: InstanceFilter) => {
      if (filter.machine && !registry.has(filter.machine))
        throw new OrqError('ORQ_ERR_MACHINE_NOT_FOUND', { machine: filter.machine });
      return store.listInstances(filter);
    },
    async getHistory(instanceId: string, query: HistoryQuery = {}): Promise<TransitionRecord[]> {
      const header = await store.instanceHeader(instanceId);
      if (!header) throw new OrqError('ORQ_ERR_INSTANCE_NOT_FOUND', { instanceId });
      return store.history(
        instanceId,
        query.after ?? 0,
        Math.min(Math.max(query.limit ?? 100, 1), 1000),
      );
    },

    cancel: (id) => control(id, ORQ_CANCEL, ['active', 'paused', 'failed'], 'cancel'),
    pause: (id) => control(id, ORQ_PAUSE, ['active'], 'pause'),
    resume: (id) => control(id, ORQ_RESUME, ['paused'], 'resume'),
    retry: (id) => control(id, ORQ_RETRY, ['failed'], 'retry'),

    subscribe(listener: TransitionListener, filter?: StreamFilter) {
      return bus.subscribe(listener, filter);
    },
    transitionsAfter(position: string, filter: StreamFilter = {}, limit = 500) {
      if (!/^\d+$/.test(position))
        throw new OrqError('ORQ_ERR_BAD_CURSOR', {
          detail: 'position must be a non-negative integer',
        });
      return store.transitionsAfter(position, filter, Math.min(Math.max(limit, 1), 5000));
    },
    latestPosition: () => store.latestPosition(),

    async health(): Promise<HealthReport> {
      const checks: HealthReport['checks'] = {};
      const run = async (name: string, check: () => Promise<void>) => {
        try {
          await check();
          checks[name] = { ok: true };
        } catch (err) {
          checks[name] = { ok: false, detail: (err as Error).message };
        }
      };
      await run('postgres', () => store.ping());
      for (const [name, check] of Object.entries(options.healthChecks ?? {}))
        await run(name, check);
      checks.engine =
        state === 'running' ? { ok: true } : { ok: false, detail: `engine is ${state}` };
      return { ok: Object.values(checks).every((c) => c.ok), checks };
    },

    async deliver(envelope: Envelope): Promise<void> {
      ensureRunning();
      if (CONTROL_EVENTS.has(envelope.event.type)) {
        throw new OrqError('ORQ_ERR_UNKNOWN_EVENT', {
          machine: '?',
          eventType: envelope.event.type,
        });
      }
      await submit(envelope);
    },
  };
  return engine;
}
