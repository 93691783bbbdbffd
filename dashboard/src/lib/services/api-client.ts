/**
 * The REST side of the API (`/api/*`), typed. Every call takes an AbortSignal (views abort their
 * requests when the user navigates away) and throws an ApiError carrying the problem+json body.
 */
import type {
  HistoryPage,
  InstanceControl,
  InstanceView,
  MachineGraph,
  MachineStatsResponse,
  MachineSummary,
  Page,
  ProblemDetails,
  TransitionRecord,
} from '../api-types.js';
import { ApiError } from './api-error.js';

export interface ApiClientOptions {
  /** Prefix of every path; '' means the page's own origin. */
  baseUrl?: string;
  /** The bearer token when the API needs one. */
  token?: () => string | null;
  fetch?: typeof fetch;
}

export interface StartInstanceBody {
  machine: string;
  key?: string;
  input?: unknown;
  version?: number;
}

/** Most transitions read for one instance's timeline. */
const MAX_HISTORY = 5_000;
const HISTORY_PAGE = 500;

export function createApiClient(options: ApiClientOptions = {}) {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function request<T>(
    method: 'GET' | 'POST',
    path: string,
    init: {
      body?: unknown;
      query?: Record<string, string | number | undefined>;
      signal?: AbortSignal;
    } = {},
  ): Promise<T> {
    const url = base + path + queryString(init.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, null, `The API is not reachable (${method} ${path})`);
    }
    const text = await response.text();
    const body: unknown = text ? safeJson(text) : null;
    if (!response.ok) {
      const problem = typeof body === 'object' && body !== null ? (body as ProblemDetails) : null;
      throw new ApiError(response.status, problem, `${method} ${path} answered ${response.status}`);
    }
    return body as T;
  }

  return {
    listMachines: (signal?: AbortSignal) =>
      request<{ items: MachineSummary[] }>('GET', '/api/machines', { signal }).then((r) => r.items),
    machineGraph: (id: string, version: number | null, signal?: AbortSignal) =>
      request<MachineGraph>('GET', `/api/machines/${enc(id)}`, {
        query: { version: version ?? undefined },
        signal,
      }),
    machineStats: (id: string, version: number | null, signal?: AbortSignal) =>
      request<MachineStatsResponse>('GET', `/api/machines/${enc(id)}/stats`, {
        query: { version: version ?? undefined },
        signal,
      }),
    listInstances: (query: Record<string, string | number | undefined>, signal?: AbortSignal) =>
      request<Page<InstanceView>>('GET', '/api/instances', { query, signal }),
    instance: (id: string, signal?: AbortSignal) =>
      request<InstanceView>('GET', `/api/instances/${enc(id)}`, { signal }),
    history: (id: string, after: number, limit: number, signal?: AbortSignal) =>
      request<HistoryPage>('GET', `/api/instances/${enc(id)}/history`, {
        query: { after, limit },
        signal,
      }),
    /** Every transition after `after`, page by page (capped at MAX_HISTORY). */
    async fullHistory(id: string, after = 0, signal?: AbortSignal): Promise<TransitionRecord[]> {
      const all: TransitionRecord[] = [];
      let cursor: number | null = after;
      while (cursor !== null && all.length < MAX_HISTORY) {
        const page: HistoryPage = await this.history(id, cursor, HISTORY_PAGE, signal);
        all.push(...page.items);
        cursor = page.nextAfter;
      }
      return all;
    },
    startInstance: (body: StartInstanceBody, signal?: AbortSignal) =>
      request<InstanceView>('POST', '/api/instances', { body, signal }),
    sendEvent: (
      id: string,
      event: { type: string; [key: string]: unknown },
      signal?: AbortSignal,
    ) =>
      request<{ instanceId: string; envelopeId: string }>(
        'POST',
        `/api/instances/${enc(id)}/events`,
        {
          body: event,
          signal,
        },
      ),
    control: (id: string, action: InstanceControl, signal?: AbortSignal) =>
      request<InstanceView>('POST', `/api/instances/${enc(id)}/${action}`, { signal }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function enc(part: string): string {
  return encodeURIComponent(part);
}

function queryString(query: Record<string, string | number | undefined> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 500) };
  }
}
