/** `orq inspect <instanceId> [--json]`: state, context, error and the full history. */
import type { InstanceView, TransitionRecord } from '../../../engine/index.js';
import { parseCommandArgs } from '../args.js';
import type { CommandHandler } from '../command.js';
import type { ApiClient } from '../http-client.js';
import {
  formatFields,
  formatStateValue,
  formatTable,
  formatTimestamp,
  type Column,
} from '../format.js';

export const inspectSpec = {
  summary: "Show an instance's state, context and history",
  usage: 'inspect <instanceId> [--json]',
};

const HISTORY_PAGE = 1000;

const HISTORY_COLUMNS: Column<TransitionRecord>[] = [
  { header: 'SEQ', value: (t) => String(t.seq), align: 'right' },
  { header: 'AT', value: (t) => formatTimestamp(t.at) },
  { header: 'EVENT', value: (t) => t.event.type, maxWidth: 32 },
  { header: 'FROM', value: (t) => formatStateValue(t.from), maxWidth: 32 },
  { header: 'TO', value: (t) => formatStateValue(t.to), maxWidth: 32 },
  { header: 'STATUS', value: (t) => t.status },
  { header: 'CHANGED', value: (t) => t.contextChanges.map((c) => c.path).join(', ') || '-' },
];

export async function fetchHistory(client: ApiClient, id: string): Promise<TransitionRecord[]> {
  const all: TransitionRecord[] = [];
  let after: number | null = 0;
  while (after !== null) {
    const page: { items: TransitionRecord[]; nextAfter: number | null } = (
      await client.get<{ items: TransitionRecord[]; nextAfter: number | null }>(
        `/api/instances/${encodeURIComponent(id)}/history`,
        { after, limit: HISTORY_PAGE },
      )
    ).body;
    all.push(...page.items);
    after = page.nextAfter;
  }
  return all;
}

export function formatInstance(instance: InstanceView, history: TransitionRecord[]): string {
  const fields: Array<[string, string]> = [
    ['Instance', instance.id],
    ['Machine', `${instance.machine} v${instance.version}`],
    ['Key', instance.key ?? '-'],
    ['Status', instance.status],
    ['State', formatStateValue(instance.value)],
    ['Since', formatTimestamp(instance.stateEnteredAt)],
    ['Created', formatTimestamp(instance.createdAt)],
    ['Updated', formatTimestamp(instance.updatedAt)],
  ];
  if (instance.error) fields.push(['Error', `${instance.error.code}: ${instance.error.message}`]);
  return [
    formatFields(fields),
    '',
    'Context',
    JSON.stringify(instance.context, null, 2),
    '',
    `History (${history.length})`,
    formatTable(HISTORY_COLUMNS, history),
  ].join('\n');
}

export const inspect: CommandHandler = async (argv, { client, out }) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { json: { type: 'boolean' } },
    { min: 1, max: 1, names: '<instanceId>' },
  );
  const id = positionals[0]!;
  const instance = (await client.get<InstanceView>(`/api/instances/${encodeURIComponent(id)}`))
    .body;
  const history = await fetchHistory(client, id);
  out(
    values.json
      ? JSON.stringify({ instance, history }, null, 2)
      : formatInstance(instance, history),
  );
};
