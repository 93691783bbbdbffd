/**
 * `orq`: the command line. `dev`, `serve` and `migrate` run the product; every other verb is a
 * client of the HTTP API (see cli/client-commands.ts).
 */
import { dev } from './commands/dev.js';
import { migrate } from './commands/migrate.js';
import { serve } from './commands/serve.js';
import { readSettings } from './settings.js';

const USAGE = `usage: orq <command> [options]

  dev        run everything in one process (embedded Postgres, in-process transport, dashboard on :5000)
  serve      run an engine + API process on DATABASE_URL (and KAFKA_BROKERS when set)
             dev and serve take --machines <dir>: extra workflow modules (or ORQ_MACHINES)
  migrate    apply database migrations
  start      start an instance            (client of the API at ORQ_URL)
  send       send an event to an instance
  ls         list instances
  inspect    show an instance's state, context and history
  watch      stream transitions live
  machines   list workflows;  cancel | pause | resume | retry <instanceId>
`;

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === 'help' || verb === '--help' || verb === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (verb === 'dev' || verb === 'serve' || verb === 'migrate') {
    // `--machines <dir>` is the flag form of ORQ_MACHINES.
    const flag = rest.indexOf('--machines');
    const machinesDir = flag >= 0 ? rest[flag + 1] : undefined;
    const settings = readSettings(
      machinesDir ? { ...process.env, ORQ_MACHINES: machinesDir } : process.env,
    );
    if (verb === 'dev') await dev(settings);
    else if (verb === 'serve') await serve(settings);
    else await migrate(settings);
    return verb === 'migrate' ? 0 : -1;
  }
  const { clientCommands } = await import('./client-commands.js');
  const command = clientCommands[verb];
  if (!command) {
    console.error(`orq: unknown command "${verb}"\n\n${USAGE}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(`orq: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
