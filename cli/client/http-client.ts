/**
 * A small client of the Orquestador HTTP API for the `orq` commands: JSON in and out, the bearer
 * token when configured, and problem+json answers turned into errors that read well in a terminal.
 */

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: Array<{ field: string; message: string }>;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(describeProblem(problem));
    this.name = 'ApiRequestError';
  }
}

export class ApiUnreachableError extends Error {
  constructor(baseUrl: string, cause: unknown) {
    super(
      `cannot reach the Orquestador API at ${baseUrl} (${causeText(cause)}); ` +
        'is it running (`orq dev`)? Set ORQ_URL to point elsewhere.',
      { cause },
    );
    this.name = 'ApiUnreachableError';
  }
}

export interface ApiClientOptions {
  /** e.g. http://localhost:5000 */
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
}

export class ApiClient {
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
  }

  /** The WebSocket URL of a path, with the same host and scheme (ws/wss). */
  wsUrl(path: string, query: RequestOptions['query'] = {}): string {
    return this.url(path, query).replace(/^http/, 'ws');
  }

  get authHeaders(): Record<string, string> {
    return this.#token ? { authorization: `Bearer ${this.#token}` } : {};
  }

  url(path: string, query: RequestOptions['query'] = {}): string {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(query))
      if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.authHeaders,
      ...options.headers,
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.#fetch(this.url(path, options.query), {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    } catch (err) {
      throw new ApiUnreachableError(this.baseUrl, err);
    }
    const text = await res.text();
    const body = text ? parseJson(text) : undefined;
    if (!res.ok) {
      const problem =
        body && typeof body === 'object'
          ? { status: res.status, ...(body as Partial<Problem>) }
          : { status: res.status, detail: text || res.statusText };
      throw new ApiRequestError(res.status, problem);
    }
    return { status: res.status, body: body as T };
  }

  get<T>(path: string, query?: RequestOptions['query']): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, query ? { query } : {});
  }

  post<T>(
    path: string,
    body?: unknown,
    options: Omit<RequestOptions, 'body'> = {},
  ): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, { ...options, body });
  }
}

/** 'Unknown event: Workflow order does not accept event X (ORQ_ERR_UNKNOWN_EVENT)'. */
export function describeProblem(problem: Problem): string {
  const head = problem.title ?? `HTTP ${problem.status}`;
  const detail = problem.detail ? `: ${problem.detail}` : '';
  const code = problem.code ? ` (${problem.code})` : '';
  return `${head}${detail}${code}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function causeText(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}
