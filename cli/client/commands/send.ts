/** `orq send <instanceId> <eventType> [--data JSON] [--wait] [--key IDEMPOTENCY_KEY] [--json]` */
import { parseCommandArgs, parseJsonFlag, UsageError } from '../args.js';
import type { CommandHandler } from '../command.js';

export const sendSpec = {
  summary: 'Send an event to an instance',
  usage: 'send <instanceId> <eventType> [--data JSON] [--wait] [--key IDEMPOTENCY_KEY] [--json]',
};

interface Accepted {
  instanceId: string;
  envelopeId: string;
  committed: boolean;
}

export const send: CommandHandler = async (argv, { client, out }) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      data: { type: 'string' },
      wait: { type: 'boolean' },
      key: { type: 'string' },
      json: { type: 'boolean' },
    },
    { min: 2, max: 2, names: '<instanceId> <eventType>' },
  );
  const [instanceId, type] = positionals as [string, string];
  const data = parseJsonFlag('data', values.data);
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    throw new UsageError('--data must be a JSON object (the event payload)');
  }
  const res = await client.post<Accepted>(
    `/api/instances/${encodeURIComponent(instanceId)}/events`,
    { ...(data as Record<string, unknown> | undefined), type },
    {
      query: { wait: values.wait ? true : undefined },
      headers: values.key ? { 'idempotency-key': values.key } : {},
    },
  );
  if (values.json) {
    out(JSON.stringify(res.body, null, 2));
    return;
  }
  out(
    `${res.body.committed ? 'Applied' : 'Accepted'} ${type} for ${instanceId} ` +
      `(envelope ${res.body.envelopeId})`,
  );
};
