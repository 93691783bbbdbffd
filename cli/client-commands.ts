/**
 * The `orq` verbs that are clients of the HTTP API (cli/main.ts dispatches to them): start, send,
 * ls, inspect, watch, and the operator controls. Base URL from ORQ_URL (default
 * http://localhost:5000), token from ORQ_API_TOKEN. Human-readable by default, `--json` for scripts.
 */
import {
  contextFromEnv,
  defineCommand,
  type ClientCommand,
  type ClientContext,
} from './client/command.js';
import { control, controlSpec } from './client/commands/control.js';
import { inspect, inspectSpec } from './client/commands/inspect.js';
import { ls, lsSpec } from './client/commands/ls.js';
import { machines, machinesSpec } from './client/commands/machines.js';
import { send, sendSpec } from './client/commands/send.js';
import { start, startSpec } from './client/commands/start.js';
import { watch, watchSpec } from './client/commands/watch.js';

export type { ClientCommand, ClientContext };

/** The commands, bound to a context (tests pass their own; the CLI reads the environment). */
export function createClientCommands(
  context: () => ClientContext = () => contextFromEnv(),
): Record<string, ClientCommand> {
  const def = (
    name: string,
    spec: { summary: string; usage: string },
    handler: Parameters<typeof defineCommand>[2],
  ) => defineCommand(name, spec, handler, context);
  return {
    start: def('start', startSpec, start),
    send: def('send', sendSpec, send),
    ls: def('ls', lsSpec, ls),
    inspect: def('inspect', inspectSpec, inspect),
    watch: def('watch', watchSpec, watch),
    machines: def('machines', machinesSpec, machines),
    cancel: def('cancel', controlSpec('cancel'), control('cancel')),
    pause: def('pause', controlSpec('pause'), control('pause')),
    resume: def('resume', controlSpec('resume'), control('resume')),
    retry: def('retry', controlSpec('retry'), control('retry')),
  };
}

export const clientCommands: Record<string, ClientCommand> = createClientCommands();
