/**
 * The process's structured JSON logger (pino). Every line carries `level` (as a word), `time`
 * (ISO 8601), `service`, and — when an OpenTelemetry span is active — `traceId` and `spanId`, so a
 * log line can be found from a trace and the other way round. `forInstance()` binds the fields
 * operators filter by: `instanceId`, `machine`, and the trace id of the envelope being stepped.
 *
 * Only `@opentelemetry/api` is used here (STYLE §18): without an SDK there is no active span and
 * the trace fields are simply absent.
 */
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Logger } from '../logger.js';
import { traceIdOf } from './traceparent.js';

export interface LoggerOptions {
  /** pino level: trace, debug, info, warn, error, fatal or silent. @default 'info' */
  level?: string;
  /** Written to every line as `service`. @default 'orquestador' */
  name?: string;
  /** Where lines go. @default stdout (fd 1) */
  destination?: DestinationStream;
}

/** Set on a child that already carries a `traceId`; inherited by its children (pino children are prototype-chained). */
const TRACE_BOUND = Symbol('orq.traceBound');

export function createLogger(options: LoggerOptions = {}): PinoLogger {
  const level = options.level ?? 'info';
  if (!(level in pino.levels.values) && level !== 'silent') {
    throw new Error(
      `log level must be one of ${Object.keys(pino.levels.values).join(', ')}, silent; got "${level}"`,
    );
  }
  return pino(
    {
      level,
      base: { service: options.name ?? 'orquestador', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: (_obj, _level, logger) => {
        if ((logger as unknown as Record<symbol, unknown>)[TRACE_BOUND]) return {};
        const ctx = trace.getActiveSpan()?.spanContext();
        return ctx && isSpanContextValid(ctx) ? { traceId: ctx.traceId, spanId: ctx.spanId } : {};
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

export interface InstanceLogFields {
  instanceId: string;
  machine: string;
  /** The W3C `traceparent` of the envelope; its trace id is bound as `traceId`. */
  traceparent?: string | null;
}

/** A child logger for one instance: binds `instanceId`, `machine` and, when known, `traceId`. */
export function forInstance(logger: Logger, fields: InstanceLogFields): Logger {
  const traceId = traceIdOf(fields.traceparent);
  const child = logger.child({
    instanceId: fields.instanceId,
    machine: fields.machine,
    ...(traceId ? { traceId } : {}),
  });
  if (traceId && child !== logger)
    (child as unknown as Record<symbol, unknown>)[TRACE_BOUND] = true;
  return child;
}
