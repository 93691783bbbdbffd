/**
 * `tsx examples/producer/main.ts --rate 20 [--count 1000] [--brokers localhost:9092]
 *    [--payment-delay-ms 0-500] [--unpaid 0.05 --payment-timeout-ms 20000]`
 * Publishes OrderPlaced + PaymentReceived for random orders until --count or Ctrl-C; with --unpaid,
 * that share of orders never pays and times out into the compensation path.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { createOrderProducer } from './order-producer.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '10' },
    count: { type: 'string' },
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? 'localhost:9092' },
    'payment-delay-ms': { type: 'string', default: '0-500' },
    unpaid: { type: 'string', default: '0' },
    'payment-timeout-ms': { type: 'string' },
  },
});
const [minDelay, maxDelay] = values['payment-delay-ms'].split('-').map(Number) as [number, number];
const kafka = new Kafka({
  clientId: 'demo-producer',
  brokers: values.brokers.split(','),
  logLevel: logLevel.WARN,
  retry: { retries: 12, maxRetryTime: 30_000 },
});
const producer = createOrderProducer({
  kafka,
  ratePerSecond: Number(values.rate),
  ...(values.count ? { count: Number(values.count) } : {}),
  paymentDelayMs: [minDelay, maxDelay],
  unpaidShare: Number(values.unpaid),
  ...(values['payment-timeout-ms']
    ? { paymentTimeoutMs: Number(values['payment-timeout-ms']) }
    : {}),
});
process.once('SIGINT', () => producer.stop());
process.once('SIGTERM', () => producer.stop());
const report = setInterval(
  () => console.log(`[producer] placed ${producer.stats.placed}, paid ${producer.stats.paid}`),
  5_000,
);
const stats = await producer.run();
clearInterval(report);
console.log(`[producer] done: placed ${stats.placed}, paid ${stats.paid}`);
