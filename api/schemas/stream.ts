/** Schema of the WebSocket stream's query string. */
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { instanceIdSchema, machineIdSchema, positionSchema } from './common.js';

export const streamQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    machine: machineIdSchema,
    instance: instanceIdSchema,
    after: {
      ...positionSchema,
      description: "Replay every transition after this position first ('0': from the start).",
    },
    token: { type: 'string', description: "The API token, for browsers' WebSocket." },
  },
} as const satisfies JSONSchema;
export type StreamQuery = FromSchema<typeof streamQuerySchema>;
