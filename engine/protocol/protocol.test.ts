/**
 * Pins the wire format workers in any language rely on (docs/protocol.md): a task or result with
 * every documented field parses; a missing or mistyped field is refused with the field's name; and
 * the header names the engine publishes with are the ones the protocol documents.
 */
import { describe, expect, it } from 'vitest';
import * as transport from '../transport/transport.js';
import {
  HEADER_INSTANCE_ID,
  HEADER_MESSAGE_ID,
  HEADER_TRACEPARENT,
  parseResultMessage,
  parseTaskMessage,
  taskTopicFor,
} from './index.js';

const task = {
  protocol: 1,
  kind: 'orq.task',
  activityId: 'i-1:reserveStock:2',
  activityType: 'reserveStock',
  attempt: 1,
  instanceId: 'i-1',
  machine: 'order',
  input: { orderId: 'o-1' },
  timeoutMs: 10_000,
  deadlineMs: 1_790_000_000_000,
  replyTo: 'orq.activity.results',
};

describe('task message', () => {
  it('parses a task with every documented field', () => {
    expect(parseTaskMessage(JSON.parse(JSON.stringify(task)))).toEqual(task);
  });

  it.each([
    ['activityId', { activityId: '' }, '"activityId" must be a non-empty string'],
    ['attempt', { attempt: 0 }, '"attempt" must be a positive integer'],
    ['timeoutMs', { timeoutMs: 'soon' }, '"timeoutMs" must be a positive integer'],
    ['deadlineMs', { deadlineMs: null }, '"deadlineMs" must be a number'],
    ['kind', { kind: 'orq.result' }, '"kind" must be "orq.task"'],
    ['protocol', { protocol: 2 }, '"protocol" must be 1, got 2'],
  ])('refuses a bad %s, naming it', (_field, patch, message) => {
    expect(() => parseTaskMessage({ ...task, ...patch })).toThrow(message);
  });

  it('refuses a task without input and a value that is not an object', () => {
    const { input: _input, ...noInput } = task;
    expect(() => parseTaskMessage(noInput)).toThrow('"input" is missing');
    expect(() => parseTaskMessage([task])).toThrow('task must be a JSON object');
  });
});

describe('result message', () => {
  const base = { protocol: 1, kind: 'orq.result', activityId: 'a', attempt: 2 };

  it('parses a success and a failure with its retriable flag', () => {
    expect(parseResultMessage({ ...base, ok: true, output: { id: 1 } })).toEqual({
      ...base,
      ok: true,
      output: { id: 1 },
    });
    expect(
      parseResultMessage({
        ...base,
        ok: false,
        error: { code: 'CARD_DECLINED', message: 'no', retriable: false },
      }),
    ).toEqual({
      ...base,
      ok: false,
      error: { code: 'CARD_DECLINED', message: 'no', retriable: false },
    });
  });

  it('defaults a missing output to null and refuses a failure without an error code', () => {
    expect(parseResultMessage({ ...base, ok: true })).toMatchObject({ output: null });
    expect(() => parseResultMessage({ ...base, ok: false, error: { message: 'x' } })).toThrow(
      '"code" must be a non-empty string',
    );
    expect(() => parseResultMessage({ ...base, ok: 'yes' })).toThrow('"ok" must be true or false');
  });
});

describe('names', () => {
  it('uses the header names the engine publishes with', () => {
    expect(HEADER_MESSAGE_ID).toBe(transport.HEADER_MESSAGE_ID);
    expect(HEADER_INSTANCE_ID).toBe(transport.HEADER_INSTANCE_ID);
    expect(HEADER_TRACEPARENT).toBe(transport.HEADER_TRACEPARENT);
  });

  it('names task topics by activity type', () => {
    expect(taskTopicFor('chargePayment')).toBe('orq.tasks.chargePayment');
  });
});
