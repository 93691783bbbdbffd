/**
 * Pins how state values become the state paths the chart highlights and the filters match. The
 * dashboard must agree with the engine's `statePaths` convention, or a highlighted state and the
 * instance table's state filter would disagree for nested and parallel states.
 */
import { describe, expect, it } from 'vitest';
import { describeStateValue, leafPaths, stateValueToPaths } from './state-value-paths.js';

const parallelValue = { collecting: { documents: 'waiting', backgroundCheck: 'running' } };

describe('stateValueToPaths', () => {
  it('returns the one path of a flat state', () => {
    expect(stateValueToPaths('awaitingPayment')).toEqual(['awaitingPayment']);
  });

  it('includes every ancestor of nested and parallel states', () => {
    expect(stateValueToPaths(parallelValue)).toEqual([
      'collecting',
      'collecting.documents',
      'collecting.documents.waiting',
      'collecting.backgroundCheck',
      'collecting.backgroundCheck.running',
    ]);
  });

  it('returns nothing for a missing value', () => {
    expect(stateValueToPaths(null)).toEqual([]);
  });
});

describe('leafPaths', () => {
  it('keeps only the deepest active states', () => {
    expect(leafPaths(parallelValue)).toEqual([
      'collecting.documents.waiting',
      'collecting.backgroundCheck.running',
    ]);
  });
});

describe('describeStateValue', () => {
  it('joins the leaves', () => {
    expect(describeStateValue({ review: 'pending' })).toBe('review.pending');
    expect(describeStateValue(undefined)).toBe('—');
  });
});
