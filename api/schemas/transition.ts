/** Schemas of recorded transitions: an instance's history, and the stream's payload. */
import type { JSONSchema } from 'json-schema-to-ts';
import {
  anyJsonSchema,
  instanceIdSchema,
  instanceStatusSchema,
  isoTimestampSchema,
  positionSchema,
  stateValueSchema,
} from './common.js';

export const workflowEventSchema = {
  type: 'object',
  description: 'An event: its type and a flat payload beside it.',
  required: ['type'],
  properties: { type: { type: 'string' } },
  additionalProperties: true,
} as const satisfies JSONSchema;

export const contextChangeSchema = {
  type: 'object',
  required: ['path', 'op'],
  properties: {
    path: { type: 'string' },
    op: { type: 'string', enum: ['add', 'remove', 'replace'] },
    from: anyJsonSchema,
    to: anyJsonSchema,
  },
} as const satisfies JSONSchema;

export const transitionSchema = {
  $id: 'Transition',
  type: 'object',
  description: 'One committed transition (a macrostep of the root actor).',
  required: [
    'instanceId',
    'machine',
    'version',
    'seq',
    'position',
    'event',
    'from',
    'to',
    'status',
    'contextChanges',
    'source',
    'at',
  ],
  properties: {
    instanceId: instanceIdSchema,
    machine: { type: 'string' },
    version: { type: 'integer' },
    seq: { type: 'integer', description: "Counts this instance's transitions from 1." },
    position: { ...positionSchema, description: 'Orders the whole stream across instances.' },
    event: workflowEventSchema,
    from: {
      description: 'State value before; null for the first transition.',
      anyOf: [{ type: 'null' }, ...stateValueSchema.anyOf],
    },
    to: stateValueSchema,
    status: instanceStatusSchema,
    contextChanges: { type: 'array', items: contextChangeSchema },
    envelopeId: { type: ['string', 'null'] },
    source: { type: 'string', enum: ['api', 'kafka', 'timer', 'activity', 'engine', 'local'] },
    at: isoTimestampSchema,
  },
} as const satisfies JSONSchema;

export const transitionRef = { $ref: 'Transition#' } as const;

export const MAX_HISTORY_LIMIT = 1000;

export const historyQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    after: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Return transitions with seq greater than this.',
    },
    limit: { type: 'integer', minimum: 1, maximum: MAX_HISTORY_LIMIT, default: 100 },
  },
} as const satisfies JSONSchema;

export const historyPageSchema = {
  type: 'object',
  description: "The instance's transitions in order.",
  required: ['items', 'nextAfter'],
  properties: {
    items: { type: 'array', items: transitionRef },
    nextAfter: {
      type: ['integer', 'null'],
      description: 'Pass as ?after= for the next page; null when this page was the last.',
    },
  },
} as const satisfies JSONSchema;
