/** Schemas of the liveness and readiness probes. */
import type { JSONSchema } from 'json-schema-to-ts';

export const liveSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const satisfies JSONSchema;

export const readinessSchema = {
  type: 'object',
  description: 'Each dependency (postgres, kafka, engine) and whether it answers.',
  required: ['ok', 'checks'],
  properties: {
    ok: { type: 'boolean' },
    checks: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['ok'],
        properties: { ok: { type: 'boolean' }, detail: { type: 'string' } },
      },
    },
  },
} as const satisfies JSONSchema;
