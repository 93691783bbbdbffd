/**
 * Pins the log line operators search by: one JSON object per line with `level` as a word, an ISO
 * `time`, `service`, and the instance fields `instanceId`, `machine` and `traceId` bound by
 * `forInstance`; an active span adds its `traceId`/`spanId`, but never a second, conflicting
 * `traceId` on a logger already bound to the envelope's trace.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, forInstance } from './logger.js';
import { startStepSpan, withSpan } from './tracing.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

function capture(level = 'info') {
  const raw: string[] = [];
  const logger = createLogger({
    level,
    name: 'orq-test',
    destination: { write: (line: string) => void raw.push(line) },
  });
  const lines = () => raw.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, raw, lines };
}

beforeAll(() => new NodeTracerProvider().register());
afterAll(() => {
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('createLogger', () => {
  it('writes one JSON object per line with level word, ISO time and service', () => {
    const { logger, raw, lines } = capture();
    logger.info({ batch: 3 }, 'committed');
    expect(raw).toHaveLength(1);
    expect(raw[0]!.endsWith('\n')).toBe(true);
    const [line] = lines();
    expect(line).toMatchObject({ level: 'info', service: 'orq-test', batch: 3, msg: 'committed' });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
  });

  it('drops lines below the level and rejects an unknown level', () => {
    const { logger, lines } = capture('warn');
    logger.info({}, 'hidden');
    logger.warn({}, 'shown');
    expect(lines().map((l) => l.msg)).toEqual(['shown']);
    expect(() => createLogger({ level: 'loud' })).toThrow(/log level must be one of/);
  });

  it('adds the active span trace and span ids', () => {
    const { logger, lines } = capture();
    const span = startStepSpan({ machine: 'order', instanceId: 'i-1', eventType: 'PAID' });
    withSpan(span, () => logger.info({}, 'inside'));
    logger.info({}, 'outside');
    span.end();
    const [inside, outside] = lines();
    expect(inside?.traceId).toBe(span.spanContext().traceId);
    expect(inside?.spanId).toBe(span.spanContext().spanId);
    expect(outside?.traceId).toBeUndefined();
  });
});

describe('forInstance', () => {
  it('binds instanceId, machine and the envelope trace id, for children too', () => {
    const { logger, lines } = capture();
    const bound = forInstance(logger, {
      instanceId: 'i-9',
      machine: 'order',
      traceparent: TRACEPARENT,
    });
    bound.info({}, 'stepped');
    bound.child({ activity: 'charge' }).warn({}, 'retrying');
    for (const line of lines())
      expect(line).toMatchObject({ instanceId: 'i-9', machine: 'order', traceId: TRACE_ID });
    expect(lines()[1]).toMatchObject({ activity: 'charge', level: 'warn' });
  });

  it('writes a single traceId when a span is also active', () => {
    const { logger, raw } = capture();
    const bound = forInstance(logger, {
      instanceId: 'i-9',
      machine: 'order',
      traceparent: TRACEPARENT,
    });
    const span = startStepSpan({ machine: 'order', instanceId: 'i-9', eventType: 'X' });
    withSpan(span, () => bound.info({}, 'stepped'));
    span.end();
    expect(raw[0]!.match(/"traceId"/g)).toHaveLength(1);
    expect(raw[0]).toContain(TRACE_ID);
  });

  it('leaves traceId out when the envelope has no valid traceparent', () => {
    const { logger, lines } = capture();
    forInstance(logger, { instanceId: 'i-1', machine: 'order', traceparent: 'junk' }).info({}, 'x');
    expect(lines()[0]).not.toHaveProperty('traceId');
    expect(lines()[0]).toMatchObject({ instanceId: 'i-1', machine: 'order' });
  });
});
