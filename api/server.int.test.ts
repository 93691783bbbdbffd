/**
 * Pins `listen()`: it serves the app on the given host and port, installs its signal handlers
 * while running, and `close()` closes the server, runs `onClose` once (where cli/ stops the
 * engine) and removes the handlers again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from './server.js';
import { startApiHarness, type ApiHarness } from './testing/api-harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('api_server');
});
afterAll(() => h?.stop());

describe('listen', () => {
  it('serves, then closes once with onClose and without leftover signal handlers', async () => {
    const app = await h.app();
    const before = process.listenerCount('SIGTERM');
    let onCloseCalls = 0;
    const server = await listen(app, {
      host: '127.0.0.1',
      port: 0,
      onClose: () => {
        onCloseCalls++;
        return Promise.resolve();
      },
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    await Promise.all([server.close(), server.close()]);
    expect(onCloseCalls).toBe(1);
    expect(process.listenerCount('SIGTERM')).toBe(before);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});
