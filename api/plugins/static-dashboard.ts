/**
 * The built dashboard (a single-page app) served at '/', when its directory exists. Unknown
 * non-API paths that ask for HTML get index.html, so the SPA's client-side routes survive a reload.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** True when `dir` holds a built SPA (an index.html). */
export function hasDashboard(dir: string | undefined): dir is string {
  return typeof dir === 'string' && existsSync(join(dir, 'index.html'));
}

/** Whether an unknown path should get the SPA's index.html rather than a 404 problem. */
export function wantsSpaFallback(
  method: string,
  path: string,
  accept: string | undefined,
): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (path === '/api' || path.startsWith('/api/')) return false;
  if (['/health', '/ready', '/metrics'].includes(path)) return false;
  return (accept ?? '').includes('text/html');
}

export async function spaFallback(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const path = request.url.split('?')[0] ?? request.url;
  if (!wantsSpaFallback(request.method, path, request.headers.accept)) return false;
  await reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  return true;
}

async function staticDashboard(app: FastifyInstance, options: { dir: string }): Promise<void> {
  await app.register(fastifyStatic, {
    root: resolve(options.dir),
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: true,
    maxAge: '1h',
    setHeaders: (reply, path) => {
      if (path.endsWith('index.html')) void reply.header('cache-control', 'no-cache');
    },
  });
}

export default fp(staticDashboard, { name: 'orq-static-dashboard', fastify: '5.x' });
