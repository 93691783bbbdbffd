/** A knex instance on pg, with types parsed the way the engine expects. */
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// bigint (int8) as string, never a lossy number; timestamps stay Date objects.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface PostgresConnectionOptions {
  url: string;
  /** Pool size. @default 10 */
  poolMax?: number;
}

export function connectPostgres(options: PostgresConnectionOptions): Knex {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: options.url, application_name: 'orquestador' },
    pool: { min: 0, max: options.poolMax ?? 10 },
  });
}
