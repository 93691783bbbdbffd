/**
 * Pins how Kafka mode picks the activities that run on remote workers: the chosen machines'
 * activities get a task topic (by convention `orq.tasks.<type>`), the others stay local, the
 * workflow is otherwise the same object graph, and the topics to create are listed once.
 */
import { describe, expect, it } from 'vitest';
import { fromPromise, setup } from 'xstate';
import { sampleWorkflow } from '../../testing/sample-workflows.js';
import { defineWorkflow } from '../../workflow/define-workflow.js';
import { remoteTaskTopics, withRemoteActivities } from './remote-topics.js';

const noop = fromPromise(async () => Promise.resolve(null));
const orderWorkflow = defineWorkflow({
  id: 'order',
  version: 1,
  machine: setup({
    actors: { reserveStock: noop, chargePayment: noop, shipOrder: noop, releaseStock: noop },
  }).createMachine({ id: 'order' }),
});

describe('withRemoteActivities', () => {
  it('gives every activity of a machine chosen as "all" its task topic', () => {
    const [order, sample] = withRemoteActivities([orderWorkflow, sampleWorkflow], { order: 'all' });
    expect([...order!.activities.values()].map((a) => [a.name, a.remoteTopic])).toEqual([
      ['reserveStock', 'orq.tasks.reserveStock'],
      ['chargePayment', 'orq.tasks.chargePayment'],
      ['shipOrder', 'orq.tasks.shipOrder'],
      ['releaseStock', 'orq.tasks.releaseStock'],
    ]);
    expect(sample).toBe(sampleWorkflow);
    expect(order!.machine).toBe(orderWorkflow.machine);
    expect(orderWorkflow.activities.get('reserveStock')!.remoteTopic).toBeNull();
  });

  it('keeps unnamed activities local and lists each task topic once', () => {
    const workflows = withRemoteActivities(
      [orderWorkflow],
      { order: ['chargePayment'] },
      (type) => `t.${type}`,
    );
    expect(workflows[0]!.activities.get('chargePayment')!.remoteTopic).toBe('t.chargePayment');
    expect(workflows[0]!.activities.get('shipOrder')!.remoteTopic).toBeNull();
    expect(remoteTaskTopics([...workflows, ...workflows])).toEqual(['t.chargePayment']);
  });
});
