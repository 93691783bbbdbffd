/**
 * Pins the W3C traceparent parser the logger and the tracing helpers rely on: valid headers yield
 * trace id, span id and the sampled flag; malformed, all-zero or version-ff headers yield nothing
 * (a bad header from a producer must never break a step or a log line).
 */
import { describe, expect, it } from 'vitest';
import { parseTraceparent, traceIdOf } from './traceparent.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('reads trace id, span id and the sampled flag', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
    });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)?.sampled).toBe(false);
  });

  it('accepts upper case and future versions with extra fields', () => {
    expect(parseTraceparent(`00-${TRACE.toUpperCase()}-${SPAN}-01`)?.traceId).toBe(TRACE);
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-future`)?.traceId).toBe(TRACE);
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not-a-traceparent'],
    ['short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['version 00 with extra field', `00-${TRACE}-${SPAN}-01-x`],
  ])('rejects %s', (_what, value) => {
    expect(parseTraceparent(value)).toBeNull();
  });

  it('traceIdOf tolerates null and undefined', () => {
    expect(traceIdOf(null)).toBeUndefined();
    expect(traceIdOf(undefined)).toBeUndefined();
    expect(traceIdOf(`00-${TRACE}-${SPAN}-01`)).toBe(TRACE);
  });
});
