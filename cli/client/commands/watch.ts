/**
 * `orq watch [--machine M] [--instance I] [--after P] [--json]`: live transitions over the
 * WebSocket until Ctrl-C. Reconnects after a dropped connection or a resync from the last position
 * it printed, so nothing is missed or printed twice.
 */
import { WebSocket } from 'ws';
import type { StreamServerMessage, StreamTransition } from '../../../api/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import type { ClientContext, CommandHandler } from '../command.js';
import { formatClock, formatStateValue } from '../format.js';

export const watchSpec = {
  summary: 'Stream transitions live (Ctrl-C ends)',
  usage: 'watch [--machine M] [--instance I] [--after POSITION] [--json]',
};

const RECONNECT_INITIAL_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export function formatTransitionLine(t: StreamTransition): string {
  const from = t.from === null ? '(start)' : formatStateValue(t.from);
  const status = t.status === 'active' ? '' : `  [${t.status}]`;
  return (
    `${formatClock(t.at)}  ${t.machine} v${t.version}  ${t.instanceId}  #${t.seq}  ` +
    `${t.event.type}: ${from} → ${formatStateValue(t.to)}${status}`
  );
}

export const watch: CommandHandler = async (argv, ctx) => {
  const { values } = parseCommandArgs(
    argv,
    {
      machine: { type: 'string' },
      instance: { type: 'string' },
      after: { type: 'string' },
      json: { type: 'boolean' },
    },
    { min: 0, max: 0, names: '' },
  );
  if (values.after !== undefined && !/^[0-9]+$/.test(values.after)) {
    throw new UsageError('--after must be a stream position (digits)');
  }
  return runWatch(ctx, {
    machine: values.machine,
    instance: values.instance,
    after: values.after,
    json: values.json === true,
  });
};

interface WatchOptions {
  machine: string | undefined;
  instance: string | undefined;
  after: string | undefined;
  json: boolean;
}

async function runWatch(ctx: ClientContext, options: WatchOptions): Promise<number> {
  const stop = new AbortController();
  const unhook = ctx.onInterrupt(() => stop.abort());
  const onOuterAbort = () => stop.abort();
  ctx.signal.addEventListener('abort', onOuterAbort);
  let position = options.after;
  let delayMs = RECONNECT_INITIAL_MS;
  try {
    while (!stop.signal.aborted) {
      const outcome = await connectOnce(
        ctx,
        options,
        position,
        stop.signal,
        (t) => {
          position = t.position;
          delayMs = RECONNECT_INITIAL_MS;
          ctx.out(options.json ? JSON.stringify(t) : formatTransitionLine(t));
        },
        (p) => {
          position ??= p;
        },
      );
      if (outcome.kind === 'fatal') {
        ctx.err(`orq watch: ${outcome.message}`);
        return 1;
      }
      if (stop.signal.aborted) break;
      if (outcome.kind === 'resync') {
        position = outcome.position;
        ctx.err(`# fell behind: resuming after position ${position}`);
        continue;
      }
      ctx.err(`# connection lost (${outcome.message}); reconnecting in ${delayMs} ms`);
      await abortableDelay(delayMs, stop.signal);
      delayMs = Math.min(delayMs * 2, RECONNECT_MAX_MS);
    }
    return 0;
  } finally {
    unhook();
    ctx.signal.removeEventListener('abort', onOuterAbort);
  }
}

type Outcome =
  | { kind: 'closed'; message: string }
  | { kind: 'resync'; position: string }
  | { kind: 'fatal'; message: string };

function connectOnce(
  ctx: ClientContext,
  options: WatchOptions,
  after: string | undefined,
  signal: AbortSignal,
  onTransition: (t: StreamTransition) => void,
  onHello: (position: string) => void,
): Promise<Outcome> {
  const url = ctx.client.wsUrl('/api/stream', {
    machine: options.machine,
    instance: options.instance,
    after,
  });
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: ctx.client.authHeaders });
    let outcome: Outcome | null = null;
    const finish = (o: Outcome) => {
      outcome ??= o;
      socket.terminate();
    };
    const onAbort = () => finish({ kind: 'closed', message: 'stopped' });
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let detail = body;
        try {
          const problem = JSON.parse(body) as { title?: string; detail?: string; code?: string };
          detail = `${problem.title ?? ''}: ${problem.detail ?? ''} (${problem.code ?? ''})`;
        } catch {
          /* not JSON: keep the text */
        }
        const status = res.statusCode ?? 0;
        finish(
          status >= 400 && status < 500
            ? { kind: 'fatal', message: `HTTP ${status} ${detail}` }
            : { kind: 'closed', message: `HTTP ${status}` },
        );
      });
    });
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as StreamServerMessage;
      if (message.type === 'orq.transition') onTransition(message);
      else if (message.type === 'orq.hello') {
        onHello(message.position);
        if (!options.json) {
          const filter = [
            options.machine && `machine ${options.machine}`,
            options.instance && `instance ${options.instance}`,
          ]
            .filter(Boolean)
            .join(', ');
          ctx.err(
            `# watching ${filter || 'every machine'}${after ? ` after position ${after}` : ''} (Ctrl-C ends)`,
          );
        }
      } else if (message.type === 'orq.resync')
        finish({ kind: 'resync', position: message.position });
      else if (message.type === 'orq.error')
        ctx.err(`# server: ${message.code}: ${message.detail}`);
    });
    socket.on('error', (err) => finish({ kind: 'closed', message: err.message }));
    socket.on('close', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(outcome ?? { kind: 'closed', message: 'closed by the server' });
    });
  });
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
