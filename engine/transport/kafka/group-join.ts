/** Resolves when a kafkajs consumer has joined its group (partitions assigned); rejects if it crashes first. */
import type { Consumer } from 'kafkajs';

export function waitForGroupJoin(consumer: Consumer): Promise<void> {
  return new Promise((resolve, reject) => {
    const removers: Array<() => void> = [];
    const done = () => removers.forEach((remove) => remove());
    removers.push(
      consumer.on(consumer.events.GROUP_JOIN, () => {
        done();
        resolve();
      }),
      consumer.on(consumer.events.CRASH, (event) => {
        done();
        reject(event.payload.error);
      }),
    );
  });
}
