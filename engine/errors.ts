/**
 * One catalog of errors with stable string codes (../docs/errors.md lists every one; a test checks
 * the two agree). Codes are never reused. Branch on `err.code`, never on `instanceof`, across
 * boundaries: errors stored in Postgres or sent on Kafka are serialized as `{ code, message, details }`.
 */

export interface ErrorSpec {
  /** HTTP status the API answers with. */
  readonly httpStatus: number;
  /** Whether trying the same thing again later can help. */
  readonly retriable: boolean;
  /** Message template; `{name}` is replaced by `details.name`. */
  readonly message: string;
}

export const ERROR_CATALOG = {
  ORQ_ERR_CONFIG_INVALID: {
    httpStatus: 500,
    retriable: false,
    message: 'Invalid configuration: {detail}',
  },
  ORQ_ERR_WORKFLOW_INVALID: {
    httpStatus: 500,
    retriable: false,
    message: 'Invalid workflow definition {machine}: {detail}',
  },
  ORQ_ERR_WORKFLOW_DUPLICATE: {
    httpStatus: 500,
    retriable: false,
    message: 'Workflow {machine} version {version} is registered twice',
  },
  ORQ_ERR_MACHINE_NOT_FOUND: {
    httpStatus: 404,
    retriable: false,
    message: 'No workflow named {machine}',
  },
  ORQ_ERR_MACHINE_VERSION_NOT_FOUND: {
    httpStatus: 404,
    retriable: false,
    message: 'Workflow {machine} has no version {version}',
  },
  ORQ_ERR_INSTANCE_NOT_FOUND: {
    httpStatus: 404,
    retriable: false,
    message: 'No instance {instanceId}',
  },
  ORQ_ERR_INPUT_INVALID: {
    httpStatus: 400,
    retriable: false,
    message: 'Input for {machine} is invalid: {detail}',
  },
  ORQ_ERR_UNKNOWN_EVENT: {
    httpStatus: 400,
    retriable: false,
    message: 'Workflow {machine} does not accept event {eventType}',
  },
  ORQ_ERR_EVENT_INVALID: {
    httpStatus: 400,
    retriable: false,
    message: 'Event {eventType} for {machine} is invalid: {detail}',
  },
  ORQ_ERR_INSTANCE_NOT_ACTIVE: {
    httpStatus: 409,
    retriable: false,
    message: 'Instance {instanceId} is {status}: {action} is not possible',
  },
  ORQ_ERR_VERSION_CONFLICT: {
    httpStatus: 409,
    retriable: true,
    message: 'Instance {instanceId} was changed concurrently',
  },
  ORQ_ERR_BAD_CURSOR: {
    httpStatus: 400,
    retriable: false,
    message: 'The cursor is not valid: {detail}',
  },
  ORQ_ERR_MACHINE_ERROR: {
    httpStatus: 500,
    retriable: false,
    message: 'Machine code of {machine} threw: {detail}',
  },
  ORQ_ERR_ACTIVITY_FAILED: {
    httpStatus: 500,
    retriable: true,
    message: 'Activity {activityType} failed after {attempt} attempt(s): {detail}',
  },
  ORQ_ERR_ACTIVITY_TIMEOUT: {
    httpStatus: 504,
    retriable: true,
    message: 'Activity {activityType} timed out after {timeoutMs} ms',
  },
  ORQ_ERR_MIGRATION_FAILED: {
    httpStatus: 500,
    retriable: false,
    message: 'Snapshot migration of {machine} from version {from} to {to} failed: {detail}',
  },
  ORQ_ERR_ENGINE_STOPPED: {
    httpStatus: 503,
    retriable: true,
    message: 'The engine is not running',
  },
  ORQ_ERR_STORE_UNAVAILABLE: {
    httpStatus: 503,
    retriable: true,
    message: 'PostgreSQL is not reachable: {detail}',
  },
  ORQ_ERR_MALFORMED_MESSAGE: {
    httpStatus: 400,
    retriable: false,
    message: 'Message is malformed: {detail}',
  },
  ORQ_ERR_MESSAGE_TOO_LARGE: {
    httpStatus: 413,
    retriable: false,
    message: 'Message of {sizeBytes} bytes exceeds the limit of {limitBytes} bytes',
  },
  ORQ_ERR_NO_ROUTE: {
    httpStatus: 400,
    retriable: false,
    message: 'No route matches the message on topic {topic}',
  },
  ORQ_ERR_CORRELATION_NOT_FOUND: {
    httpStatus: 404,
    retriable: false,
    message: 'No instance of {machine} has key {key}',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** The serialized form, as stored in Postgres and sent on Kafka. */
export interface SerializedError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class OrqError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    const spec: ErrorSpec = ERROR_CATALOG[code];
    super(formatMessage(spec.message, details), options);
    this.name = 'OrqError';
    this.code = code;
    this.httpStatus = spec.httpStatus;
    this.retriable = spec.retriable;
    this.details = details;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, details: this.details };
  }
}

function formatMessage(template: string, details: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = details[name];
    if (value === undefined) return `{${name}}`;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/** True for an error of our catalog, judged by its code (works across realms and copies). */
export function isOrqError(err: unknown): err is OrqError {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    typeof err.code === 'string' &&
    (err as { code: string }).code in ERROR_CATALOG
  );
}

const PROGRAMMER_ERRORS = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

/** Programmer errors are never retried; our own errors say so themselves; anything else may be. */
export function isRetriable(err: unknown): boolean {
  if (isOrqError(err)) return err.retriable;
  if (err instanceof Error && PROGRAMMER_ERRORS.has(err.name)) return false;
  if (typeof err === 'object' && err !== null && 'retriable' in err) {
    return Boolean(err.retriable);
  }
  return true;
}

/** Any thrown value → `{ code, message, details }`, keeping the cause's name and message. */
export function serializeError(
  err: unknown,
  fallback: ErrorCode = 'ORQ_ERR_MACHINE_ERROR',
): SerializedError {
  if (isOrqError(err)) return { code: err.code, message: err.message, details: err.details };
  if (err instanceof Error) {
    return {
      code: fallback,
      message: err.message,
      details: {
        name: err.name,
        ...(err.stack ? { stack: err.stack.split('\n').slice(0, 6).join('\n') } : {}),
      },
    };
  }
  return { code: fallback, message: String(err), details: {} };
}
