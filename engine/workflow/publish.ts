/**
 * `publish(...)`: the action a machine uses to send a message to a topic. It is an XState `emit`,
 * so nothing happens during the step: the engine stores the message in the outbox, in the same
 * transaction as the snapshot, and a relay publishes it after the commit (at least once, with a
 * message id for consumers to dedupe).
 */
import { emit, type EventObject, type MachineContext } from 'xstate';

export interface OutgoingMessage {
  topic: string;
  /** Partition key; defaults to the instance id. */
  key?: string;
  value: unknown;
  headers?: Record<string, string>;
}

type MessageFactory<TContext extends MachineContext, TEvent extends EventObject> = (args: {
  context: TContext;
  event: TEvent;
}) => OutgoingMessage;

export function publish<TContext extends MachineContext, TEvent extends EventObject>(
  message: OutgoingMessage | MessageFactory<TContext, TEvent>,
) {
  if (typeof message === 'function') {
    return emit(({ context, event }: { context: TContext; event: TEvent }) => ({
      type: 'orq.publish' as const,
      ...message({ context, event }),
    }));
  }
  return emit({ type: 'orq.publish' as const, ...message });
}
