/**
 * What a task handler throws to fail with a stable code: `retriable: false` tells the engine not to
 * try again (a declined card), the default lets its retry policy decide (a timeout downstream).
 */
export class TaskError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: { retriable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TaskError';
    this.code = code;
    this.retriable = options.retriable ?? true;
    this.details = options.details ?? {};
  }
}
