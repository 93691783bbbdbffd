/**
 * Pins how errors become problem bodies: engine errors keep their catalog code, status, message and
 * details (but a 5xx drops its details); Fastify validation errors name each failing field; any
 * other error is a 500 whose detail says nothing but the request id.
 */
import { describe, expect, it } from 'vitest';
import { OrqError } from '../../engine/index.js';
import { ApiError } from '../errors.js';
import { problemFromError, titleFromCode } from './problem.js';

describe('problemFromError', () => {
  it('maps an engine error by its code', () => {
    const err = new OrqError('ORQ_ERR_UNKNOWN_EVENT', { machine: 'order', eventType: 'X' });
    expect(problemFromError(err, '/api/instances/1/events', 'r1')).toEqual({
      type: 'urn:orquestador:error:ORQ_ERR_UNKNOWN_EVENT',
      title: 'Unknown event',
      status: 400,
      detail: 'Workflow order does not accept event X',
      code: 'ORQ_ERR_UNKNOWN_EVENT',
      instance: '/api/instances/1/events',
      retriable: false,
      details: { machine: 'order', eventType: 'X' },
    });
  });

  it('recognises an engine error by its code even when it is a copy', () => {
    const copy = {
      ...new OrqError('ORQ_ERR_BAD_CURSOR', { detail: 'x' }),
      code: 'ORQ_ERR_BAD_CURSOR',
      message: 'm',
    };
    expect(problemFromError(copy, '/p', 'r')).toMatchObject({
      status: 400,
      code: 'ORQ_ERR_BAD_CURSOR',
    });
  });

  it('drops the details of an engine 5xx', () => {
    const err = new OrqError('ORQ_ERR_STORE_UNAVAILABLE', { detail: 'ECONNREFUSED 10.0.0.5:5432' });
    const problem = problemFromError(err, '/p', 'r');
    expect(problem.status).toBe(503);
    expect(problem.details).toBeUndefined();
    expect(problem.retriable).toBe(true);
  });

  it('names every failing field of a validation error', () => {
    const err = Object.assign(new Error('body/x must be string'), {
      statusCode: 400,
      validationContext: 'body',
      validation: [
        { instancePath: '/input/x', keyword: 'type', message: 'must be string', params: {} },
        {
          instancePath: '',
          keyword: 'required',
          message: "must have required property 'machine'",
          params: { missingProperty: 'machine' },
        },
      ],
    });
    expect(problemFromError(err, '/api/instances', 'r')).toMatchObject({
      status: 400,
      code: 'ORQ_ERR_REQUEST_INVALID',
      detail: "body.input.x must be string; body.machine must have required property 'machine'",
      errors: [
        { field: 'body.input.x', message: 'must be string' },
        { field: 'body.machine', message: "must have required property 'machine'" },
      ],
    });
  });

  it('keeps an API error as it is', () => {
    const problem = problemFromError(new ApiError('ORQ_ERR_UNAUTHORIZED', 'no token'), '/api', 'r');
    expect(problem).toMatchObject({
      status: 401,
      code: 'ORQ_ERR_UNAUTHORIZED',
      detail: 'no token',
    });
  });

  it('turns anything else into a 500 that reveals only the request id', () => {
    const problem = problemFromError(
      new TypeError('secret is undefined at db.ts:12'),
      '/api',
      'req-7',
    );
    expect(problem).toEqual({
      type: 'urn:orquestador:error:ORQ_ERR_INTERNAL',
      title: 'Internal error',
      status: 500,
      detail: 'An unexpected error occurred (request req-7); the server log has the details.',
      code: 'ORQ_ERR_INTERNAL',
      instance: '/api',
    });
  });
});

describe('titleFromCode', () => {
  it('turns a code into a sentence-case title', () => {
    expect(titleFromCode('ORQ_ERR_INSTANCE_NOT_ACTIVE')).toBe('Instance not active');
  });
});
