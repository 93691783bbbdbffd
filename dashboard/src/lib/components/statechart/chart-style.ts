/**
 * How each state and arrow of the chart looks, from what the view overlays on it: an instance's
 * current states, the path it took and the arrows it followed (instance view), or live counts and
 * times in state (machine view heatmap). Kept out of the markup so the rules are tested.
 */
import type { InstanceStatus, StateStats } from '../../api-types.js';
import { formatDurationMs } from '../../utilities/format-duration.js';
import { heatColor } from '../../utilities/heat-scale.js';
import type { ChartEdge, ChartState } from './layout.js';

export interface ChartHighlight {
  /** Active state paths (ancestors included). */
  current: ReadonlySet<string>;
  visited: ReadonlySet<string>;
  /** Edge id → times followed. */
  traversed: ReadonlyMap<string, number>;
  lastEdges: ReadonlySet<string>;
  /** Colours the current states: an instance's status. */
  tone: InstanceStatus;
}

export interface StateLook {
  fill: string;
  stroke: string;
  strokeWidth: number;
  text: string;
  /** 'current' | 'visited' | 'idle', for tests and styling hooks. */
  mark: 'current' | 'visited' | 'idle';
  /** Heatmap: instances in the state now (null without heatmap). */
  count: number | null;
  /** Heatmap: 'p50 1.2 s · p95 8 s', or null. */
  times: string | null;
}

const IDLE = { stroke: 'var(--state-stroke)', text: 'var(--text)' };

export function stateLook(
  state: ChartState,
  options: {
    highlight?: ChartHighlight | null;
    heat?: ReadonlyMap<string, StateStats> | null;
    maxCount?: number;
  },
): StateLook {
  const baseFill = state.container ? 'var(--container-fill)' : 'var(--state-fill)';
  const { highlight, heat } = options;
  if (highlight) {
    const tone = `var(--status-${highlight.tone})`;
    if (highlight.current.has(state.path)) {
      return {
        fill: state.container ? baseFill : `var(--status-${highlight.tone}-soft)`,
        stroke: tone,
        strokeWidth: state.container ? 2 : 2.5,
        text: 'var(--text)',
        mark: 'current',
        count: null,
        times: null,
      };
    }
    if (highlight.visited.has(state.path)) {
      return {
        fill: state.container ? baseFill : 'var(--visited-fill)',
        stroke: 'var(--visited-stroke)',
        strokeWidth: 1.5,
        text: 'var(--text)',
        mark: 'visited',
        count: null,
        times: null,
      };
    }
    return { fill: baseFill, ...IDLE, strokeWidth: 1, mark: 'idle', count: null, times: null };
  }
  if (heat) {
    const stats = heat.get(state.path);
    const count = stats?.current ?? 0;
    const times =
      stats && (stats.p50Ms !== null || stats.p95Ms !== null)
        ? `p50 ${formatDurationMs(stats.p50Ms)} · p95 ${formatDurationMs(stats.p95Ms)}`
        : null;
    if (state.container) {
      return { fill: baseFill, ...IDLE, strokeWidth: 1, mark: 'idle', count, times };
    }
    const color = heatColor(count, options.maxCount ?? count);
    return {
      fill: color.intensity > 0 ? color.fill : baseFill,
      stroke: color.intensity > 0 ? 'var(--heat-stroke)' : IDLE.stroke,
      strokeWidth: 1,
      text: color.intensity > 0 ? color.text : IDLE.text,
      mark: 'idle',
      count,
      times,
    };
  }
  return { fill: baseFill, ...IDLE, strokeWidth: 1, mark: 'idle', count: null, times: null };
}

/** The busiest leaf state's count (containers repeat their children's instances). */
export function maxLeafCount(
  states: readonly ChartState[],
  heat: ReadonlyMap<string, StateStats>,
): number {
  let max = 0;
  for (const s of states) if (!s.container) max = Math.max(max, heat.get(s.path)?.current ?? 0);
  return max;
}

export interface EdgeLook {
  stroke: string;
  width: number;
  dashed: boolean;
  mark: 'last' | 'taken' | 'idle';
  marker: 'arrow' | 'arrow-taken' | 'arrow-last';
}

export function edgeLook(edge: ChartEdge, highlight?: ChartHighlight | null): EdgeLook {
  const dashed = edge.kind === 'always';
  if (edge.kind === 'initial') {
    return {
      stroke: 'var(--edge-initial)',
      width: 1.25,
      dashed: false,
      mark: 'idle',
      marker: 'arrow',
    };
  }
  if (highlight?.lastEdges.has(edge.edgeId)) {
    return { stroke: 'var(--accent)', width: 2.5, dashed, mark: 'last', marker: 'arrow-last' };
  }
  if (highlight?.traversed.has(edge.edgeId)) {
    return { stroke: 'var(--edge-taken)', width: 2, dashed, mark: 'taken', marker: 'arrow-taken' };
  }
  const stroke = edge.kind === 'error' ? 'var(--status-failed)' : 'var(--edge)';
  return { stroke, width: 1.25, dashed, mark: 'idle', marker: 'arrow' };
}

/** SVG path through the points, with small rounded corners at bends. */
export function edgePath(points: ReadonlyArray<{ x: number; y: number }>, radius = 6): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i]!;
    const next = rest[i + 1];
    const prev = i === 0 ? first : rest[i - 1]!;
    if (!next) {
      d += ` L${p.x},${p.y}`;
      break;
    }
    const r = Math.min(radius, dist(prev, p) / 2, dist(p, next) / 2);
    const a = towards(p, prev, r);
    const b = towards(p, next, r);
    d += ` L${a.x},${a.y} Q${p.x},${p.y} ${b.x},${b.y}`;
  }
  return d;
}

function dist(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function towards(from: { x: number; y: number }, to: { x: number; y: number }, r: number) {
  const d = dist(from, to) || 1;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    x: round(from.x + ((to.x - from.x) * r) / d),
    y: round(from.y + ((to.y - from.y) * r) / d),
  };
}
