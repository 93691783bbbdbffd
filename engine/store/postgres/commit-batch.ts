/**
 * Group commit: the steps of many instances written in one transaction, with one statement per
 * table, whatever the batch size (rows travel as one jsonb parameter through jsonb_to_recordset,
 * whose function scan yields them in array order: history positions and outbox ids follow it).
 * The optimistic version check, the inbox (dedup) and the business-key constraint each turn a lost
 * race into a rolled-back batch that the engine re-runs, never into a corrupted instance.
 */
import type { Knex } from 'knex';
import type { CommitBatch, CommitOutcome } from '../store.js';

class Conflict extends Error {
  constructor(
    readonly reason: 'version' | 'inbox' | 'key',
    readonly instanceIds: string[],
  ) {
    super(`commit conflict: ${reason}`);
  }
}

const json = (rows: unknown[]) => JSON.stringify(rows);

/** Advisory lock key that serializes history inserts (ASCII 'orqhist'). */
const HISTORY_ORDER_LOCK = '31371742157419380';

export async function commitBatch(knex: Knex, batch: CommitBatch): Promise<CommitOutcome> {
  try {
    const positions = await knex.transaction(async (tx) => {
      await writeInstances(tx, batch);
      await writeInbox(tx, batch);
      const positions = await writeHistory(tx, batch);
      await writeOutbox(tx, batch);
      await writeTimers(tx, batch);
      await writeActivities(tx, batch);
      await writeHeld(tx, batch);
      return positions;
    });
    return { ok: true, positions };
  } catch (err) {
    if (err instanceof Conflict)
      return { ok: false, reason: err.reason, instanceIds: err.instanceIds };
    throw err;
  }
}

async function writeInstances(tx: Knex.Transaction, batch: CommitBatch): Promise<void> {
  const rows = batch.instances.map((w) => ({
    id: w.record.id,
    machine: w.record.machine,
    machine_version: w.record.machineVersion,
    business_key: w.record.businessKey,
    status: w.record.status,
    state_value: w.stateValue,
    state_paths: w.statePaths,
    snapshot: w.record.snapshot,
    input: w.record.input ?? null,
    error: w.record.error,
    failed_envelope: w.record.failedEnvelope,
    version: w.record.version,
    expected: w.expectedVersion,
    seq: w.record.seq,
    created_at: w.record.createdAt,
    state_entered_at: w.record.stateEnteredAt,
  }));
  const inserts = rows.filter((r) => r.expected === null);
  const updates = rows.filter((r) => r.expected !== null);
  const cols = `id uuid, machine text, machine_version int, business_key text, status text, state_value jsonb,
    state_paths text[], snapshot jsonb, input jsonb, error jsonb, failed_envelope jsonb, version bigint,
    expected bigint, seq int, created_at double precision, state_entered_at double precision`;
  if (inserts.length > 0) {
    const inserted = await tx.raw<{ rows: Array<{ id: string }> }>(
      `INSERT INTO orq_instances (id, machine, machine_version, business_key, status, state_value, state_paths,
         snapshot, input, error, failed_envelope, version, seq, created_at, updated_at, state_entered_at)
       SELECT id, machine, machine_version, business_key, status, state_value, state_paths, snapshot, input,
         error, failed_envelope, version, seq, to_timestamp(created_at / 1000), to_timestamp(?::double precision / 1000),
         to_timestamp(state_entered_at / 1000)
       FROM jsonb_to_recordset(?::jsonb) AS v(${cols})
       ON CONFLICT ON CONSTRAINT orq_instances_key DO NOTHING
       RETURNING id`,
      [batch.now, json(inserts)],
    );
    if (inserted.rows.length !== inserts.length) {
      const ok = new Set(inserted.rows.map((r) => r.id));
      throw new Conflict(
        'key',
        inserts.filter((r) => !ok.has(r.id)).map((r) => r.id),
      );
    }
  }
  if (updates.length > 0) {
    const updated = await tx.raw<{ rows: Array<{ id: string }> }>(
      `UPDATE orq_instances AS i SET status = v.status, state_value = v.state_value, state_paths = v.state_paths,
         snapshot = v.snapshot, error = v.error, failed_envelope = v.failed_envelope, version = v.version,
         seq = v.seq, updated_at = to_timestamp(?::double precision / 1000),
         state_entered_at = to_timestamp(v.state_entered_at / 1000)
       FROM jsonb_to_recordset(?::jsonb) AS v(${cols})
       WHERE i.id = v.id AND i.version = v.expected
       RETURNING i.id`,
      [batch.now, json(updates)],
    );
    if (updated.rows.length !== updates.length) {
      const ok = new Set(updated.rows.map((r) => r.id));
      throw new Conflict(
        'version',
        updates.filter((r) => !ok.has(r.id)).map((r) => r.id),
      );
    }
  }
}

