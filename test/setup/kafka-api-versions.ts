/**
 * Protocol versions on both sides of the kafkajs ↔ broker pairing.
 *
 * kafkajs sends, for each API, min(highest version it implements, broker's max) and never looks at
 * the broker's min (src/protocol/requests/index.js `lookup`). Kafka 4.0 raised many minimums
 * (KIP-896), so the pairing works only if every API kafkajs implements reaches the broker's min.
 */
import { createRequire } from 'node:module';
import { connect } from 'node:net';

export interface VersionRange {
  minVersion: number;
  maxVersion: number;
}

const API_VERSIONS_KEY = 18;
const CLIENT_ID = 'orq-api-versions';
const TIMEOUT_MS = 5_000;

/** Sends ApiVersions v0 (accepted by every broker) and returns apiKey → supported range. */
export function brokerApiVersions(broker: string): Promise<Map<number, VersionRange>> {
  const [host = '127.0.0.1', port = '9092'] = broker.split(':');
  const clientId = Buffer.from(CLIENT_ID);
  const body = Buffer.alloc(10 + clientId.length);
  body.writeInt16BE(API_VERSIONS_KEY, 0); // request header v1: api key,
  body.writeInt16BE(0, 2); // api version,
  body.writeInt32BE(1, 4); // correlation id,
  body.writeInt16BE(clientId.length, 8); // client id (string)
  clientId.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);

  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), host);
    socket.setTimeout(TIMEOUT_MS, () =>
      socket.destroy(new Error(`ApiVersions to ${broker} timed out`)),
    );
    socket.once('error', reject);
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      socket.end();
      // size, correlation id, error code, [api key, min, max]
      const errorCode = received.readInt16BE(8);
      if (errorCode !== 0) return reject(new Error(`ApiVersions error code ${errorCode}`));
      const count = received.readInt32BE(10);
      const ranges = new Map<number, VersionRange>();
      for (let i = 0; i < count; i++) {
        const at = 14 + i * 6;
        ranges.set(received.readInt16BE(at), {
          minVersion: received.readInt16BE(at + 2),
          maxVersion: received.readInt16BE(at + 4),
        });
      }
      resolve(ranges);
    });
    socket.write(Buffer.concat([size, body]));
  });
}

export interface KafkajsApi {
  name: string;
  apiKey: number;
  /** Highest version kafkajs implements: what it sends unless the broker's max is lower. */
  maxVersion: number;
}

interface RequestDefinition {
  versions: string[];
}

/** The APIs the installed kafkajs implements, read from its request table (no public API). */
export function kafkajsApis(): { kafkajsVersion: string; apis: KafkajsApi[] } {
  const require = createRequire(import.meta.url);
  const { version } = require('kafkajs/package.json') as { version: string };
  const apiKeys = require('kafkajs/src/protocol/requests/apiKeys') as Record<string, number>;
  const { requests } = require('kafkajs/src/protocol/requests') as {
    requests: Record<string, RequestDefinition>;
  };
  const apis: KafkajsApi[] = [];
  for (const [name, definition] of Object.entries(requests)) {
    const apiKey = apiKeys[name];
    if (apiKey === undefined || definition.versions.length === 0) continue; // not implemented
    apis.push({ name, apiKey, maxVersion: Math.max(...definition.versions.map(Number)) });
  }
  return { kafkajsVersion: version, apis };
}
