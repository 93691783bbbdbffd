/**
 * Workflows for the API tests: `ticket` in two versions (v2 adds a parallel SLA region with a
 * guard and a delay, so the graph route has something to draw), beside the engine's `sample`.
 */
import { assign, setup } from 'xstate';
import { defineWorkflow } from '../../engine/index.js';

const ticketV1 = setup({
  types: { context: {} as { title: string; assignee: string | null } },
}).createMachine({
  id: 'ticket',
  context: ({ input }) => ({ title: (input as { title: string }).title, assignee: null }),
  initial: 'open',
  states: {
    open: {
      on: {
        ASSIGN: {
          target: 'assigned',
          actions: assign({
            assignee: ({ event }) => (event as unknown as { assignee: string }).assignee,
          }),
        },
      },
    },
    assigned: { on: { RESOLVE: 'resolved', COMMENT: {} } },
    resolved: { type: 'final' },
  },
});

const ticketEvents = {
  ASSIGN: {
    description: 'Give the ticket to someone.',
    schema: {
      type: 'object',
      required: ['assignee'],
      additionalProperties: false,
      properties: { assignee: { type: 'string', minLength: 1 } },
    },
  },
  RESOLVE: {},
  COMMENT: { schema: { type: 'object', properties: { text: { type: 'string' } } } },
};

const ticketInput = {
  type: 'object',
  required: ['title'],
  properties: { title: { type: 'string', minLength: 1 } },
};

export const ticketV1Workflow = defineWorkflow({
  id: 'ticket',
  version: 1,
  description: 'A support ticket.',
  machine: ticketV1,
  input: ticketInput,
  events: ticketEvents,
});

const ticketV2 = setup({
  types: { context: {} as { title: string; assignee: string | null } },
  guards: { hasAssignee: ({ context }) => context.assignee !== null },
}).createMachine({
  id: 'ticket',
  context: ({ input }) => ({ title: (input as { title: string }).title, assignee: null }),
  type: 'parallel',
  states: {
    work: {
      initial: 'open',
      states: {
        open: {
          on: {
            ASSIGN: {
              target: 'assigned',
              actions: assign({
                assignee: ({ event }) => (event as unknown as { assignee: string }).assignee,
              }),
            },
          },
        },
        assigned: { on: { RESOLVE: { target: 'resolved', guard: 'hasAssignee' } } },
        resolved: { type: 'final' },
      },
    },
    sla: {
      initial: 'running',
      states: {
        running: { after: { 3_600_000: 'breached' } },
        breached: { type: 'final' },
      },
    },
  },
});

export const ticketV2Workflow = defineWorkflow({
  id: 'ticket',
  version: 2,
  description: 'A support ticket with an SLA clock.',
  machine: ticketV2,
  input: ticketInput,
  events: ticketEvents,
});
