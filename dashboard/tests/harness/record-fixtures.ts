/**
 * Records the API and stream payloads the dashboard's unit tests use (src/fixtures/), from a real
 * engine on an embedded PostgreSQL: `npx tsx dashboard/tests/harness/record-fixtures.ts`.
 * Re-run it when the API's shapes change; the unit tests then check the dashboard against them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { startEmbeddedPostgres } from '../../../engine/index.js';
import { freePort } from '../../../test/setup/free-port.js';
import { failingPayouts } from './approval-workflow.js';
import { startStack } from './start-stack.js';

const FIXTURES = resolve(import.meta.dirname, '../../src/fixtures');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'orq-fixtures-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const stack = await startStack({ databaseUrl: await pg.ensureDatabase('fixtures') });
  const get = async (path: string): Promise<unknown> => {
    const res = await fetch(stack.baseUrl + path);
    return res.json();
  };
  const post = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(stack.baseUrl + path, {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return res.json();
  };
  const save = (name: string, value: unknown) =>
    writeFileSync(join(FIXTURES, name), JSON.stringify(value, null, 2) + '\n');
  try {
    const frames: unknown[] = [];
    const ws = new WebSocket(stack.baseUrl.replace('http', 'ws') + '/api/stream');
    ws.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8'))));
    await new Promise((r) => ws.once('open', r));

    for (const id of ['order', 'onboarding', 'approval', 'wide']) {
      save(`machine-graph.${id}.json`, await get(`/api/machines/${id}`));
    }
    await post('/api/instances', {
      machine: 'order',
      key: 'fixture-order',
      input: { orderId: 'fixture-order', amount: 25, items: [{ sku: 'SKU-1', qty: 2 }] },
    });
    await post('/api/instances', { machine: 'onboarding', input: { customerId: 'cust-1' } });
    const approval = (await post('/api/instances', {
      machine: 'approval',
      key: 'fixture-ok',
      input: { requestId: 'fixture-ok', amount: 120 },
    })) as { id: string };
    for (const event of [
      { type: 'Submit' },
      { type: 'Escalate' },
      { type: 'Approve', reviewer: 'ann' },
    ])
      await post(`/api/instances/${approval.id}/events?wait=true`, event);
    await waitFor(
      async () =>
        ((await get(`/api/instances/${approval.id}`)) as { status: string }).status === 'done',
    );
    failingPayouts.add('fixture-fail');
    const failing = (await post('/api/instances', {
      machine: 'approval',
      key: 'fixture-fail',
      input: { requestId: 'fixture-fail' },
    })) as { id: string };
    for (const event of [{ type: 'Submit' }, { type: 'Approve', reviewer: 'bob' }])
      await post(`/api/instances/${failing.id}/events?wait=true`, event);
    await waitFor(
      async () =>
        ((await get(`/api/instances/${failing.id}`)) as { status: string }).status === 'failed',
    );

    save('machines.json', await get('/api/machines'));
    save('instance.approval-done.json', await get(`/api/instances/${approval.id}`));
    save('history.approval-done.json', await get(`/api/instances/${approval.id}/history`));
    save('instance.approval-failed.json', await get(`/api/instances/${failing.id}`));
    save('instances-page.json', await get('/api/instances?limit=10'));
    save('machine-stats.approval.json', await get('/api/machines/approval/stats'));
    save(
      'problem.unknown-event.json',
      await post(`/api/instances/${approval.id}/events`, { type: 'Nope' }),
    );
    ws.close();
    save('stream-frames.json', frames);
    console.log(`recorded fixtures in ${FIXTURES}`);
  } finally {
    await stack.close();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the instance');
    await new Promise((r) => setTimeout(r, 50));
  }
}

await main();
