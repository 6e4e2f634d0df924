import assert from 'node:assert/strict';
import { test } from 'node:test';
import JSZip from 'jszip';
import { inspectZip } from './zip-archive.js';

async function makeZip(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Rewrites the uncompressed size that the central directory declares for `name`, as a forger would. */
function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const forged = Buffer.from(zip);
  for (let offset = 0; offset + 46 < forged.length; offset++) {
    if (forged.readUInt32LE(offset) !== 0x02014b50) continue;
    if (forged.toString('utf8', offset + 46, offset + 46 + forged.readUInt16LE(offset + 28)) === name) {
      forged.writeUInt32LE(size, offset + 24);
      return forged;
    }
  }
  throw new Error(`no directory entry for ${name}`);
}

const DOCUMENT = '<w:document><w:body><w:p><w:r><w:t>Otters</w:t></w:r></w:p></w:body></w:document>';

test('a package within budget lists its entries', async () => {
  const zip = await makeZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': DOCUMENT, 'word/media/image1.png': Buffer.alloc(64) });
  const contents = inspectZip(zip, 'DOCX');
  assert.ok(contents.ok);
  assert.deepEqual([...contents.names].sort(), ['[Content_Types].xml', 'word/document.xml', 'word/media/image1.png']);
});

test('XML parts declaring more than 200 MB in all are refused before anything inflates', async () => {
  const zip = declareSize(await makeZip({ 'word/document.xml': DOCUMENT }), 'word/document.xml', 3_000_000_000);
  assert.deepEqual(inspectZip(zip, 'DOCX'), {
    ok: false,
    code: 'invalid_file',
    message: 'The DOCX would expand to 2861 MB of XML, more than the 200 MB allowed; it may be a zip bomb.',
  });
});

test('a large part that expands more than 100 times is refused', async () => {
  const zip = await makeZip({ 'ppt/slides/slide1.xml': 'a'.repeat(12 * 1024 * 1024) });
  const outcome = inspectZip(zip, 'PPTX');
  assert.ok(!outcome.ok);
  assert.match(outcome.message, /^The PPTX part ppt\/slides\/slide1\.xml would expand \d+ times, to 12 MB; it may be a zip bomb\.$/);
});

test('a part that inflates past the size it declares is refused', async () => {
  const zip = declareSize(await makeZip({ 'word/document.xml': DOCUMENT.repeat(50) }), 'word/document.xml', 100);
  assert.deepEqual(inspectZip(zip, 'DOCX'), {
    ok: false,
    code: 'invalid_file',
    message: 'The DOCX part word/document.xml expands beyond the size it declares; it may be a zip bomb.',
  });
});

test('media are never inflated, so their declared sizes do not count', async () => {
  const zip = declareSize(await makeZip({ 'word/document.xml': DOCUMENT, 'word/media/video.mp4': Buffer.alloc(64) }), 'word/media/video.mp4', 4_000_000_000);
  assert.ok(inspectZip(zip, 'DOCX').ok);
});

test('a truncated package or a damaged part is reported as damaged', async () => {
  const zip = await makeZip({ 'word/document.xml': DOCUMENT.repeat(20) });
  assert.deepEqual(inspectZip(zip.subarray(0, zip.length - 30), 'DOCX'), {
    ok: false,
    code: 'invalid_file',
    message: 'The DOCX is damaged: its ZIP directory could not be read.',
  });
  const damaged = Buffer.from(zip);
  damaged.fill(0xff, 50, 60); // inside the deflated data, which starts after the 47-byte local header
  assert.deepEqual(inspectZip(damaged, 'DOCX'), {
    ok: false,
    code: 'invalid_file',
    message: 'The DOCX is damaged: its part word/document.xml could not be unpacked.',
  });
});
