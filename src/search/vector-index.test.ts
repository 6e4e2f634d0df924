import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ChunkRows } from '../storage/store.js';
import { VectorIndex, type VectorIndexOptions } from './vector-index.js';
import { seededRandom } from '../../test/support/random.js';

const DIM = 32;
const STORE = 'vs_test';
const CHUNKS_PER_FILE = 10;

function makeVector(next: () => number): Float32Array {
  const v = Float32Array.from({ length: DIM }, () => next() * 2 - 1);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** An in-memory ChunkRows: chunks added file by file, a deletion bumps the epoch as the real store does. */
function makeRows(seed: number, files: number) {
  const next = seededRandom(seed);
  const chunks: Array<{ id: number; fileId: string; vector: Float32Array }> = [];
  let epoch = 0;
  let lastId = 0;
  const addFile = (fileId: string) => {
    for (let i = 0; i < CHUNKS_PER_FILE; i += 1) chunks.push({ id: ++lastId, fileId, vector: makeVector(next) });
  };
  for (let f = 0; f < files; f += 1) addFile(`file-${f}`);
  const rows: ChunkRows = {
    async version() {
      return { epoch, maxId: chunks.at(-1)?.id ?? 0 };
    },
    async vectorsSince(_storeId, afterId) {
      const added = chunks.filter((c) => c.id > afterId);
      return { epoch, ids: added.map((c) => c.id), fileIds: added.map((c) => c.fileId), vectors: added.map((c) => c.vector) };
    },
    keyword: () => Promise.reject(new Error('unused')),
    get: () => Promise.reject(new Error('unused')),
    documentText: () => Promise.reject(new Error('unused')),
  };
  return {
    rows,
    chunks,
    addFile,
    deleteFile(fileId: string) {
      chunks.splice(0, chunks.length, ...chunks.filter((c) => c.fileId !== fileId));
      epoch += 1;
    },
    files: () => new Set(chunks.map((c) => c.fileId)),
    query: () => makeVector(next),
  };
}

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function makeDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trove-vector-index-'));
  dirs.push(dir);
  return dir;
}

const HNSW_FROM_1000: Partial<VectorIndexOptions> = { hnswMinRows: 1000, exactMaxRows: 0, exactMaxFraction: 0 };
const savedFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.usearch'));
const ids = (hits: Array<{ id: number }>) => hits.map((h) => h.id);

async function recallAgainstExact(index: VectorIndex, data: ReturnType<typeof makeRows>, files: Set<string>, queries = 30): Promise<number> {
  const exact = new VectorIndex(data.rows, { hnswMinRows: Infinity });
  let hit = 0;
  let total = 0;
  for (let q = 0; q < queries; q += 1) {
    const query = data.query();
    const truth = ids(await exact.search(STORE, query, 10, files));
    const found = new Set(ids(await index.search(STORE, query, 10, files)));
    hit += truth.filter((id) => found.has(id)).length;
    total += truth.length;
  }
  return hit / total;
}

describe('VectorIndex', () => {
  test('the HNSW path finds the exact top-10', async () => {
    const data = makeRows(1, 300);
    const dir = makeDir();
    const index = new VectorIndex(data.rows, { ...HNSW_FROM_1000, indexDir: dir });
    await index.indexed(STORE, DIM);
    assert.deepEqual(savedFiles(dir), [`${STORE}.0.3000.i8s.usearch`]);
    assert.ok((await recallAgainstExact(index, data, data.files())) >= 0.95);
  });

  test('a filter allowing a few rows returns only those, exactly', async () => {
    const data = makeRows(2, 300);
    const allowed = new Set(['file-3', 'file-150']);
    for (const options of [HNSW_FROM_1000, { hnswMinRows: 1000 }]) {
      const index = new VectorIndex(data.rows, options);
      await index.indexed(STORE, DIM);
      const exact = new VectorIndex(data.rows, { hnswMinRows: Infinity });
      for (let q = 0; q < 10; q += 1) {
        const query = data.query();
        const hits = await index.search(STORE, query, 15, allowed);
        assert.equal(hits.length, 15);
        assert.ok(hits.every((h) => allowed.has(data.chunks.find((c) => c.id === h.id)!.fileId)));
        assert.deepEqual(ids(hits), ids(await exact.search(STORE, query, 15, allowed)));
      }
    }
  });

  test('new chunks are found at once and then caught up into the index', async () => {
    const data = makeRows(3, 200);
    const index = new VectorIndex(data.rows, HNSW_FROM_1000);
    await index.indexed(STORE, DIM);
    data.addFile('file-new');
    const fresh = data.chunks.at(-1)!;
    assert.equal((await index.search(STORE, fresh.vector, 1, data.files()))[0]!.id, fresh.id);
    await index.indexed(STORE, DIM);
    assert.equal((await index.search(STORE, fresh.vector, 1, data.files()))[0]!.id, fresh.id);
    assert.ok((await recallAgainstExact(index, data, data.files())) >= 0.95);
  });

  test('a deletion (a new epoch) removes the deleted chunks from the results', async () => {
    const data = makeRows(4, 200);
    const index = new VectorIndex(data.rows, HNSW_FROM_1000);
    await index.indexed(STORE, DIM);
    const gone = data.chunks.find((c) => c.fileId === 'file-42')!;
    const files = data.files();
    assert.equal((await index.search(STORE, gone.vector, 1, files))[0]!.id, gone.id);
    data.deleteFile('file-42');
    const hits = await index.search(STORE, gone.vector, 10, files);
    assert.ok(hits.every((h) => data.chunks.some((c) => c.id === h.id)));
    await index.indexed(STORE, DIM);
    assert.ok((await recallAgainstExact(index, data, data.files())) >= 0.95);
  });

  test('an index saved in an older layout is rebuilt, and replaced', async () => {
    const data = makeRows(6, 150);
    const dir = makeDir();
    writeFileSync(join(dir, `${STORE}.0.1500.usearch`), 'not an index of this layout');
    const index = new VectorIndex(data.rows, { ...HNSW_FROM_1000, indexDir: dir });
    await index.indexed(STORE, DIM);
    assert.deepEqual(savedFiles(dir), [`${STORE}.0.1500.i8s.usearch`]);
    assert.ok((await recallAgainstExact(index, data, data.files())) >= 0.95);
  });

  test('a saved index is loaded and caught up, not rebuilt', async () => {
    const data = makeRows(5, 200);
    const dir = makeDir();
    await new VectorIndex(data.rows, { ...HNSW_FROM_1000, indexDir: dir }).indexed(STORE, DIM);
    assert.deepEqual(savedFiles(dir), [`${STORE}.0.2000.i8s.usearch`]);
    data.addFile('file-new'); // 10 chunks: too few to save again
    const restarted = new VectorIndex(data.rows, { ...HNSW_FROM_1000, indexDir: dir });
    await restarted.indexed(STORE, DIM);
    assert.deepEqual(savedFiles(dir), [`${STORE}.0.2000.i8s.usearch`]); // a rebuild would have saved 2010
    const fresh = data.chunks.at(-1)!;
    assert.equal((await restarted.search(STORE, fresh.vector, 1, data.files()))[0]!.id, fresh.id);
    assert.ok((await recallAgainstExact(restarted, data, data.files())) >= 0.95);
  });
});
