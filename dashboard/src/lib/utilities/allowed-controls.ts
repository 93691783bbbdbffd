/**
 * Which operator controls make sense for a status, as the engine enforces them: pause an active
 * instance, resume a paused one, retry a failed one, cancel anything not finished.
 */
import type { InstanceControl, InstanceStatus } from '../api-types.js';

export function allowedControls(status: InstanceStatus): Set<InstanceControl> {
  switch (status) {
    case 'active':
      return new Set(['pause', 'cancel']);
    case 'paused':
      return new Set(['resume', 'cancel']);
    case 'failed':
      return new Set(['retry', 'cancel']);
    default:
      return new Set();
  }
}

/**
 * Whether events can be sent in this status, and what happens to them: a paused or failed instance
 * holds them until it is resumed or retried (the engine queues them); a finished one refuses them.
 */
export function sendPolicy(status: InstanceStatus): { blocked: boolean; note: string | null } {
  switch (status) {
    case 'active':
      return { blocked: false, note: null };
    case 'paused':
      return { blocked: false, note: 'Held until the instance is resumed.' };
    case 'failed':
      return { blocked: false, note: 'Held until the instance is retried.' };
    default:
      return { blocked: true, note: `The instance is ${status}.` };
  }
}
