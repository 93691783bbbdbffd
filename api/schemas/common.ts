/**
 * Building blocks shared by the route schemas and the OpenAPI document: one validation language
 * (JSON Schema) for requests, responses and docs. Every schema is `as const` so the type provider
 * derives request types from it.
 */
import type { JSONSchema } from 'json-schema-to-ts';

/** RFC 9457 problem details, the body of every error answer. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'An error, as application/problem+json (RFC 9457).',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'URI naming the kind of problem.' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong, for a human.' },
    code: { type: 'string', description: 'Stable error code (ORQ_ERR_*), see docs/errors.md.' },
    instance: { type: 'string', description: 'The request path.' },
    retriable: { type: 'boolean' },
    errors: {
      type: 'array',
      description: 'For invalid requests: each failing field.',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    details: { type: 'object', additionalProperties: true },
  },
} as const satisfies JSONSchema;

export const problemRef = { $ref: 'Problem#' } as const;

/** A problem+json answer, as a route's response schema. */
export const problemResponse = {
  description: 'An error (application/problem+json).',
  content: { 'application/problem+json': { schema: problemRef } },
} as const;

/** The error answers a route can give, by status. */
export function problemResponses<const S extends readonly number[]>(
  ...statuses: S
): { [K in S[number]]: typeof problemResponse } {
  return Object.fromEntries(statuses.map((s) => [s, problemResponse])) as {
    [K in S[number]]: typeof problemResponse;
  };
}

export const instanceStatusSchema = {
  type: 'string',
  enum: ['active', 'paused', 'done', 'failed', 'cancelled'],
} as const satisfies JSONSchema;

/** XState's state value: a string, or nested objects for compound and parallel states. */
export const stateValueSchema = {
  description: "XState state value: 'idle', or { payment: 'awaiting' } for nested/parallel states.",
  anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
} as const satisfies JSONSchema;

/** Any JSON value (context, input, output, payloads). */
export const anyJsonSchema = {
  description: 'Any JSON value.',
} as const satisfies JSONSchema;

export const serializedErrorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
} as const satisfies JSONSchema;

export const isoTimestampSchema = { type: 'string', format: 'date-time' } as const;

/** A stream position: decimal digits of a non-negative bigint. */
export const positionSchema = {
  type: 'string',
  pattern: '^[0-9]{1,20}$',
  description: 'Stream position (decimal string of a 64-bit integer).',
} as const satisfies JSONSchema;

/** Instance ids are UUIDs; anything else is refused before it reaches the store. */
export const instanceIdSchema = { type: 'string', format: 'uuid' } as const satisfies JSONSchema;

export const instanceIdParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: instanceIdSchema },
} as const satisfies JSONSchema;

export const machineIdSchema = {
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9._-]*$',
  maxLength: 200,
} as const satisfies JSONSchema;

export const machineIdParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: machineIdSchema },
} as const satisfies JSONSchema;
