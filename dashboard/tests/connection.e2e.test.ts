/**
 * "Live everywhere" survives the API going away, in chromium against a real engine: the indicator
 * says live, then reconnecting and offline while the API is down; transitions committed meanwhile
 * are not lost: once the API is back the client resumes after the last position it saw, and the
 * instance view shows the new state and the missed step in its timeline, without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/setup/database.js';
import { launchBrowser, type TestBrowser } from './harness/browser.js';
import { startStack, type RunningStack } from './harness/start-stack.js';
import { waitUntil } from './harness/wait.js';

let db: TestDatabase;
let stack: RunningStack;
let browser: TestBrowser;

beforeAll(async () => {
  db = await createTestDatabase('dash');
  stack = await startStack({ databaseUrl: db.url });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await db?.drop();
});

describe('the connection', () => {
  it('reconnects on its own and resumes without losing a transition', async () => {
    const { instance } = await stack.engine.startInstance({
      machine: 'approval',
      key: 'conn-1',
      input: { requestId: 'conn-1' },
    });
    const app = await browser.open(`${stack.baseUrl}/#/instances/${instance.id}`);
    const { page } = app;
    const indicator = page.getByTestId('connection-indicator');
    await waitUntil(async () => (await indicator.getAttribute('data-state')) === 'live', {
      what: 'live',
    });
    await page
      .locator('[data-testid="chart-state"][data-path="draft"][data-mark="current"]')
      .waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 11));

    await stack.stopApi();
    await waitUntil(async () => (await indicator.getAttribute('data-state')) === 'reconnecting', {
      what: 'reconnecting',
    });
    // Committed while nobody can hear it.
    await stack.engine.sendEvent(instance.id, { type: 'Submit' });
    await waitUntil(async () => (await indicator.getAttribute('data-state')) === 'offline', {
      what: 'offline after a few failed attempts',
      timeoutMs: 20_000,
    });
    expect(await indicator.textContent()).toContain('Retry now');
    await app.screenshot('40-offline');

    await stack.startApi();
    await page.getByTestId('reconnect-now').click();
    await waitUntil(async () => (await indicator.getAttribute('data-state')) === 'live', {
      what: 'live again',
      timeoutMs: 20_000,
    });
    await page
      .locator('[data-testid="chart-state"][data-path="review.pending"][data-mark="current"]')
      .waitFor();
    expect(await page.getByTestId('timeline-entry').count()).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(11);

    // And it keeps following.
    await stack.engine.sendEvent(instance.id, { type: 'Escalate' });
    await page
      .locator('[data-testid="chart-state"][data-path="review.escalated"][data-mark="current"]')
      .waitFor();
    // The page logged the refused connections while the API was down; nothing else.
    expect(
      app.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e)),
    ).toEqual([]);
  });
});
