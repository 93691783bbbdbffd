/**
 * A refused record as a dead letter: the original key, value and headers unchanged (so it can be
 * replayed after a fix), plus why and where it came from in `orq-dlq-*` headers. The original
 * `traceparent` header travels with the rest.
 */
import type { KafkaMessage, Message } from 'kafkajs';
import { serializeError } from '../../errors.js';
import {
  HEADER_DLQ_DETAIL,
  HEADER_DLQ_OFFSET,
  HEADER_DLQ_PARTITION,
  HEADER_DLQ_REASON,
  HEADER_DLQ_TOPIC,
} from '../../protocol/index.js';
import { headersToStrings } from './record-headers.js';

/** Longest `orq-dlq-detail` kept, in characters. */
const MAX_DETAIL_CHARS = 1_000;

export interface DeadLetterReason {
  code: string;
  detail: string;
}

export function deadLetterReason(err: unknown): DeadLetterReason {
  const s = serializeError(err, 'ORQ_ERR_MALFORMED_MESSAGE');
  return { code: s.code, detail: s.message.slice(0, MAX_DETAIL_CHARS) };
}

export function deadLetterMessage(
  source: { topic: string; partition: number; message: KafkaMessage },
  reason: DeadLetterReason,
): Message {
  return {
    key: source.message.key,
    value: source.message.value,
    headers: {
      ...headersToStrings(source.message.headers),
      [HEADER_DLQ_REASON]: reason.code,
      [HEADER_DLQ_DETAIL]: reason.detail,
      [HEADER_DLQ_TOPIC]: source.topic,
      [HEADER_DLQ_PARTITION]: String(source.partition),
      [HEADER_DLQ_OFFSET]: source.message.offset,
    },
  };
}
