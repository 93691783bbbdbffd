/**
 * The engine's spans, through `@opentelemetry/api` only (STYLE §18). Without an SDK the tracer is a
 * no-op, but a span started under an incoming `traceparent` still carries that trace (the API's
 * non-recording span keeps its parent's context), so `spanTraceparent(span)` hands the same trace
 * on to outbox messages, timers and activities either way.
 *
 * - `orq.step <machine>`: one envelope applied to one instance. Its parent is the envelope's
 *   `traceparent` (the producer's span, an API call, the step that armed a timer or started an
 *   activity), so one trace follows a business flow across Kafka hops.
 * - `orq.activity <type>`: one attempt of an activity, child of the step that started it.
 */
import {
  context,
  createTraceState,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import type { EventSource } from '../types.js';
import { parseTraceparent } from './traceparent.js';

export const TRACER_NAME = 'orquestador';

export function getTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/**
 * The context a W3C `traceparent` (and optional `tracestate`) names, or `parent` when absent or
 * malformed. Parsed here rather than through the global propagator, so a trace passes through the
 * engine (into timers, activities and outbox rows) whether or not an SDK is installed.
 */
export function contextFromTraceparent(
  traceparent: string | null | undefined,
  tracestate?: string | null,
  parent: Context = ROOT_CONTEXT,
): Context {
  const parsed = parseTraceparent(traceparent);
  if (!parsed) return parent;
  return trace.setSpanContext(parent, {
    traceId: parsed.traceId,
    spanId: parsed.spanId,
    traceFlags: parsed.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
    ...(tracestate ? { traceState: createTraceState(tracestate) } : {}),
  });
}

/** The W3C `traceparent` of the span active in `ctx`, to store beside work done on its behalf. */
export function traceparentOf(ctx: Context = context.active()): string | undefined {
  const span = trace.getSpanContext(ctx);
  return span && isSpanContextValid(span) ? formatTraceparent(span) : undefined;
}

/** The `traceparent` of a span (recording or not). */
export function spanTraceparent(span: Span): string | undefined {
  const ctx = span.spanContext();
  return isSpanContextValid(ctx) ? formatTraceparent(ctx) : undefined;
}

function formatTraceparent(ctx: SpanContext): string {
  const flags = (ctx.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  return `00-${ctx.traceId}-${ctx.spanId}-${flags}`;
}

export interface StepSpanInput {
  machine: string;
  instanceId: string;
  eventType: string;
  source?: EventSource;
  envelopeId?: string;
  traceparent?: string | null;
}

/** Starts the span of one step; end it after the commit (`endSpan`). */
export function startStepSpan(input: StepSpanInput): Span {
  const parent = contextFromTraceparent(input.traceparent);
  return getTracer().startSpan(
    `orq.step ${input.machine}`,
    {
      kind: input.source === 'kafka' ? SpanKind.CONSUMER : SpanKind.INTERNAL,
      attributes: {
        'orq.machine': input.machine,
        'orq.instance_id': input.instanceId,
        'orq.event_type': input.eventType,
        ...(input.source ? { 'orq.event_source': input.source } : {}),
        ...(input.envelopeId ? { 'orq.envelope_id': input.envelopeId } : {}),
      },
    },
    parent,
  );
}

export interface ActivitySpanInput {
  activityType: string;
  instanceId: string;
  machine?: string;
  attempt: number;
  /** The traceparent stored with the activity (that of the step which started it). */
  traceparent?: string | null;
}

/** Starts the span of one activity attempt, child of the step that started the activity. */
export function startActivitySpan(input: ActivitySpanInput): Span {
  return getTracer().startSpan(
    `orq.activity ${input.activityType}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        'orq.activity_type': input.activityType,
        'orq.instance_id': input.instanceId,
        'orq.attempt': input.attempt,
        ...(input.machine ? { 'orq.machine': input.machine } : {}),
      },
    },
    contextFromTraceparent(input.traceparent),
  );
}

/** Ends a span, recording `error` (if any) as an exception and an error status. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    const err =
      error instanceof Error
        ? error
        : new Error(typeof error === 'string' ? error : (JSON.stringify(error) ?? 'undefined'));
    span.recordException(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  }
  span.end();
}

/** Runs `fn` with `span` active, so logs and child spans inside it belong to it. */
export function withSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}
