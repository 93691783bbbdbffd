/**
 * Child process of the replica SIGKILL test: one engine replica in Kafka mode (order workflow,
 * remote activities) on DATABASE_URL and KAFKA_BROKERS, with the topic names in ORQ_TEST_NAMES.
 * Prints READY once consuming, then its ingress stats as a JSON line every 200 ms, until killed.
 */
import { startKafkaEngine } from '../../engine/transport/kafka/index.js';
import { orderRoutesOn } from '../../machines/order/order.routes.js';
import { orderWorkflow } from '../../machines/order/order.workflow.js';
import type { KafkaNames } from '../kafka/kafka-names.js';

const names = JSON.parse(process.env.ORQ_TEST_NAMES!) as Omit<
  KafkaNames,
  'taskTopic' | 'workerGroup'
> & {
  taskPrefix: string;
};
const orq = await startKafkaEngine({
  databaseUrl: process.env.DATABASE_URL!,
  brokers: process.env.KAFKA_BROKERS!.split(','),
  workflows: [orderWorkflow],
  routes: orderRoutesOn(names),
  remoteActivities: { order: 'all' },
  taskTopic: (type) => `${names.taskPrefix}.${type}`,
  groupId: names.groupId,
  kafka: {
    deadLetterTopic: names.deadLetter,
    resultTopic: names.results,
    partitions: 4,
    sessionTimeoutMs: 6_000,
  },
  engine: { activityLeaseMarginMs: 1_000, activityPollMs: 200, outboxPollMs: 200 },
});
process.stdout.write('READY\n');
setInterval(() => {
  process.stdout.write(`${JSON.stringify(orq.transport.ingressStats)}\n`);
}, 200);
process.once('SIGTERM', () => {
  void orq.stop().then(() => process.exit(0));
});
