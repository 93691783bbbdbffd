/**
 * Trace context in Kafka record headers (STYLE §18). kafkajs headers are `Buffer | string` (or
 * arrays of them, for repeated keys); the propagator wants strings. The getter decodes, the setter
 * writes strings, and lookups fall back to a case-insensitive match because other clients may
 * write `Traceparent`.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

type HeaderValue = IHeaders[string];

function decode(value: HeaderValue): string | string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  return typeof value === 'string' ? value : value.toString('utf8');
}

export const kafkaHeadersGetter: TextMapGetter<IHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    if (carrier[key] !== undefined) return decode(carrier[key]);
    const lower = key.toLowerCase();
    const found = Object.keys(carrier).find((k) => k.toLowerCase() === lower);
    return found === undefined ? undefined : decode(carrier[found]);
  },
};

export const kafkaHeadersSetter: TextMapSetter<IHeaders> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

/** Writes the trace context of `ctx` (`traceparent`, `tracestate`) into `headers`; returns them. */
export function injectTraceparent(headers: IHeaders, ctx: Context = context.active()): IHeaders {
  propagation.inject(ctx, headers, kafkaHeadersSetter);
  return headers;
}

/** The trace context carried by a record's headers (ROOT_CONTEXT-based when there is none). */
export function extractContext(
  headers: IHeaders | undefined,
  parent: Context = ROOT_CONTEXT,
): Context {
  return headers ? propagation.extract(parent, headers, kafkaHeadersGetter) : parent;
}
