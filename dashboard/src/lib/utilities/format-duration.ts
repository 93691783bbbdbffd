/** Milliseconds → a short human duration: '850 ms', '3.2 s', '4 m 05 s', '2 h 10 m', '3 d 4 h'. */
export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.max(0, ms);
  if (abs < 1_000) return `${Math.round(abs)} ms`;
  if (abs < 10_000) return `${(Math.floor(abs / 100) / 10).toFixed(1)} s`;
  if (abs < 60_000) return `${Math.floor(abs / 1_000)} s`;
  const s = Math.floor(abs / 1_000);
  if (abs < 3_600_000) return `${Math.floor(s / 60)} m ${pad(s % 60)} s`;
  const m = Math.floor(s / 60);
  if (abs < 86_400_000) return `${Math.floor(m / 60)} h ${pad(m % 60)} m`;
  const h = Math.floor(m / 60);
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** '90s', '5m', '1h', '2d', '250ms' → milliseconds; null when it is not a duration. */
export function parseDurationMs(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/i.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const unit = match[2].toLowerCase() as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}
