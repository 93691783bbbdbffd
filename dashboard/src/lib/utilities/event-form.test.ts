/**
 * Pins the send-event form: fields derived from an accepted event's payload schema, and the event
 * built from what the user typed. Numbers must go out as numbers and required fields must be
 * caught before the request, otherwise every typo becomes a round trip and a 400.
 */
import { describe, expect, it } from 'vitest';
import { buildEvent, fieldsForSchema, FREE_PAYLOAD_FIELD } from './event-form.js';

const paymentSchema = {
  type: 'object',
  required: ['paymentId'],
  properties: {
    paymentId: { type: 'string', minLength: 1, description: 'Provider reference' },
    amount: { type: 'number', minimum: 0 },
    attempts: { type: 'integer' },
    express: { type: 'boolean' },
    channel: { type: 'string', enum: ['card', 'bank'] },
    meta: { type: 'object' },
  },
};

describe('fieldsForSchema', () => {
  it('derives one typed field per property', () => {
    const fields = fieldsForSchema(paymentSchema);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['paymentId', 'text', true],
      ['amount', 'number', false],
      ['attempts', 'integer', false],
      ['express', 'boolean', false],
      ['channel', 'select', false],
      ['meta', 'json', false],
    ]);
    expect(fields[0]?.description).toBe('Provider reference');
    expect(fields[4]?.options).toEqual(['card', 'bank']);
  });

  it('offers a free JSON payload when the schema names no properties', () => {
    expect(fieldsForSchema({ type: 'object' }).map((f) => f.name)).toEqual([FREE_PAYLOAD_FIELD]);
  });

  it('offers no field when the schema forbids any payload', () => {
    expect(fieldsForSchema({ type: 'object', additionalProperties: false })).toEqual([]);
  });
});

describe('buildEvent', () => {
  const fields = fieldsForSchema(paymentSchema);

  it('builds a typed event, leaving empty optional fields out', () => {
    expect(
      buildEvent('PaymentReceived', fields, {
        paymentId: ' pay-1 ',
        amount: '12.5',
        attempts: '',
        express: true,
        meta: '{"a":1}',
      }),
    ).toEqual({
      ok: true,
      event: {
        type: 'PaymentReceived',
        paymentId: 'pay-1',
        amount: 12.5,
        express: true,
        meta: { a: 1 },
      },
    });
  });

  it('reports every field in error at once', () => {
    expect(
      buildEvent('PaymentReceived', fields, { amount: '-1', attempts: '1.5', meta: '{oops' }),
    ).toEqual({
      ok: false,
      errors: {
        paymentId: 'required',
        amount: 'must be ≥ 0',
        attempts: 'must be a whole number',
        meta: 'must be valid JSON',
      },
    });
  });

  it('spreads a free JSON payload into the event, type last so it cannot be overridden', () => {
    const free = fieldsForSchema({ type: 'object' });
    expect(buildEvent('Ping', free, { [FREE_PAYLOAD_FIELD]: '{"n":2,"type":"Other"}' })).toEqual({
      ok: true,
      event: { n: 2, type: 'Ping' },
    });
    expect(buildEvent('Ping', free, { [FREE_PAYLOAD_FIELD]: '[1]' })).toEqual({
      ok: false,
      errors: { [FREE_PAYLOAD_FIELD]: 'must be a JSON object' },
    });
  });
});
