/** The time-range filter: a preset ('last hour') or a custom from/to, as createdAt bounds. */
export type TimeRange =
  { preset: 'all' | '15m' | '1h' | '24h' | '7d' } | { preset: 'custom'; from: string; to: string };

export const TIME_RANGE_PRESETS: ReadonlyArray<{ value: TimeRange['preset']; label: string }> = [
  { value: 'all', label: 'Any time' },
  { value: '15m', label: 'Last 15 minutes' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: 'custom', label: 'Custom…' },
];

const PRESET_MS = { '15m': 900_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000 };

/**
 * ISO bounds for `createdAfter` / `createdBefore`. Custom bounds come from
 * `<input type="datetime-local">` ('2026-03-01T14:05'), read in the browser's time zone.
 */
export function timeRangeBounds(
  range: TimeRange,
  nowMs: number,
): { createdAfter?: string; createdBefore?: string } {
  if (range.preset === 'all') return {};
  if (range.preset === 'custom') {
    const from = localToIso(range.from);
    const to = localToIso(range.to);
    return { ...(from ? { createdAfter: from } : {}), ...(to ? { createdBefore: to } : {}) };
  }
  return { createdAfter: new Date(nowMs - PRESET_MS[range.preset]).toISOString() };
}

function localToIso(local: string): string | null {
  if (!local) return null;
  const t = new Date(local).getTime();
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
