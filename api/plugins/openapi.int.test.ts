/**
 * Pins the OpenAPI document: it is generated from the route schemas, validates as OpenAPI 3.1
 * (@readme/openapi-parser, which also resolves every $ref), lists every route of the issue's
 * contract with its parameters, declares problem+json error answers and the bearer scheme, and
 * the Swagger UI is served at /api/docs.
 */
import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('api_openapi');
});
afterEach(() => h.closeApps());
afterAll(() => h?.stop());

/** The routes the issue names, in OpenAPI path syntax. */
const CONTRACT: Array<[method: string, path: string]> = [
  ['get', '/api/machines'],
  ['get', '/api/machines/{id}'],
  ['get', '/api/machines/{id}/stats'],
  ['post', '/api/instances'],
  ['get', '/api/instances'],
  ['get', '/api/instances/{id}'],
  ['get', '/api/instances/{id}/history'],
  ['post', '/api/instances/{id}/events'],
  ['post', '/api/instances/{id}/cancel'],
  ['post', '/api/instances/{id}/pause'],
  ['post', '/api/instances/{id}/resume'],
  ['post', '/api/instances/{id}/retry'],
  ['get', '/api/stream'],
  ['get', '/health'],
  ['get', '/ready'],
  ['get', '/metrics'],
];

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { content?: Record<string, unknown> }>;
}
type OpenApiDoc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
};

const fetchDoc = async (url = '/api/openapi.json'): Promise<OpenApiDoc> => {
  const app = await h.app();
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  return res.json<OpenApiDoc>();
};

describe('OpenAPI document', () => {
  it('validates as OpenAPI 3.1 with every $ref resolved', async () => {
    const doc = await fetchDoc();
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  it('lists every route of the contract, and nothing undocumented', async () => {
    const doc = await fetchDoc();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(CONTRACT.map(([m, p]) => `${m} ${p}`).sort());
  });

  it('documents query parameters and problem+json error answers', async () => {
    const doc = await fetchDoc();
    const list = doc.paths['/api/instances']!.get!;
    expect(list.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining([
        'query:machine',
        'query:status',
        'query:state',
        'query:key',
        'query:limit',
        'query:cursor',
      ]),
    );
    const stream = doc.paths['/api/stream']!.get!;
    expect(stream.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['machine', 'instance', 'after', 'token']),
    );
    const send = doc.paths['/api/instances/{id}/events']!.post!;
    expect(Object.keys(send.responses)).toEqual(
      expect.arrayContaining(['202', '400', '401', '404', '409', '413']),
    );
    expect(Object.keys(send.responses['400']!.content!)).toEqual(['application/problem+json']);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Problem',
        'Instance',
        'Transition',
        'MachineSummary',
        'MachineGraph',
      ]),
    );
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
  });

  it('is served at /api/docs/json too, with the Swagger UI at /api/docs', async () => {
    const doc = await fetchDoc('/api/docs/json');
    expect(Object.keys(doc.paths)).toContain('/api/instances');
    const app = await h.app();
    const ui = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });
});