async function writeInbox(tx: Knex.Transaction, batch: CommitBatch): Promise<void> {
  if (batch.inbox.length === 0) return;
  const rows = batch.inbox.map((e) => ({ envelope_id: e.envelopeId, instance_id: e.instanceId }));
  const inserted = await tx.raw<{ rows: Array<{ envelope_id: string }> }>(
    `INSERT INTO orq_inbox (envelope_id, instance_id, at)
     SELECT envelope_id, instance_id, to_timestamp(?::double precision / 1000)
     FROM jsonb_to_recordset(?::jsonb) AS v(envelope_id text, instance_id uuid)
     ON CONFLICT (envelope_id) DO NOTHING
     RETURNING envelope_id`,
    [batch.now, json(rows)],
  );
  if (inserted.rows.length !== rows.length) {
    const ok = new Set(inserted.rows.map((r) => r.envelope_id));
    throw new Conflict('inbox', [
      ...new Set(batch.inbox.filter((e) => !ok.has(e.envelopeId)).map((e) => e.instanceId)),
    ]);
  }
}

async function writeHistory(
  tx: Knex.Transaction,
  batch: CommitBatch,
): Promise<Map<string, string>> {
  const positions = new Map<string, string>();
  if (batch.history.length === 0) return positions;
  const rows = batch.history.map((h) => ({
    instance_id: h.instanceId,
    seq: h.seq,
    machine: h.machine,
    machine_version: h.machineVersion,
    event: h.event,
    from_value: h.from,
    to_value: h.to,
    from_paths: h.fromPaths,
    to_paths: h.toPaths,
    status: h.status,
    context_changes: h.contextChanges,
    envelope_id: h.envelopeId,
    source: h.source,
    at: h.at,
  }));
  // Positions in commit order across replicas: a position is taken only while holding this
  // lock, which is released at commit, so a reader never sees position n+1 before n commits.
  await tx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [HISTORY_ORDER_LOCK]);
  const inserted = await tx.raw<{
    rows: Array<{ position: string; instance_id: string; seq: number }>;
  }>(
    `INSERT INTO orq_history (instance_id, seq, machine, machine_version, event, from_value, to_value, from_paths,
       to_paths, status, context_changes, envelope_id, source, at)
     SELECT instance_id, seq, machine, machine_version, event, from_value, to_value, from_paths, to_paths, status,
       context_changes, envelope_id, source, to_timestamp(at / 1000)
     FROM jsonb_to_recordset(?::jsonb) AS v(instance_id uuid, seq int, machine text,
       machine_version int, event jsonb, from_value jsonb, to_value jsonb, from_paths text[], to_paths text[],
       status text, context_changes jsonb, envelope_id text, source text, at double precision)
     RETURNING position, instance_id, seq`,
    [json(rows)],
  );
  for (const r of inserted.rows) positions.set(`${r.instance_id}:${r.seq}`, r.position);
  await tx.raw(`SELECT pg_notify('orq_transitions', ?)`, [String(inserted.rows.length)]);
  return positions;
}

async function writeOutbox(tx: Knex.Transaction, batch: CommitBatch): Promise<void> {
  if (batch.outbox.length === 0) return;
  const rows = batch.outbox.map((o) => ({
    message_id: o.messageId,
    instance_id: o.instanceId,
    topic: o.topic,
    key: o.key,
    value: o.value,
    headers: o.headers,
  }));
  await tx.raw(
    `INSERT INTO orq_outbox (message_id, instance_id, topic, key, value, headers, created_at)
     SELECT message_id, instance_id, topic, key, value, headers, to_timestamp(?::double precision / 1000)
     FROM jsonb_to_recordset(?::jsonb) AS v(message_id text, instance_id uuid, topic text, key text,
       value jsonb, headers jsonb)
     ON CONFLICT (message_id) DO NOTHING`,
    [batch.now, json(rows)],
  );
}

