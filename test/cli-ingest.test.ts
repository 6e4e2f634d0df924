import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type OpenAI from 'openai';
import { finished, linesOf, runCli, spawnCli } from './support/cli.js';
import { KEY_A, startTestServer, type TestServer } from './support/trove-server.js';
import { journalPath } from '../src/cli/ingest/journal.js';

let server: TestServer;
let work: string;
let cliEnv: Record<string, string>;

before(async () => {
  server = await startTestServer();
  work = mkdtempSync(join(tmpdir(), 'trove-cli-ingest-'));
  cliEnv = { TROVE_BASE_URL: server.baseURL, TROVE_API_KEY: KEY_A, XDG_STATE_HOME: join(work, 'state') };
});
after(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

async function allFiles(client: OpenAI) {
  const files = [];
  for await (const file of client.files.list({ limit: 100 })) files.push(file);
  return files;
}

async function storeFiles(client: OpenAI, storeId: string) {
  const files = [];
  for await (const file of client.vectorStores.files.list(storeId, { limit: 100 })) files.push(file);
  return files;
}

const PROGRESS = /^uploaded \d+\/\d+, completed \d+\/\d+, failed \d+, \d+\.\d files\/s, eta (\?|\d+(\.\d)?s|\d+m\d\ds)$/;

test('an interrupted ingest resumes without uploading any file twice, and every file completes', async () => {
  // 1. A tree of 300 small documents in ten folders.
  const tree = join(work, 'tree');
  for (let i = 0; i < 300; i++) {
    const dir = join(tree, `topic-${i % 10}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `doc-${String(i).padStart(3, '0')}.md`), `# Document ${i}\n\nNotes on subject ${i % 10}, item number ${i}.\n`);
  }
  const args = ['ingest', 'handbook', 'tree', '--concurrency', '1', '--progress-interval', '0.1'];

  // 2. Interrupt the first run once about a third of the files are uploaded.
  const first = spawnCli(args, { cwd: work, env: cliEnv });
  let seen = '';
  let interruptedAt = -1;
  first.stdout!.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    const uploaded = [...seen.matchAll(/^uploaded (\d+)\//gm)].map((m) => Number(m[1]));
    if (interruptedAt < 0 && uploaded.some((n) => n >= 100)) {
      interruptedAt = Math.max(...uploaded);
      first.kill('SIGINT');
    }
  });
  const run1 = await finished(first);
  assert.equal(run1.code, 130, run1.stderr);
  const lines1 = linesOf(run1.stdout);
  assert.match(lines1[0]!, /^store vs_\w+ "handbook" \(created\)$/);
  assert.match(lines1[1]!, /^files: 300 to ingest, 0 already in the store, 300 to upload \(\d+\.\d KB\)$/);
  const notice = lines1.indexOf('interrupted: finishing the uploads in flight (Ctrl-C again quits at once)');
  assert.ok(notice > 1, lines1.join('\n'));
  const last1 = lines1.at(-1)!;
  const stopped = /^interrupted after \d+(\.\d)?s: uploaded (\d+), completed (\d+)\/300, failed 0; run the same command again to resume$/.exec(last1);
  assert.ok(stopped, last1);
  for (const line of lines1.slice(2, -1)) if (line !== lines1[notice]) assert.match(line, PROGRESS);
  const uploadedFirst = Number(stopped[2]);
  assert.ok(uploadedFirst >= interruptedAt && uploadedFirst < 300, `interrupted at ${interruptedAt}, uploaded ${uploadedFirst}`);

  const store = (await server.client.vectorStores.list()).data.find((s) => s.name === 'handbook')!;
  assert.equal((await allFiles(server.client)).length, uploadedFirst);
  assert.equal((await storeFiles(server.client, store.id)).length, uploadedFirst, 'every upload was attached before exiting');

  // 3. The rerun uploads only the rest and waits until all 300 are ingested.
  const run2 = await runCli(args, { cwd: work, env: cliEnv });
  assert.equal(run2.code, 0, run2.stderr + run2.stdout);
  const lines2 = linesOf(run2.stdout);
  assert.equal(lines2[0], `store ${store.id} "handbook"`);
  assert.match(lines2[1]!, new RegExp(`^files: 300 to ingest, ${uploadedFirst} already in the store, ${300 - uploadedFirst} to upload \\(\\d+\\.\\d KB\\)$`));
  for (const line of lines2.slice(2, -1)) assert.match(line, PROGRESS);
  assert.match(lines2.at(-1)!, new RegExp(`^done in \\d+(\\.\\d)?s: uploaded ${300 - uploadedFirst}, completed 300/300, failed 0$`));

  // 4. Through the API: 300 Files, each once, all attached and completed, each with its hash and path.
  const files = await allFiles(server.client);
  assert.equal(files.length, 300);
  assert.equal(new Set(files.map((f) => f.filename)).size, 300);
  const attached = await storeFiles(server.client, store.id);
  assert.equal(attached.length, 300);
  assert.deepEqual([...new Set(attached.map((f) => f.status))], ['completed']);
  const doc7 = attached.find((f) => f.attributes?.path === 'tree/topic-7/doc-007.md')!;
  const bytes = readFileSync(join(tree, 'topic-7', 'doc-007.md'));
  assert.equal(doc7.attributes?.sha256, createHash('sha256').update(bytes).digest('hex'));

  // With more files than it would look up one by one, files ls names them from one pass over the Files API.
  const listed = await runCli(['files', 'ls', 'handbook', '--json'], { env: cliEnv });
  const named = JSON.parse(listed.stdout) as { filename: string }[];
  assert.equal(named.length, 300);
  assert.equal(new Set(named.map((f) => f.filename)).size, 300);
  assert.ok(named.every((f) => /^doc-\d{3}\.md$/.test(f.filename)));

  // 5. A third run finds nothing to do.
  const run3 = await runCli(args, { cwd: work, env: cliEnv });
  assert.equal(run3.code, 0);
  assert.match(run3.stdout, /^files: 300 to ingest, 300 already in the store, 0 to upload \(0 B\)$/m);
  assert.equal((await allFiles(server.client)).length, 300);
});

test('a file uploaded by a run that died before attaching it is attached, not uploaded again', async () => {
  const dir = join(work, 'journal');
  mkdirSync(dir);
  const text = 'A note uploaded just before the power went out.\n';
  writeFileSync(join(dir, 'note.txt'), text);
  const store = await server.client.vectorStores.create({ name: 'journalled' });
  const orphan = await server.client.files.create({ file: new File([text], 'note.txt'), purpose: 'assistants' });
  // The line the dead run appended after its upload.
  const sha256 = createHash('sha256').update(text).digest('hex');
  const journal = journalPath(join(work, 'state', 'trove', 'ingest'), server.baseURL, store.id);
  mkdirSync(join(journal, '..'), { recursive: true });
  writeFileSync(journal, `${JSON.stringify({ sha256, file_id: orphan.id })}\n`);
  const before = (await allFiles(server.client)).length;

  const run = await runCli(['ingest', store.id, 'journal'], { cwd: work, env: cliEnv });
  assert.equal(run.code, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /^files: 1 to ingest, 0 already in the store, 0 to upload \(0 B\), 1 uploaded earlier to attach$/m);
  assert.match(run.stdout, /^done in .*: uploaded 0, completed 1\/1, failed 0$/m);
  assert.equal((await allFiles(server.client)).length, before);
  const [attached] = await storeFiles(server.client, store.id);
  assert.equal(attached?.id, orphan.id);
  assert.equal(attached?.status, 'completed');
});

test('files the server would refuse are skipped with the reason, and a failed file is listed with its error', async () => {
  const dir = join(work, 'mixed');
  mkdirSync(join(dir, 'img'), { recursive: true });
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'guide.md'), '# Guide\n\nHow to reset a password.\n');
  writeFileSync(join(dir, 'copy-of-guide.md'), '# Guide\n\nHow to reset a password.\n');
  writeFileSync(join(dir, 'notes.txt'), 'Plain notes.\n');
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x61, 0x00, 0x62]));
  writeFileSync(join(dir, 'report.pdf'), 'not really a PDF');
  writeFileSync(join(dir, 'Makefile'), 'all:\n');
  writeFileSync(join(dir, '.git', 'config'), '[core]\n');
  for (const name of ['a.png', 'b.png', 'c.png', 'd.png']) writeFileSync(join(dir, 'img', name), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  // Starts like a ZIP, as a .docx must, but is not one: only the server finds out.
  writeFileSync(join(dir, 'slides.docx'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 1)]));

  const run = await runCli(['ingest', 'mixed', '.', '--progress-interval', '60'], { cwd: dir, env: cliEnv });
  assert.equal(run.code, 1, run.stderr);
  const lines = linesOf(run.stdout);
  assert.match(lines[0]!, /^store vs_\w+ "mixed" \(created\)$/);
  assert.deepEqual(lines.slice(1, 9), [
    'skipped 10 files:',
    '  unsupported type .png (4): img/a.png, img/b.png, img/c.png, and 1 more',
    '  binary content (1): binary.txt',
    '  empty (1): empty.txt',
    '  hidden (1): .git',
    '  no extension (1): Makefile',
    '  not a PDF (1): report.pdf',
    '  same content as another file (1): guide.md (same content as copy-of-guide.md)',
  ]);
  assert.match(lines[9]!, /^files: 3 to ingest, 0 already in the store, 3 to upload \(\d+ B\)$/);
  assert.match(lines[10]!, PROGRESS);
  assert.match(lines[11]!, /^uploaded 3\/3, completed 2\/3, failed 1, \d+\.\d files\/s, eta 0s$/);
  assert.match(lines[12]!, /^done in \d+(\.\d)?s: uploaded 3, completed 2\/3, failed 1$/);
  assert.equal(lines[13], 'failed 1 file:');
  assert.match(lines[14]!, /^ {2}slides\.docx: invalid_file: .+/);
  assert.equal(lines.length, 15);
});
