/**
 * The instance table's filters: what the user picked → the query of `GET /api/instances`, the
 * hash of the page (so a filtered view survives a reload and can be shared), and whether a live
 * transition's instance still belongs in the filtered table.
 */
import type { InstanceStatus, StateValue } from '../api-types.js';
import { stateValueToPaths } from './state-value-paths.js';
import { timeRangeBounds, type TimeRange } from './time-range.js';

export interface InstanceFilters {
  machine: string;
  status: InstanceStatus | '';
  /** Dotted state path; also matches nested states. */
  state: string;
  key: string;
  range: TimeRange;
}

export const EMPTY_FILTERS: Readonly<InstanceFilters> = Object.freeze<InstanceFilters>({
  machine: '',
  status: '',
  state: '',
  key: '',
  range: { preset: 'all' },
});

const STATUSES = new Set(['active', 'paused', 'done', 'failed', 'cancelled']);

/** Query parameters for the API (empty filters left out). */
export function filtersToQuery(filters: InstanceFilters, nowMs: number): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.machine) query.machine = filters.machine;
  if (filters.status) query.status = filters.status;
  if (filters.state.trim()) query.state = filters.state.trim();
  if (filters.key.trim()) query.key = filters.key.trim();
  const { createdAfter, createdBefore } = timeRangeBounds(filters.range, nowMs);
  if (createdAfter) query.createdAfter = createdAfter;
  if (createdBefore) query.createdBefore = createdBefore;
  return query;
}

/** Filters → URL search text for the page hash ('machine=order&status=failed'). */
export function filtersToSearch(filters: InstanceFilters): string {
  const params = new URLSearchParams();
  if (filters.machine) params.set('machine', filters.machine);
  if (filters.status) params.set('status', filters.status);
  if (filters.state) params.set('state', filters.state);
  if (filters.key) params.set('key', filters.key);
  if (filters.range.preset !== 'all') params.set('range', filters.range.preset);
  if (filters.range.preset === 'custom') {
    if (filters.range.from) params.set('from', filters.range.from);
    if (filters.range.to) params.set('to', filters.range.to);
  }
  return params.toString();
}

/** The inverse of filtersToSearch; unknown values fall back to "no filter". */
export function filtersFromSearch(search: string): InstanceFilters {
  const params = new URLSearchParams(search);
  const status = params.get('status') ?? '';
  const preset = params.get('range') ?? 'all';
  const range: TimeRange =
    preset === 'custom'
      ? { preset, from: params.get('from') ?? '', to: params.get('to') ?? '' }
      : { preset: isPreset(preset) ? preset : 'all' };
  return {
    machine: params.get('machine') ?? '',
    status: STATUSES.has(status) ? (status as InstanceStatus) : '',
    state: params.get('state') ?? '',
    key: params.get('key') ?? '',
    range,
  };
}

function isPreset(value: string): value is Exclude<TimeRange['preset'], 'custom'> {
  return ['all', '15m', '1h', '24h', '7d'].includes(value);
}

export interface InstanceLike {
  machine: string;
  status: InstanceStatus;
  value: StateValue;
  key: string | null;
  createdAt?: string;
}

/** Whether an instance (e.g. after a live transition) matches the filters. */
export function matchesFilters(
  instance: InstanceLike,
  filters: InstanceFilters,
  nowMs: number,
): boolean {
  if (filters.machine && instance.machine !== filters.machine) return false;
  if (filters.status && instance.status !== filters.status) return false;
  if (filters.key.trim() && instance.key !== filters.key.trim()) return false;
  const state = filters.state.trim();
  if (state && !stateValueToPaths(instance.value).includes(state)) return false;
  if (instance.createdAt) {
    const { createdAfter, createdBefore } = timeRangeBounds(filters.range, nowMs);
    if (createdAfter && instance.createdAt < createdAfter) return false;
    if (createdBefore && instance.createdAt >= createdBefore) return false;
  }
  return true;
}
