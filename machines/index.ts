/** The workflows shipped with Orquestador; cli/ registers these, then any from ORQ_MACHINES. */
import type { Workflow } from '../engine/workflow/index.js';
import { onboardingWorkflow } from './onboarding/onboarding.workflow.js';
import { orderRoutes } from './order/order.routes.js';
import { orderWorkflow } from './order/order.workflow.js';

export const shippedWorkflows: readonly Workflow[] = [orderWorkflow, onboardingWorkflow];

/** Kafka routes of the shipped workflows (used in Kafka mode). */
export const shippedRoutes = [...orderRoutes];

export { orderWorkflow, onboardingWorkflow };
