/**
 * The machine view against a real engine, API and PostgreSQL, in chromium: the machines list shows
 * live counts; opening a machine draws its statechart (every state, initial markers, labelled
 * arrows with guards and delays, activities inside their state, regions of a parallel state side
 * by side); the heatmap counts instances per state and follows them live, without a reload; the
 * stuck filter lists instances waiting longer than a threshold; the chart pans and zooms from the
 * keyboard. Screenshots of each view go to tests/screenshots/.
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

async function startApprovals(n: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { instance } = await stack.engine.startInstance({
      machine: 'approval',
      key: `${prefix}-${i}`,
      input: { requestId: `${prefix}-${i}`, amount: 100 + i },
    });
    ids.push(instance.id);
  }
  return ids;
}

describe('machines and the machine view', () => {
  it('lists the machines with live instance counts', async () => {
    await startApprovals(2, 'list');
    const app = await browser.open(`${stack.baseUrl}/#/machines`);
    const { page } = app;
    await page.getByTestId('machine-card').first().waitFor();
    const cards = await page
      .getByTestId('machine-card')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-machine')));
    expect(cards.sort()).toEqual(['approval', 'onboarding', 'order', 'wide']);
    const activeCount = page.locator('[data-machine="approval"] [data-status="active"] .n');
    await waitUntil(async () => (await activeCount.textContent()) === '2', { what: '2 active' });
    await page
      .getByTestId('connection-indicator')
      .and(page.locator('[data-state="live"]'))
      .waitFor();

    await startApprovals(1, 'list-more');
    await waitUntil(async () => (await activeCount.textContent()) === '3', {
      what: 'the count to follow a new instance live',
    });
    await app.screenshot('01-machines');
    expect(app.errors).toEqual([]);
  });

  it('draws the statechart of a machine: states, initial markers, labelled arrows, activities', async () => {
    const app = await browser.open(`${stack.baseUrl}/#/machines/approval`);
    const { page } = app;
    await page.getByTestId('statechart-svg').waitFor();
    const graph = stack.engine.getMachineGraph('approval');
    const drawn = await page
      .getByTestId('chart-state')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-path')));
    expect(drawn.sort()).toEqual(graph.nodes.map((n) => n.path).sort());
    expect(await page.getByTestId('initial-marker').count()).toBe(2); // the machine and review
    const labels = await page.getByTestId('edge-label').allTextContents();
    expect(labels.map((l) => l.trim())).toEqual(
      expect.arrayContaining(['Submit', 'Approve', 'Reject [hasReason]', 'after 1h', 'Escalate']),
    );
    const processing = page.locator('[data-testid="chart-state"][data-path="processing"]');
    expect(await processing.textContent()).toContain('processPayout');
    await app.screenshot('02-machine-approval');
    expect(app.errors).toEqual([]);
  });

  it('puts the regions of a parallel state side by side, as columns or as lanes', async () => {
    const app = await browser.open(`${stack.baseUrl}/#/machines/onboarding`);
    const { page } = app;
    await page.getByTestId('statechart-svg').waitFor();
    const box = async (path: string) =>
      (await page
        .locator(`[data-testid="chart-state"][data-path="${path}"] rect.box`)
        .boundingBox())!;
    const toggle = page.getByTestId('chart-direction');
    for (let i = 0; i < 2; i++) {
      const direction = await toggle.getAttribute('data-direction');
      const a = await box('collecting.documents');
      const b = await box('collecting.backgroundCheck');
      if (direction === 'DOWN') {
        // Columns: apart horizontally, overlapping vertically.
        const [left, right] = a.x < b.x ? [a, b] : [b, a];
        expect(left.x + left.width).toBeLessThanOrEqual(right.x + 1);
        expect(left.y < right.y + right.height && right.y < left.y + left.height).toBe(true);
      } else {
        // Lanes of a left-to-right chart: apart vertically, overlapping horizontally.
        const [top, bottom] = a.y < b.y ? [a, b] : [b, a];
        expect(top.y + top.height).toBeLessThanOrEqual(bottom.y + 1);
        expect(top.x < bottom.x + bottom.width && bottom.x < top.x + top.width).toBe(true);
      }
      await app.screenshot(`03-machine-onboarding-${direction!.toLowerCase()}`);
      await toggle.click();
      await waitUntil(async () => (await toggle.getAttribute('data-direction')) !== direction, {
        what: 'the other orientation',
      });
    }
    expect(app.errors).toEqual([]);
  });

  it('shows a live heatmap: instances per state, following them without a reload', async () => {
    const ids = await startApprovals(3, 'heat');
    const app = await browser.open(`${stack.baseUrl}/#/machines/approval`);
    const { page } = app;
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const count = (path: string) =>
      page.locator(`[data-testid="chart-state"][data-path="${path}"]`).getAttribute('data-count');
    await waitUntil(async () => Number(await count('draft')) >= 3, { what: 'draft count' });
    const draftBefore = Number(await count('draft'));

    await stack.engine.sendEvent(ids[0]!, { type: 'Submit' });
    await stack.engine.sendEvent(ids[1]!, { type: 'Submit' });
    await waitUntil(async () => (await count('review.pending')) === '2', {
      what: 'the heatmap to show two instances in review.pending',
    });
    expect(Number(await count('draft'))).toBe(draftBefore - 2);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // Select a state: its figures and a link to its instances.
    await page.locator('[data-testid="chart-state"][data-path="review.pending"]').click();
    await page.getByTestId('state-stats').waitFor();
    expect(await page.getByTestId('state-current').textContent()).toBe('2');
    await app.screenshot('04-machine-heatmap');
    expect(app.errors).toEqual([]);
  });

  it('selects a state from the keyboard', async () => {
    const app = await browser.open(`${stack.baseUrl}/#/machines/approval`);
    const { page } = app;
    await page.getByTestId('statechart-svg').waitFor();
    // Tab from the chart's viewport reaches its states in order.
    await page.locator('.viewport').focus();
    let focused: string | null = null;
    for (let i = 0; i < 10 && focused !== 'draft'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(
        () => document.activeElement?.getAttribute('data-path') ?? null,
      );
    }
    expect(focused).toBe('draft');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="state-stats"][data-path="draft"]').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('state-stats').waitFor({ state: 'detached' });
    expect(app.errors).toEqual([]);
  });

  it('lists stuck instances: in their state longer than the threshold', async () => {
    const app = await browser.open(`${stack.baseUrl}/#/machines/approval`);
    const { page } = app;
    await page.getByTestId('statechart-svg').waitFor();
    await page.getByTestId('stuck-threshold').fill('1s');
    await waitUntil(async () => (await page.getByTestId('stuck-instance').count()) > 0, {
      what: 'stuck instances',
    });
    const keys = await page.getByTestId('stuck-instance').locator('.key').allTextContents();
    expect(keys.length).toBeGreaterThanOrEqual(3);
    await page.getByTestId('stuck-threshold').fill('1d');
    await waitUntil(async () => (await page.getByTestId('stuck-instance').count()) === 0, {
      what: 'no instance stuck for a day',
    });
    expect(app.errors).toEqual([]);
  });

  it('zooms and pans from the keyboard and the buttons', async () => {
    const app = await browser.open(`${stack.baseUrl}/#/machines/wide`);
    const { page } = app;
    const svg = page.getByTestId('statechart-svg');
    await svg.waitFor();
    const viewBox = () => svg.getAttribute('viewBox');
    const zoom = () => page.locator('.zoom').textContent();
    const initial = await viewBox();
    const initialZoom = await zoom();
    await page.locator('.viewport').focus();
    await page.keyboard.press('+');
    expect(await viewBox()).not.toBe(initial);
    expect(parseInt((await zoom())!)).toBeGreaterThan(parseInt(initialZoom!));
    const zoomed = await viewBox();
    await page.keyboard.press('ArrowRight');
    expect(await viewBox()).not.toBe(zoomed);
    await page.getByTestId('zoom-fit').click();
    const fitted = await viewBox();
    expect(fitted).not.toBe(initial); // 57 states do not fit at a readable scale
    await page.getByTestId('zoom-in').click();
    expect(await viewBox()).not.toBe(fitted);
    await page.locator('.viewport').focus();
    await page.keyboard.press('0');
    expect(await viewBox()).toBe(fitted);
    await page.keyboard.press('-');
    expect(parseInt((await zoom())!)).toBeLessThanOrEqual(parseInt(initialZoom!));
    await app.screenshot('05-machine-wide-zoomed');
    expect(app.errors).toEqual([]);
  });
});
