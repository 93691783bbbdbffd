/** `orq start <machine> [--key K] [--input JSON] [--version N] [--json]` */
import type { InstanceView } from '../../../engine/index.js';
import { parseCommandArgs, parseJsonFlag, parsePositiveIntFlag } from '../args.js';
import type { CommandHandler } from '../command.js';
import { formatStateValue } from '../format.js';

export const startSpec = {
  summary: 'Start an instance of a workflow',
  usage: 'start <machine> [--key K] [--input JSON] [--version N] [--json]',
};

export const start: CommandHandler = async (argv, { client, out }) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      key: { type: 'string' },
      input: { type: 'string' },
      version: { type: 'string' },
      json: { type: 'boolean' },
    },
    { min: 1, max: 1, names: '<machine>' },
  );
  const input = parseJsonFlag('input', values.input);
  const version = parsePositiveIntFlag('version', values.version);
  const res = await client.post<InstanceView>('/api/instances', {
    machine: positionals[0],
    ...(values.key !== undefined ? { key: values.key } : {}),
    ...(input !== undefined ? { input } : {}),
    ...(version !== undefined ? { version } : {}),
  });
  const instance = res.body;
  if (values.json) {
    out(JSON.stringify(instance, null, 2));
    return;
  }
  const what = res.status === 201 ? 'Started' : `Already started (key ${instance.key})`;
  out(
    `${what}: ${instance.id}\n` +
      `  ${instance.machine} v${instance.version}, ${instance.status}, in ${formatStateValue(instance.value)}`,
  );
};
