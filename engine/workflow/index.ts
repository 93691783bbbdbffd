/**
 * The pure entry machines import: defining workflows and outgoing messages. Nothing behind it
 * does I/O (no knex, pg, kafkajs).
 */
export { defineWorkflow } from './define-workflow.js';
export type {
  ActivityOptions,
  JsonSchema,
  PersistedSnapshot,
  SnapshotMigration,
  Workflow,
  WorkflowConfig,
} from './define-workflow.js';
export { message, ORQ_PUBLISH_EVENT, type OutgoingMessage, type PublishEvent } from './publish.js';
export type { RetryPolicy } from './retry-policy.js';
