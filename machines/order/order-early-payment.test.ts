/**
 * Pins that a payment arriving while stock is still being reserved is not lost: payments and orders
 * travel on different Kafka topics, so PaymentReceived can overtake the reservation. The order
 * keeps the payment and goes straight to charging once reserved (and survives a JSON round trip of
 * its snapshot while waiting, as every persisted machine must).
 */
import { createActor, fromPromise, waitFor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { orderMachine } from './order.machine.js';

/** reserveStock resolves only when the test says so. */
function withGatedReservation() {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const machine = orderMachine.provide({
    actors: {
      reserveStock: fromPromise(
        async ({
          input,
        }: {
          input: { orderId: string; items: Array<{ sku: string; qty: number }> };
        }) => {
          await gate;
          return { reservationId: `rsv_${input.orderId}` };
        },
      ),
    },
  });
  return { machine, release: () => release() };
}

describe('order: early payment', () => {
  it('charges and completes when the payment arrives during the reservation', async () => {
    const { machine, release } = withGatedReservation();
    const actor = createActor(machine, { input: { orderId: 'o-1', amount: 5 } }).start();
    expect(actor.getSnapshot().value).toBe('reserving');
    actor.send({ type: 'PaymentReceived', paymentId: 'p-1' });
    expect(actor.getSnapshot().context.paymentId).toBe('p-1');
    const persisted: unknown = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    expect(persisted).toMatchObject({ value: 'reserving', context: { paymentId: 'p-1' } });
    release();
    const done = await waitFor(actor, (s) => s.status === 'done');
    expect(done.value).toBe('completed');
    expect(done.context).toMatchObject({ reservationId: 'rsv_o-1', chargeId: 'ch_o-1' });
  });

  it('waits for the payment when it has not come yet', async () => {
    const { machine, release } = withGatedReservation();
    const actor = createActor(machine, { input: { orderId: 'o-2' } }).start();
    release();
    await waitFor(actor, (s) => s.matches('awaitingPayment'));
    actor.send({ type: 'PaymentReceived', paymentId: 'p-2' });
    expect((await waitFor(actor, (s) => s.status === 'done')).value).toBe('completed');
  });
});
