/**
 * The dashboard stays fast at the size the issue names: a 50-state machine (57 states: eight
 * compound stages, a parallel closing) and 10,000 instances, on a real engine and PostgreSQL, in
 * chromium. Pins: the machine view draws the whole chart and the heatmap's counts add up to every
 * running instance; the instances table opens and pages quickly (cursor pagination, never all
 * 10,000 rows); a burst of live transitions does not flood the API (the heatmap's stats are
 * refetched at most about once a second) and leaves the page responsive. Figures are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/setup/database.js';
import { launchBrowser, type TestBrowser } from './harness/browser.js';
import { startStack, type RunningStack } from './harness/start-stack.js';
import { waitUntil } from './harness/wait.js';

const INSTANCES = 10_000;
const CHUNK = 500;

let db: TestDatabase;
let stack: RunningStack;
let browser: TestBrowser;
const ids: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase('dash');
  stack = await startStack({ databaseUrl: db.url });
  browser = await launchBrowser();
  const started = Date.now();
  for (let i = 0; i < INSTANCES; i += CHUNK) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(CHUNK, INSTANCES - i) }, (_, j) =>
        stack.engine.startInstance({ machine: 'wide', key: `w-${i + j}` }),
      ),
    );
    ids.push(...batch.map((b) => b.instance.id));
  }
  // Spread them over a few states: 2,000 one step on, 1,000 a stage on.
  await Promise.all(ids.slice(0, 2_000).map((id) => stack.engine.sendEvent(id, { type: 'Next' })));
  await Promise.all(
    ids.slice(2_000, 3_000).map((id) => stack.engine.sendEvent(id, { type: 'Abort' })),
  );
  console.log(`[scale] ${INSTANCES} instances started and spread in ${Date.now() - started} ms`);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await db?.drop();
});

describe('at scale', () => {
  it('draws the 57-state chart with a heatmap of 10,000 instances', async () => {
    const t0 = Date.now();
    const app = await browser.open(`${stack.baseUrl}/#/machines/wide`);
    const { page } = app;
    await page.getByTestId('statechart-svg').waitFor();
    const graph = stack.engine.getMachineGraph('wide');
    expect(await page.getByTestId('chart-state').count()).toBe(graph.nodes.length);
    await waitUntil(
      async () =>
        (await page.locator('[data-path="intake.intake1"]').getAttribute('data-count')) === '7000',
      {
        what: 'the heatmap count of intake1',
      },
    );
    const chartMs = Date.now() - t0;
    expect(await page.locator('[data-path="intake.intake2"]').getAttribute('data-count')).toBe(
      '2000',
    );
    expect(await page.getByTestId('state-count').count()).toBe(2); // only the occupied leaves get a badge
    console.log(`[scale] machine view with chart and heatmap in ${chartMs} ms`);
    expect(chartMs).toBeLessThan(8_000);
    await app.screenshot('50-scale-machine');
    expect(app.errors).toEqual([]);
  });

  it('opens and pages the instances table quickly', async () => {
    const t0 = Date.now();
    const app = await browser.open(`${stack.baseUrl}/#/instances?machine=wide`);
    const { page } = app;
    await waitUntil(async () => (await page.getByTestId('instance-row').count()) === 50, {
      what: '50 rows',
    });
    const openMs = Date.now() - t0;
    const pageMs: number[] = [];
    for (let n = 2; n <= 6; n++) {
      const t = Date.now();
      await page.getByTestId('page-next').click();
      await waitUntil(
        async () => (await page.getByTestId('page-info').textContent())?.startsWith(`Page ${n} `),
        {
          what: `page ${n}`,
        },
      );
      pageMs.push(Date.now() - t);
    }
    await page.getByTestId('page-size').selectOption('200');
    await waitUntil(async () => (await page.getByTestId('instance-row').count()) === 200, {
      what: '200 rows',
    });
    console.log(`[scale] table opened in ${openMs} ms; next page in ${pageMs.join(', ')} ms`);
    expect(openMs).toBeLessThan(5_000);
    expect(Math.max(...pageMs)).toBeLessThan(2_000);
    await app.screenshot('51-scale-instances');
    expect(app.errors).toEqual([]);
  });

  it('takes a burst of live transitions without flooding the API or freezing', async () => {
    const app = await browser.open(`${stack.baseUrl}/#/machines/wide`);
    const { page } = app;
    await page.getByTestId('statechart-svg').waitFor();
    await waitUntil(
      async () =>
        (await page.locator('[data-path="intake.intake2"]').getAttribute('data-count')) === '2000',
      {
        what: 'the heatmap',
      },
    );
    let statsCalls = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/machines/wide/stats')) statsCalls++;
    });
    const burst = ids.slice(3_000, 4_000);
    const t0 = Date.now();
    const sending = Promise.all(burst.map((id) => stack.engine.sendEvent(id, { type: 'Next' })));
    // The page answers a click while the burst streams in.
    const clickStart = Date.now();
    await page.getByTestId('zoom-in').click();
    const clickMs = Date.now() - clickStart;
    await sending;
    await waitUntil(
      async () =>
        (await page.locator('[data-path="intake.intake2"]').getAttribute('data-count')) === '3000',
      {
        what: 'the heatmap to catch up with the burst',
      },
    );
    const burstMs = Date.now() - t0;
    console.log(
      `[scale] 1,000 transitions shown in ${burstMs} ms with ${statsCalls} stats fetches; a click took ${clickMs} ms`,
    );
    expect(statsCalls).toBeLessThanOrEqual(Math.ceil(burstMs / 1_000) + 2);
    expect(clickMs).toBeLessThan(1_000);
    expect(app.errors).toEqual([]);
  });
});
