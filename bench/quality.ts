// npm run bench:quality [-- --sets scifact,npl --embedder default --data-dir <dir> --weights 0.5,0.25]
//
// Retrieval quality through the real pipeline: every document of a BEIR collection is uploaded as a
// file, ingested into a vector store and searched over HTTP with the official SDK: keyword only
// (embedding_weight 0), vector only (text_weight 0), hybrid at the server's defaults (no weights sent)
// and at 1:1, and at any further embedding weights given with --weights. Chunk hits map to documents by
// their best chunk. nDCG@10 and Recall@10 come from HTTP searches (max_num_results 50, the API's cap);
// Recall@100 from the same search service called in-process with 100 results.
//
// With --data-dir the ingested stores stay in that directory and a later run with the same directory,
// set and embedder only searches: the default embedder takes most of an hour to ingest both sets. A run
// stopped while ingesting is finished by the next one, which adds only the documents still missing.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import OpenAI, { toFile } from 'openai';
import pino from 'pino';
import { configFromEnv } from '../src/config.js';
import { startTrove, type RunningTrove } from '../src/trove.js';
import { loadCollection, ndcgAt10, recallAt, type Collection } from './beir.js';
import { flag, formatTable } from './support.js';

/** Documents in the order of their best chunk. Filenames are `<doc id>.txt`. */
const toDocs = (filenames: string[]) => [...new Set(filenames.map((f) => f.replace(/\.txt$/, '')))];

type Weights = { embedding_weight: number; text_weight: number };
const extraWeights = flag('weights', '').split(',').filter((w) => w !== '').map(Number);
const MODES: Record<string, Weights | null> = {
  keyword: { embedding_weight: 0, text_weight: 1 },
  vector: { embedding_weight: 1, text_weight: 0 },
  'hybrid (server defaults)': null,
  'hybrid (1:1)': { embedding_weight: 1, text_weight: 1 },
  ...Object.fromEntries(extraWeights.map((w) => [`hybrid (embedding ${w} : text 1)`, { embedding_weight: w, text_weight: 1 }])),
};

const PUBLISHED_BM25: Record<string, string> = {
  scifact: 'BM25 0.665 (BEIR, Elasticsearch) / 0.679 (Anserini) / 0.687 (bm25s); plain BM25 stemmed 0.677, unstemmed 0.661',
  npl: 'plain BM25 stemmed 0.438, unstemmed 0.370',
};

/** Which store holds which set, kept beside the data so a later run can search it again, or finish ingesting it. */
type Manifest = Record<string, { storeId: string; docs: number; complete?: boolean }>;

/** Uploads the set's documents that the store does not hold yet, attaches them, and waits until every file is indexed. */
async function ingest(client: OpenAI, storeId: string, collection: Collection): Promise<void> {
  const attached = new Set<string>();
  for await (const f of client.vectorStores.files.list(storeId, { limit: 100 })) if (f.status !== 'failed' && f.status !== 'cancelled') attached.add(f.id);
  const held = new Set<string>();
  for await (const f of client.files.list({ purpose: 'assistants', limit: 10000 } as never)) if (attached.has(f.id)) held.add(f.filename);
  const missing = collection.docs.filter((d) => !held.has(`${d.id}.txt`));
  const ids: string[] = [];
  for (let i = 0; i < missing.length; i += 32) {
    const slice = missing.slice(i, i + 32);
    const files = await Promise.all(slice.map(async (d) => client.files.create({ file: await toFile(Buffer.from(d.text), `${d.id}.txt`), purpose: 'assistants' })));
    ids.push(...files.map((f) => f.id));
  }
  for (let i = 0; i < ids.length; i += 2000) await client.vectorStores.fileBatches.create(storeId, { file_ids: ids.slice(i, i + 2000) });
  for (;;) {
    const counts = (await client.vectorStores.retrieve(storeId)).file_counts;
    if (counts.failed + counts.cancelled > 0) throw new Error(`ingestion: ${JSON.stringify(counts)}`);
    if (counts.in_progress === 0 && counts.completed >= collection.docs.length) return;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

async function score(trove: RunningTrove, client: OpenAI, storeId: string, collection: Collection) {
  const rows = [];
  for (const [mode, weights] of Object.entries(MODES)) {
    let ndcg = 0;
    let r10 = 0;
    let r100 = 0;
    for (const q of collection.queries) {
      const relevant = collection.relevant.get(q.id)!;
      const ranking = weights === null ? {} : { ranking_options: { hybrid_search: weights } };
      const page = await client.vectorStores.search(storeId, { query: q.text, max_num_results: 50, ...ranking } as never);
      ndcg += ndcgAt10(toDocs(page.data.map((r) => r.filename)), relevant);
      r10 += recallAt(10, toDocs(page.data.map((r) => r.filename)), relevant);
      const deep = await trove.services.search.search('default', storeId, { query: q.text, max_num_results: 100, ...ranking });
      r100 += recallAt(100, toDocs(deep.hits.map((h) => h.filename)), relevant);
    }
    const n = collection.queries.length;
    rows.push({ set: collection.name, mode, 'nDCG@10': (ndcg / n).toFixed(3), 'Recall@10': (r10 / n).toFixed(3), 'Recall@100': (r100 / n).toFixed(3) });
  }
  return rows;
}

const embedder = flag('embedder', 'default');
const keptDir = flag('data-dir', '');
const dataDir = keptDir === '' ? mkdtempSync(join(tmpdir(), 'trove-bench-quality-')) : resolve(keptDir);
mkdirSync(dataDir, { recursive: true });
const manifestPath = join(dataDir, 'bench-quality.json');
const manifest: Manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest) : {};

const trove = await startTrove({ ...configFromEnv({}), port: 0, dataDir, apiKeys: '', embedder, logLevel: 'warn' }, pino({ level: 'warn' }));
const client = new OpenAI({ apiKey: 'unused', baseURL: `${trove.url}/v1`, timeout: 3_600_000 });
const all = [];
try {
  for (const name of flag('sets', 'scifact,npl').split(',')) {
    const collection = loadCollection(name);
    const key = `${name}:${embedder}`;
    let entry = manifest[key];
    if (entry === undefined) {
      entry = manifest[key] = { storeId: (await client.vectorStores.create({ name: name })).id, docs: collection.docs.length, complete: false };
      if (keptDir !== '') writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    }
    if (entry.complete === false) {
      const started = performance.now();
      await ingest(client, entry.storeId, collection);
      entry.complete = true;
      if (keptDir !== '') writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
      console.error(`${name}: ${collection.docs.length} docs ingested in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    } else {
      console.error(`${name}: searching the ${entry.docs} docs kept in ${dataDir}`);
    }
    const storeId = entry.storeId;
    all.push(...(await score(trove, client, storeId, collection)));
    console.error(`${name}: ${collection.queries.length} queries per mode`);
  }
} finally {
  await trove.close();
  if (keptDir === '') rmSync(dataDir, { recursive: true, force: true });
}
console.log(`embedder: ${embedder}; keyword side: SQLite FTS5 BM25, porter + unicode61 (diacritics removed), English stopwords dropped from queries\n`);
console.log(formatTable(all));
for (const name of new Set(all.map((r) => r.set))) console.log(`published ${name}: ${PUBLISHED_BM25[name] ?? ''}`);
