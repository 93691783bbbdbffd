/**
 * Pins what the order workflow's Kafka routes make of the demo's records: OrderPlaced starts an
 * order keyed by orderId with only the input fields the workflow knows, PaymentReceived and order
 * commands reach the order with that key, and a record without orderId is refused as malformed
 * (so it lands on the dead-letter topic instead of starting a keyless order).
 */
import { describe, expect, it } from 'vitest';
import { routeRecord, type RouteMessage } from '../../engine/ingress/routes.js';
import { ORDER_TOPICS, orderRoutes } from './order.routes.js';

const record = (topic: string, value: unknown): RouteMessage => ({
  topic,
  partition: 0,
  offset: '0',
  key: null,
  headers: {},
  value,
  timestamp: 0,
});

describe('order routes', () => {
  it('starts an order from OrderPlaced with its business key and input', () => {
    const routed = routeRecord(
      orderRoutes,
      record(ORDER_TOPICS.placed, {
        type: 'OrderPlaced',
        orderId: 'o-1',
        customerId: 'c-1',
        amount: 42,
        items: [{ sku: 'A', qty: 1 }],
      }),
    );
    expect(routed).toMatchObject({
      kind: 'start',
      machine: 'order',
      key: 'o-1',
      input: { orderId: 'o-1', customerId: 'c-1', amount: 42, items: [{ sku: 'A', qty: 1 }] },
    });
    expect(routed.kind === 'start' && routed.input).not.toHaveProperty('type');
  });

  it('sends PaymentReceived and commands to the order with that key', () => {
    expect(
      routeRecord(orderRoutes, record(ORDER_TOPICS.payments, { orderId: 'o-1', paymentId: 'p' })),
    ).toMatchObject({
      kind: 'event',
      key: 'o-1',
      event: { type: 'PaymentReceived', paymentId: 'p' },
    });
    expect(
      routeRecord(
        orderRoutes,
        record(ORDER_TOPICS.commands, {
          type: 'CancelOrder',
          orderId: 'o-2',
          reason: 'changed mind',
        }),
      ),
    ).toMatchObject({ key: 'o-2', event: { type: 'CancelOrder', reason: 'changed mind' } });
  });

  it('refuses a record without orderId as malformed', () => {
    expect(() => routeRecord(orderRoutes, record(ORDER_TOPICS.placed, { amount: 1 }))).toThrow(
      expect.objectContaining({ code: 'ORQ_ERR_MALFORMED_MESSAGE' }),
    );
  });
});
