/**
 * Bearer-token auth for `/api/*` when a token is configured. The WebSocket stream may carry the
 * token as `?token=` instead (browsers cannot set headers on a WebSocket). /health, /ready,
 * /metrics, the dashboard's files and the API docs stay open.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../errors.js';

export interface AuthOptions {
  apiToken?: string;
}

/** Paths under /api that never need the token: the OpenAPI document and its UI. */
const OPEN_API_PREFIXES = ['/api/docs', '/api/openapi.json'];
const STREAM_PATH = '/api/stream';

export function needsToken(path: string): boolean {
  if (path !== '/api' && !path.startsWith('/api/')) return false;
  return !OPEN_API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The token the request presents: the Bearer header, or `?token=` on the stream only. */
export function presentedToken(request: FastifyRequest, path: string): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? null;
  }
  if (path === STREAM_PATH) {
    const token = (request.query as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string' && token.length > 0) return token;
  }
  return null;
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function auth(app: FastifyInstance, options: AuthOptions, done: () => void): void {
  const expected = options.apiToken;
  if (!expected) {
    done();
    return;
  }
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (!needsToken(path)) return;
    reply.header('www-authenticate', 'Bearer realm="orquestador"');
    const token = presentedToken(request, path);
    if (token === null) {
      throw new ApiError(
        'ORQ_ERR_UNAUTHORIZED',
        path === STREAM_PATH
          ? 'This API needs a token: send "Authorization: Bearer <token>" or ?token=<token>.'
          : 'This API needs a token: send "Authorization: Bearer <token>".',
      );
    }
    if (!tokenMatches(token, expected)) {
      throw new ApiError('ORQ_ERR_UNAUTHORIZED', 'The token is not valid.');
    }
    reply.removeHeader('www-authenticate');
  });
  done();
}

export default fp(auth, { name: 'orq-auth', fastify: '5.x' });
