/**
 * The instances table in chromium against a real engine and PostgreSQL: newest first, paged by
 * cursor (every instance reachable exactly once), filtered by machine, status, state and key (the
 * filters live in the URL), and live: a new matching instance appears at the top of the first
 * page, and a row on screen follows its instance's transitions, all without a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/setup/database.js';
import { launchBrowser, type TestBrowser } from './harness/browser.js';
import { startStack, type RunningStack } from './harness/start-stack.js';
import { waitUntil } from './harness/wait.js';

let db: TestDatabase;
let stack: RunningStack;
let browser: TestBrowser;
const TOTAL = 60;

beforeAll(async () => {
  db = await createTestDatabase('dash');
  stack = await startStack({ databaseUrl: db.url });
  browser = await launchBrowser();
  for (let i = 0; i < TOTAL; i++) {
    const { instance } = await stack.engine.startInstance({
      machine: 'approval',
      key: `tbl-${String(i).padStart(3, '0')}`,
      input: { requestId: `tbl-${i}` },
    });
    if (i % 3 === 0) await stack.engine.sendEvent(instance.id, { type: 'Submit' });
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await db?.drop();
});

const rowIds = (page: Page) =>
  page
    .getByTestId('instance-row')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-instance')!));

describe('the instances table', () => {
  it('pages through every instance, newest first, each once', async () => {
    const app = await browser.open(`${stack.baseUrl}/#/instances?machine=approval`);
    const { page } = app;
    await waitUntil(async () => (await page.getByTestId('instance-row').count()) === 50, {
      what: '50 rows',
    });
    const first = await rowIds(page);
    const keys = await page.locator('[data-testid="instance-row"] .key').allTextContents();
    expect(keys[0]).toBe('tbl-059');
    await app.screenshot('30-instances');
    await page.getByTestId('page-next').click();
    await waitUntil(
      async () => (await page.getByTestId('page-info').textContent())?.startsWith('Page 2'),
      {
        what: 'page 2',
      },
    );
    await waitUntil(async () => (await page.getByTestId('instance-row').count()) === 10, {
      what: '10 rows',
    });
    const second = await rowIds(page);
    expect(new Set([...first, ...second]).size).toBe(TOTAL);
    expect(await page.getByTestId('page-next').isDisabled()).toBe(true);
    await page.getByTestId('page-prev').click();
    await waitUntil(async () => JSON.stringify(await rowIds(page)) === JSON.stringify(first), {
      what: 'back to page 1',
    });
    expect(app.errors).toEqual([]);
  });

  it('filters by status, state and key, keeping the filters in the URL', async () => {
    const app = await browser.open(`${stack.baseUrl}/#/instances?machine=approval`);
    const { page } = app;
    await page.getByTestId('instance-row').first().waitFor();
    await page.getByTestId('filter-state').fill('review.pending');
    await waitUntil(async () => (await page.getByTestId('instance-row').count()) === TOTAL / 3, {
      what: 'the review.pending instances',
    });
    const states = await page.getByTestId('instance-state').allTextContents();
    expect(new Set(states)).toEqual(new Set(['review.pending']));
    expect(page.url()).toContain('state=review.pending');

    await page.getByTestId('filter-state').fill('');
    await page.getByTestId('filter-key').fill('tbl-007');
    await waitUntil(async () => (await page.getByTestId('instance-row').count()) === 1, {
      what: 'one key',
    });

    await page.getByTestId('filter-clear').click();
    await page.getByTestId('filter-status').selectOption('done');
    await waitUntil(async () => (await page.getByText('No instances match.').count()) === 1, {
      what: 'no done instance',
    });
    // The URL carries the filters: a reload opens the same view.
    await page.reload();
    await page.getByText('No instances match.').waitFor();
    expect(await page.getByTestId('filter-status').inputValue()).toBe('done');
    expect(app.errors).toEqual([]);
  });

  it('shows new instances and transitions live, without a reload', async () => {
    const app = await browser.open(`${stack.baseUrl}/#/instances?machine=approval`);
    const { page } = app;
    await page.getByTestId('instance-row').first().waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 3));

    const { instance } = await stack.engine.startInstance({
      machine: 'approval',
      key: 'tbl-live',
      input: { requestId: 'tbl-live' },
    });
    await waitUntil(async () => (await rowIds(page))[0] === instance.id, {
      what: 'the new instance at the top',
    });
    const row = page.locator(`[data-testid="instance-row"][data-instance="${instance.id}"]`);
    expect(await row.getByTestId('instance-state').textContent()).toBe('draft');

    await stack.engine.sendEvent(instance.id, { type: 'Submit' });
    await waitUntil(
      async () => (await row.getByTestId('instance-state').textContent()) === 'review.pending',
      {
        what: 'the row to follow its transition',
      },
    );
    await stack.engine.cancel(instance.id);
    await waitUntil(async () => (await row.getAttribute('data-status')) === 'cancelled', {
      what: 'the row to show cancelled',
    });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(3);
    expect(app.errors).toEqual([]);
  });
});
