/**
 * What every client command shares: the API client, where output goes, and one place that turns
 * usage and API errors into a message and an exit code (0 ok, 1 the API refused or is down,
 * 2 bad usage).
 */
import { UsageError } from './args.js';
import { ApiClient, ApiRequestError, ApiUnreachableError } from './http-client.js';

export interface ClientContext {
  client: ApiClient;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Ends long-running commands (`watch`) when aborted. */
  signal: AbortSignal;
  /** Runs `stop` on Ctrl-C while a long-running command is active; returns the unhook. */
  onInterrupt: (stop: () => void) => () => void;
}

export interface ClientCommand {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

export type CommandHandler = (argv: string[], ctx: ClientContext) => Promise<number | void>;

export function defineCommand(
  name: string,
  spec: { summary: string; usage: string },
  handler: CommandHandler,
  context: () => ClientContext,
): ClientCommand {
  return {
    ...spec,
    async run(argv) {
      const ctx = context();
      if (argv.includes('--help') || argv.includes('-h')) {
        ctx.out(`${spec.summary}\n\nusage: orq ${spec.usage}`);
        return 0;
      }
      try {
        return (await handler(argv, ctx)) ?? 0;
      } catch (err) {
        if (err instanceof UsageError) {
          ctx.err(`orq ${name}: ${err.message}\nusage: orq ${spec.usage}`);
          return 2;
        }
        if (err instanceof ApiRequestError || err instanceof ApiUnreachableError) {
          ctx.err(`orq ${name}: ${err.message}`);
          for (const e of err instanceof ApiRequestError ? (err.problem.errors ?? []) : []) {
            ctx.err(`  ${e.field}: ${e.message}`);
          }
          return 1;
        }
        throw err;
      }
    },
  };
}

/** The context from the environment: ORQ_URL (default http://localhost:5000), ORQ_API_TOKEN. */
export function contextFromEnv(env: NodeJS.ProcessEnv = process.env): ClientContext {
  const controller = new AbortController();
  return {
    client: new ApiClient({
      baseUrl: env.ORQ_URL || 'http://localhost:5000',
      ...(env.ORQ_API_TOKEN ? { token: env.ORQ_API_TOKEN } : {}),
    }),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    signal: controller.signal,
    onInterrupt: (stop) => {
      process.once('SIGINT', stop);
      return () => process.off('SIGINT', stop);
    },
  };
}
