/**
 * Listening, and a graceful close on SIGINT/SIGTERM: stop taking requests, close WebSockets, let
 * in-flight requests finish, then run `onClose` (cli/ stops the engine there). A second signal, or
 * a close that outlasts `closeTimeoutMs`, exits at once.
 */
import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  host: string;
  port: number;
  /** @default ['SIGINT', 'SIGTERM'] */
  signals?: NodeJS.Signals[];
  /** Longest a graceful close may take before the process exits, in ms. @default 10_000 */
  closeTimeoutMs?: number;
  /** Runs after the server closed, e.g. stopping the engine. */
  onClose?: () => Promise<void>;
}

export interface RunningServer {
  /** e.g. 'http://127.0.0.1:5000' */
  url: string;
  /** Closes the server (and runs onClose) once; removes the signal handlers. */
  close(): Promise<void>;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

export async function listen(app: FastifyInstance, options: ListenOptions): Promise<RunningServer> {
  const url = await app.listen({ host: options.host, port: options.port });
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  let closing: Promise<void> | null = null;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const signal of signals) process.off(signal, onSignal);
      try {
        await app.close();
      } finally {
        await options.onClose?.();
      }
    })();
    return closing;
  };

  function onSignal(signal: NodeJS.Signals): void {
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    app.log.info({ signal }, 'closing');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs: options.closeTimeoutMs }, 'graceful close timed out: exiting');
      process.exit(1);
    }, options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
    timer.unref();
    close().then(
      () => {
        clearTimeout(timer);
        process.exitCode ??= 0;
      },
      (err: unknown) => {
        clearTimeout(timer);
        app.log.error({ err }, 'close failed');
        process.exitCode = 1;
      },
    );
  }
  for (const signal of signals) process.on(signal, onSignal);
  return { url, close };
}
