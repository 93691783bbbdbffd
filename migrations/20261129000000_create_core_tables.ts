/**
 * The core schema: instances and their snapshots, the transition history, the inbox (dedup), the
 * outbox (messages to publish), durable timers, activities, and events held while an instance is
 * paused or failed. Frozen history: change the schema in a new migration, never here.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE orq_instances (
      id               uuid PRIMARY KEY,
      machine          text        NOT NULL,
      machine_version  integer     NOT NULL,
      business_key     text,
      status           text        NOT NULL CHECK (status IN ('active','paused','done','failed','cancelled')),
      state_value      jsonb       NOT NULL,
      state_paths      text[]      NOT NULL,
      snapshot         jsonb       NOT NULL,
      input            jsonb,
      error            jsonb,
      failed_envelope  jsonb,
      version          bigint      NOT NULL DEFAULT 1,
      seq              integer     NOT NULL DEFAULT 0,
      created_at       timestamptz NOT NULL,
      updated_at       timestamptz NOT NULL,
      state_entered_at timestamptz NOT NULL,
      CONSTRAINT orq_instances_key UNIQUE (machine, business_key)
    ) WITH (fillfactor = 70);
    CREATE INDEX orq_instances_machine_status ON orq_instances (machine, status);
    CREATE INDEX orq_instances_state_paths ON orq_instances USING gin (state_paths);
    CREATE INDEX orq_instances_created ON orq_instances (created_at DESC, id DESC);

    CREATE TABLE orq_history (
      position         bigserial   PRIMARY KEY,
      instance_id      uuid        NOT NULL,
      seq              integer     NOT NULL,
      machine          text        NOT NULL,
      machine_version  integer     NOT NULL,
      event            jsonb       NOT NULL,
      from_value       jsonb,
      to_value         jsonb       NOT NULL,
      from_paths       text[],
      to_paths         text[]      NOT NULL,
      status           text        NOT NULL,
      context_changes  jsonb       NOT NULL,
      envelope_id      text,
      source           text        NOT NULL,
      at               timestamptz NOT NULL,
      CONSTRAINT orq_history_instance_seq UNIQUE (instance_id, seq)
    );

    CREATE TABLE orq_inbox (
      envelope_id  text        PRIMARY KEY,
      instance_id  uuid        NOT NULL,
      at           timestamptz NOT NULL
    );

    CREATE TABLE orq_outbox (
      id           bigserial   PRIMARY KEY,
      message_id   text        NOT NULL UNIQUE,
      instance_id  uuid        NOT NULL,
      topic        text        NOT NULL,
      key          text,
      value        jsonb       NOT NULL,
      headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
      created_at   timestamptz NOT NULL,
      published_at timestamptz
    );
    CREATE INDEX orq_outbox_unpublished ON orq_outbox (id) WHERE published_at IS NULL;

    CREATE TABLE orq_timers (
      instance_id  uuid        NOT NULL,
      source_path  text        NOT NULL,
      timer_id     text        NOT NULL,
      target_path  text        NOT NULL,
      event        jsonb       NOT NULL,
      due_at       timestamptz NOT NULL,
      PRIMARY KEY (instance_id, source_path, timer_id)
    );
    CREATE INDEX orq_timers_due ON orq_timers (due_at);

    CREATE TABLE orq_activities (
      id              text        PRIMARY KEY,
      instance_id     uuid        NOT NULL,
      machine         text        NOT NULL,
      machine_version integer     NOT NULL,
      actor_path      text        NOT NULL,
      activity_type   text        NOT NULL,
      input           jsonb,
      status          text        NOT NULL CHECK (status IN ('pending','done','failed','cancelled')),
      attempt         integer     NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error      jsonb,
      traceparent     text,
      created_at      timestamptz NOT NULL,
      updated_at      timestamptz NOT NULL
    );
    CREATE INDEX orq_activities_pending ON orq_activities (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX orq_activities_instance ON orq_activities (instance_id);

    CREATE TABLE orq_held_events (
      id           bigserial   PRIMARY KEY,
      instance_id  uuid        NOT NULL,
      envelope     jsonb       NOT NULL,
      at           timestamptz NOT NULL
    );
    CREATE INDEX orq_held_events_instance ON orq_held_events (instance_id, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS orq_held_events, orq_activities, orq_timers, orq_outbox, orq_inbox,
      orq_history, orq_instances;
  `);
}
