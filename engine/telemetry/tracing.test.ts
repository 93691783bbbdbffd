/**
 * Pins how a trace crosses the engine: a step span continues the trace of the envelope's
 * `traceparent` (its parent is the incoming span), an activity span continues the step that started
 * it, and the traceparent handed on to the next hop names the new span. Without an SDK the trace id
 * still passes through unchanged, so installing tracing later never breaks the chain. Uses the real
 * SDK tracer provider with an in-memory exporter.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  contextFromTraceparent,
  endSpan,
  spanTraceparent,
  startActivitySpan,
  startStepSpan,
  traceparentOf,
  withSpan,
} from './tracing.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN = '00f067aa0ba902b7';
const INCOMING = `00-${TRACE_ID}-${PARENT_SPAN}-01`;

describe('without an SDK', () => {
  it('passes the incoming trace through unchanged', () => {
    const span = startStepSpan({
      machine: 'order',
      instanceId: 'i-1',
      eventType: 'PAID',
      traceparent: INCOMING,
    });
    expect(span.isRecording()).toBe(false);
    expect(spanTraceparent(span)).toBe(INCOMING);
    endSpan(span);
  });

  it('starts no trace when the envelope carries none', () => {
    const span = startStepSpan({ machine: 'order', instanceId: 'i-1', eventType: 'PAID' });
    expect(spanTraceparent(span)).toBeUndefined();
  });
});

describe('with the SDK', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => {
    new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
  });
  afterAll(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it('parents a step span on the envelope traceparent and hands on its own', () => {
    const span = startStepSpan({
      machine: 'order',
      instanceId: 'i-1',
      eventType: 'PAID',
      source: 'kafka',
      envelopeId: 'env-1',
      traceparent: INCOMING,
    });
    const next = spanTraceparent(span);
    endSpan(span);

    const [finished] = exporter.getFinishedSpans();
    expect(finished?.name).toBe('orq.step order');
    expect(finished?.kind).toBe(SpanKind.CONSUMER);
    expect(finished?.spanContext().traceId).toBe(TRACE_ID);
    expect(finished?.parentSpanContext?.spanId).toBe(PARENT_SPAN);
    expect(finished?.attributes).toMatchObject({
      'orq.machine': 'order',
      'orq.instance_id': 'i-1',
      'orq.event_type': 'PAID',
      'orq.event_source': 'kafka',
      'orq.envelope_id': 'env-1',
    });
    expect(next).toBe(`00-${TRACE_ID}-${finished?.spanContext().spanId}-01`);
  });

  it('continues the step trace into an activity attempt and records its failure', () => {
    const step = startStepSpan({ machine: 'order', instanceId: 'i-1', eventType: 'PAID' });
    const stepParent = spanTraceparent(step);
    endSpan(step);
    const attempt = startActivitySpan({
      activityType: 'charge',
      instanceId: 'i-1',
      attempt: 2,
      traceparent: stepParent,
    });
    endSpan(attempt, new Error('card declined'));

    const [stepSpan, activitySpan] = exporter.getFinishedSpans();
    expect(activitySpan?.name).toBe('orq.activity charge');
    expect(activitySpan?.spanContext().traceId).toBe(stepSpan?.spanContext().traceId);
    expect(activitySpan?.parentSpanContext?.spanId).toBe(stepSpan?.spanContext().spanId);
    expect(activitySpan?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card declined' });
    expect(activitySpan?.events.map((e) => e.name)).toEqual(['exception']);
    expect(activitySpan?.attributes['orq.attempt']).toBe(2);
  });

  it('starts a new root trace for an envelope without (or with a malformed) traceparent', () => {
    const span = startStepSpan({
      machine: 'order',
      instanceId: 'i-1',
      eventType: 'PAID',
      traceparent: 'garbage',
    });
    endSpan(span);
    const [finished] = exporter.getFinishedSpans();
    expect(finished?.parentSpanContext).toBeUndefined();
    expect(finished?.spanContext().traceId).not.toBe(TRACE_ID);
  });

  it('makes a span active inside withSpan, so nested work can read its traceparent', () => {
    const span = startStepSpan({ machine: 'order', instanceId: 'i-1', eventType: 'PAID' });
    const inside = withSpan(span, () => traceparentOf());
    expect(inside).toBe(spanTraceparent(span));
    expect(traceparentOf()).toBeUndefined();
    endSpan(span);
  });

  it('keeps tracestate from the incoming context', () => {
    const ctx = contextFromTraceparent(INCOMING, 'vendor=abc');
    expect(trace.getSpanContext(ctx)?.traceState?.get('vendor')).toBe('abc');
  });
});
