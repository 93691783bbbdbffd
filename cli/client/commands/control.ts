/** `orq cancel|pause|resume|retry <instanceId> [--json]` */
import type { InstanceView } from '../../../engine/index.js';
import { parseCommandArgs } from '../args.js';
import type { CommandHandler } from '../command.js';
import { formatStateValue } from '../format.js';

export type ControlAction = 'cancel' | 'pause' | 'resume' | 'retry';

const SUMMARIES: Record<ControlAction, string> = {
  cancel: 'Cancel an instance',
  pause: 'Pause an instance (its events are held)',
  resume: 'Resume a paused instance',
  retry: 'Retry a failed instance',
};

export function controlSpec(action: ControlAction): { summary: string; usage: string } {
  return { summary: SUMMARIES[action], usage: `${action} <instanceId> [--json]` };
}

export function control(action: ControlAction): CommandHandler {
  return async (argv, { client, out }) => {
    const { values, positionals } = parseCommandArgs(
      argv,
      { json: { type: 'boolean' } },
      { min: 1, max: 1, names: '<instanceId>' },
    );
    const id = positionals[0]!;
    const res = await client.post<InstanceView>(
      `/api/instances/${encodeURIComponent(id)}/${action}`,
    );
    const i = res.body;
    out(
      values.json
        ? JSON.stringify(i, null, 2)
        : `${action}: ${i.id} is ${i.status}, in ${formatStateValue(i.value)}`,
    );
  };
}
