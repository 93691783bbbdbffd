/** The Postgres adapter of the store port (knex + pg). Reads here; the group commit in ./commit-batch.ts. */
import type { Knex } from 'knex';
import { OrqError, type SerializedError } from '../../errors.js';
import type { PendingActivityRecord, TimerRecord } from '../../step/step-types.js';
import type {
  Envelope,
  InstanceFilter,
  InstanceStatus,
  InstanceView,
  Page,
  StateStats,
  TransitionRecord,
} from '../../types.js';
import { INSTANCE_STATUSES } from '../../types.js';
import type {
  ClaimedActivity,
  CommitBatch,
  CommitOutcome,
  DueTimer,
  InstanceStore,
  LoadedInstance,
  OutboxRow,
  StoreGauges,
} from '../store.js';
import { commitBatch } from './commit-batch.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import {
  toInstanceRecord,
  toInstanceView,
  toTransitionRecord,
  type HistoryRow,
  type InstanceRow,
} from './row-mappers.js';

const ts = (ms: number) => new Date(ms).toISOString();
const STATS_HISTORY_WINDOW = 50_000;

export class PostgresStore implements InstanceStore {
  constructor(private readonly knex: Knex) {}

  async loadInstances(ids: string[]): Promise<Map<string, LoadedInstance>> {
    const out = new Map<string, LoadedInstance>();
    if (ids.length === 0) return out;
    const [rows, timers, activities] = await Promise.all([
      this.knex<InstanceRow>('orq_instances').whereIn('id', ids),
      this.knex('orq_timers').whereIn('instance_id', ids),
      // failed rows too: a failed instance's activity runs again when the instance is retried
      this.knex('orq_activities')
        .whereIn('instance_id', ids)
        .whereIn('status', ['pending', 'failed'])
        .orderBy('created_at'),
    ]);
    for (const row of rows)
      out.set(row.id, { record: toInstanceRecord(row), timers: [], activities: [] });
    for (const t of timers as Array<Record<string, unknown>>) {
      const timer: TimerRecord = {
        sourcePath: t.source_path as string,
        timerId: t.timer_id as string,
        targetPath: t.target_path as string,
        event: t.event as TimerRecord['event'],
        dueAt: (t.due_at as Date).getTime(),
      };
      out.get(t.instance_id as string)?.timers.push(timer);
    }
    for (const a of activities as Array<Record<string, unknown>>) {
      const activity: PendingActivityRecord = {
        id: a.id as string,
        actorPath: a.actor_path as string,
        activityType: a.activity_type as string,
      };
      out.get(a.instance_id as string)?.activities.push(activity);
    }
    return out;
  }

  async loadHeld(
    instanceIds: string[],
  ): Promise<Map<string, Array<{ id: string; envelope: Envelope }>>> {
    const out = new Map<string, Array<{ id: string; envelope: Envelope }>>();
    if (instanceIds.length === 0) return out;
    const rows = await this.knex('orq_held_events')
      .whereIn('instance_id', instanceIds)
      .orderBy('id');
    for (const r of rows as Array<{ id: string; instance_id: string; envelope: Envelope }>) {
      const list = out.get(r.instance_id) ?? [];
      list.push({ id: r.id, envelope: r.envelope });
      out.set(r.instance_id, list);
    }
    return out;
  }

  async seenEnvelopes(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.knex('orq_inbox').whereIn('envelope_id', ids).pluck('envelope_id');
    return new Set(rows as string[]);
  }

  commit(batch: CommitBatch): Promise<CommitOutcome> {
    return commitBatch(this.knex, batch);
  }

  async findByKey(machine: string, key: string): Promise<InstanceView | null> {
    const row = await this.knex<InstanceRow>('orq_instances')
      .where({ machine, business_key: key })
      .first();
    return row ? toInstanceView(row) : null;
  }

  async getInstance(id: string): Promise<InstanceView | null> {
    if (!isUuid(id)) return null;
    const row = await this.knex<InstanceRow>('orq_instances').where({ id }).first();
    return row ? toInstanceView(row) : null;
  }

  async instanceHeader(
    id: string,
  ): Promise<{ machine: string; version: number; status: InstanceStatus } | null> {
    if (!isUuid(id)) return null;
    const row = (await this.knex('orq_instances')
      .select('machine', 'machine_version', 'status')
      .where({ id })
      .first()) as { machine: string; machine_version: number; status: InstanceStatus } | undefined;
    return row ? { machine: row.machine, version: row.machine_version, status: row.status } : null;
  }

