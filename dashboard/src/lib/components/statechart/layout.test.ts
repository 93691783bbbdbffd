/**
 * Pins the statechart layout on the real graphs the API serves (recorded in src/fixtures): every
 * state is drawn, children sit inside their parent's box, the regions of a parallel state sit side
 * by side, compound states get an initial marker pointing at their initial child, arrows start and
 * end on their states and carry event / guard / delay labels, activities are listed inside their
 * state, and a 50-state machine lays out in well under a second. A broken layout is the first thing
 * a user would see, and the hardest to notice in review.
 */
import { describe, expect, it } from 'vitest';
import approvalGraph from '../../../fixtures/machine-graph.approval.json' with { type: 'json' };
import onboardingGraph from '../../../fixtures/machine-graph.onboarding.json' with { type: 'json' };
import orderGraph from '../../../fixtures/machine-graph.order.json' with { type: 'json' };
import wideGraph from '../../../fixtures/machine-graph.wide.json' with { type: 'json' };
import type { MachineGraph } from '../../api-types.js';
import { layoutMachineGraph, type Box, type ChartLayout } from './layout.js';

const graphs = {
  order: orderGraph as MachineGraph,
  onboarding: onboardingGraph as MachineGraph,
  approval: approvalGraph as MachineGraph,
  wide: wideGraph as MachineGraph,
};

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

const near = (p: { x: number; y: number }, box: Box, slack = 1.5) =>
  p.x >= box.x - slack &&
  p.x <= box.x + box.width + slack &&
  p.y >= box.y - slack &&
  p.y <= box.y + box.height + slack;

function state(layout: ChartLayout, path: string) {
  const s = layout.states.find((x) => x.path === path);
  if (!s) throw new Error(`no state ${path}`);
  return s;
}

describe('layoutMachineGraph', () => {
  it.each(Object.entries(graphs))(
    'draws every state of %s, children inside parents',
    async (_, graph) => {
      const layout = await layoutMachineGraph(graph);
      expect(layout.states.map((s) => s.path).sort()).toEqual(
        graph.nodes.map((n) => n.path).sort(),
      );
      for (const s of layout.states) {
        expect(s.width).toBeGreaterThan(0);
        if (s.parent !== null) expect(inside(s, state(layout, s.parent))).toBe(true);
      }
      const order = layout.states.map((s) => s.path);
      for (const s of layout.states) {
        if (s.parent !== null) expect(order.indexOf(s.parent)).toBeLessThan(order.indexOf(s.path));
      }
    },
  );

  it('puts the regions of a parallel state side by side, dashed', async () => {
    const layout = await layoutMachineGraph(graphs.onboarding);
    const documents = state(layout, 'collecting.documents');
    const check = state(layout, 'collecting.backgroundCheck');
    expect(documents.region && check.region).toBe(true);
    const [left, right] = documents.x < check.x ? [documents, check] : [check, documents];
    expect(left.x + left.width).toBeLessThanOrEqual(right.x);
    // Overlapping vertically: side by side, not stacked.
    expect(left.y < right.y + right.height && right.y < left.y + left.height).toBe(true);
  });

  it('stacks the regions of a parallel state as lanes when the chart flows left to right', async () => {
    const layout = await layoutMachineGraph(graphs.onboarding, { direction: 'RIGHT' });
    const documents = state(layout, 'collecting.documents');
    const check = state(layout, 'collecting.backgroundCheck');
    const [top, bottom] = documents.y < check.y ? [documents, check] : [check, documents];
    expect(top.y + top.height).toBeLessThanOrEqual(bottom.y);
    expect(top.x < bottom.x + bottom.width && bottom.x < top.x + top.width).toBe(true);
  });

  it('marks the initial child of every compound state', async () => {
    const layout = await layoutMachineGraph(graphs.onboarding);
    expect(layout.initials.map((i) => i.parent).sort()).toEqual([
      '',
      'collecting.backgroundCheck',
      'collecting.documents',
    ]);
    const arrow = layout.edges.find((e) => e.kind === 'initial' && e.source === '')!;
    expect(arrow.target).toBe('collecting');
    for (const marker of layout.initials) {
      expect(inside(marker, state(layout, marker.parent))).toBe(true);
    }
  });

  it('routes arrows from their source to their target', async () => {
    const layout = await layoutMachineGraph(graphs.order);
    for (const e of layout.edges) {
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      const from =
        e.kind === 'initial'
          ? layout.initials.find((i) => i.parent === '')!
          : state(layout, e.source);
      expect(near(e.points[0]!, from)).toBe(true);
      expect(near(e.points.at(-1)!, state(layout, e.target))).toBe(true);
    }
  });

  it('labels arrows with the event, guard and delay', async () => {
    const layout = await layoutMachineGraph(graphs.onboarding);
    const labels = layout.edges.flatMap((e) => (e.label ? [e.label] : []));
    expect(labels).toEqual(
      expect.arrayContaining([
        'DocumentUploaded',
        'after 24h',
        'after 168h',
        'done: backgroundCheck [isClear]',
        'done',
      ]),
    );
    for (const e of layout.edges.filter((x) => x.label)) {
      expect(e.labelBox!.width).toBeGreaterThan(0);
      expect(inside(e.labelBox!, { x: 0, y: 0, width: layout.width, height: layout.height })).toBe(
        true,
      );
    }
  });

  it('lists invoked activities inside their state', async () => {
    const layout = await layoutMachineGraph(graphs.order);
    expect(state(layout, 'reserving').details).toEqual(['⚙ reserveStock']);
  });

  it('shows guards on the arrows of the approval machine', async () => {
    const layout = await layoutMachineGraph(graphs.approval);
    expect(layout.edges.some((e) => e.label === 'Reject [hasReason]')).toBe(true);
  });

  it('lays out a 50-state machine quickly', async () => {
    expect(graphs.wide.nodes.length).toBeGreaterThanOrEqual(50);
    await layoutMachineGraph(graphs.order); // warm up ELK
    const started = performance.now();
    const layout = await layoutMachineGraph(graphs.wide);
    const elapsedMs = performance.now() - started;
    expect(layout.states).toHaveLength(graphs.wide.nodes.length);
    expect(elapsedMs).toBeLessThan(1_500);
  });
});
