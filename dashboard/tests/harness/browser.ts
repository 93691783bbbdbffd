/**
 * Debian's chromium driven by playwright-core, at the size the issue asks the dashboard to be
 * readable at (1280×800). Every page records console errors and uncaught exceptions, so a test can
 * assert the app ran clean; screenshots go to dashboard/tests/screenshots/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots');
export const VIEWPORT = { width: 1280, height: 800 };

export interface TestBrowser {
  browser: Browser;
  open(url: string): Promise<AppPage>;
  close(): Promise<void>;
}

export interface AppPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  screenshot(name: string): Promise<string>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    async open(url) {
      const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(url);
      return {
        page,
        errors,
        async screenshot(name) {
          const path = resolve(SCREENSHOTS, `${name}.png`);
          await page.screenshot({ path });
          return path;
        },
      };
    },
    close: () => browser.close(),
  };
}
