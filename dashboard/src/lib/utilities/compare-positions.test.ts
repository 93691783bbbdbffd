/**
 * Pins the ordering of stream positions. The stream client drops anything at or before the last
 * position it saw (replays overlap live delivery after a reconnect); comparing the decimal strings
 * as text would put '10' before '9' and drop real transitions.
 */
import { describe, expect, it } from 'vitest';
import { comparePositions, isAfter } from './compare-positions.js';

describe('comparePositions', () => {
  it('orders by numeric value, not text', () => {
    expect(comparePositions('9', '10')).toBe(-1);
    expect(comparePositions('100', '99')).toBe(1);
    expect(comparePositions('42', '42')).toBe(0);
  });

  it('handles positions beyond Number.MAX_SAFE_INTEGER', () => {
    expect(comparePositions('9007199254740993', '9007199254740992')).toBe(1);
  });

  it('ignores leading zeros', () => {
    expect(comparePositions('007', '7')).toBe(0);
  });
});

describe('isAfter', () => {
  it('treats every position as after null', () => {
    expect(isAfter('1', null)).toBe(true);
  });

  it('is false for the same or an older position', () => {
    expect(isAfter('5', '5')).toBe(false);
    expect(isAfter('4', '5')).toBe(false);
    expect(isAfter('6', '5')).toBe(true);
  });
});
