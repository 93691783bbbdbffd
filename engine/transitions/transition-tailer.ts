/**
 * Feeds the transition bus from Postgres instead of from this process's commits, so that the
 * stream of any API node carries the transitions of every engine replica. Commits NOTIFY
 * `orq_transitions`; the tailer LISTENs on a dedicated connection and reads history rows after the
 * last position it published (positions are assigned in commit order: see commit-batch.ts). A
 * slow poll covers lost notifications and reconnects.
 */
import type { Knex } from 'knex';
import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import type { InstanceStore } from '../store/store.js';
import type { TransitionBus } from './transition-bus.js';

/** The part of knex's client used to hold one pool connection for LISTEN. */
interface ConnectionPool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

interface PgConnection {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: () => void): void;
  removeAllListeners(event: 'notification'): void;
}

export class TransitionTailer {
  #position = '0';
  #connection: PgConnection | null = null;
  #reading: Promise<void> | null = null;
  #again = false;
  #pollHandle: TimerHandle | null = null;
  #running = false;

  constructor(
    private readonly deps: {
      knex: Knex;
      store: InstanceStore;
      bus: TransitionBus;
      clock: Clock;
      logger: Logger;
      pollIntervalMs: number;
    },
  ) {}

  async start(): Promise<void> {
    this.#running = true;
    this.#position = await this.deps.store.latestPosition();
    try {
      const connection = (await this.#pool().acquireConnection()) as PgConnection;
      connection.on('notification', () => this.#read());
      await connection.query('LISTEN orq_transitions');
      this.#connection = connection;
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'LISTEN failed; polling only');
    }
    this.#schedulePoll();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#pollHandle !== null) this.deps.clock.clearTimeout(this.#pollHandle);
    await this.#reading;
    const connection = this.#connection;
    this.#connection = null;
    if (connection) {
      connection.removeAllListeners('notification');
      await connection.query('UNLISTEN orq_transitions').catch(() => undefined);
      await this.#pool().releaseConnection(connection);
    }
  }

  #pool(): ConnectionPool {
    return this.deps.knex.client as ConnectionPool;
  }

  #schedulePoll(): void {
    if (!this.#running) return;
    this.#pollHandle = this.deps.clock.setTimeout(() => {
      this.#read();
      this.#schedulePoll();
    }, this.deps.pollIntervalMs);
  }

  #read(): void {
    if (!this.#running) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = this.#drain()
      .catch((err: unknown) =>
        this.deps.logger.warn({ err: (err as Error).message }, 'transition tail failed'),
      )
      .finally(() => {
        this.#reading = null;
        if (this.#again) {
          this.#again = false;
          this.#read();
        }
      });
  }

  async #drain(): Promise<void> {
    for (;;) {
      const page = await this.deps.store.transitionsAfter(this.#position, {}, 1000);
      if (page.length === 0) return;
      this.#position = page.at(-1)!.position;
      this.deps.bus.publish(page);
      if (page.length < 1000) return;
    }
  }
}
