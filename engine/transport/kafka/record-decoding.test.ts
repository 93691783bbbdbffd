/**
 * Pins how a raw Kafka record is judged before any routing: the size limit is checked on the raw
 * bytes (an oversized record is never parsed), an empty or non-JSON value is malformed, and a dead
 * letter keeps the original key, bytes and headers (traceparent included) and adds why and where.
 */
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { OrqError } from '../../errors.js';
import { deadLetterMessage, deadLetterReason } from './dead-letter.js';
import { decodeRecord } from './decode-record.js';

const record = (value: string | null, headers: KafkaMessage['headers'] = {}): KafkaMessage => ({
  key: Buffer.from('o-1'),
  value: value === null ? null : Buffer.from(value),
  timestamp: '1790000000000',
  attributes: 0,
  offset: '42',
  headers,
});

describe('decodeRecord', () => {
  it('parses the value and decodes key and headers to strings', () => {
    const msg = decodeRecord('t', 3, record('{"a":1}', { traceparent: Buffer.from('00-x') }), 100);
    expect(msg).toEqual({
      topic: 't',
      partition: 3,
      offset: '42',
      key: 'o-1',
      headers: { traceparent: '00-x' },
      value: { a: 1 },
      timestamp: 1790000000000,
    });
  });

  it('refuses an oversized record by its byte size, before parsing it', () => {
    expect(() => decodeRecord('t', 0, record(`"${'é'.repeat(30)}"`), 50)).toThrow(
      'Message of 62 bytes exceeds the limit of 50 bytes',
    );
  });

  it('refuses an empty value and a value that is not JSON as malformed', () => {
    for (const value of [null, '', '{"a":']) {
      expect(() => decodeRecord('t', 0, record(value), 100)).toThrow(
        expect.objectContaining({ code: 'ORQ_ERR_MALFORMED_MESSAGE' }),
      );
    }
  });
});

describe('deadLetterMessage', () => {
  it('keeps the original key, bytes and headers and adds the reason and origin', () => {
    const original = record('{"orderId":', { traceparent: '00-abc', tenant: Buffer.from('t1') });
    const reason = deadLetterReason(new OrqError('ORQ_ERR_NO_ROUTE', { topic: 'orders' }));
    const letter = deadLetterMessage({ topic: 'orders', partition: 2, message: original }, reason);
    expect(letter.key).toBe(original.key);
    expect(letter.value).toBe(original.value);
    expect(letter.headers).toEqual({
      traceparent: '00-abc',
      tenant: 't1',
      'orq-dlq-reason': 'ORQ_ERR_NO_ROUTE',
      'orq-dlq-detail': 'No route matches the message on topic orders',
      'orq-dlq-topic': 'orders',
      'orq-dlq-partition': '2',
      'orq-dlq-offset': '42',
    });
  });

  it('names an unexpected error by the malformed code and bounds the detail', () => {
    expect(deadLetterReason(new Error('x'.repeat(5_000)))).toEqual({
      code: 'ORQ_ERR_MALFORMED_MESSAGE',
      detail: 'x'.repeat(1_000),
    });
  });
});