async function writeTimers(tx: Knex.Transaction, batch: CommitBatch): Promise<void> {
  if (batch.instances.length === 0) return;
  const ids = batch.instances.map((w) => w.record.id);
  await tx.raw(`DELETE FROM orq_timers WHERE instance_id = ANY(?::uuid[])`, [ids]);
  const rows = batch.instances.flatMap((w) =>
    w.timers.map((t) => ({
      instance_id: w.record.id,
      source_path: t.sourcePath,
      timer_id: t.timerId,
      target_path: t.targetPath,
      event: t.event,
      due_at: t.dueAt,
    })),
  );
  if (rows.length === 0) return;
  await tx.raw(
    `INSERT INTO orq_timers (instance_id, source_path, timer_id, target_path, event, due_at)
     SELECT instance_id, source_path, timer_id, target_path, event, to_timestamp(due_at / 1000)
     FROM jsonb_to_recordset(?::jsonb) AS v(instance_id uuid, source_path text, timer_id text, target_path text,
       event jsonb, due_at double precision)`,
    [json(rows)],
  );
}

async function writeActivities(tx: Knex.Transaction, batch: CommitBatch): Promise<void> {
  if (batch.newActivities.length > 0) {
    const rows = batch.newActivities.map((a) => ({
      id: a.id,
      instance_id: a.instanceId,
      machine: a.machine,
      machine_version: a.machineVersion,
      actor_path: a.actorPath,
      activity_type: a.activityType,
      input: a.input,
      traceparent: a.traceparent,
    }));
    // Inserted as attempt 1, leased by this process: it runs them right after the commit.
    await tx.raw(
      `INSERT INTO orq_activities (id, instance_id, machine, machine_version, actor_path, activity_type, input,
         status, attempt, next_attempt_at, traceparent, created_at, updated_at)
       SELECT id, instance_id, machine, machine_version, actor_path, activity_type, input, 'pending', 1,
         to_timestamp(?::double precision / 1000), traceparent, to_timestamp(?::double precision / 1000),
         to_timestamp(?::double precision / 1000)
       FROM jsonb_to_recordset(?::jsonb) AS v(id text, instance_id uuid, machine text, machine_version int,
         actor_path text, activity_type text, input jsonb, traceparent text)
       ON CONFLICT (id) DO NOTHING`,
      [batch.activityLeaseUntil, batch.now, batch.now, json(rows)],
    );
  }
  if (batch.activityStatus.length > 0) {
    await tx.raw(
      `UPDATE orq_activities AS a SET status = v.status, updated_at = to_timestamp(?::double precision / 1000)
       FROM jsonb_to_recordset(?::jsonb) AS v(id text, status text)
       WHERE a.id = v.id`,
      [batch.now, json(batch.activityStatus)],
    );
  }
  if (batch.retriedActivities.length > 0) {
    await tx.raw(
      `UPDATE orq_activities SET status = 'pending', attempt = 0, last_error = NULL,
         next_attempt_at = to_timestamp(?::double precision / 1000), updated_at = to_timestamp(?::double precision / 1000)
       WHERE id = ANY(?::text[])`,
      [batch.now, batch.now, batch.retriedActivities],
    );
  }
}

async function writeHeld(tx: Knex.Transaction, batch: CommitBatch): Promise<void> {
  if (batch.held.length > 0) {
    const rows = batch.held.map((h) => ({ instance_id: h.instanceId, envelope: h.envelope }));
    await tx.raw(
      `INSERT INTO orq_held_events (instance_id, envelope, at)
       SELECT instance_id, envelope, to_timestamp(?::double precision / 1000)
       FROM jsonb_to_recordset(?::jsonb) AS v(instance_id uuid, envelope jsonb)`,
      [batch.now, json(rows)],
    );
  }
  if (batch.releasedHeld.length > 0) {
    await tx.raw(`DELETE FROM orq_held_events WHERE id = ANY(?::bigint[])`, [batch.releasedHeld]);
  }
}
