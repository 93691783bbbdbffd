/** The workflows shipped with Orquestador; cli/ registers these, then any from ORQ_MACHINES. */
import type { Workflow } from '../engine/workflow/index.js';
import { onboardingWorkflow } from './onboarding/onboarding.workflow.js';
import { orderWorkflow } from './order/order.workflow.js';

export const shippedWorkflows: readonly Workflow[] = [orderWorkflow, onboardingWorkflow];

export { orderWorkflow, onboardingWorkflow };
