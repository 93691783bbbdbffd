/**
 * Keeps a child process from outliving this one, however this one ends:
 * - on 'exit' (normal end, `process.exit`) it SIGKILLs the child;
 * - on SIGINT/SIGTERM/SIGHUP it SIGTERMs the child, then lets the signal do what it would have
 *   done (re-raised when no one else listens for it);
 * - on SIGKILL or a crash, nothing in this process runs, so a small bash watchdog holds the read
 *   end of a pipe from us: when the pipe closes it SIGTERMs the child, then SIGKILLs it after
 *   `graceMs`. The watchdog exits by itself within a second once the child is gone.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const WATCHDOG = `
pid=$1; grace_ticks=$2
while kill -0 "$pid" 2>/dev/null; do
  read -r -t 1 _
  rc=$?
  if [ "$rc" -gt 0 ] && [ "$rc" -le 128 ]; then # EOF, not a timeout: the parent is gone
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq "$grace_ticks"); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
    exit 0
  fi
done
`;

export interface ChildGuard {
  /** Removes the hooks and ends the watchdog; call once the child has exited. */
  release(): void;
}

export function guardChild(child: ChildProcess, graceMs: number): ChildGuard {
  const pid = child.pid;
  if (pid === undefined) throw new Error('guardChild: the child has no pid (spawn failed?)');

  const graceTicks = Math.max(1, Math.ceil(graceMs / 200));
  const watchdog = spawn(
    'bash',
    ['-c', WATCHDOG, 'orq-child-watchdog', String(pid), String(graceTicks)],
    {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true, // its own process group: a Ctrl-C aimed at us does not end it first
    },
  );
  watchdog.unref();
  watchdog.stdin?.on('error', () => undefined);
  (watchdog.stdin as { unref?: () => void } | null)?.unref?.();

  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    if (process.listenerCount(signal) === 1) {
      unhook(); // the watchdog stays: it SIGKILLs the child if it is still there after graceMs
      process.kill(process.pid, signal);
    }
  };
  process.once('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);

  function unhook(): void {
    process.off('exit', onExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
  return {
    release() {
      unhook();
      watchdog.stdin?.destroy();
      if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill('SIGKILL');
    },
  };
}
