/** Statuses in the order the dashboard lists them: running first, finished last. */
import type { InstanceStatus } from '../api-types.js';

export const INSTANCE_STATUS_ORDER: readonly InstanceStatus[] = [
  'active',
  'paused',
  'failed',
  'done',
  'cancelled',
];
