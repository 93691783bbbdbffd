/**
 * Header names on the wire (all values are UTF-8 strings). Mirrored in docs/protocol.md; the
 * engine's own copies in engine/transport/transport.ts are checked against these by a unit test.
 */

/** Unique per message; consumers dedupe by it (the outbox relay publishes at least once). */
export const HEADER_MESSAGE_ID = 'orq-message-id';
/** The workflow instance a message belongs to. */
export const HEADER_INSTANCE_ID = 'orq-instance-id';
/** W3C trace context, carried on every hop: outbox messages, tasks, results, dead letters. */
export const HEADER_TRACEPARENT = 'traceparent';
/** Wire format version of task and result messages. */
export const HEADER_PROTOCOL = 'orq-protocol';
/** The activity (task) id, which is also its idempotency key. */
export const HEADER_ACTIVITY_ID = 'orq-activity-id';
/** The attempt number of a task (1 for the first). */
export const HEADER_ATTEMPT = 'orq-attempt';

/** Dead letters: why the record was refused (an ORQ_ERR_* code). */
export const HEADER_DLQ_REASON = 'orq-dlq-reason';
/** Dead letters: a human-readable explanation. */
export const HEADER_DLQ_DETAIL = 'orq-dlq-detail';
/** Dead letters: where the original record was read. */
export const HEADER_DLQ_TOPIC = 'orq-dlq-topic';
export const HEADER_DLQ_PARTITION = 'orq-dlq-partition';
export const HEADER_DLQ_OFFSET = 'orq-dlq-offset';

export const PROTOCOL_VERSION = 1;
