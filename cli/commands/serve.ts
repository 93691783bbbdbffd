/** `orq serve`: a production process on DATABASE_URL (and KAFKA_BROKERS when set). */
import { runServer } from '../run-server.js';
import type { Settings } from '../settings.js';

export async function serve(settings: Settings): Promise<void> {
  if (!settings.databaseUrl)
    throw new Error('orq serve needs DATABASE_URL (use `orq dev` for the embedded database)');
  await runServer({
    settings,
    databaseUrl: settings.databaseUrl,
    mode: settings.kafkaBrokers.length > 0 ? 'kafka' : 'embedded',
  });
}
