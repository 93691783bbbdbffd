/**
 * Outgoing messages. A machine sends a message to a topic with XState's own `emit`:
 *
 *   emit(({ context }) => message({ topic: 'orders.charged', key: context.orderId, value: {...} }))
 *
 * Nothing happens during the step: the engine stores the message in the outbox in the same
 * transaction as the snapshot, and a relay publishes it after the commit (at least once, with a
 * message id header for consumers to dedupe).
 */
export const ORQ_PUBLISH_EVENT = 'orq.publish';

export interface OutgoingMessage {
  topic: string;
  /** Partition key; defaults to the instance id. */
  key?: string;
  value: unknown;
  headers?: Record<string, string>;
}

export type PublishEvent = OutgoingMessage & { type: typeof ORQ_PUBLISH_EVENT };

export function message(msg: OutgoingMessage): PublishEvent {
  return { type: ORQ_PUBLISH_EVENT, ...msg };
}
