/**
 * Pins how a Kafka record becomes a start or an event: the first route of the topic whose filter
 * takes it wins; keys, input, type and payload come from the route's functions; and every way a
 * record can fail to route has its catalog code (NO_ROUTE, MALFORMED_MESSAGE naming the route), so
 * the dead-letter topic can say why.
 */
import { describe, expect, it } from 'vitest';
import { defineRoute, routeRecord, routeTopics, type RouteMessage } from './routes.js';

const msg = (over: Partial<RouteMessage>): RouteMessage => ({
  topic: 'orders.placed',
  partition: 0,
  offset: '7',
  key: 'o-1',
  headers: {},
  value: { orderId: 'o-1', amount: 10 },
  timestamp: 0,
  ...over,
});

const placed = defineRoute({
  topic: 'orders.placed',
  start: {
    machine: 'order',
    key: (m) => (m.value as { orderId: string }).orderId,
    input: (m) => m.value,
  },
});
const paid = defineRoute({
  topic: 'payments.received',
  event: {
    machine: 'order',
    correlationKey: (m) => (m.value as { orderId: string }).orderId,
    type: 'PaymentReceived',
    payload: (m) => ({ paymentId: (m.value as { paymentId: string }).paymentId }),
  },
});
const vip = defineRoute({
  name: 'vip',
  topic: 'orders.placed',
  filter: (m) => m.headers.tier === 'vip',
  start: { machine: 'vip-order', key: (m) => m.key!, input: () => ({}) },
});

describe('routeRecord', () => {
  it('turns a record into a start with key and input', () => {
    expect(routeRecord([placed], msg({}))).toMatchObject({
      kind: 'start',
      machine: 'order',
      key: 'o-1',
      input: { orderId: 'o-1', amount: 10 },
    });
  });

  it('turns a record into an event for the instance with the correlation key', () => {
    const routed = routeRecord(
      [placed, paid],
      msg({ topic: 'payments.received', value: { orderId: 'o-1', paymentId: 'p-9' } }),
    );
    expect(routed).toMatchObject({
      kind: 'event',
      key: 'o-1',
      event: { type: 'PaymentReceived', paymentId: 'p-9' },
    });
  });

  it('takes the first route whose filter accepts the record', () => {
    const routes = [vip, placed];
    expect(routeRecord(routes, msg({ headers: { tier: 'vip' } })).machine).toBe('vip-order');
    expect(routeRecord(routes, msg({})).machine).toBe('order');
  });

  it('reads the event type from the record and defaults the payload to its value', () => {
    const any = defineRoute({
      topic: 'orders.events',
      event: {
        machine: 'order',
        correlationKey: (m) => m.key!,
        type: (m) => (m.value as { type: string }).type,
      },
    });
    expect(
      routeRecord(
        [any],
        msg({ topic: 'orders.events', value: { type: 'CancelOrder', reason: 'x' } }),
      ),
    ).toMatchObject({ event: { type: 'CancelOrder', reason: 'x' } });
  });

  it('refuses a record no route takes with ORQ_ERR_NO_ROUTE', () => {
    expect(() => routeRecord([vip], msg({}))).toThrow(
      expect.objectContaining({ code: 'ORQ_ERR_NO_ROUTE' }),
    );
  });

  it('refuses a record whose key cannot be read, naming the route', () => {
    expect(() => routeRecord([placed], msg({ value: { amount: 1 } }))).toThrow(
      'route "orders.placed→order": key() must return a non-empty string',
    );
    expect(() => routeRecord([placed], msg({ value: { amount: 1 } }))).toThrow(
      expect.objectContaining({ code: 'ORQ_ERR_MALFORMED_MESSAGE' }),
    );
    expect(() => routeRecord([placed], msg({ value: null }))).toThrow(/key\(\) threw/);
  });
});

describe('defineRoute', () => {
  it('needs exactly one of start or event', () => {
    expect(() => defineRoute({ topic: 't' })).toThrow(/exactly one of/);
    expect(() =>
      defineRoute({
        topic: 't',
        start: placed.start!,
        event: paid.event!,
      }),
    ).toThrow(/exactly one of/);
  });

  it('lists each topic once', () => {
    expect(routeTopics([vip, placed, paid])).toEqual(['orders.placed', 'payments.received']);
  });
});
