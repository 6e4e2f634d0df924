import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium package; CI installs it (`.ci/run`), and nothing here ever downloads a browser. */
export const CHROMIUM = process.env.TROVE_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium was not found at ${CHROMIUM}. The web console's browser test needs it: apt-get install -y chromium (or set TROVE_CHROMIUM to its path).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export type WatchedPage = {
  page: Page;
  /** Console errors, page errors and failed requests seen so far, each as one line. */
  problems: string[];
  /** Saves `<dir>/<NN>-<name>.png` of the whole page. */
  screenshot(name: string): Promise<string>;
};

/** A page that records everything that went wrong in it, and numbers its screenshots in `dir`. */
export async function watchedPage(browser: Browser, dir: string): Promise<WatchedPage> {
  mkdirSync(dir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  let shot = 0;
  return {
    page,
    problems,
    async screenshot(name) {
      shot += 1;
      const path = join(dir, `${String(shot).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
  };
}
