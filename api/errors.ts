/**
 * Errors the API itself raises (the engine's own are in engine/errors.ts). Same shape: a stable
 * `ORQ_ERR_*` code and an HTTP status. They belong in the engine's catalog and docs/errors.md;
 * until they move there, this is their one definition.
 */

export const API_ERRORS = {
  ORQ_ERR_REQUEST_INVALID: { httpStatus: 400, title: 'Invalid request' },
  ORQ_ERR_UNAUTHORIZED: { httpStatus: 401, title: 'Unauthorized' },
  ORQ_ERR_ROUTE_NOT_FOUND: { httpStatus: 404, title: 'Not found' },
  ORQ_ERR_METRICS_UNAVAILABLE: { httpStatus: 404, title: 'Metrics are not enabled' },
  ORQ_ERR_BODY_TOO_LARGE: { httpStatus: 413, title: 'Request body too large' },
  ORQ_ERR_UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, title: 'Unsupported media type' },
  ORQ_ERR_UPGRADE_REQUIRED: { httpStatus: 426, title: 'Upgrade required' },
  ORQ_ERR_INTERNAL: { httpStatus: 500, title: 'Internal error' },
} as const satisfies Record<string, { httpStatus: number; title: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly statusCode: number;

  constructor(code: ApiErrorCode, detail: string) {
    super(detail);
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = API_ERRORS[code].httpStatus;
  }
}

export function isApiError(err: unknown): err is ApiError {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code in API_ERRORS;
}
