/**
 * Request types come from the route's JSON Schemas (json-schema-to-ts), so a schema and the
 * handler that reads it cannot disagree. Replies are not typed from schemas: the engine's own
 * types describe them, and fast-json-stringify checks them against the schema at run time
 * (a missing required field is a 500, caught by the API tests).
 */
import type {
  FastifyPluginCallback,
  FastifyPluginOptions,
  FastifyTypeProvider,
  RawServerDefault,
} from 'fastify';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

export interface ApiTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends JSONSchema ? FromSchema<this['schema']> : unknown;
  serializer: unknown;
}

/** A route plugin whose requests are typed from its schemas. */
export type ApiRoutePlugin<Options extends FastifyPluginOptions> = FastifyPluginCallback<
  Options,
  RawServerDefault,
  ApiTypeProvider
>;
