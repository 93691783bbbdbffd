/**
 * The instance view against a real engine, API and PostgreSQL, in chromium. Pins the issue's
 * core loop: start an instance from the machine view, see its current state highlighted; send
 * events from the form built from the machine's accepted events and see the highlight move without
 * a reload (the page's JavaScript state survives: a marker set on window stays); watch the path
 * taken grow; scrub the timeline back and see the chart and context as they were at that step
 * (time travel), then return to live. Also: pause and resume from the controls.
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

/** Paths of the states drawn as current (leaves and their ancestors). */
function currentStates(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="chart-state"][data-mark="current"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-path') ?? '').sort());
}

async function waitForCurrent(page: Page, expected: string[], what: string): Promise<void> {
  await waitUntil(
    async () => JSON.stringify(await currentStates(page)) === JSON.stringify([...expected].sort()),
    { what: `${what} (now ${JSON.stringify(await currentStates(page))})` },
  );
}

describe('the instance view', () => {
  it('starts an instance, follows its events live, and travels back in time', async () => {
    const app = await browser.open(`${stack.baseUrl}/#/machines/approval`);
    const { page } = app;
    await page.getByTestId('statechart-svg').waitFor();

    // Start an instance from the machine view.
    await page.getByTestId('start-instance').click();
    await page.getByTestId('start-key').fill('req-e2e-1');
    await page.getByTestId('start-input').fill('{ "requestId": "req-e2e-1", "amount": 250 }');
    await page.getByTestId('start-submit').click();
    await page.waitForURL(/#\/instances\/[0-9a-f-]{36}$/);
    const instanceId = page.url().split('/').at(-1)!;
    await page.getByTestId('instance-title').waitFor();
    expect(await page.getByTestId('instance-title').textContent()).toBe('req-e2e-1');
    await waitForCurrent(page, ['draft'], 'draft highlighted');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    await app.screenshot('10-instance-started');

    // Send Submit from the form: the highlight moves to review.pending, no reload.
    await page.getByTestId('event-type').selectOption('Submit');
    await page.getByTestId('send-event').click();
    await waitForCurrent(page, ['review', 'review.pending'], 'review.pending highlighted');
    expect(
      await page
        .locator('[data-testid="chart-state"][data-path="draft"]')
        .getAttribute('data-mark'),
    ).toBe('visited');

    // Approve needs a reviewer: the form says so before any request, then sends it.
    await page.getByTestId('event-type').selectOption('Approve');
    await page.getByTestId('send-event').click();
    await page.getByText('required').waitFor();
    await page.getByTestId('event-field-reviewer').fill('ada');
    await page.getByTestId('send-event').click();
    await waitForCurrent(page, ['paid'], 'paid highlighted after the payout activity');
    await page.locator('[data-testid="status-badge"][data-status="done"]').first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);

    // The path taken: the arrows followed are marked, the last one apart.
    const marks = await page
      .locator('[data-testid="chart-edge"]')
      .evaluateAll((els) =>
        els.map((el) => [el.getAttribute('data-edge'), el.getAttribute('data-mark')]),
      );
    expect(marks.filter(([, m]) => m === 'last')).toHaveLength(1);
    expect(marks.filter(([, m]) => m === 'taken').length).toBeGreaterThanOrEqual(2);
    const entries = await page.getByTestId('timeline-entry').count();
    expect(entries).toBe(4); // init, Submit, Approve, payout done
    await app.screenshot('11-instance-done');

    // Scrub back to step 2 (after Submit): the chart and the context as they were then.
    const scrubber = page.getByTestId('timeline-scrubber');
    await scrubber.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('timeline-step').textContent()).toBe('step 2 / 4');
    await waitForCurrent(page, ['review', 'review.pending'], 'the chart as it was after step 2');
    await page.getByTestId('time-travel-banner').waitFor();
    const contextThen: unknown = JSON.parse(
      (await page.getByTestId('instance-context').textContent())!,
    );
    expect(contextThen).toMatchObject({ requestId: 'req-e2e-1', reviewer: null, payoutId: null });
    await page.getByTestId('timeline-expand').nth(2).click();
    await page.getByTestId('context-diff').waitFor();
    expect(await page.getByTestId('event-payload').textContent()).toContain('"reviewer": "ada"');
    await app.screenshot('12-instance-time-travel');

    // Back to live.
    await page.getByTestId('timeline-live').click();
    await waitForCurrent(page, ['paid'], 'back to the present');
    const contextNow: unknown = JSON.parse(
      (await page.getByTestId('instance-context').textContent())!,
    );
    expect(contextNow).toMatchObject({ reviewer: 'ada', payoutId: 'po_req-e2e-1' });

    const persisted = await stack.engine.getInstance(instanceId);
    expect(persisted?.status).toBe('done');
    expect(app.errors).toEqual([]);
  });

  it('highlights one current state in each region of a parallel state', async () => {
    const { instance } = await stack.engine.startInstance({
      machine: 'onboarding',
      input: { customerId: 'cust-parallel' },
    });
    const app = await browser.open(`${stack.baseUrl}/#/instances/${instance.id}`);
    const { page } = app;
    const leaves = async () => (await currentStates(page)).filter((p) => p.split('.').length === 3);
    await waitUntil(async () => (await leaves()).length === 2, { what: 'two current leaves' });
    const [documents, check] = [
      (await leaves()).find((p) => p.startsWith('collecting.documents.')),
      (await leaves()).find((p) => p.startsWith('collecting.backgroundCheck.')),
    ];
    expect(documents).toBe('collecting.documents.waiting');
    expect(check).toBeDefined();

    await page.getByTestId('event-type').selectOption('DocumentUploaded');
    await page.getByTestId('event-field-documentId').fill('doc-1');
    await page.getByTestId('send-event').click();
    await waitUntil(async () => (await leaves()).includes('collecting.documents.reviewing'), {
      what: 'the documents region to move',
    });
    expect((await leaves()).some((p) => p.startsWith('collecting.backgroundCheck.'))).toBe(true);
    await app.screenshot('13-instance-parallel');
    expect(app.errors).toEqual([]);
  });

  it('pauses and resumes from the controls, and shows events sent elsewhere live', async () => {
    const { instance } = await stack.engine.startInstance({
      machine: 'approval',
      key: 'req-e2e-2',
      input: { requestId: 'req-e2e-2' },
    });
    const app = await browser.open(`${stack.baseUrl}/#/instances/${instance.id}`);
    const { page } = app;
    await waitForCurrent(page, ['draft'], 'draft');
    await page.getByTestId('control-pause').click();
    await page.locator('[data-testid="status-badge"][data-status="paused"]').first().waitFor();

    // An event sent by someone else (here: the engine's API) is held while paused...
    await stack.engine.sendEvent(instance.id, { type: 'Submit' });
    await page.getByTestId('control-resume').click();
    // ...and applied on resume; the view follows without a reload.
    await waitForCurrent(page, ['review', 'review.pending'], 'the held event applied on resume');
    await page.locator('[data-testid="status-badge"][data-status="active"]').first().waitFor();
    expect(app.errors).toEqual([]);
  });
});
