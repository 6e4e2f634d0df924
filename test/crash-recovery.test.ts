import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import OpenAI, { toFile } from 'openai';
import { chunkText } from '../src/chunk/token-chunker.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'trove-crash-'));
const env = { TROVE_DATA_DIR: dataDir, TROVE_API_KEYS: 'crash-key', TROVE_EMBEDDER: 'test', TROVE_INGEST_CONCURRENCY: '1' };
let server: ServerProcess | undefined;
after(async () => {
  await server?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const FILES = 200;
/** ~6,000 tokens each: enough work per file that the kill lands mid-batch. */
function documentText(i: number): string {
  const sentences = Array.from({ length: 400 }, (_, j) => `Report ${i}, entry ${j}: the gauge at station ${(i * 31 + j) % 97} read ${(i + j) % 13} metres.`);
  return sentences.join(' ');
}

test('a server killed (SIGKILL) in the middle of a 200-file batch resumes after restart and indexes every file exactly once', async () => {
  // 1. Start, upload 200 files and attach them as one batch.
  server = await startServerProcess(env);
  let client = new OpenAI({ apiKey: 'crash-key', baseURL: `${server.url}/v1`, maxRetries: 0 });
  const store = await client.vectorStores.create({ name: 'crash' });
  const fileIds: string[] = [];
  for (let i = 0; i < FILES; i += 1) {
    const file = await client.files.create({ file: await toFile(Buffer.from(documentText(i)), `report-${i}.txt`), purpose: 'assistants' });
    fileIds.push(file.id);
  }
  const batch = await client.vectorStores.fileBatches.create(store.id, { file_ids: fileIds });

  // 2. Kill the process as soon as ingestion is under way but far from done.
  let progress = batch.file_counts;
  while (progress.completed < 5) {
    await new Promise((r) => setTimeout(r, 20));
    progress = (await client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: store.id })).file_counts;
  }
  await server.stop('SIGKILL');
  assert.ok(progress.completed < FILES / 2, `the kill must land mid-batch (completed ${progress.completed} of ${FILES})`);

  // 3. Restart on the same data directory and wait for the batch to finish.
  server = await startServerProcess(env);
  client = new OpenAI({ apiKey: 'crash-key', baseURL: `${server.url}/v1`, maxRetries: 0 });
  const deadline = Date.now() + 90_000;
  let done = await client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: store.id });
  while (done.status === 'in_progress' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    done = await client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: store.id });
  }
  assert.deepEqual(done.file_counts, { in_progress: 0, completed: FILES, failed: 0, cancelled: 0, total: FILES });
  const storeNow = await client.vectorStores.retrieve(store.id);
  assert.deepEqual(storeNow.file_counts, done.file_counts);
  assert.equal(storeNow.status, 'completed');
  await server.stop();

  // 4. Every file has exactly the chunks a clean run makes, and nothing is left over anywhere.
  const db = new Database(join(dataDir, 'trove.db'), { readonly: true });
  try {
    const perFile = new Map(
      (db.prepare('SELECT file_id, count(*) AS n FROM chunks WHERE store_id = ? GROUP BY file_id').all(store.id) as Array<{ file_id: string; n: number }>).map(
        (r) => [r.file_id, r.n],
      ),
    );
    fileIds.forEach((id, i) => {
      const expected = chunkText(documentText(i), { maxTokens: 800, overlapTokens: 400 }).length;
      assert.equal(perFile.get(id), expected, `chunks of file ${i}`);
    });
    const orphans = db.prepare('SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM store_files sf WHERE sf.store_id = c.store_id AND sf.file_id = c.file_id)').pluck().get();
    assert.equal(orphans, 0, 'chunks without a store file');
    const chunkCount = db.prepare('SELECT count(*) FROM chunks WHERE store_id = ?').pluck().get(store.id);
    const keywordRows = db.prepare(`SELECT count(*) FROM "fts_${store.id}"`).pluck().get();
    assert.equal(keywordRows, chunkCount, 'one keyword row per chunk');
    assert.equal(db.prepare('SELECT count(*) FROM jobs').pluck().get(), 0, 'no job left behind');
    assert.equal(db.prepare('SELECT count(*) FROM documents WHERE store_id = ?').pluck().get(store.id), FILES);
  } finally {
    db.close();
  }
});
