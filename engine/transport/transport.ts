/** The transport port: how committed outbox messages leave the engine. Kafka in production, in-process in dev. */
export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
}

export interface MessagePublisher {
  /** Publishes in order; resolves once the broker (or bus) has them. */
  publish(records: OutgoingRecord[]): Promise<void>;
}

/** Header names on every message the engine publishes (mirrored in docs/protocol.md). */
export const HEADER_MESSAGE_ID = 'orq-message-id';
export const HEADER_INSTANCE_ID = 'orq-instance-id';
export const HEADER_TRACEPARENT = 'traceparent';
