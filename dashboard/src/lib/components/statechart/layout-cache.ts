/**
 * Layouts are computed once per machine version (and per variant: direction, with or without the
 * heatmap's figures line), then reused by every view and redraw: live updates only restyle the chart.
 */
import type { MachineGraph } from '../../api-types.js';
import type { ElkGraphOptions } from './elk-graph.js';
import { layoutMachineGraph, type ChartLayout } from './layout.js';

const MAX_ENTRIES = 24;
const cache = new Map<string, Promise<ChartLayout>>();

export function cachedLayout(
  graph: MachineGraph,
  options: ElkGraphOptions = {},
): Promise<ChartLayout> {
  const key = `${graph.machine}@${graph.version}:${options.direction ?? 'DOWN'}${options.statsLine ? ':stats' : ''}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = layoutMachineGraph(graph, options);
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  return entry;
}
