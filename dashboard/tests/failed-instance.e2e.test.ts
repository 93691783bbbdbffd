/**
 * A failed instance in the browser, on a real engine: its activity exhausts its retries, and the
 * instance view puts the error first (code, message, activity, attempts) with the failed state
 * highlighted in the failed colour. Retrying from the dashboard, once the cause is gone, runs the
 * activity again and the view follows the instance to its final state without a reload. The
 * instances table, filtered to failed, lists it while it is failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/setup/database.js';
import { failingPayouts } from './harness/approval-workflow.js';
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
  failingPayouts.clear();
  await browser?.close();
  await stack?.close();
  await db?.drop();
});

describe('a failed instance', () => {
  it('shows the error prominently and retries it', async () => {
    failingPayouts.add('req-fail-1');
    const { instance } = await stack.engine.startInstance({
      machine: 'approval',
      key: 'req-fail-1',
      input: { requestId: 'req-fail-1' },
    });
    await stack.engine.sendEvent(instance.id, { type: 'Submit' });
    await stack.engine.sendEvent(instance.id, { type: 'Approve', reviewer: 'grace' });
    await waitUntil(
      async () => (await stack.engine.getInstance(instance.id))?.status === 'failed',
      {
        what: 'the instance to fail',
      },
    );

    // The failed filter of the table lists it.
    const list = await browser.open(`${stack.baseUrl}/#/instances?status=failed`);
    await list.page
      .locator(`[data-testid="instance-row"][data-instance="${instance.id}"]`)
      .waitFor();
    await list.screenshot('20-instances-failed-filter');

    const app = await browser.open(`${stack.baseUrl}/#/instances/${instance.id}`);
    const { page } = app;
    const error = page.getByTestId('instance-error');
    await error.waitFor();
    expect(await page.getByTestId('instance-error-code').textContent()).toBe(
      'ORQ_ERR_ACTIVITY_FAILED',
    );
    expect(await page.getByTestId('instance-error-message').textContent()).toContain(
      'payout provider refused request req-fail-1',
    );
    expect(await error.textContent()).toContain('processPayout');
    const processing = page.locator('[data-testid="chart-state"][data-path="processing"]');
    expect(await processing.getAttribute('data-mark')).toBe('current');
    expect(await processing.locator('rect.box').getAttribute('style')).toContain('--status-failed');
    await app.screenshot('21-instance-failed');

    // The cause is fixed; retry from the dashboard.
    failingPayouts.delete('req-fail-1');
    await page.getByTestId('error-retry').click();
    await page.locator('[data-testid="status-badge"][data-status="done"]').first().waitFor();
    await error.waitFor({ state: 'detached' });
    expect(
      await page.locator('[data-testid="chart-state"][data-path="paid"]').getAttribute('data-mark'),
    ).toBe('current');
    await app.screenshot('22-instance-retried');
    expect((await stack.engine.getInstance(instance.id))?.status).toBe('done');
    expect(app.errors).toEqual([]);
    expect(list.errors).toEqual([]);
  });
});
