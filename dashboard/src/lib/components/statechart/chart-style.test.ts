/**
 * Pins what the chart overlays mean visually: an instance's current state takes its status colour
 * (a failed instance's state is red, not "active" blue), the path taken is marked apart from states
 * never visited, the last arrow followed stands out from earlier ones, and the heatmap shows counts
 * and p50/p95 with the busiest leaf state as the top of the scale.
 */
import { describe, expect, it } from 'vitest';
import type { StateStats } from '../../api-types.js';
import { edgeLook, edgePath, maxLeafCount, stateLook, type ChartHighlight } from './chart-style.js';
import type { ChartEdge, ChartState } from './layout.js';

const state = (path: string, container = false): ChartState => ({
  path,
  title: path,
  type: container ? 'compound' : 'atomic',
  parent: null,
  depth: 1,
  container,
  region: false,
  invokes: [],
  details: [],
  description: null,
  x: 0,
  y: 0,
  width: 100,
  height: 40,
});

const edge = (edgeId: string, kind: ChartEdge['kind'] = 'event'): ChartEdge => ({
  id: `${edgeId}#0`,
  edgeId,
  kind,
  source: 'a',
  target: 'b',
  label: 'E',
  points: [],
  labelBox: null,
});

const highlight: ChartHighlight = {
  current: new Set(['charging']),
  visited: new Set(['reserving', 'charging']),
  traversed: new Map([
    ['e1', 1],
    ['e2', 1],
  ]),
  lastEdges: new Set(['e2']),
  tone: 'failed',
};

describe('stateLook with an instance highlight', () => {
  it('colours the current state with the instance status', () => {
    const look = stateLook(state('charging'), { highlight });
    expect(look.mark).toBe('current');
    expect(look.stroke).toBe('var(--status-failed)');
    expect(look.fill).toBe('var(--status-failed-soft)');
  });

  it('marks visited states apart from the others', () => {
    expect(stateLook(state('reserving'), { highlight }).mark).toBe('visited');
    expect(stateLook(state('shipping'), { highlight }).mark).toBe('idle');
  });
});

describe('stateLook with the heatmap', () => {
  const heat = new Map<string, StateStats>([
    [
      'awaitingPayment',
      { state: 'awaitingPayment', current: 40, p50Ms: 1_200, p95Ms: 61_000, oldestMs: 90_000 },
    ],
    ['charging', { state: 'charging', current: 4, p50Ms: 300, p95Ms: null, oldestMs: 400 }],
    ['review', { state: 'review', current: 500, p50Ms: 10, p95Ms: 20, oldestMs: 30 }],
  ]);

  it('shows the count and the p50/p95 times', () => {
    const look = stateLook(state('awaitingPayment'), { heat, maxCount: 40 });
    expect(look.count).toBe(40);
    expect(look.times).toBe('p50 1.2 s · p95 1 m 01 s');
    expect(look.text).toBe('#fff');
  });

  it('leaves an empty state unheated, with a zero count', () => {
    const look = stateLook(state('shipping'), { heat, maxCount: 40 });
    expect(look.count).toBe(0);
    expect(look.fill).toBe('var(--state-fill)');
    expect(look.times).toBeNull();
  });

  it('scales against the busiest leaf, not a container that sums its children', () => {
    expect(
      maxLeafCount([state('awaitingPayment'), state('charging'), state('review', true)], heat),
    ).toBe(40);
  });
});

describe('edgeLook', () => {
  it('makes the last arrow followed stand out from earlier ones', () => {
    expect(edgeLook(edge('e2'), highlight).mark).toBe('last');
    expect(edgeLook(edge('e1'), highlight).mark).toBe('taken');
    expect(edgeLook(edge('e3'), highlight).mark).toBe('idle');
  });

  it('dashes eventless transitions and reddens error arrows', () => {
    expect(edgeLook(edge('e4', 'always')).dashed).toBe(true);
    expect(edgeLook(edge('e5', 'error')).stroke).toBe('var(--status-failed)');
  });
});

describe('edgePath', () => {
  it('rounds the corners of a bent arrow', () => {
    expect(
      edgePath([
        { x: 0, y: 0 },
        { x: 0, y: 100 },
        { x: 100, y: 100 },
      ]),
    ).toBe('M0,0 L0,94 Q0,100 6,100 L100,100');
  });

  it('draws a straight arrow as one segment', () => {
    expect(
      edgePath([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ]),
    ).toBe('M0,0 L10,0');
  });
});
