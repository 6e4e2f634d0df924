// npm run bench:embed [-- --threads 1,2 --scifact]
//
// Throughput of every embedder that runs offline, in texts/s and cl100k tokens/s, at batch sizes 1,
// 16 and 64 (one call of that many texts at a time). First the default Universal Sentence Encoder on
// its two backends side by side, on the same texts and with the same worker threads, measured in
// turns: onnxruntime (the default) against TensorFlow.js's WASM kernels (the original path), with the
// speed-up, the CPU time each spends per text (which, unlike texts/s, hardly depends on what else the
// machine runs) and the cosine agreement of their vectors. Then the hashing test embedder, the tiny ONNX
// model the tests generate (a table lookup, so it measures transformers.js and the worker round trip,
// not a real model), and the OpenAI-compatible client against the local fake service (in this
// process: the client's own overhead, tokenising and batching included).
//
// With --scifact: the retrieval effect of USE's word windows on BEIR SciFact. Every document
// (title + text) is embedded with windowing on and off, queries are embedded alike, and documents are
// ranked by exact cosine similarity; nDCG@10 (trec_eval ndcg_cut.10), Recall@10 and Recall@100 over
// the judged queries. This takes several minutes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countTokens } from '../src/chunk/tokenizer.js';
import { configFromEnv, embedderSettings } from '../src/config.js';
import type { Embedder } from '../src/embed/embedder.js';
import { createEmbedder, type EmbedderSettings } from '../src/embed/registry.js';
import { createUseEmbedder, DEFAULT_WINDOW_WORDS } from '../src/embed/use-embedder.js';
import type { UseBackend } from '../src/embed/use-backends.js';
import { splitIntoWindows } from '../src/embed/word-windows.js';
import { startFakeEmbeddingsServer } from '../test/support/fake-embeddings-server.js';
import { writeTinyOnnxModel } from '../test/support/tiny-onnx-model.js';
import { loadCollection, ndcgAt10, recallAt } from './beir.js';
import { flag, formatTable, prose } from './support.js';

const BATCH_SIZES = [1, 16, 64];
/** About 180 words or 200 tokens: a short chunk. USE reads it as 3 windows of 80 words. */
const TEXT_BYTES = 1000;

type Subject = { name: string; spec: string; threads: number; texts: number };

/** Embeds `texts` in calls of `batch` texts, one call at a time, after a warm-up call outside the timing. */
async function measure(embedder: Embedder, texts: string[], batch: number) {
  await embedder.embedDocuments(texts.slice(0, 2));
  const vectors: Float32Array[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < texts.length; i += batch) vectors.push(...(await embedder.embedDocuments(texts.slice(i, i + batch))));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const tokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
  // CPU time of this process, worker threads included: unlike texts/s, it hardly depends on what else the machine runs.
  const cpuMsPerText = (cpu.user + cpu.system) / 1000 / texts.length;
  return { seconds, textsPerSecond: texts.length / seconds, tokensPerSecond: tokens / seconds, cpuMsPerText, vectors };
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);

/** The default embedder's two backends on the same texts; each batch size is timed on one, then the other. */
async function defaultBackends(threadCounts: number[]): Promise<void> {
  const texts = Array.from({ length: 64 }, (_, i) => prose(i, TEXT_BYTES));
  const rows: Array<Record<string, string | number>> = [];
  const cosines: number[] = [];
  for (const threads of threadCounts) {
    const embedders = Object.fromEntries(
      (['tensorflow', 'onnxruntime'] as UseBackend[]).map((backend) => [backend, createUseEmbedder({ threads, backend })]),
    ) as Record<UseBackend, ReturnType<typeof createUseEmbedder>>;
    try {
      // Past loading, WebAssembly and onnxruntime both speed up over their first calls; neither is timed there.
      for (const embedder of Object.values(embedders)) await embedder.embedDocuments(texts.slice(0, 8));
      for (const batch of BATCH_SIZES) {
        const before = await measure(embedders.tensorflow, texts, batch);
        const after = await measure(embedders.onnxruntime, texts, batch);
        texts.forEach((_, i) => cosines.push(dot(before.vectors[i], after.vectors[i])));
        rows.push({
          threads,
          batch,
          'TensorFlow.js texts/s': before.textsPerSecond,
          'onnxruntime texts/s': after.textsPerSecond,
          'speed-up': `${(after.textsPerSecond / before.textsPerSecond).toFixed(2)}×`,
          'TensorFlow.js tokens/s': Math.round(before.tokensPerSecond),
          'onnxruntime tokens/s': Math.round(after.tokensPerSecond),
          'TensorFlow.js CPU ms/text': Math.round(before.cpuMsPerText),
          'onnxruntime CPU ms/text': Math.round(after.cpuMsPerText),
          'CPU ratio': `${(before.cpuMsPerText / after.cpuMsPerText).toFixed(2)}×`,
        });
        console.error(`default, ${threads} threads, batch ${batch}: ${before.textsPerSecond.toFixed(1)} → ${after.textsPerSecond.toFixed(1)} texts/s`);
      }
    } finally {
      await Promise.all(Object.values(embedders).map((embedder) => embedder.close()));
    }
  }
  const mean = cosines.reduce((sum, c) => sum + c, 0) / cosines.length;
  console.log(`\nDefault embedder (USE), the same ${texts.length} texts of ~${TEXT_BYTES} bytes (${countTokens(texts[0])} cl100k tokens for the first, 3 windows each) on both backends:\n`);
  console.log(formatTable(rows));
  console.log(`\nCosine between the backends' vectors for the same text, over ${cosines.length}: min ${Math.min(...cosines).toFixed(9)}, mean ${mean.toFixed(9)}`);
}

