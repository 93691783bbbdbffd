/** Human-readable output for the client commands: tables, state values, times. */

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Longest cell before it is cut with '…'. @default 40 */
  maxWidth?: number;
  align?: 'left' | 'right';
}

/** Rows as an aligned text table with a header line; '(none)' when there are no rows. */
export function formatTable<Row>(columns: Column<Row>[], rows: Row[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map((c) => truncate(c.value(row), c.maxWidth ?? 40)));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((r) => r[i]!.length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) =>
        columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

type StateValue = string | { [region: string]: StateValue };

/** 'open' → 'open'; { work: 'open', sla: 'running' } → 'work.open, sla.running'. */
export function formatStateValue(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  const leaves: string[] = [];
  const walk = (v: StateValue, prefix: string) => {
    if (typeof v === 'string') {
      leaves.push(prefix ? `${prefix}.${v}` : v);
      return;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) leaves.push(prefix);
    for (const k of keys) walk(v[k]!, prefix ? `${prefix}.${k}` : k);
  };
  walk(value as StateValue, '');
  return leaves.join(', ');
}

/** '2026-01-02T03:04:05.678Z' → '2026-01-02 03:04:05' (UTC). */
export function formatTimestamp(iso: string | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

/** '2026-01-02T03:04:05.678Z' → '03:04:05.678' (UTC), for live lines. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 23);
}

/** A label/value block: 'Status    active'. */
export function formatFields(fields: Array<[label: string, value: string]>): string {
  const width = Math.max(...fields.map(([l]) => l.length));
  return fields.map(([l, v]) => `${l.padEnd(width)}  ${v}`).join('\n');
}
