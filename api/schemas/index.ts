/**
 * The API's JSON Schemas: used by the routes for validation and serialization, and by
 * @fastify/swagger for the OpenAPI document. The dashboard may `import type` the derived types.
 */
import { problemSchema } from './common.js';
import { instanceViewSchema } from './instance.js';
import { machineGraphSchema, machineSummarySchema } from './machine.js';
import { transitionSchema } from './transition.js';

export * from './common.js';
export * from './event.js';
export * from './health.js';
export * from './instance.js';
export * from './machine.js';
export * from './stream.js';
export * from './transition.js';

/** Schemas with an `$id`, added once with `app.addSchema` and referenced as `{ $ref: 'Id#' }`. */
export const sharedSchemas = [
  problemSchema,
  instanceViewSchema,
  transitionSchema,
  machineSummarySchema,
  machineGraphSchema,
] as const;