async function throughput(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'trove-bench-embed-'));
  const service = await startFakeEmbeddingsServer({ dimension: 1536 });
  try {
    const corpus = Array.from({ length: 1024 }, (_, i) => prose(i, TEXT_BYTES));
    const modelFolder = join(scratch, 'tiny-bert');
    writeTinyOnnxModel(modelFolder, { texts: corpus.slice(0, 64), hiddenSize: 384, maxLength: 512 });
    const base = embedderSettings({ ...configFromEnv({}), dataDir: scratch });
    const settings = (threads: number): EmbedderSettings => ({ ...base, threads, openai: { baseURL: service.baseURL, apiKey: 'bench' } });
    const subjects: Subject[] = [
      { name: 'test (hashing)', spec: 'test', threads: 1, texts: 1024 },
      { name: 'onnx, tiny generated model, 1 thread', spec: `onnx:${modelFolder}`, threads: 1, texts: 1024 },
      { name: 'openai client → local fake', spec: 'openai:fake-embed', threads: 1, texts: 1024 },
    ];
    const rows: Array<Record<string, string | number>> = [];
    for (const subject of subjects) {
      const embedder = await createEmbedder(subject.spec, settings(subject.threads));
      try {
        for (const batch of BATCH_SIZES) {
          const result = await measure(embedder, corpus.slice(0, subject.texts), batch);
          rows.push({ embedder: subject.name, batch, texts: subject.texts, 'texts/s': result.textsPerSecond, 'tokens/s': Math.round(result.tokensPerSecond) });
          console.error(`${subject.name}, batch ${batch}: ${result.textsPerSecond.toFixed(1)} texts/s`);
        }
      } finally {
        await embedder.close();
      }
    }
    console.log(`\nOther embedders, texts of ~${TEXT_BYTES} bytes (${countTokens(corpus[0])} cl100k tokens for the first):\n`);
    console.log(formatTable(rows));
  } finally {
    await service.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Document ids by cosine similarity to `query`, best first (vectors are unit length, so a dot product). */
function rankExactly(query: Float32Array, docs: Float32Array[], ids: string[], k: number): string[] {
  const scores = docs.map((doc, i) => {
    let dot = 0;
    for (let j = 0; j < doc.length; j++) dot += doc[j] * query[j];
    return { id: ids[i], dot };
  });
  return scores.sort((a, b) => b.dot - a.dot).slice(0, k).map((s) => s.id);
}

async function scifactWindowing(threads: number): Promise<void> {
  const scifact = loadCollection('scifact');
  const ids = scifact.docs.map((d) => d.id);
  const windows = scifact.docs.reduce((sum, d) => sum + splitIntoWindows(d.text, DEFAULT_WINDOW_WORDS).length, 0);
  console.error(`SciFact: ${scifact.docs.length} documents (${windows} windows of ${DEFAULT_WINDOW_WORDS} words), ${scifact.queries.length} judged queries`);
  const rows: Array<Record<string, string | number>> = [];
  for (const windowWords of [DEFAULT_WINDOW_WORDS, 0]) {
    const embedder = createUseEmbedder({ threads, windowWords });
    try {
      await embedder.warmup();
      const started = performance.now();
      const docVectors: Float32Array[] = [];
      for (let i = 0; i < scifact.docs.length; i += 64) {
        docVectors.push(...(await embedder.embedDocuments(scifact.docs.slice(i, i + 64).map((d) => d.text))));
      }
      const seconds = (performance.now() - started) / 1000;
      const queryVectors = await embedder.embedDocuments(scifact.queries.map((q) => q.text));
      const scores = { ndcg10: 0, recall10: 0, recall100: 0 };
      scifact.queries.forEach((query, i) => {
        const ranked = rankExactly(queryVectors[i], docVectors, ids, 100);
        const relevant = scifact.relevant.get(query.id)!;
        scores.ndcg10 += ndcgAt10(ranked, relevant);
        scores.recall10 += recallAt(10, ranked, relevant);
        scores.recall100 += recallAt(100, ranked, relevant);
      });
      const n = scifact.queries.length;
      rows.push({
        windowing: windowWords === 0 ? 'off (first ~128 tokens)' : `on (${windowWords} words)`,
        'nDCG@10': (scores.ndcg10 / n).toFixed(3),
        'Recall@10': (scores.recall10 / n).toFixed(3),
        'Recall@100': (scores.recall100 / n).toFixed(3),
        'embed s': Math.round(seconds),
        'docs/s': scifact.docs.length / seconds,
      });
      console.error(`windowing ${windowWords}: done in ${Math.round(seconds)} s`);
    } finally {
      await embedder.close();
    }
  }
  console.log(`\nSciFact, USE with ${threads} threads, dense only, exact cosine search:\n`);
  console.log(formatTable(rows));
}

await defaultBackends(flag('threads', '1,2').split(',').map(Number));
await throughput();
if (process.argv.includes('--scifact')) await scifactWindowing(2);
