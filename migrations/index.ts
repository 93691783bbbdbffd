/**
 * Every migration, in order. Listed explicitly (rather than read from the folder at run time) so
 * that they load the same way under tsx, vitest and a compiled build.
 */
import type { Knex } from 'knex';
import * as createCoreTables from './20261129000000_create_core_tables.js';

export interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export const migrations: readonly Migration[] = [
  { name: '20261129000000_create_core_tables', ...createCoreTables },
];
