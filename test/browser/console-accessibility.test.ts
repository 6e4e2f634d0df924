import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { toFile } from 'openai';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchedPage } from '../support/browser.js';
import { KEY_A, startTestServer, type TestServer } from '../support/trove-server.js';

const OUTPUT = fileURLToPath(new URL('../../../test-output/console/accessibility', import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A and AA rules of axe-core (labels, names, contrast, landmarks, ARIA), as one line per violation. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated by the browser's devtools side, which the page's content security policy does not govern.
  await page.evaluate(AXE);
  const violations = (await page.evaluate(() =>
    (globalThis as any).axe
      .run((globalThis as any).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((result: any) => result.violations.map((v: any) => `${v.id}: ${v.help} at ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`)),
  )) as string[];
  return violations;
}

let server: TestServer;
let browser: Browser;
before(async () => {
  browser = await launchChromium();
  server = await startTestServer();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('every view of the console passes axe-core\'s WCAG 2.1 AA checks, and the key form works from the keyboard', { timeout: 180_000 }, async () => {
  const store = await server.client.vectorStores.create({ name: 'Reading room' });
  const guide = await server.client.vectorStores.files.uploadAndPoll(store.id, await toFile(readFileSync(new URL('../../../test/fixtures/documents/guide.md', import.meta.url)), 'guide.md'));
  await server.client.vectorStores.files.update(guide.id, { vector_store_id: store.id, attributes: { team: 'docs' } });
  const { page, problems, screenshot } = await watchedPage(browser, OUTPUT);
  const check = async (view: string) => {
    await screenshot(view);
    assert.deepEqual(await accessibilityViolations(page), [], `${view} view`);
  };

  await page.goto(`${server.trove.url}/`);
  await page.getByLabel('API key').waitFor();
  await check('key');
  await page.keyboard.type(KEY_A); // the key field has focus when the form appears
  await page.keyboard.press('Enter');
  await page.locator('#stores tbody tr').first().waitFor();
  await check('stores');

  await page.getByRole('link', { name: 'Reading room' }).click();
  await page.locator('#files tbody tr').first().waitFor();
  await page.locator('#choose-files').setInputFiles(fileURLToPath(new URL('../../../test/fixtures/documents/tally.py', import.meta.url)));
  await page.locator('#uploads li[data-status="completed"]').waitFor({ timeout: 60_000 });
  await check('store');

  await page.getByRole('link', { name: 'Search this store' }).click();
  await page.getByLabel('Query').fill('dragonfly');
  await page.getByLabel('Query').press('Enter');
  await page.locator('#results li.result mark').first().waitFor();
  await page.getByText('Request body').click();
  await check('search');

  await page.locator('#results li.result').first().getByRole('link').click();
  await page.locator('#file-content pre').waitFor();
  await check('file');

  await page.getByRole('button', { name: 'Remove from store' }).click();
  await page.getByRole('dialog').waitFor();
  await check('confirm');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.equal((await server.client.vectorStores.files.list(store.id)).data.length, 2, 'Escape cancels the removal');
  assert.deepEqual(problems, []);
});
