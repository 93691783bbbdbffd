/**
 * `WS /api/stream`: every committed transition, live, filtered by machine or instance, resumable
 * with `?after=<position>`. Each connection is a StreamSession (./stream-session.ts); this plugin
 * wires it to the socket and parses the client's messages.
 */
import type { ApiRoutePlugin } from '../plugins/type-provider.js';
import type { WebSocket } from 'ws';
import type { Engine } from '../../engine/index.js';
import { ApiError } from '../errors.js';
import { problemResponses, streamQuerySchema } from '../schemas/index.js';
import type { StreamClientMessage, StreamError } from './protocol.js';
import { StreamSession } from './stream-session.js';

export interface StreamRouteOptions {
  engine: Engine;
  /** Transitions queued per client before it is told to resync. */
  maxQueuedTransitions: number;
  /** Bytes in a client's socket buffer above which sending pauses. */
  maxBufferedBytes: number;
}

/** Transitions read per replay query. */
const REPLAY_PAGE_SIZE = 500;
/** A client message larger than this is refused (the only one expected is orq.resume). */
const MAX_CLIENT_MESSAGE_BYTES = 4096; // 4 KiB

export const streamRoutes: ApiRoutePlugin<StreamRouteOptions> = (app, options, done) => {
  app.route({
    method: 'GET',
    url: '/api/stream',
    schema: {
      tags: ['stream'],
      summary: 'Live transitions over WebSocket (resumable)',
      description:
        'Upgrade to a WebSocket. Messages are JSON, a union on `type`: orq.hello, ' +
        'orq.transition, orq.live, orq.resync, orq.error (see docs/api.md). With `after`, every ' +
        'transition after that position is replayed first, then the stream goes live. A plain ' +
        'GET without the upgrade answers 426.',
      querystring: streamQuerySchema,
      response: {
        101: { description: 'Switching to the WebSocket protocol.', type: 'null' },
        ...problemResponses(400, 401, 426),
      },
    },
    handler: () => {
      throw new ApiError(
        'ORQ_ERR_UPGRADE_REQUIRED',
        'This is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket).',
      );
    },
    wsHandler: (socket: WebSocket, request) => {
      const { machine, instance, after } = request.query;
      const log = request.log;
      const session = new StreamSession({
        source: options.engine,
        socket,
        filter: { ...(machine ? { machine } : {}), ...(instance ? { instanceId: instance } : {}) },
        maxQueuedTransitions: options.maxQueuedTransitions,
        maxBufferedBytes: options.maxBufferedBytes,
        replayPageSize: REPLAY_PAGE_SIZE,
        onError: (err) => log.debug({ err }, 'stream send failed'),
      });
      const start = (from: string | null) => {
        session.open(from).catch((err: unknown) => {
          log.warn({ err }, 'stream replay failed');
          sendError(socket, {
            type: 'orq.error',
            code: errorCode(err),
            detail: `replay failed: ${(err as Error).message}`,
          });
          socket.close(1011, 'replay failed');
        });
      };
      socket.on('message', (data, isBinary) => {
        const message = parseClientMessage(data, isBinary);
        if (typeof message === 'string') {
          sendError(socket, {
            type: 'orq.error',
            code: 'ORQ_ERR_REQUEST_INVALID',
            detail: message,
          });
          return;
        }
        start(message.after);
      });
      socket.on('close', () => session.close());
      socket.on('error', (err) => log.debug({ err }, 'stream socket error'));
      start(after ?? null);
    },
  });
  done();
};

function sendError(socket: WebSocket, message: StreamError): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'ORQ_ERR_INTERNAL';
}

/** The client's message, or why it is refused. */
export function parseClientMessage(
  data: Buffer | ArrayBuffer | Buffer[],
  isBinary: boolean,
): StreamClientMessage | string {
  if (isBinary) return 'messages must be JSON text';
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data as ArrayBuffer).toString('utf8');
  if (text.length > MAX_CLIENT_MESSAGE_BYTES) return 'message too large';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'message is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null) return 'message must be a JSON object';
  const { type, after } = parsed as { type?: unknown; after?: unknown };
  if (type !== 'orq.resume') return `unknown message type ${JSON.stringify(type)}`;
  if (typeof after !== 'string' || !/^[0-9]{1,20}$/.test(after)) {
    return 'orq.resume needs "after": a stream position (decimal string)';
  }
  return { type, after };
}
