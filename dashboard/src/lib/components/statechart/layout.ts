/**
 * Lays out a machine's statechart with ELK and returns absolute, ready-to-draw geometry: state
 * boxes (containers before their children), initial markers, and arrows as polylines with their
 * label boxes. Pure apart from ELK itself; the result is cached per machine version by the caller.
 */
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphEdgeKind, GraphInvoke, GraphNodeType, MachineGraph } from '../../api-types.js';
import {
  edgeText,
  initialId,
  ROOT_ID,
  stateDetails,
  stateId,
  title,
  toElkGraph,
  type ElkGraphOptions,
} from './elk-graph.js';

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartState extends Box {
  path: string;
  title: string;
  type: GraphNodeType;
  parent: string | null;
  depth: number;
  /** Has children drawn inside it. */
  container: boolean;
  /** A region of a parallel state (drawn dashed, side by side with its siblings). */
  region: boolean;
  invokes: GraphInvoke[];
  details: string[];
  description: string | null;
}

export interface ChartEdge {
  /** Unique per drawn arrow. */
  id: string;
  /** The transition it draws (GraphEdge.id), or `init:<path>` for an initial arrow. */
  edgeId: string;
  kind: GraphEdgeKind | 'initial';
  source: string;
  target: string;
  label: string | null;
  points: Point[];
  labelBox: Box | null;
}

export interface ChartInitial extends Box {
  /** The compound state whose initial child the marker points at. */
  parent: string;
}

export interface ChartLayout {
  width: number;
  height: number;
  states: ChartState[];
  edges: ChartEdge[];
  initials: ChartInitial[];
}

let elkInstance: Promise<ELK> | null = null;

/**
 * ELK is 1.4 MB of JavaScript: loaded on first use, in its own chunk, so the tables and the rest
 * of the app render before it arrives. (The package is CommonJS whose export is also its own
 * `default`, hence the double `.default` that satisfies both the types and every bundler.)
 */
function loadElk(): Promise<ELK> {
  elkInstance ??= import('elkjs/lib/elk.bundled.js').then((mod) => new mod.default.default());
  return elkInstance;
}

export async function layoutMachineGraph(
  graph: MachineGraph,
  options: ElkGraphOptions = {},
): Promise<ChartLayout> {
  const elk = await loadElk();
  const input = toElkGraph(graph, options);
  let output: ElkNode;
  try {
    output = await elk.layout(input);
  } catch {
    // Arrows between a state and its own ancestor can defeat the hierarchical router; draw the
    // chart without them rather than not at all.
    output = await elk.layout(withoutNestedEdges(input, graph));
  }
  return fromElk(output, graph);
}

function withoutNestedEdges(input: ElkNode, graph: MachineGraph): ElkNode {
  const byId = new Map(graph.edges.map((e) => [e.id, e]));
  const nested = (e: ElkExtendedEdge) => {
    const g = byId.get(e.id.split('#')[0] ?? '');
    if (!g) return false;
    return g.targets.some((t) => t.startsWith(`${g.source}.`) || g.source.startsWith(`${t}.`));
  };
  return { ...input, edges: (input.edges ?? []).filter((e) => !nested(e)) };
}

export function fromElk(root: ElkNode, graph: MachineGraph): ChartLayout {
  const nodes = new Map(graph.nodes.map((n) => [n.path, n]));
  const offsets = new Map<string, Point>([[ROOT_ID, { x: 0, y: 0 }]]);
  const states: ChartState[] = [];
  const initials: ChartInitial[] = [];
  const elkEdges: Array<{ edge: ElkExtendedEdge; declaredIn: string }> = [];

  const walk = (node: ElkNode, origin: Point, depth: number) => {
    for (const e of node.edges ?? []) elkEdges.push({ edge: e, declaredIn: node.id });
    for (const child of node.children ?? []) {
      const abs = { x: origin.x + (child.x ?? 0), y: origin.y + (child.y ?? 0) };
      offsets.set(child.id, abs);
      const box = { ...abs, width: child.width ?? 0, height: child.height ?? 0 };
      if (child.id.startsWith('i:')) {
        initials.push({ ...box, parent: child.id.slice(2) });
      } else {
        const path = child.id.slice(2);
        const g = nodes.get(path);
        if (g) {
          const parent = g.parent === null ? null : nodes.get(g.parent);
          states.push({
            ...box,
            path,
            title: title(g, graph.machine),
            type: g.type,
            parent: g.parent,
            depth,
            container: g.children.length > 0,
            region: parent?.type === 'parallel',
            invokes: g.invoke,
            details: stateDetails(g, graph.edges),
            description: g.description,
          });
        }
      }
      walk(child, abs, depth + 1);
    }
  };
  walk(root, { x: 0, y: 0 }, 0);

  const graphEdges = new Map(graph.edges.map((e) => [e.id, e]));
  const edges: ChartEdge[] = elkEdges.map(({ edge, declaredIn }) => {
    const origin = offsets.get(edge.container ?? declaredIn) ?? { x: 0, y: 0 };
    const shift = (p: Point): Point => ({ x: p.x + origin.x, y: p.y + origin.y });
    const points: Point[] = [];
    for (const section of edge.sections ?? []) {
      points.push(
        shift(section.startPoint),
        ...(section.bendPoints ?? []).map(shift),
        shift(section.endPoint),
      );
    }
    const label = edge.labels?.[0];
    const isInitial = edge.id.startsWith('init:');
    const g = graphEdges.get(edge.id.split('#')[0] ?? '');
    return {
      id: edge.id,
      edgeId: isInitial ? edge.id : (g?.id ?? edge.id),
      kind: isInitial ? 'initial' : (g?.kind ?? 'event'),
      source: (edge.sources[0] ?? '').slice(2),
      target: (edge.targets[0] ?? '').slice(2),
      label: label ? (label.text ?? (g ? edgeText(g, graph.machine) : null)) : null,
      points,
      labelBox: label
        ? {
            ...shift({ x: label.x ?? 0, y: label.y ?? 0 }),
            width: label.width ?? 0,
            height: label.height ?? 0,
          }
        : null,
    };
  });

  return {
    width: Math.ceil(root.width ?? 0),
    height: Math.ceil(root.height ?? 0),
    states,
    edges,
    initials,
  };
}

export { initialId, stateId };
