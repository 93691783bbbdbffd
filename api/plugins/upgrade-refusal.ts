/**
 * Closes the connection after a refused WebSocket upgrade (401, 400, 404…). The upgrade socket is
 * detached from Node's HTTP parser, so after a non-101 answer nobody ends it: the socket stays
 * half-open and `app.close()` waits on it forever. Ending it here also tells the client plainly
 * that this connection is done.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

function upgradeRefusal(app: FastifyInstance, _options: unknown, done: () => void): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (isUpgrade(request.headers) && reply.statusCode !== 101) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    if (isUpgrade(request.headers) && reply.statusCode !== 101) request.raw.socket?.end();
  });
  done();
}

function isUpgrade(headers: Record<string, string | string[] | undefined>): boolean {
  const upgrade = headers.upgrade;
  return typeof upgrade === 'string' && upgrade.toLowerCase() === 'websocket';
}

export default fp(upgradeRefusal, { name: 'orq-upgrade-refusal', fastify: '5.x' });
