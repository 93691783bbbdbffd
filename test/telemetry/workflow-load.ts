/**
 * Business load through the HTTP API of several replicas, round-robin, until aborted. Each round
 * covers what the dashboards show: orders paid (activities, outbox messages), cancelled by the
 * customer, and timed out (a durable timer fires); a `flaky` instance that fails after its
 * retries; and a burst of INC events to one `tally` instance through every replica at once, so
 * the replicas lose races (version conflicts, retried). No sleeps: rounds run back to back, and
 * waits are on instance state.
 */
import { eventually } from '../../engine/testing/eventually.js';

export interface LoadStats {
  rounds: number;
  ordersStarted: number;
  flakyStarted: number;
  tallyEvents: number;
}

interface InstanceRef {
  id: string;
  value: unknown;
  status: string;
}

async function call<T>(url: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function runLoad(replicas: string[], signal: AbortSignal): Promise<LoadStats> {
  const stats: LoadStats = { rounds: 0, ordersStarted: 0, flakyStarted: 0, tallyEvents: 0 };
  let next = 0;
  const pick = () => replicas[next++ % replicas.length]!;
  const start = async (machine: string, input?: unknown) => {
    const instance = await call<InstanceRef>(`${pick()}/api/instances`, 'POST', {
      machine,
      ...(input === undefined ? {} : { input }),
    });
    return instance.id;
  };
  const send = (id: string, event: Record<string, unknown>, base = pick()) =>
    call(`${base}/api/instances/${id}/events?wait=true`, 'POST', event);
  const awaitingPayment = (id: string) =>
    eventually(
      async () =>
        (await call<InstanceRef>(`${pick()}/api/instances/${id}`)).value === 'awaitingPayment',
      10_000,
      `order ${id} to await payment`,
    );

  const order = async (round: number, i: number, ending: 'pay' | 'cancel' | 'timeout') => {
    const id = await start('order', {
      orderId: `o-${round}-${i}`,
      amount: 10 + i,
      items: [{ sku: 'sku-1', qty: 1 }],
      paymentTimeoutMs: ending === 'timeout' ? 200 : 60_000,
    });
    stats.ordersStarted += 1;
    if (ending === 'timeout') return;
    await awaitingPayment(id);
    if (ending === 'pay') await send(id, { type: 'PaymentReceived', paymentId: `p-${round}-${i}` });
    else await send(id, { type: 'CancelOrder', reason: 'changed my mind' });
  };

  const tallyBurst = async () => {
    const id = await start('tally');
    const burst = replicas.flatMap((base) =>
      Array.from({ length: 5 }, () => send(id, { type: 'INC' }, base)),
    );
    await Promise.all(burst);
    stats.tallyEvents += burst.length;
  };

  const loop = async () => {
    while (!signal.aborted) {
      const round = stats.rounds;
      await Promise.all([
        order(round, 0, 'pay'),
        order(round, 1, 'pay'),
        order(round, 2, 'cancel'),
        order(round, 3, 'timeout'),
        start('flaky').then(() => (stats.flakyStarted += 1)),
        tallyBurst(),
      ]);
      stats.rounds += 1;
    }
    return stats;
  };
  return loop();
}
