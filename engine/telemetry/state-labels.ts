/**
 * State labels for metrics: the dotted path of a state node (`payment.awaiting`), the same form as
 * `orq_instances_in_state{state}` and the API's state filter. Callers may pass a state value as
 * JSON (`"\"paid\""`, `{"payment":"awaiting"}`) or a path; both come out as paths.
 */
import { statePaths } from '../step/state-paths.js';
import type { StateValue } from '../types.js';

function toStateValue(raw: string): StateValue | null {
  if (raw === '') return null;
  const first = raw[0];
  if (first !== '"' && first !== '{') return raw;
  try {
    return JSON.parse(raw) as StateValue;
  } catch {
    return raw;
  }
}

/** The state nodes entered by a transition: active after it and not before (every level). */
export function enteredStatePaths(from: string, to: string): string[] {
  const after = toStateValue(to);
  if (after === null) return [];
  const before = toStateValue(from);
  const was = new Set(before === null ? [] : statePaths(before));
  return statePaths(after).filter((p) => !was.has(p));
}

/** One state as a label: a path stays as is; a JSON state value becomes its dotted path(s). */
export function stateLabel(state: string): string {
  const value = toStateValue(state);
  return value === null ? '' : statePaths(value).join(',');
}
