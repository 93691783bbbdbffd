/**
 * MachineGraph → the input graph of ELK's layered algorithm, with the hierarchy kept: compound
 * and parallel states are ELK nodes with children (one layout across levels,
 * `hierarchyHandling: INCLUDE_CHILDREN`, so arrows between nested states are routed properly), the
 * machine's root is the outer frame, every compound state gets an initial marker (a small node
 * with an arrow to its initial child), and arrows carry sized labels that ELK places.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphEdge, GraphNode, MachineGraph } from '../../api-types.js';
import {
  atomicSize,
  CONTAINER_PADDING,
  containerHeaderHeight,
  edgeLabelSize,
  INITIAL_MARKER_SIZE,
  textWidth,
} from './measure.js';

export const ROOT_ID = 'elk-root';
export const stateId = (path: string) => `s:${path}`;
export const initialId = (path: string) => `i:${path}`;

/** Detail lines drawn inside a state: invoked activities, then targetless transitions. */
export function stateDetails(node: GraphNode, edges: readonly GraphEdge[]): string[] {
  const invokes = node.invoke.map((inv) => `${inv.activity ? '⚙' : '↻'} ${inv.src}`);
  const internal = edges
    .filter((e) => e.source === node.path && e.targets.length === 0)
    .map((e) => `↺ ${e.label}`);
  return [...invokes, ...internal];
}

/** The text on an arrow: the graph's label, with XState's internal event names shortened. */
export function edgeText(edge: GraphEdge, machineId: string): string {
  if (edge.kind === 'done' && edge.event === `xstate.done.state.${machineId}.${edge.source}`) {
    return edge.guard ? `done [${edge.guard}]` : 'done';
  }
  return edge.label;
}

export function title(node: GraphNode, machineId: string): string {
  return node.path === '' ? machineId : node.key;
}

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '3',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.semiInteractive': 'false',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.padding': '[top=8,left=8,bottom=8,right=8]',
};

export type ChartDirection = 'DOWN' | 'RIGHT';

export interface ElkGraphOptions {
  /** Reserve a line in every state for heatmap figures (count, p50, p95). */
  statsLine?: boolean;
  /** Flow of the chart: top-down, or left-to-right (parallel regions then stack as lanes). @default 'DOWN' */
  direction?: ChartDirection;
}

/** Widest heatmap figures line of a container: '1,234 here · p50 59 m 59 s · p95 59 m 59 s'. */
export const CONTAINER_STATS_TEXT = '1,234 here · p50 59 m 59 s · p95 59 m 59 s';

export function toElkGraph(graph: MachineGraph, options: ElkGraphOptions = {}): ElkNode {
  const byPath = new Map(graph.nodes.map((n) => [n.path, n]));
  const edges: ElkExtendedEdge[] = [];

  const build = (node: GraphNode): ElkNode => {
    const details = stateDetails(node, graph.edges);
    const name = title(node, graph.machine);
    if (node.children.length === 0) {
      const size = atomicSize(
        name,
        options.statsLine ? [...details, 'p50 00.0 s · p95 00.0 s'] : details,
      );
      return { id: stateId(node.path), ...size };
    }
    const children = node.children.flatMap((p) => {
      const child = byPath.get(p);
      return child ? [build(child)] : [];
    });
    if (node.initial) {
      children.unshift({
        id: initialId(node.path),
        width: INITIAL_MARKER_SIZE,
        height: INITIAL_MARKER_SIZE,
      });
      edges.push({
        id: `init:${node.path}`,
        sources: [initialId(node.path)],
        targets: [stateId(node.initial)],
      });
    }
    const header = containerHeaderHeight(
      options.statsLine ? [...details, CONTAINER_STATS_TEXT] : details,
    );
    const minWidth = Math.max(
      textWidth(name, 'state') + (node.type === 'parallel' ? 20 : 0),
      options.statsLine ? textWidth(CONTAINER_STATS_TEXT, 'detail') : 0,
      ...details.map((d) => textWidth(d, 'detail')),
    );
    return {
      id: stateId(node.path),
      children,
      layoutOptions: {
        'elk.padding': `[top=${header},left=${CONTAINER_PADDING},bottom=${CONTAINER_PADDING},right=${CONTAINER_PADDING}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${minWidth + 2 * CONTAINER_PADDING}, ${header + 24})`,
      },
    };
  };

  for (const edge of graph.edges) {
    const text = edgeText(edge, graph.machine);
    edge.targets.forEach((target, i) => {
      if (!byPath.has(target) || !byPath.has(edge.source)) return;
      edges.push({
        id: `${edge.id}#${i}`,
        sources: [stateId(edge.source)],
        targets: [stateId(target)],
        // One label per transition, on its first arrow.
        ...(i === 0 ? { labels: [{ id: `${edge.id}#label`, text, ...edgeLabelSize(text) }] } : {}),
      });
    });
  }

  const root = byPath.get('');
  return {
    id: ROOT_ID,
    layoutOptions: { ...ROOT_OPTIONS, 'elk.direction': options.direction ?? 'DOWN' },
    children: root ? [build(root)] : [],
    edges,
  };
}
