/**
 * The data the dashboard reads, typed from the engine's and the API's contracts. Type-only:
 * nothing from engine/ or api/ reaches the bundle.
 */
import type { StateStats, TransitionRecord } from '../../../engine/types.js';

export type {
  AcceptedEvent,
  ContextChange,
  InstanceFilter,
  InstanceStatus,
  InstanceView,
  MachineSummary,
  Page,
  StateStats,
  StateValue,
  TransitionRecord,
} from '../../../engine/types.js';
export type { SerializedError } from '../../../engine/errors.js';
export type {
  GraphEdge,
  GraphEdgeKind,
  GraphInvoke,
  GraphNode,
  GraphNodeType,
  MachineGraph,
} from '../../../engine/workflow/graph.js';
export type {
  StreamHello,
  StreamLive,
  StreamResync,
  StreamServerMessage,
  StreamTransition,
} from '../../../api/stream/protocol.js';

/** `GET /api/instances/:id/history`. */
export interface HistoryPage {
  items: TransitionRecord[];
  /** Pass as `?after=` for the next page; null on the last page. */
  nextAfter: number | null;
}

/** `GET /api/machines/:id/stats`. */
export interface MachineStatsResponse {
  machine: string;
  version: number | null;
  states: StateStats[];
}

/** Every error of the API is an `application/problem+json` body. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  instance?: string;
  [extra: string]: unknown;
}

export type InstanceControl = 'cancel' | 'pause' | 'resume' | 'retry';
