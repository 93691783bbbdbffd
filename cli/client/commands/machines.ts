/** `orq machines [--json]`: the workflows the server runs, with instance counts. */
import type { MachineSummary } from '../../../engine/index.js';
import { parseCommandArgs } from '../args.js';
import type { CommandHandler } from '../command.js';
import { formatTable, type Column } from '../format.js';

export const machinesSpec = {
  summary: 'List workflows: versions, accepted events, instances by status',
  usage: 'machines [--json]',
};

const COLUMNS: Column<MachineSummary>[] = [
  { header: 'MACHINE', value: (m) => m.id },
  { header: 'LATEST', value: (m) => `v${m.latestVersion}` },
  { header: 'ACTIVE', value: (m) => String(m.counts.active), align: 'right' },
  { header: 'PAUSED', value: (m) => String(m.counts.paused), align: 'right' },
  { header: 'FAILED', value: (m) => String(m.counts.failed), align: 'right' },
  { header: 'DONE', value: (m) => String(m.counts.done), align: 'right' },
  { header: 'EVENTS', value: (m) => m.events.map((e) => e.type).join(', '), maxWidth: 60 },
];

export const machines: CommandHandler = async (argv, { client, out }) => {
  const { values } = parseCommandArgs(
    argv,
    { json: { type: 'boolean' } },
    { min: 0, max: 0, names: '' },
  );
  const { items } = (await client.get<{ items: MachineSummary[] }>('/api/machines')).body;
  out(values.json ? JSON.stringify(items, null, 2) : formatTable(COLUMNS, items));
};
