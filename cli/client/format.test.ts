/**
 * Pins the human-readable output of the client commands: aligned tables that cut long cells,
 * nested and parallel state values flattened to dotted leaves, UTC timestamps, and one line per
 * live transition.
 */
import { describe, expect, it } from 'vitest';
import { formatStateValue, formatTable, formatTimestamp, formatFields } from './format.js';
import { formatTransitionLine } from './commands/watch.js';

describe('formatTable', () => {
  it('aligns columns under their headers, right-aligning numbers', () => {
    const table = formatTable(
      [
        { header: 'NAME', value: (r: { n: string; c: number }) => r.n },
        { header: 'COUNT', value: (r) => String(r.c), align: 'right' },
      ],
      [
        { n: 'order', c: 7 },
        { n: 'onboarding', c: 1200 },
      ],
    );
    expect(table.split('\n')).toEqual([
      'NAME        COUNT',
      'order           7',
      'onboarding   1200',
    ]);
  });

  it('cuts cells longer than their column allows', () => {
    const table = formatTable(
      [{ header: 'K', value: (r: string) => r, maxWidth: 5 }],
      ['abcdefgh'],
    );
    expect(table.split('\n')[1]).toBe('abcd…');
  });

  it('says (none) for no rows', () => {
    expect(formatTable([{ header: 'A', value: (r: string) => r }], [])).toBe('(none)');
  });
});

describe('formatStateValue', () => {
  it('flattens nested and parallel values to dotted leaves', () => {
    expect(formatStateValue('open')).toBe('open');
    expect(formatStateValue({ payment: 'awaiting' })).toBe('payment.awaiting');
    expect(formatStateValue({ work: { review: 'pending' }, sla: 'running' })).toBe(
      'work.review.pending, sla.running',
    );
    expect(formatStateValue(null)).toBe('-');
  });
});

describe('times and fields', () => {
  it('prints timestamps in UTC to the second', () => {
    expect(formatTimestamp('2026-03-04T05:06:07.890Z')).toBe('2026-03-04 05:06:07');
    expect(formatTimestamp(undefined)).toBe('-');
  });

  it('aligns a label/value block', () => {
    expect(
      formatFields([
        ['Id', '1'],
        ['Status', 'active'],
      ]),
    ).toBe('Id      1\nStatus  active');
  });
});

describe('formatTransitionLine', () => {
  it('shows time, machine, instance, seq, event, from → to and a non-active status', () => {
    const line = formatTransitionLine({
      type: 'orq.transition',
      instanceId: 'i-1',
      machine: 'order',
      version: 2,
      seq: 3,
      event: { type: 'PAY' },
      from: { payment: 'awaiting' },
      to: 'done',
      status: 'done',
      at: '2026-03-04T05:06:07.890Z',
      position: '99',
      contextChanges: [],
    });
    expect(line).toBe('05:06:07.890  order v2  i-1  #3  PAY: payment.awaiting → done  [done]');
  });
});
