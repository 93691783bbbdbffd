/**
 * `tsx examples/consumer/main.ts [--brokers localhost:9092] [--outage-rate 0.05] [--work-ms 5]`
 * Runs the order workflow's task workers until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { startOrderWorkers } from './order-workers.js';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? 'localhost:9092' },
    'outage-rate': { type: 'string', default: '0.05' },
    'work-ms': { type: 'string', default: '5' },
    'decline-above': { type: 'string', default: '450' },
  },
});
const kafka = new Kafka({
  clientId: 'demo-consumer',
  brokers: values.brokers.split(','),
  logLevel: logLevel.WARN,
  retry: { retries: 12, maxRetryTime: 30_000 },
});
const workers = await startOrderWorkers({
  kafka,
  outageRate: Number(values['outage-rate']),
  workMs: Number(values['work-ms']),
  declineAbove: Number(values['decline-above']),
});
console.log('[consumer] workers for reserveStock, chargePayment, shipOrder, releaseStock are up');
const report = setInterval(() => console.log(`[consumer] ${JSON.stringify(workers.stats)}`), 5_000);
const shutdown = () => {
  clearInterval(report);
  void workers.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
