/**
 * Pins the order statuses are shown in (counts, filters) against the statuses the API really
 * reports (recorded in src/fixtures/machines.json): every one appears exactly once, so a status
 * added to the engine cannot silently vanish from the dashboard.
 */
import { describe, expect, it } from 'vitest';
import machines from '../../fixtures/machines.json' with { type: 'json' };
import { INSTANCE_STATUS_ORDER } from './status-order.js';

describe('INSTANCE_STATUS_ORDER', () => {
  it('lists every status the API counts, once', () => {
    const reported = Object.keys(machines.items[0]!.counts).sort();
    expect([...INSTANCE_STATUS_ORDER].sort()).toEqual(reported);
  });
});
