/** Schemas of instances: the view, starting one, listing with cursor pagination. */
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import {
  anyJsonSchema,
  instanceIdSchema,
  instanceStatusSchema,
  isoTimestampSchema,
  machineIdSchema,
  serializedErrorSchema,
  stateValueSchema,
} from './common.js';

export const instanceViewSchema = {
  $id: 'Instance',
  type: 'object',
  description: 'A workflow instance as the API, CLI and dashboard see it.',
  required: [
    'id',
    'machine',
    'version',
    'key',
    'status',
    'value',
    'statePaths',
    'context',
    'seq',
    'createdAt',
    'updatedAt',
    'stateEnteredAt',
  ],
  properties: {
    id: instanceIdSchema,
    machine: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    key: { type: ['string', 'null'], description: 'Business key, unique per machine.' },
    status: instanceStatusSchema,
    value: stateValueSchema,
    statePaths: {
      type: 'array',
      items: { type: 'string' },
      description: "Dotted paths of every active state node, e.g. ['payment', 'payment.awaiting'].",
    },
    context: anyJsonSchema,
    input: anyJsonSchema,
    output: anyJsonSchema,
    error: { ...serializedErrorSchema, description: 'Present when status is failed.' },
    seq: { type: 'integer', description: 'Number of transitions recorded so far.' },
    createdAt: isoTimestampSchema,
    updatedAt: isoTimestampSchema,
    stateEnteredAt: { ...isoTimestampSchema, description: 'When the current state was entered.' },
  },
} as const satisfies JSONSchema;

export const instanceRef = { $ref: 'Instance#' } as const;

export const startInstanceBodySchema = {
  type: 'object',
  required: ['machine'],
  additionalProperties: false,
  properties: {
    machine: machineIdSchema,
    key: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Business key; starting twice with one key returns the first instance (200).',
    },
    input: {
      ...anyJsonSchema,
      description: "Start input, validated against the machine's schema.",
    },
    version: { type: 'integer', minimum: 1, description: 'Defaults to the latest version.' },
  },
} as const satisfies JSONSchema;
export type StartInstanceBody = FromSchema<typeof startInstanceBodySchema>;

export const MAX_PAGE_LIMIT = 500;

export const listInstancesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    machine: machineIdSchema,
    status: instanceStatusSchema,
    state: {
      type: 'string',
      minLength: 1,
      maxLength: 500,
      description: "Dotted state path; 'payment' also matches 'payment.awaiting'.",
    },
    key: { type: 'string', minLength: 1, maxLength: 200 },
    createdAfter: isoTimestampSchema,
    createdBefore: isoTimestampSchema,
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: 50 },
    cursor: {
      type: 'string',
      minLength: 1,
      maxLength: 1000,
      description: 'Opaque; the nextCursor of the previous page.',
    },
  },
} as const satisfies JSONSchema;
export type ListInstancesQuery = FromSchema<typeof listInstancesQuerySchema>;

export const instancePageSchema = {
  type: 'object',
  description: 'Instances, newest first.',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: instanceRef },
    nextCursor: {
      type: ['string', 'null'],
      description: 'Pass as ?cursor= for the next page; null on the last page.',
    },
  },
} as const satisfies JSONSchema;