  async listInstances(filter: InstanceFilter): Promise<Page<InstanceView>> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
    const q = this.knex<InstanceRow>('orq_instances');
    if (filter.machine) q.where('machine', filter.machine);
    if (filter.status) q.where('status', filter.status);
    if (filter.key) q.where('business_key', filter.key);
    if (filter.state) q.whereRaw('state_paths @> ARRAY[?]::text[]', [filter.state]);
    if (filter.createdAfter) q.where('created_at', '>=', filter.createdAfter);
    if (filter.createdBefore) q.where('created_at', '<', filter.createdBefore);
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      q.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [c.createdAt, c.id]);
    }
    const rows = await q
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toInstanceView),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ createdAt: last.created_at.toISOString(), id: last.id })
          : null,
    };
  }

  async history(instanceId: string, after: number, limit: number): Promise<TransitionRecord[]> {
    if (!isUuid(instanceId)) return [];
    const rows = await this.knex('orq_history')
      .where('instance_id', instanceId)
      .andWhere('seq', '>', after)
      .orderBy('seq')
      .limit(limit);
    return (rows as HistoryRow[]).map(toTransitionRecord);
  }

  async transitionsAfter(
    position: string,
    filter: { machine?: string; instanceId?: string },
    limit: number,
  ): Promise<TransitionRecord[]> {
    const q = this.knex('orq_history').where('position', '>', position);
    if (filter.machine) q.andWhere('machine', filter.machine);
    if (filter.instanceId) q.andWhere('instance_id', filter.instanceId);
    const rows = await q.orderBy('position').limit(limit);
    return (rows as HistoryRow[]).map(toTransitionRecord);
  }

  async latestPosition(): Promise<string> {
    const row = (await this.knex('orq_history').max('position as p').first()) as
      { p: string | null } | undefined;
    return row?.p ?? '0';
  }

  async countsByMachine(): Promise<Map<string, Record<InstanceStatus, number>>> {
    const result: unknown = await this.knex('orq_instances')
      .select('machine', 'status')
      .count('* as n')
      .groupBy('machine', 'status');
    const rows = result as Array<{ machine: string; status: InstanceStatus; n: string }>;
    const out = new Map<string, Record<InstanceStatus, number>>();
    for (const r of rows) {
      const counts = out.get(r.machine) ?? emptyCounts();
      counts[r.status] = Number(r.n);
      out.set(r.machine, counts);
    }
    return out;
  }

  async stateStats(
    machine: string,
    version: number | undefined,
    now: number,
  ): Promise<StateStats[]> {
    const versionFilter = version === undefined ? '' : 'AND machine_version = ?';
    const vb = version === undefined ? [] : [version];
    const durations = await this.knex.raw<{
      rows: Array<{ state: string; p50: number | null; p95: number | null }>;
    }>(
      `WITH recent AS (
         SELECT instance_id, seq, to_paths, at FROM orq_history
         WHERE machine = ? ${versionFilter} AND from_value IS DISTINCT FROM to_value
         ORDER BY position DESC LIMIT ${STATS_HISTORY_WINDOW}
       ), visits AS (
         SELECT r.instance_id, r.to_paths, r.at,
           lead(r.at) OVER (PARTITION BY r.instance_id ORDER BY r.seq) AS left_at
         FROM recent r
       )
       SELECT state,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95
       FROM (
         SELECT unnest(v.to_paths) AS state,
           EXTRACT(EPOCH FROM (coalesce(v.left_at, to_timestamp(?::double precision / 1000)) - v.at)) * 1000 AS ms
         FROM visits v
         LEFT JOIN orq_instances i ON i.id = v.instance_id
         WHERE v.left_at IS NOT NULL OR i.status IN ('active', 'paused')
       ) d
       GROUP BY state`,
      [machine, ...vb, now],
    );
    const current = await this.knex.raw<{
      rows: Array<{ state: string; n: string; oldest: number | null }>;
    }>(
      `SELECT unnest(state_paths) AS state, count(*) AS n,
         max(EXTRACT(EPOCH FROM (to_timestamp(?::double precision / 1000) - state_entered_at)) * 1000) AS oldest
       FROM orq_instances WHERE machine = ? ${versionFilter} AND status IN ('active', 'paused')
       GROUP BY 1`,
      [now, machine, ...vb],
    );
    const byState = new Map<string, StateStats>();
    const get = (state: string) => {
      const s = byState.get(state) ?? {
        state,
        current: 0,
        p50Ms: null,
        p95Ms: null,
        oldestMs: null,
      };
      byState.set(state, s);
      return s;
    };
    for (const r of durations.rows) {
      const s = get(r.state);
      s.p50Ms = r.p50 === null ? null : Math.round(Number(r.p50));
      s.p95Ms = r.p95 === null ? null : Math.round(Number(r.p95));
    }
    for (const r of current.rows) {
      const s = get(r.state);
      s.current = Number(r.n);
      s.oldestMs = r.oldest === null ? null : Math.round(Number(r.oldest));
    }
    return [...byState.values()].sort((a, b) => a.state.localeCompare(b.state));
  }

  async dueTimers(untilMs: number, limit: number): Promise<DueTimer[]> {
    const rows = await this.knex('orq_timers')
      .select('instance_id', 'source_path', 'timer_id', 'due_at')
      .where('due_at', '<=', ts(untilMs))
      .orderBy('due_at')
      .limit(limit);
    return (
      rows as Array<{ instance_id: string; source_path: string; timer_id: string; due_at: Date }>
    ).map((r) => ({
      instanceId: r.instance_id,
      sourcePath: r.source_path,
      timerId: r.timer_id,
      dueAt: r.due_at.getTime(),
    }));
  }

  async claimActivities(now: number, leaseMs: number, limit: number): Promise<ClaimedActivity[]> {
    const res = await this.knex.raw<{ rows: Array<Record<string, unknown>> }>(
      `UPDATE orq_activities SET attempt = attempt + 1, next_attempt_at = ?::timestamptz, updated_at = ?::timestamptz
       WHERE id IN (
         SELECT id FROM orq_activities WHERE status = 'pending' AND next_attempt_at <= ?::timestamptz
         ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
       RETURNING id, instance_id, machine, machine_version, actor_path, activity_type, input, attempt, traceparent`,
      [ts(now + leaseMs), ts(now), ts(now), limit],
    );
    return res.rows.map((r) => ({
      id: r.id as string,
      instanceId: r.instance_id as string,
      machine: r.machine as string,
      machineVersion: r.machine_version as number,
      actorPath: r.actor_path as string,
      activityType: r.activity_type as string,
      input: r.input,
      attempt: r.attempt as number,
      traceparent: (r.traceparent as string | null) ?? null,
    }));
  }

  async scheduleActivityRetry(
    id: string,
    attempt: number,
    nextAttemptAt: number,
    error: SerializedError,
  ): Promise<void> {
    await this.knex('orq_activities')
      .where({ id, status: 'pending', attempt })
      .update({
        next_attempt_at: ts(nextAttemptAt),
        last_error: JSON.stringify(error),
        updated_at: ts(nextAttemptAt),
      });
  }

  async unpublishedOutbox(limit: number): Promise<OutboxRow[]> {
    const rows = await this.knex('orq_outbox').whereNull('published_at').orderBy('id').limit(limit);
    return (rows as Array<Record<string, unknown>>).map((r) => ({
      id: r.id as string,
      messageId: r.message_id as string,
      instanceId: r.instance_id as string,
      topic: r.topic as string,
      key: (r.key as string | null) ?? null,
      value: r.value,
      headers: (r.headers as Record<string, string>) ?? {},
    }));
  }

  async markPublished(ids: string[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.knex('orq_outbox')
      .whereIn('id', ids)
      .update({ published_at: ts(now) });
  }

  async gauges(): Promise<StoreGauges> {
    const [byStatus, byState, timers, outbox, activities] = await Promise.all([
      this.knex('orq_instances')
        .select('machine', 'status')
        .count('* as n')
        .groupBy('machine', 'status'),
      this.knex.raw<{ rows: Array<{ machine: string; state: string; n: string }> }>(
        `SELECT machine, unnest(state_paths) AS state, count(*) AS n FROM orq_instances
         WHERE status IN ('active', 'paused') GROUP BY 1, 2`,
      ),
      this.knex('orq_timers').count('* as n').first(),
      this.knex('orq_outbox').whereNull('published_at').count('* as n').first(),
      this.knex('orq_activities').where('status', 'pending').count('* as n').first(),
    ]);
    return {
      instancesByStatus: (byStatus as Array<{ machine: string; status: string; n: string }>).map(
        (r) => ({
          machine: r.machine,
          status: r.status,
          count: Number(r.n),
        }),
      ),
      instancesByState: byState.rows.map((r) => ({
        machine: r.machine,
        state: r.state,
        count: Number(r.n),
      })),
      timersPending: Number((timers as { n: string } | undefined)?.n ?? 0),
      outboxBacklog: Number((outbox as { n: string } | undefined)?.n ?? 0),
      activitiesPending: Number((activities as { n: string } | undefined)?.n ?? 0),
    };
  }

  async ping(): Promise<void> {
    try {
      await this.knex.raw('SELECT 1');
    } catch (err) {
      throw new OrqError(
        'ORQ_ERR_STORE_UNAVAILABLE',
        { detail: (err as Error).message },
        { cause: err },
      );
    }
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }
}

function emptyCounts(): Record<InstanceStatus, number> {
  return Object.fromEntries(INSTANCE_STATUSES.map((s) => [s, 0])) as Record<InstanceStatus, number>;
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
