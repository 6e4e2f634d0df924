import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { toFile } from 'openai';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchedPage } from '../support/browser.js';
import { KEY_A, startTestServer, type TestServer } from '../support/trove-server.js';

// Screenshots of every step land here (git-ignored), so a failure in CI can be looked at.
const OUTPUT = fileURLToPath(new URL('../../../test-output/console/', import.meta.url));
const shotsOf = (flow: string) => `${OUTPUT}${flow}`;
const fixturePath = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/documents/${name}`, import.meta.url));

type DroppedFile = { name: string; type: string; base64: string };

/** Drops files on an element the way a drag from the desktop does: a `drop` event carrying a DataTransfer. */
async function dropFiles(page: Page, selector: string, files: { name: string; type: string }[]): Promise<void> {
  const payload: DroppedFile[] = files.map((f) => ({ ...f, base64: readFileSync(fixturePath(f.name)).toString('base64') }));
  // Runs in the page, where the DOM's classes exist; this project compiles without the DOM's types.
  await page.locator(selector).evaluate((zone: any, dropped: DroppedFile[]) => {
    const w = globalThis as any;
    const transfer = new w.DataTransfer();
    for (const f of dropped) {
      const bytes = Uint8Array.from(w.atob(f.base64), (c: string) => c.charCodeAt(0));
      transfer.items.add(new w.File([bytes], f.name, { type: f.type }));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new w.DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, payload);
}

/** Records every status each upload row shows, so the test can tell the list moved rather than only ended well. */
async function recordUploadStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as any;
    w.seenStatuses = {};
    const record = () => {
      for (const item of w.document.querySelectorAll('#uploads li')) {
        const path = item.querySelector('.path').textContent;
        const seen = (w.seenStatuses[path] ??= []);
        if (seen.at(-1) !== item.dataset.status) seen.push(item.dataset.status);
      }
    };
    new w.MutationObserver(record).observe(w.document.getElementById('uploads'), { childList: true, subtree: true });
  });
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

test('the web console takes a key, creates a store, ingests dropped files, searches with a filter, shows a file and deletes the store', { timeout: 180_000 }, async () => {
  const { page, problems, screenshot } = await watchedPage(browser, shotsOf('with-keys'));
  await page.goto(`${server.trove.url}/`);

  // 1. The server has keys, so the console asks for one before showing anything.
  await page.getByRole('heading', { name: 'Sign in with an API key' }).waitFor();
  await page.getByLabel('API key').fill('sk-not-a-key');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('That key was refused.').waitFor();
  // The refusal is the one expected failure: the probe's 401, which Chromium also logs to the console.
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems.join('\n'), /HTTP 401: GET http:\/\/127\.0\.0\.1:\d+\/v1\/vector_stores\?limit=1/);
  assert.match(problems.join('\n'), /console error: Failed to load resource: the server responded with a status of 401/);
  problems.length = 0;
  await page.getByLabel('API key').fill(KEY_A);
  await screenshot('enter-key');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Vector stores', level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('trove.apiKey')), KEY_A);

  // 2. Create a store.
  await page.getByLabel('Name').fill('Field notes');
  await page.getByRole('button', { name: 'Create store' }).click();
  const row = page.locator('#stores tbody tr', { hasText: 'Field notes' });
  await row.waitFor();
  await screenshot('store-created');
  const storeId = await row.getAttribute('data-store-id');
  assert.ok(storeId);
  assert.equal((await server.client.vectorStores.retrieve(storeId)).name, 'Field notes');

  // 3. Open it and add three files: two by drag and drop with one set of attributes, one by the file picker with another.
  await row.getByRole('link', { name: 'Field notes' }).click();
  await page.getByRole('heading', { name: 'Field notes', level: 1 }).waitFor();
  await recordUploadStatuses(page);
  const attributes = page.getByLabel('Attributes for the files you add');
  await attributes.fill('{"team": "docs"}');
  await dropFiles(page, '#dropzone', [{ name: 'guide.md', type: 'text/markdown' }, { name: 'report.pdf', type: 'application/pdf' }]);
  await page.locator('#uploads li').nth(1).waitFor();
  await attributes.fill('{"team": "data"}');
  await page.locator('#choose-files').setInputFiles(fixturePath('stations.json'));
  await page.locator('#uploads li').nth(2).waitFor();
  await screenshot('uploading');

  // 4. Every file reaches completed, and the store's file table agrees.
  await page.waitForFunction(() => {
    const items = [...(globalThis as any).document.querySelectorAll('#uploads li')];
    return items.length === 3 && items.every((li: any) => li.dataset.status === 'completed');
  }, null, { timeout: 90_000 });
  await page.waitForFunction(() => {
    const cells = [...(globalThis as any).document.querySelectorAll('#files tbody tr .status')];
    return cells.length === 3 && cells.every((cell: any) => cell.textContent === 'completed');
  }, null, { timeout: 30_000 });
  await screenshot('files-completed');
  const seen = (await page.evaluate(() => (globalThis as any).seenStatuses)) as Record<string, string[]>;
  for (const name of ['guide.md', 'report.pdf', 'stations.json']) {
    assert.equal(seen[name]?.at(-1), 'completed', `${name}: ${JSON.stringify(seen[name])}`);
    assert.ok(seen[name].includes('in_progress'), `${name} showed no in-progress status: ${JSON.stringify(seen[name])}`);
  }
  const stored = (await server.client.vectorStores.files.list(storeId)).data;
  assert.deepEqual(stored.map((f) => f.status), ['completed', 'completed', 'completed']);
  assert.deepEqual(stored.map((f) => f.attributes?.team).sort(), ['data', 'docs', 'docs']);
  const filenames = new Map<string, string>();
  for (const f of stored) filenames.set(f.id, (await server.client.files.retrieve(f.id)).filename);

  // 5. Search with a filter: only the files marked team=docs may come back, best first, query words marked.
  await page.getByRole('link', { name: 'Search this store' }).click();
  await page.getByLabel('Query').fill('heliotrope');
  await page.getByLabel('Filters (JSON, optional)').fill('{"type": "eq", "key": "team", "value": "docs"}');
  await page.getByLabel('Max results').fill('5');
  await page.getByLabel('Keyword weight').fill('1');
  await page.getByLabel('Embedding weight').fill('0.5');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const results = page.locator('#results li.result');
  await results.first().waitFor();
  await screenshot('search');
  const hitNames = await Promise.all((await results.all()).map(async (r) => filenames.get((await r.getAttribute('data-file-id')) ?? '')));
  assert.ok(hitNames.length >= 1 && hitNames.length <= 5, `results: ${hitNames.join(', ')}`);
  assert.equal(hitNames[0], 'report.pdf');
  assert.ok(hitNames.every((n) => n === 'report.pdf' || n === 'guide.md'), `a filtered-out file came back: ${hitNames.join(', ')}`);
  assert.equal((await results.first().locator('mark').first().textContent())?.toLowerCase(), 'heliotrope');
  assert.match((await results.first().locator('.score strong').textContent()) ?? '', /^[01]\.\d{4}$/);

  // 6. Open the result's file: its parsed text and attributes.
  await results.first().getByRole('link', { name: 'report.pdf' }).click();
  await page.getByRole('heading', { name: 'report.pdf', level: 1 }).waitFor();
  await page.locator('#file-content pre', { hasText: 'heliotrope' }).waitFor();
  assert.deepEqual(JSON.parse(await page.getByLabel('Attributes (JSON object)').inputValue()), { team: 'docs' });
  await screenshot('file-content');

  // 7. Delete the store from the list, through the confirmation dialog.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vector stores' }).click();
  await page.getByRole('button', { name: 'Delete Field notes' }).click();
  await page.getByRole('dialog').waitFor();
  await screenshot('confirm-delete');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await page.getByText('No vector stores yet.').waitFor();
  await screenshot('store-deleted');
  await assert.rejects(server.client.vectorStores.retrieve(storeId), { status: 404 });

  assert.deepEqual(problems, []);
});

test('without API keys the console needs none; it shows markup in documents as text, a failed file\'s error, and the files of chosen and dropped folders', { timeout: 120_000 }, async (t) => {
  const open = await startTestServer({ apiKeys: '' });
  t.after(() => open.close());
  const hostile = 'Notes <img src=x onerror="window.pwned=1"> on the <script>window.pwned=2</script> heliotrope & <b>bold</b> claims';
  const store = await open.client.vectorStores.create({ name: 'Open shelf' });
  await open.client.vectorStores.files.uploadAndPoll(store.id, await toFile(Buffer.from(hostile), 'hostile.txt'));

  const { page, problems, screenshot } = await watchedPage(browser, shotsOf('without-keys'));
  await page.goto(`${open.trove.url}/`);
  await page.locator('#stores tbody tr', { hasText: 'Open shelf' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Forget API key' }).isVisible(), false);
  await screenshot('stores');

  await page.goto(`${open.trove.url}/#/stores/${store.id}/search`);
  await page.getByLabel('Query').fill('heliotrope claims');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const chunk = page.locator('#results li.result .chunk').first();
  await chunk.waitFor();
  await screenshot('search');
  assert.equal(await chunk.textContent(), hostile);
  assert.deepEqual(await chunk.locator('mark').allTextContents(), ['heliotrope', 'claims']);
  assert.equal(await page.locator('#results img, #results script, #results b').count(), 0);

  await page.locator('#results li.result').first().getByRole('link', { name: 'hostile.txt' }).click();
  await page.locator('#file-content pre').waitFor();
  assert.equal(await page.locator('#file-content pre').textContent(), hostile);
  assert.equal(await page.evaluate(() => (globalThis as any).pwned), undefined);
  await screenshot('file-content');

  // A file the server cannot ingest ends as failed, with its error shown beside it and in the file list.
  await page.getByRole('link', { name: 'Open shelf' }).click();
  await page.locator('#choose-files').setInputFiles(fixturePath('encrypted.pdf'));
  const failed = page.locator('#uploads li[data-status="failed"]');
  await failed.waitFor({ timeout: 60_000 });
  assert.equal(await failed.locator('.detail').textContent(), 'invalid_file: The PDF is password-protected; remove the password and upload it again.');
  await page.locator('#files tbody tr', { hasText: 'encrypted.pdf' }).locator('.error', { hasText: 'password-protected' }).waitFor();
  await screenshot('failed-upload');

  // A chosen folder is walked, and each file is listed by its path inside it.
  const folder = join(mkdtempSync(join(tmpdir(), 'trove-console-')), 'notes');
  mkdirSync(join(folder, 'deeper'), { recursive: true });
  writeFileSync(join(folder, 'first.md'), '# First\n\nKestrel nest boxes.');
  writeFileSync(join(folder, 'deeper', 'second.txt'), 'Barn owl pellets.');
  t.after(() => rmSync(dirname(folder), { recursive: true, force: true }));
  await page.locator('#choose-folder').setInputFiles(folder);
  await page.waitForFunction(() => [...(globalThis as any).document.querySelectorAll('#uploads li[data-status="completed"] .path')].length === 2, null, { timeout: 60_000 });
  assert.deepEqual((await page.locator('#uploads li[data-status="completed"] .path').allTextContents()).sort(), ['notes/deeper/second.txt', 'notes/first.md']);

  // A dropped folder arrives as directory entries, which only a drag from the desktop makes; these stand-ins
  // behave the same, handing out one entry per readEntries call as a large folder would in chunks.
  await page.locator('#dropzone').evaluate((zone: any) => {
    const w = globalThis as any;
    const file = (path: string, text: string) => ({
      isFile: true, isDirectory: false, fullPath: `/${path}`,
      file: (done: (f: unknown) => void) => done(new w.File([text], path.split('/').at(-1))),
    });
    const folder = (path: string, children: unknown[]) => ({
      isFile: false, isDirectory: true, fullPath: `/${path}`,
      createReader: () => {
        const left = [...children];
        return { readEntries: (done: (chunk: unknown[]) => void) => setTimeout(() => done(left.splice(0, 1))) };
      },
    });
    const tree = folder('field', [file('field/wrens.md', 'Wren song at dawn.'), folder('field/late', [file('field/late/bats.txt', 'Pipistrelle passes.')])]);
    const drop = new w.Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { items: [{ kind: 'file', webkitGetAsEntry: () => tree }] } });
    zone.dispatchEvent(drop);
  });
  await page.waitForFunction(() => [...(globalThis as any).document.querySelectorAll('#uploads li[data-status="completed"] .path')].length === 4, null, { timeout: 60_000 });
  const paths = await page.locator('#uploads li[data-status="completed"] .path').allTextContents();
  assert.deepEqual(paths.filter((path) => path.startsWith('field/')).sort(), ['field/late/bats.txt', 'field/wrens.md']);
  await screenshot('folders');
  assert.deepEqual(problems, []);
});
