/** `orq ls [--machine M] [--status S] [--state P] [--key K] [--limit N] [--cursor C] [--json]` */
import type { InstanceView, Page } from '../../../engine/index.js';
import { parseCommandArgs, parsePositiveIntFlag } from '../args.js';
import type { CommandHandler } from '../command.js';
import { formatStateValue, formatTable, formatTimestamp, type Column } from '../format.js';

export const lsSpec = {
  summary: 'List instances, newest first',
  usage: 'ls [--machine M] [--status S] [--state P] [--key K] [--limit N] [--cursor C] [--json]',
};

export const INSTANCE_COLUMNS: Column<InstanceView>[] = [
  { header: 'ID', value: (i) => i.id, maxWidth: 36 },
  { header: 'MACHINE', value: (i) => i.machine },
  { header: 'VER', value: (i) => String(i.version), align: 'right' },
  { header: 'KEY', value: (i) => i.key ?? '-', maxWidth: 24 },
  { header: 'STATUS', value: (i) => i.status },
  { header: 'STATE', value: (i) => formatStateValue(i.value), maxWidth: 40 },
  { header: 'UPDATED', value: (i) => formatTimestamp(i.updatedAt) },
];

export const ls: CommandHandler = async (argv, { client, out }) => {
  const { values } = parseCommandArgs(
    argv,
    {
      machine: { type: 'string' },
      status: { type: 'string' },
      state: { type: 'string' },
      key: { type: 'string' },
      limit: { type: 'string' },
      cursor: { type: 'string' },
      json: { type: 'boolean' },
    },
    { min: 0, max: 0, names: '' },
  );
  const limit = parsePositiveIntFlag('limit', values.limit) ?? 20;
  const res = await client.get<Page<InstanceView>>('/api/instances', {
    machine: values.machine,
    status: values.status,
    state: values.state,
    key: values.key,
    cursor: values.cursor,
    limit,
  });
  if (values.json) {
    out(JSON.stringify(res.body, null, 2));
    return;
  }
  out(formatTable(INSTANCE_COLUMNS, res.body.items));
  if (res.body.nextCursor) out(`\nmore: orq ls --cursor ${res.body.nextCursor}`);
};
