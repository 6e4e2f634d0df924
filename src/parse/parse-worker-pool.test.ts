import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { createParseWorkerPool, DEFAULT_PARSE_WORKER_OPTIONS, type ParseWorkerPool } from './parse-worker-pool.js';

// Tests run from dist/src/parse/; the fixtures stay in the source tree.
const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/documents/${name}`, import.meta.url));

/** A one-page PDF whose page content stream is `content`, deflated. */
function makePdf(content: string): Buffer {
  const stream = deflateSync(Buffer.from(content, 'latin1'));
  const objects = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
  ];
  const parts = [Buffer.from('%PDF-1.7\n')];
  const offsets: number[] = [];
  let length = parts[0].length;
  objects.forEach((body, i) => {
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    offsets.push(length);
    parts.push(object);
    length += object.length;
  });
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const HELLO_PDF = makePdf('BT /F1 12 Tf 72 700 Td (Hello from a handmade PDF) Tj ET');

const pools: ParseWorkerPool[] = [];
function makePool(overrides: Partial<typeof DEFAULT_PARSE_WORKER_OPTIONS>): ParseWorkerPool {
  const pool = createParseWorkerPool({ ...DEFAULT_PARSE_WORKER_OPTIONS, ...overrides });
  pools.push(pool);
  return pool;
}
after(() => Promise.all(pools.map((pool) => pool.close())));

test('binary files parse in worker threads, more than the pool size waiting their turn', async () => {
  const pool = makePool({ size: 1 });
  const outcomes = await Promise.all([
    pool.parse({ format: 'pdf', filename: 'report.pdf', bytes: fixture('report.pdf') }),
    pool.parse({ format: 'docx', filename: 'report.docx', bytes: fixture('report.docx') }),
    pool.parse({ format: 'pdf', filename: 'hello.pdf', bytes: HELLO_PDF }),
  ]);
  assert.deepEqual(
    outcomes.map((outcome) => outcome.ok && outcome.format),
    ['pdf', 'docx', 'pdf'],
  );
  assert.deepEqual(outcomes[2], { ok: true, text: 'Hello from a handmade PDF', format: 'pdf' });
});

test('a file over its time budget ends invalid_file, and a fresh worker takes the next file', async () => {
  const pool = makePool({ size: 1, baseTimeoutMs: 1_000, timeoutMsPerMb: 0 });
  // 20 MB of no-op operators: a 20 KB file that keeps PDF.js busy for seconds.
  const slow = makePdf('q Q\n'.repeat(5_000_000));
  // A file's budget starts once its worker has loaded the parsers; a first file starts the worker.
  assert.equal((await pool.parse({ format: 'pdf', filename: 'hello.pdf', bytes: HELLO_PDF })).ok, true);
  const started = Date.now();
  assert.deepEqual(await pool.parse({ format: 'pdf', filename: 'slow.pdf', bytes: slow }), {
    ok: false,
    code: 'invalid_file',
    message: 'Parsing took longer than 1 s; the file may be corrupt or too complex.',
  });
  assert.ok(Date.now() - started < 1_500);
  assert.deepEqual(await pool.parse({ format: 'pdf', filename: 'hello.pdf', bytes: HELLO_PDF }), { ok: true, text: 'Hello from a handmade PDF', format: 'pdf' });
});

test('a worker that runs out of memory ends invalid_file, and a fresh worker takes the next file', async () => {
  const pool = makePool({ size: 1, memoryMb: 64 });
  // 8 MB of paragraphs (under the zip budget) become far more than 64 MB of document tree in mammoth.
  const zip = await JSZip.loadAsync(fixture('report.docx'));
  const xml = await zip.file('word/document.xml')!.async('string');
  zip.file('word/document.xml', xml.replace('<w:body>', `<w:body>${'<w:p><w:r><w:t>Otters fish at dusk along the weir.</w:t></w:r></w:p>'.repeat(120_000)}`));
  const heavy = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  assert.deepEqual(await pool.parse({ format: 'docx', filename: 'heavy.docx', bytes: heavy }), {
    ok: false,
    code: 'invalid_file',
    message: 'Parsing needed more than 64 MB of memory; the file may be corrupt or too complex.',
  });
  const next = await pool.parse({ format: 'docx', filename: 'report.docx', bytes: fixture('report.docx') });
  assert.ok(next.ok && next.text.includes('Field Report on River Otters'));
});

test('a parser bug rejects instead of blaming the file', async () => {
  const pool = makePool({ size: 1 });
  await assert.rejects(pool.parse({ format: 'xls', filename: 'sheet.xls', bytes: Buffer.from('x') }), /parser failed: Error: the parse worker has no parser for xls/);
});
