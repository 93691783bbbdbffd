/**
 * Pins the `orq` client commands against a real API on a real engine and Postgres, over HTTP and
 * the WebSocket: start, send, ls, inspect and watch print readable text (or JSON with --json);
 * an API refusal prints the problem and exits 1; bad usage exits 2; an unreachable API says so;
 * the token is sent when configured.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceView } from '../engine/index.js';
import { startApiHarness, type ApiHarness } from '../api/testing/api-harness.js';
import { ApiClient } from './client/http-client.js';
import type { ClientContext } from './client/command.js';
import { createClientCommands } from './client-commands.js';

const TOKEN = 'cli-token';
let h: ApiHarness;
let app: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  h = await startApiHarness('cli_client');
  app = await h.app({ config: { apiToken: TOKEN } });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => h?.stop());

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs one command with its output captured; `abort` ends a long-running one. */
async function orq(
  argv: string[],
  options: { token?: string | null; url?: string; abort?: AbortSignal } = {},
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const token = options.token === undefined ? TOKEN : options.token;
  const context = (): ClientContext => ({
    client: new ApiClient({ baseUrl: options.url ?? baseUrl, ...(token ? { token } : {}) }),
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    signal: options.abort ?? new AbortController().signal,
    onInterrupt: () => () => undefined,
  });
  const [verb, ...rest] = argv;
  const code = await createClientCommands(context)[verb!]!.run(rest);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('orq client commands', () => {
  it('start prints the new instance, and --json prints it whole', async () => {
    const human = await orq(['start', 'ticket', '--version', '1', '--input', '{"title":"cli"}']);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/^Started: [0-9a-f-]{36}\n {2}ticket v1, active, in open$/);
    const json = await orq([
      'start',
      'ticket',
      '--key',
      'CLI-1',
      '--input',
      '{"title":"json"}',
      '--json',
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      machine: 'ticket',
      key: 'CLI-1',
      status: 'active',
    });
    const again = await orq(['start', 'ticket', '--key', 'CLI-1', '--input', '{"title":"json"}']);
    expect(again.out).toMatch(/^Already started \(key CLI-1\)/);
  });

  it('send applies an event; an unknown one prints the problem and exits 1', async () => {
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: 's' },
    });
    const ok = await orq(['send', instance.id, 'ASSIGN', '--data', '{"assignee":"ana"}', '--wait']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(new RegExp(`^Applied ASSIGN for ${instance.id} \\(envelope .+\\)$`));
    expect((await h.engine.getInstance(instance.id))?.value).toBe('assigned');
    const bad = await orq(['send', instance.id, 'DANCE']);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      'orq send: Unknown event: Workflow ticket does not accept event DANCE (ORQ_ERR_UNKNOWN_EVENT)',
    );
  });

  it('ls prints a table of instances, filtered', async () => {
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      key: 'LS-1',
      input: { title: 'l' },
    });
    const res = await orq(['ls', '--machine', 'ticket', '--key', 'LS-1']);
    expect(res.code).toBe(0);
    const [header, row, ...rest] = res.out.split('\n');
    expect(header).toMatch(/^ID\s+MACHINE\s+VER\s+KEY\s+STATUS\s+STATE\s+UPDATED$/);
    expect(row).toMatch(
      new RegExp(
        `^${instance.id}\\s+ticket\\s+1\\s+LS-1\\s+active\\s+open\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$`,
      ),
    );
    expect(rest).toEqual([]);
    const json = await orq(['ls', '--machine', 'ticket', '--key', 'LS-1', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ items: [{ id: instance.id }], nextCursor: null });
  });

  it('inspect prints state, context and history', async () => {
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: 'inspect me' },
    });
    await h.engine.sendEvent(
      instance.id,
      { type: 'ASSIGN', assignee: 'bo' },
      { waitForCommit: true },
    );
    const res = await orq(['inspect', instance.id]);
    expect(res.code).toBe(0);
    expect(res.out).toContain(`Instance  ${instance.id}`);
    expect(res.out).toContain('Machine   ticket v1');
    expect(res.out).toContain('State     assigned');
    expect(res.out).toContain('"title": "inspect me"');
    expect(res.out).toContain('History (2)');
    expect(res.out).toMatch(/\n\s+2\s+\S+ \S+\s+ASSIGN\s+open\s+assigned\s+active\s+assignee/);
    const json = await orq(['inspect', instance.id, '--json']);
    const parsed = JSON.parse(json.out) as { instance: InstanceView; history: unknown[] };
    expect(parsed.instance.id).toBe(instance.id);
    expect(parsed.history).toHaveLength(2);
  });

  it('watch prints live transitions until stopped', async () => {
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: 'w' },
    });
    const stop = new AbortController();
    const out: string[] = [];
    const err: string[] = [];
    let watching: Promise<number> = Promise.resolve(-1);
    const hello = new Promise<void>((resolve) => {
      const context = (): ClientContext => ({
        client: new ApiClient({ baseUrl, token: TOKEN }),
        out: (t) => out.push(t),
        err: (t) => {
          err.push(t);
          if (t.startsWith('# watching')) resolve();
        },
        signal: stop.signal,
        onInterrupt: () => () => undefined,
      });
      watching = createClientCommands(context).watch!.run(['--instance', instance.id]);
    });
    await hello;
    await h.engine.sendEvent(
      instance.id,
      { type: 'ASSIGN', assignee: 'cy' },
      { waitForCommit: true },
    );
    await h.engine.sendEvent(instance.id, { type: 'RESOLVE' }, { waitForCommit: true });
    await expect.poll(() => out.length, { timeout: 10_000 }).toBe(2);
    stop.abort();
    expect(await watching).toBe(0);
    expect(out[0]).toMatch(new RegExp(`ticket v1  ${instance.id}  #2  ASSIGN: open → assigned$`));
    expect(out[1]).toMatch(/#3 {2}RESOLVE: assigned → resolved {2}\[done\]$/);
    expect(err[0]).toBe(`# watching instance ${instance.id} (Ctrl-C ends)`);
  });

  it('watch --after replays history as JSON lines', async () => {
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: 'r' },
    });
    await h.engine.sendEvent(
      instance.id,
      { type: 'ASSIGN', assignee: 'd' },
      { waitForCommit: true },
    );
    const stop = new AbortController();
    const out: string[] = [];
    const watching = createClientCommands(() => ({
      client: new ApiClient({ baseUrl, token: TOKEN }),
      out: (t) => out.push(t),
      err: () => undefined,
      signal: stop.signal,
      onInterrupt: () => () => undefined,
    })).watch!.run(['--instance', instance.id, '--after', '0', '--json']);
    await expect.poll(() => out.length, { timeout: 10_000 }).toBe(2);
    stop.abort();
    expect(await watching).toBe(0);
    expect(out.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2]);
  });

  it('exits 1 with the problem when the token is missing or wrong', async () => {
    const none = await orq(['ls'], { token: null });
    expect(none.code).toBe(1);
    expect(none.err).toMatch(
      /^orq ls: Unauthorized: This API needs a token.*\(ORQ_ERR_UNAUTHORIZED\)$/,
    );
    const watch = await orq(['watch'], { token: 'wrong' });
    expect(watch.code).toBe(1);
    expect(watch.err).toMatch(/^orq watch: HTTP 401 Unauthorized: The token is not valid\./);
  });

  it('exits 2 with the usage on bad arguments', async () => {
    const res = await orq(['start', '--input', 'not json', 'ticket']);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/^orq start: --input must be JSON/);
    expect(res.err).toContain('usage: orq start <machine>');
    expect((await orq(['send', 'only-one-arg'])).code).toBe(2);
  });

  it('says where it looked when the API is unreachable', async () => {
    const res = await orq(['ls'], { url: 'http://127.0.0.1:9' });
    expect(res.code).toBe(1);
    expect(res.err).toMatch(
      /^orq ls: cannot reach the Orquestador API at http:\/\/127\.0\.0\.1:9 .*ORQ_URL/,
    );
  });
});
