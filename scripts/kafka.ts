/**
 * `npm run kafka`: a real Apache Kafka broker on 127.0.0.1:9092 in the foreground, data kept in
 * .orq/kafka/data. Ctrl-C stops it cleanly.
 *
 *   npm run kafka                              start (fetching the jars with Maven the first time)
 *   npm run kafka -- --port 19092 --data-dir /tmp/k
 *   npm run kafka -- --fetch-only              only fetch the jars (CI install step)
 *
 * The Kafka version is KAFKA_VERSION in test/setup/kafka-jars.ts; ORQ_KAFKA_VERSION overrides it.
 */
import { parseArgs } from 'node:util';
import { startKafkaBroker } from '../test/setup/kafka-broker.js';
import { ensureKafkaJars, resolveKafkaVersion } from '../test/setup/kafka-jars.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9092' },
    'controller-port': { type: 'string' },
    'data-dir': { type: 'string' },
    'fetch-only': { type: 'boolean', default: false },
  },
});

const version = resolveKafkaVersion();

if (values['fetch-only']) {
  const started = Date.now();
  const jars = await ensureKafkaJars(version);
  const how = jars.downloaded ? 'fetched with Maven' : 'already cached';
  console.log(`Kafka ${jars.version} jars ${how} in ${Date.now() - started} ms: ${jars.dir}`);
} else {
  const started = Date.now();
  const broker = await startKafkaBroker({
    version,
    port: Number(values.port),
    ...(values['controller-port'] ? { controllerPort: Number(values['controller-port']) } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
  console.log(
    `Kafka ${broker.version} ready in ${Date.now() - started} ms (log: ${broker.logFile})`,
  );
  console.log(`KAFKA_BROKERS=${broker.brokers.join(',')}`);
  console.log('Ctrl-C to stop.');

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Kafka…`);
    broker.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
