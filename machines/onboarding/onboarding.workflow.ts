/** Customer onboarding, registered with its accepted events. */
import { defineWorkflow } from '../../engine/workflow/index.js';
import { onboardingMachine } from './onboarding.machine.js';

export const onboardingWorkflow = defineWorkflow({
  id: 'onboarding',
  version: 1,
  description: 'Documents and a background check in parallel, then account activation.',
  machine: onboardingMachine,
  input: {
    type: 'object',
    required: ['customerId'],
    properties: { customerId: { type: 'string', minLength: 1 } },
  },
  events: {
    DocumentUploaded: {
      schema: {
        type: 'object',
        required: ['documentId'],
        properties: { documentId: { type: 'string' } },
      },
    },
    DocumentApproved: {},
    DocumentRejected: { schema: { type: 'object', properties: { reason: { type: 'string' } } } },
    ManualReviewPassed: {},
  },
});
