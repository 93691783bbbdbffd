/**
 * Any error → an RFC 9457 problem body: engine errors by their catalog code, Fastify's validation
 * and content errors by kind, anything else a 500 that names the request id and leaks nothing.
 */
import type { FastifyError } from 'fastify';
import { isOrqError } from '../../engine/index.js';
import { API_ERRORS, isApiError, type ApiErrorCode } from '../errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  retriable?: boolean;
  errors?: Array<{ field: string; message: string }>;
  details?: Record<string, unknown>;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are URNs named by the error code (documented in docs/errors.md). */
export function problemType(code: string): string {
  return `urn:orquestador:error:${code}`;
}

/** 'ORQ_ERR_UNKNOWN_EVENT' → 'Unknown event'. */
export function titleFromCode(code: string): string {
  const words = code
    .replace(/^ORQ_ERR_/, '')
    .toLowerCase()
    .split('_');
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function apiProblem(code: ApiErrorCode, detail: string, instance: string): Problem {
  const spec = API_ERRORS[code];
  return {
    type: problemType(code),
    title: spec.title,
    status: spec.httpStatus,
    detail,
    code,
    instance,
  };
}

interface ValidationItem {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** The problem for an error thrown while serving `instance` (the request path). */
export function problemFromError(err: unknown, instance: string, requestId: string): Problem {
  if (isOrqError(err)) {
    const internal = err.httpStatus >= 500;
    return {
      type: problemType(err.code),
      title: titleFromCode(err.code),
      status: err.httpStatus,
      detail: err.message,
      code: err.code,
      instance,
      retriable: err.retriable,
      ...(internal ? {} : { details: err.details }),
    };
  }
  if (isApiError(err)) return apiProblem(err.code, err.message, instance);
  const fastifyErr = err as Partial<FastifyError> & { validation?: ValidationItem[] };
  if (Array.isArray(fastifyErr.validation)) {
    const context = fastifyErr.validationContext ?? 'request';
    const errors = fastifyErr.validation.map((v) => validationItem(context, v));
    const detail = errors.map((e) => `${e.field} ${e.message}`).join('; ');
    return { ...apiProblem('ORQ_ERR_REQUEST_INVALID', detail, instance), errors };
  }
  const status = typeof fastifyErr.statusCode === 'number' ? fastifyErr.statusCode : 500;
  if (fastifyErr.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return apiProblem(
      'ORQ_ERR_BODY_TOO_LARGE',
      'The request body is larger than allowed.',
      instance,
    );
  }
  if (status === 415) {
    return apiProblem('ORQ_ERR_UNSUPPORTED_MEDIA_TYPE', fastifyErr.message ?? '', instance);
  }
  if (status >= 400 && status < 500) {
    return {
      ...apiProblem('ORQ_ERR_REQUEST_INVALID', fastifyErr.message ?? 'Bad request', instance),
      status,
      title: titleForStatus(status),
    };
  }
  return apiProblem(
    'ORQ_ERR_INTERNAL',
    `An unexpected error occurred (request ${requestId}); the server log has the details.`,
    instance,
  );
}

/** 'body' + { instancePath: '/input/x', message: 'must be string' } → field 'body.input.x'. */
function validationItem(context: string, v: ValidationItem): { field: string; message: string } {
  const path = (v.instancePath ?? '').split('/').filter(Boolean);
  if (v.keyword === 'required' && typeof v.params?.missingProperty === 'string') {
    path.push(v.params.missingProperty);
  }
  if (v.keyword === 'additionalProperties' && typeof v.params?.additionalProperty === 'string') {
    path.push(v.params.additionalProperty);
    return { field: [context, ...path].join('.'), message: 'is not allowed' };
  }
  return { field: [context, ...path].join('.'), message: v.message ?? 'is invalid' };
}

function titleForStatus(status: number): string {
  if (status === 404) return 'Not found';
  if (status === 405) return 'Method not allowed';
  if (status === 406) return 'Not acceptable';
  return 'Bad request';
}
