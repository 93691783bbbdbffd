/** Schemas of sending an event to an instance. */
import type { JSONSchema } from 'json-schema-to-ts';

export const sendEventBodySchema = {
  type: 'object',
  description:
    "The event: `type` plus its payload fields, validated against the machine's accepted events.",
  required: ['type'],
  properties: { type: { type: 'string', minLength: 1, maxLength: 200 } },
  additionalProperties: true,
} as const satisfies JSONSchema;

export const sendEventQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    wait: {
      type: 'boolean',
      default: false,
      description: 'Answer only after the event has been applied and committed.',
    },
  },
} as const satisfies JSONSchema;

export const sendEventHeadersSchema = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Dedup id: sending twice with one key applies the event once.',
    },
  },
} as const satisfies JSONSchema;

export const eventAcceptedSchema = {
  type: 'object',
  required: ['instanceId', 'envelopeId', 'committed'],
  properties: {
    instanceId: { type: 'string' },
    envelopeId: { type: 'string', description: 'The dedup id the event was delivered with.' },
    committed: { type: 'boolean', description: 'True when the answer waited for the commit.' },
  },
} as const satisfies JSONSchema;
