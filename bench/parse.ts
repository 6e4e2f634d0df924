// npm run bench:parse [-- --seconds 2]
//
// Parsing speed per format on the committed fixtures, each parsed over and over for a few seconds through
// parseDocument (binary formats in the parse worker pool, as ingestion runs them); then the cost of a
// fresh worker thread per file, which is what keeping a worker saves. Peak RSS covers all threads.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { createParseWorkerPool, DEFAULT_PARSE_WORKER_OPTIONS } from '../src/parse/parse-worker-pool.js';
import type { ParseOutcome } from '../src/parse/parser.js';
import { parseDocument } from '../src/parse/registry.js';
import { flag, formatTable, peakRssMb } from './support.js';

const seconds = Number(flag('seconds', '2'));

// Pages as LibreOffice lays each source out (report.docx and report.doc are report.pdf's source); slides for PPTX.
const FIXTURES = [
  { file: 'report.pdf', pages: 2 },
  { file: 'long.pdf', pages: 50 },
  { file: 'report.docx', pages: 2 },
  { file: 'report.doc', pages: 2 },
  { file: 'slides.pptx', pages: 3 },
  { file: 'page.html', pages: 1 },
  { file: 'guide.md', pages: 1 },
];

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/documents/${name}`, import.meta.url));

function assertParsed(filename: string, outcome: ParseOutcome): void {
  if (!outcome.ok) throw new Error(`${filename}: ${outcome.message}`);
}

/** Parses `file` one at a time for about `seconds`, after one warm-up parse (thread start, library load). */
async function measure(file: string, pages: number) {
  const bytes = fixture(file);
  assertParsed(file, await parseDocument({ filename: file, bytes }));
  const started = performance.now();
  let files = 0;
  while (performance.now() - started < seconds * 1000) {
    assertParsed(file, await parseDocument({ filename: file, bytes }));
    files++;
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  return {
    file,
    'size KB': bytes.length / 1024,
    files,
    'ms/file': (elapsedSeconds * 1000) / files,
    'MB/s': (bytes.length * files) / 1e6 / elapsedSeconds,
    'pages/s': (pages * files) / elapsedSeconds,
  };
}

const warm = [];
for (const { file, pages } of FIXTURES) warm.push(await measure(file, pages));
console.log(`\nOne file at a time, parse workers kept warm (pool of ${DEFAULT_PARSE_WORKER_OPTIONS.size}):\n`);
console.log(formatTable(warm));

const fresh = [];
for (const file of ['report.pdf', 'report.docx']) {
  const bytes = fixture(file);
  const runs = 5;
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const pool = createParseWorkerPool();
    assertParsed(file, await pool.parse({ format: extname(file).slice(1), filename: file, bytes }));
    await pool.close();
  }
  fresh.push({ file, 'ms/file': (performance.now() - started) / runs });
}
console.log('\nA fresh worker thread per file (start, load the library, parse, end):\n');
console.log(formatTable(fresh));

console.log(`\nPeak RSS: ${Math.round(peakRssMb(process.pid))} MB\n`);
