// npm run bench:quality [-- --sets scifact,npl --embedder default]
//
// Retrieval quality through the real pipeline: every document of a BEIR collection is uploaded as a
// file, ingested into a vector store and searched over HTTP with the official SDK: keyword only
// (embedding_weight 0), vector only (text_weight 0), and hybrid at several weights and at the server's
// defaults. Chunk hits map to documents by their best chunk. nDCG@10 and Recall@10 come from HTTP searches (max_num_results 50,
// the API's cap); Recall@100 from the same search service called in-process with 100 results.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import pino from 'pino';
import { configFromEnv } from '../src/config.js';
import { startTrove } from '../src/trove.js';
import { loadCollection, ndcgAt10, recallAt, type Collection } from './beir.js';
import { flag, formatTable } from './support.js';

/** Documents in the order of their best chunk. Filenames are `<doc id>.txt`. */
const toDocs = (filenames: string[]) => [...new Set(filenames.map((f) => f.replace(/\.txt$/, '')))];

// Hybrid is measured at the default weights (1:1) and at lighter embedding weights, so the report
// shows how fusion weights move each collection; pass --weights to try others.
const hybridWeights = flag('weights', '1,0.5,0.25,0.1').split(',').map(Number);
const MODES: Record<string, { embedding_weight: number; text_weight: number } | null> = {
  keyword: { embedding_weight: 0, text_weight: 1 },
  vector: { embedding_weight: 1, text_weight: 0 },
  ...Object.fromEntries(hybridWeights.map((w) => [`hybrid (embedding ${w} : text 1)`, { embedding_weight: w, text_weight: 1 }])),
  'hybrid (server defaults)': null,
};

async function evaluate(collection: Collection, embedder: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'trove-bench-quality-'));
  const trove = await startTrove({ ...configFromEnv({}), port: 0, dataDir, apiKeys: '', embedder, logLevel: 'warn' }, pino({ level: 'warn' }));
  const client = new OpenAI({ apiKey: 'unused', baseURL: `${trove.url}/v1`, timeout: 3_600_000 });
  try {
    const store = await client.vectorStores.create({ name: collection.name });
    const started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < collection.docs.length; i += 32) {
      const slice = collection.docs.slice(i, i + 32);
      const files = await Promise.all(slice.map(async (d) => client.files.create({ file: await toFile(Buffer.from(d.text), `${d.id}.txt`), purpose: 'assistants' })));
      ids.push(...files.map((f) => f.id));
    }
    for (let i = 0; i < ids.length; i += 2000) {
      const batch = await client.vectorStores.fileBatches.createAndPoll(store.id, { file_ids: ids.slice(i, i + 2000) }, { pollIntervalMs: 1000 });
      if (batch.file_counts.completed !== batch.file_counts.total) throw new Error(`ingestion: ${JSON.stringify(batch.file_counts)}`);
    }
    const ingestSeconds = (performance.now() - started) / 1000;

    const rows = [];
    for (const [mode, weights] of Object.entries(MODES)) {
      let ndcg = 0;
      let r10 = 0;
      let r100 = 0;
      for (const q of collection.queries) {
        const relevant = collection.relevant.get(q.id)!;
        const ranking = weights === null ? {} : { ranking_options: { hybrid_search: weights } };
        const page = await client.vectorStores.search(store.id, { query: q.text, max_num_results: 50, ...ranking } as never);
        const ranked = toDocs(page.data.map((r) => r.filename));
        ndcg += ndcgAt10(ranked, relevant);
        r10 += recallAt(10, ranked, relevant);
        const deep = await trove.services.search.search('default', store.id, { query: q.text, max_num_results: 100, ...ranking });
        r100 += recallAt(100, toDocs(deep.hits.map((h) => h.filename)), relevant);
      }
      const n = collection.queries.length;
      rows.push({ set: collection.name, mode, 'nDCG@10': (ndcg / n).toFixed(3), 'Recall@10': (r10 / n).toFixed(3), 'Recall@100': (r100 / n).toFixed(3) });
    }
    return { rows, ingestSeconds, docs: collection.docs.length, queries: collection.queries.length };
  } finally {
    await trove.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const PUBLISHED_BM25: Record<string, string> = {
  scifact: 'BM25 0.665 (BEIR) / 0.679 (Anserini) / 0.687 (bm25s); stemmed plain BM25 0.677',
  npl: 'stemmed plain BM25 0.438; unstemmed 0.370',
};

const embedder = flag('embedder', 'default');
const all = [];
for (const name of flag('sets', 'scifact,npl').split(',')) {
  const result = await evaluate(loadCollection(name), embedder);
  console.error(`${name}: ${result.docs} docs ingested in ${result.ingestSeconds.toFixed(0)} s; ${result.queries} queries`);
  all.push(...result.rows);
}
console.log(`embedder: ${embedder}; keyword side: SQLite FTS5 BM25, porter + unicode61 (diacritics removed), English stopwords dropped from queries\n`);
console.log(formatTable(all));
for (const name of new Set(all.map((r) => r.set))) console.log(`published ${name}: ${PUBLISHED_BM25[name] ?? ''}`);
