/**
 * Statechart → serializable graph for the visualizer. Built by walking XState's StateNode tree
 * (not `machine.toJSON()`, which omits `always` transitions: xstate#5160).
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import type { AcceptedEvent } from '../types.js';

export type GraphNodeType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface GraphInvoke {
  id: string;
  src: string;
  /** True when the engine runs it as a durable activity (a promise actor). */
  activity: boolean;
}

export interface GraphNode {
  /** Dotted path from the root; '' is the root itself. */
  path: string;
  key: string;
  parent: string | null;
  type: GraphNodeType;
  /** Path of the initial child, for compound states. */
  initial: string | null;
  children: string[];
  entry: string[];
  exit: string[];
  invoke: GraphInvoke[];
  tags: string[];
  description: string | null;
}

export type GraphEdgeKind = 'event' | 'always' | 'after' | 'done' | 'error';

export interface GraphEdge {
  id: string;
  source: string;
  /** Target paths; empty for a targetless transition (actions only). */
  targets: string[];
  event: string;
  kind: GraphEdgeKind;
  label: string;
  guard: string | null;
  delayMs: number | null;
  actions: string[];
  reenter: boolean;
}

export interface MachineGraph {
  machine: string;
  version: number;
  description: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  events: AcceptedEvent[];
}

interface GraphMeta {
  machine: string;
  version: number;
  description: string;
  events: AcceptedEvent[];
  activitySources: ReadonlySet<string>;
}

export function buildMachineGraph(machine: AnyStateMachine, meta: GraphMeta): MachineGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const visit = (node: AnyStateNode): void => {
    const path = pathOf(node);
    const children = Object.values(node.states) as AnyStateNode[];
    nodes.push({
      path,
      key: node.key,
      parent: node.parent ? pathOf(node.parent) : null,
      type: node.type,
      initial:
        node.type === 'compound' && node.initial.target[0] ? pathOf(node.initial.target[0]) : null,
      children: children.map(pathOf),
      entry: node.entry.map(actionName),
      exit: node.exit.map(actionName),
      invoke: node.invoke.map((inv) => {
        const src = typeof inv.src === 'string' ? inv.src : '(inline)';
        return { id: inv.id, src, activity: meta.activitySources.has(src) };
      }),
      tags: [...node.tags],
      description: node.description ?? null,
    });
    for (const [eventType, transitions] of node.transitions) {
      for (const t of transitions) edges.push(toEdge(path, eventType, t, edges.length));
    }
    for (const t of node.always ?? []) edges.push(toEdge(path, '', t, edges.length));
    children.forEach(visit);
  };
  visit(machine.root);
  return {
    machine: meta.machine,
    version: meta.version,
    description: meta.description,
    nodes,
    edges,
    events: meta.events,
  };
}

/** Dotted path of a node relative to the root ('' for the root). */
export function pathOf(node: AnyStateNode): string {
  return node.path.join('.');
}

interface TransitionLike {
  target?: ReadonlyArray<AnyStateNode> | undefined;
  guard?: unknown;
  actions: readonly unknown[];
  reenter: boolean;
  delay?: unknown;
}

function toEdge(source: string, eventType: string, t: TransitionLike, index: number): GraphEdge {
  const kind = edgeKind(eventType);
  const delayMs = kind === 'after' ? afterDelayMs(eventType, t.delay) : null;
  const guard = guardName(t.guard);
  const event = eventType;
  let label: string;
  if (kind === 'always') label = 'always';
  else if (kind === 'after') label = delayMs === null ? 'after' : `after ${formatDelay(delayMs)}`;
  else if (kind === 'done') label = eventType.replace(/^xstate\.done\.(actor|state)\./, 'done: ');
  else if (kind === 'error') label = eventType.replace(/^xstate\.error\.actor\./, 'error: ');
  else label = eventType;
  if (guard) label += ` [${guard}]`;
  return {
    id: `e${index}`,
    source,
    targets: (t.target ?? []).map(pathOf),
    event,
    kind,
    label,
    guard,
    delayMs,
    actions: t.actions.map(actionName),
    reenter: t.reenter,
  };
}

function edgeKind(eventType: string): GraphEdgeKind {
  if (eventType === '') return 'always';
  if (eventType.startsWith('xstate.after.')) return 'after';
  if (eventType.startsWith('xstate.done.')) return 'done';
  if (eventType.startsWith('xstate.error.')) return 'error';
  return 'event';
}

function afterDelayMs(eventType: string, delay: unknown): number | null {
  if (typeof delay === 'number') return delay;
  const m = /^xstate\.after\.(\d+)\./.exec(eventType);
  return m?.[1] ? Number(m[1]) : null;
}

function formatDelay(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || '(inline)';
  if (typeof guard === 'object' && 'type' in guard) return String(guard.type);
  return '(guard)';
}

function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') {
    const fn = action as { type?: unknown; name?: string };
    return typeof fn.type === 'string' ? fn.type : fn.name || '(inline)';
  }
  if (typeof action === 'object' && action !== null && 'type' in action) {
    return String(action.type);
  }
  return '(action)';
}
