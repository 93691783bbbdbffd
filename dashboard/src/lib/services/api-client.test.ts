/**
 * Pins the REST client's contract with the API: paths and query strings as the API documents
 * them, the bearer token, problem+json errors surfacing their `detail` (the dashboard shows it to
 * the user verbatim), and history read page by page. `fetch` is a recording stand-in here (no
 * Postgres or Kafka is crossed); the browser tests run the same client against the real API.
 */
import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';
import { ApiError } from './api-error.js';

function recordingFetch(responses: Array<{ status: number; body: unknown }>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchFn = ((url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = responses.shift() ?? { status: 200, body: {} };
    return new Response(JSON.stringify(next.body), {
      status: next.status,
      headers: {
        'content-type': next.status >= 400 ? 'application/problem+json' : 'application/json',
      },
    });
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

describe('createApiClient', () => {
  it('sends filters as query parameters, leaving empty ones out', async () => {
    const { calls, fetchFn } = recordingFetch([
      { status: 200, body: { items: [], nextCursor: null } },
    ]);
    const api = createApiClient({ fetch: fetchFn, baseUrl: 'http://x' });
    await api.listInstances({ machine: 'order', status: '', limit: 50, cursor: undefined });
    expect(calls[0]?.url).toBe('http://x/api/instances?machine=order&limit=50');
  });

  it('adds the bearer token when there is one', async () => {
    const { calls, fetchFn } = recordingFetch([{ status: 200, body: { items: [] } }]);
    const api = createApiClient({ fetch: fetchFn, token: () => 't0k' });
    await api.listMachines();
    expect((calls[0]?.init.headers as Record<string, string>).authorization).toBe('Bearer t0k');
  });

  it('throws an ApiError carrying the problem detail and code', async () => {
    const { fetchFn } = recordingFetch([
      {
        status: 400,
        body: {
          type: 'urn:orquestador:error:ORQ_ERR_EVENT_INVALID',
          title: 'Event invalid',
          status: 400,
          detail: 'Event PaymentReceived for order is invalid: paymentId is required',
          code: 'ORQ_ERR_EVENT_INVALID',
        },
      },
    ]);
    const api = createApiClient({ fetch: fetchFn });
    const err = await api.sendEvent('i-1', { type: 'PaymentReceived' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'ORQ_ERR_EVENT_INVALID',
      message: 'Event PaymentReceived for order is invalid: paymentId is required',
    });
  });

  it('reports an unreachable API as a network error', async () => {
    const api = createApiClient({
      fetch: (() => Promise.reject(new TypeError('fetch failed'))) as unknown as typeof fetch,
    });
    await expect(api.listMachines()).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('reads the whole history page by page', async () => {
    const t = (seq: number) => ({ seq });
    const { calls, fetchFn } = recordingFetch([
      { status: 200, body: { items: [t(1), t(2)], nextAfter: 2 } },
      { status: 200, body: { items: [t(3)], nextAfter: null } },
    ]);
    const api = createApiClient({ fetch: fetchFn });
    const all = await api.fullHistory('i-1');
    expect(all.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(calls.map((c) => c.url)).toEqual([
      '/api/instances/i-1/history?after=0&limit=500',
      '/api/instances/i-1/history?after=2&limit=500',
    ]);
  });

  it('posts controls without a body', async () => {
    const { calls, fetchFn } = recordingFetch([{ status: 200, body: { id: 'i-1' } }]);
    const api = createApiClient({ fetch: fetchFn });
    await api.control('i-1', 'retry');
    expect(calls[0]?.url).toBe('/api/instances/i-1/retry');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.body).toBeUndefined();
  });
});
