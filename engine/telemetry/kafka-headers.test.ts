/**
 * Pins trace propagation through kafkajs record headers: what `injectTraceparent` writes,
 * `extractContext` reads back to the same span context, whether the broker hands the value back as
 * a Buffer (as kafkajs does on consume), a string, an array, or under a differently cased key.
 * Uses the W3C propagator the SDK installs.
 */
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IHeaders } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractContext, injectTraceparent, kafkaHeadersGetter } from './kafka-headers.js';
import { contextFromTraceparent } from './tracing.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

beforeAll(() => new NodeTracerProvider().register());
afterAll(() => {
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('kafka headers', () => {
  it('injects the active trace context as string headers', () => {
    const headers: IHeaders = { 'orq-message-id': 'm-1' };
    const returned = injectTraceparent(headers, contextFromTraceparent(TRACEPARENT, 'v=1'));
    expect(returned).toBe(headers);
    expect(headers).toEqual({
      'orq-message-id': 'm-1',
      traceparent: TRACEPARENT,
      tracestate: 'v=1',
    });
  });

  it('round-trips through Buffer values as consumed from the broker', () => {
    const produced = injectTraceparent({}, contextFromTraceparent(TRACEPARENT));
    const consumed: IHeaders = Object.fromEntries(
      Object.entries(produced).map(([k, v]) => [k, Buffer.from(String(v))]),
    );
    const span = trace.getSpanContext(extractContext(consumed));
    expect(span).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true });
  });

  it('reads a differently cased key and arrays of values', () => {
    expect(kafkaHeadersGetter.get({ Traceparent: TRACEPARENT }, 'traceparent')).toBe(TRACEPARENT);
    expect(kafkaHeadersGetter.get({ k: [Buffer.from('a'), 'b'] }, 'k')).toEqual(['a', 'b']);
    expect(kafkaHeadersGetter.get({}, 'traceparent')).toBeUndefined();
  });

  it('yields the parent context when headers are missing or carry no trace', () => {
    expect(extractContext(undefined)).toBe(ROOT_CONTEXT);
    expect(trace.getSpanContext(extractContext({ other: 'x' }))).toBeUndefined();
  });
});
