/**
 * One error handler for the whole API: every error answers as application/problem+json, with a
 * `detail` that says what to fix. 5xx are logged with their stack; the body never carries it.
 * Unknown routes answer 404 the same way, unless the dashboard's SPA fallback takes them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { PROBLEM_CONTENT_TYPE, apiProblem, problemFromError, type Problem } from './problem.js';

export interface ProblemJsonOptions {
  /** Tried first for unknown routes; returns true when it answered (the SPA's index.html). */
  notFoundFallback?: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

function problemJson(app: FastifyInstance, options: ProblemJsonOptions, done: () => void): void {
  app.setErrorHandler((err, request, reply) => {
    const problem = problemFromError(err, request.url.split('?')[0] ?? request.url, request.id);
    if (problem.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: problem.code, detail: problem.detail }, 'request refused');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (options.notFoundFallback && (await options.notFoundFallback(request, reply))) return reply;
    const path = request.url.split('?')[0] ?? request.url;
    return sendProblem(
      reply,
      apiProblem('ORQ_ERR_ROUTE_NOT_FOUND', `No route ${request.method} ${path}`, path),
    );
  });
  done();
}

export default fp(problemJson, { name: 'orq-problem-json', fastify: '5.x' });
