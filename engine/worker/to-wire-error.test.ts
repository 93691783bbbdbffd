/**
 * Pins what a worker reports when its handler throws (docs/protocol.md): a TaskError keeps its code,
 * retriable flag and details; programmer errors are never retried; other errors are retried and
 * named by their code or name.
 */
import { describe, expect, it } from 'vitest';
import { TaskError } from './task-error.js';
import { toWireError } from './to-wire-error.js';

describe('toWireError', () => {
  it('keeps a TaskError as thrown', () => {
    expect(
      toWireError(
        new TaskError('CARD_DECLINED', 'declined', { retriable: false, details: { a: 1 } }),
      ),
    ).toEqual({ code: 'CARD_DECLINED', message: 'declined', retriable: false, details: { a: 1 } });
  });

  it('never retries programmer errors and retries the rest', () => {
    expect(toWireError(new TypeError('x is undefined'))).toMatchObject({
      code: 'TypeError',
      retriable: false,
    });
    const econn = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toWireError(econn)).toMatchObject({ code: 'ECONNREFUSED', retriable: true });
    expect(toWireError('boom')).toEqual({ code: 'Error', message: 'boom', retriable: true });
  });
});
