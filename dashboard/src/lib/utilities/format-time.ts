/** Timestamps as the dashboard shows them: relative for recent ones, UTC-stable absolute text. */
import { formatDurationMs } from './format-duration.js';

/** '12 s ago', '4 m 05 s ago'; 'just now' under a second; future times as 'in …'. */
export function formatRelative(iso: string, nowMs: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const delta = nowMs - t;
  if (Math.abs(delta) < 1_000) return 'just now';
  return delta > 0 ? `${formatDurationMs(delta)} ago` : `in ${formatDurationMs(-delta)}`;
}

/** '2026-03-01 14:05:09.120' in the browser's time zone (UTC in tests). */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
  );
}

/** Only the time of day, for the timeline: '14:05:09.120'. */
export function formatClock(iso: string): string {
  return formatTimestamp(iso).slice(11);
}
