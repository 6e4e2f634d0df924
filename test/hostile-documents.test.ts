import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import JSZip from 'jszip';
import { toFile } from 'openai';
import { startTestServer, type TestServer } from './support/trove-server.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/documents/${name}`, import.meta.url));

/** Bytes from a fixed-seed generator, so a failure reproduces. */
function makeRandomBytes(length: number): Buffer {
  let state = 7;
  return Buffer.from(Array.from({ length }, () => (state = (state * 48_271) % 2_147_483_647) & 0xff));
}

/** A DOCX whose document part is 56 MB of one repeated paragraph: about 170 KB once deflated. */
async function makeZipBomb(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file('word/document.xml', `<w:document><w:body>${'<w:p><w:r><w:t>boom</w:t></w:r></w:p>'.repeat(1_600_000)}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('hostile and broken documents fail with a clear reason, quickly, and the server carries on', async () => {
  const report = fixture('report.pdf');
  const cases: { name: string; bytes: Buffer; code: string; message: string | RegExp }[] = [
    {
      name: 'encrypted.pdf',
      bytes: fixture('encrypted.pdf'),
      code: 'invalid_file',
      message: 'The PDF is password-protected; remove the password and upload it again.',
    },
    {
      name: 'truncated.pdf',
      bytes: report.subarray(0, report.length / 2),
      code: 'invalid_file',
      message: 'The PDF is damaged and could not be read: Invalid PDF structure.',
    },
    {
      name: 'scanned.pdf',
      bytes: fixture('scanned.pdf'),
      code: 'invalid_file',
      message: 'The PDF has no text layer (it may be a scanned image); OCR is not supported.',
    },
    {
      name: 'invoice.pdf',
      bytes: Buffer.from('<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in to download.</body></html>'),
      code: 'invalid_file',
      message: 'The file has a .pdf extension but its content is not a PDF (it looks like HTML).',
    },
    {
      name: 'bomb.docx',
      bytes: await makeZipBomb(),
      code: 'invalid_file',
      message: /^The DOCX part word\/document\.xml would expand \d+ times, to 56 MB; it may be a zip bomb\.$/,
    },
    {
      name: 'noise.docx',
      bytes: makeRandomBytes(20_000),
      code: 'invalid_file',
      message: 'The file has a .docx extension but its content is not a Word document.',
    },
    {
      name: 'cut-short.docx',
      bytes: fixture('report.docx').subarray(0, 3_000),
      code: 'invalid_file',
      message: 'The DOCX is damaged: its ZIP directory could not be read.',
    },
    {
      name: 'renamed.docx',
      bytes: fixture('slides.pptx'),
      code: 'invalid_file',
      message: 'The file has a .docx extension but its content is not a Word document (it looks like a PowerPoint .pptx presentation).',
    },
  ];

  const started = Date.now();
  const store = await server.client.vectorStores.create({ name: 'hostile' });
  const uploaded = await Promise.all(
    cases.map(async ({ name, bytes }) => (await server.client.files.create({ file: await toFile(bytes, name), purpose: 'assistants' })).id),
  );
  const batch = await server.client.vectorStores.fileBatches.createAndPoll(store.id, { file_ids: uploaded }, { pollIntervalMs: 50 });
  assert.deepEqual(batch.file_counts, { in_progress: 0, completed: 0, failed: cases.length, cancelled: 0, total: cases.length });
  for (const [i, { name, code, message }] of cases.entries()) {
    const file = await server.client.vectorStores.files.retrieve(uploaded[i], { vector_store_id: store.id });
    assert.equal(file.status, 'failed', name);
    assert.equal(file.last_error?.code, code, name);
    if (typeof message === 'string') assert.equal(file.last_error?.message, message, name);
    else assert.match(file.last_error?.message ?? '', message, name);
  }
  // None of them needed the 60 s parse time budget.
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);

  const health = await fetch(`${server.trove.url}/health`);
  assert.equal(health.status, 200);
  const good = await server.client.files.create({ file: await toFile(fixture('report.docx'), 'after.docx'), purpose: 'assistants' });
  const attached = await server.client.vectorStores.files.createAndPoll(store.id, { file_id: good.id }, { pollIntervalMs: 50 });
  assert.equal(attached.status, 'completed');
});
