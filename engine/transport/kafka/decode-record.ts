/**
 * A consumed Kafka record → the RouteMessage routes read: size checked first (before any parse),
 * then the value parsed as JSON. Refusals carry their catalog code so the dead letter can say why.
 */
import type { KafkaMessage } from 'kafkajs';
import { OrqError } from '../../errors.js';
import type { RouteMessage } from '../../ingress/routes.js';
import { headersToStrings } from './record-headers.js';

export function decodeRecord(
  topic: string,
  partition: number,
  message: KafkaMessage,
  maxMessageBytes: number,
): RouteMessage {
  const sizeBytes = message.value?.length ?? 0;
  if (sizeBytes > maxMessageBytes)
    throw new OrqError('ORQ_ERR_MESSAGE_TOO_LARGE', { sizeBytes, limitBytes: maxMessageBytes });
  if (message.value === null || sizeBytes === 0)
    throw new OrqError('ORQ_ERR_MALFORMED_MESSAGE', { detail: 'the record has no value' });
  let value: unknown;
  try {
    value = JSON.parse(message.value.toString('utf8'));
  } catch (err) {
    throw new OrqError('ORQ_ERR_MALFORMED_MESSAGE', {
      detail: `the value is not JSON (${(err as Error).message})`,
    });
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    headers: headersToStrings(message.headers),
    value,
    timestamp: Number(message.timestamp),
  };
}
