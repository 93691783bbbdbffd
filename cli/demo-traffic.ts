/**
 * Gentle demo traffic for `npm start`, so a new user sees workflows moving: an order every few
 * seconds, most of them paid, some left to time out; an onboarding now and then. Uses only the
 * engine's public API. Turn it off with ORQ_DEMO=0.
 */
import type { OrqEngine } from '../engine/index.js';

export function startDemoTraffic(engine: OrqEngine, intervalMs = 4_000): () => void {
  let n = 0;
  const tick = async () => {
    n += 1;
    const orderId = `demo-${Date.now().toString(36)}-${n}`;
    const { instance } = await engine.startInstance({
      machine: 'order',
      key: orderId,
      input: {
        orderId,
        amount: 10 + (n % 7) * 5,
        items: [{ sku: 'SKU-' + (n % 3), qty: 1 + (n % 2) }],
        paymentTimeoutMs: 20_000,
      },
    });
    if (n % 4 !== 0) {
      setTimeout(
        () => {
          void engine
            .sendEvent(instance.id, { type: 'PaymentReceived', paymentId: `pay-${orderId}` })
            .catch(() => undefined);
        },
        1_500 + (n % 5) * 700,
      );
    }
    if (n % 5 === 0) {
      await engine.startInstance({
        machine: 'onboarding',
        input: { customerId: `${n % 10 === 0 ? 'flag' : 'cust'}-${n}` },
      });
    }
  };
  const handle = setInterval(() => void tick().catch(() => undefined), intervalMs);
  void tick().catch(() => undefined);
  return () => clearInterval(handle);
}
