// npm run bench:ingest [-- --files 10000 --default-files 1000 --batch 500]
//
// Uploads N small text files (~2 KB) through the SDK's fileBatches.uploadAndPoll in batches, against a
// server in its own process, once with the test embedder (the pipeline's own speed) and once with the
// offline default embedder, whose raw speed on the same chunk texts is measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { chunkText } from '../src/chunk/token-chunker.js';
import { configFromEnv, embedderSettings } from '../src/config.js';
import { createEmbedder } from '../src/embed/registry.js';
import { flag, formatTable, peakRssMb, prose, startServerProcess } from './support.js';

const FILE_BYTES = 2048;
const threads = Number(flag('threads', '2'));

type Run = { embedder: string; files: number; chunks: number; failed: number; seconds: number; uploadSeconds: number; ingestSeconds: number; peakRssMb: number };

async function ingest(embedder: string, files: number, batchSize: number): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trove-bench-ingest-'));
  const server = await startServerProcess({
    TROVE_DATA_DIR: dataDir,
    TROVE_API_KEYS: 'bench',
    TROVE_EMBEDDER: embedder,
    TROVE_EMBED_THREADS: String(threads),
  });
  let uploadMs = 0;
  let batchStarted = 0;
  // Time the two phases of each uploadAndPoll: uploading the files, then waiting for the batch.
  const timedFetch: typeof fetch = async (input, init) => {
    const isBatchCreate = init?.method === 'POST' && String(input).endsWith('/file_batches');
    if (isBatchCreate) batchStarted = performance.now();
    return fetch(input, init);
  };
  const client = new OpenAI({ apiKey: 'bench', baseURL: `${server.url}/v1`, fetch: timedFetch, timeout: 3_600_000 });
  try {
    const store = await client.vectorStores.create({ name: `bench-${embedder}` });
    const started = performance.now();
    let ingestMs = 0;
    let failed = 0;
    for (let first = 0; first < files; first += batchSize) {
      const count = Math.min(batchSize, files - first);
      const uploads = await Promise.all(Array.from({ length: count }, (_, i) => toFile(Buffer.from(prose(first + i, FILE_BYTES)), `doc-${first + i}.txt`)));
      const batchBegun = performance.now();
      const batch = await client.vectorStores.fileBatches.uploadAndPoll(store.id, { files: uploads }, { maxConcurrency: 8, pollIntervalMs: 25 });
      const ended = performance.now();
      uploadMs += batchStarted - batchBegun;
      ingestMs += ended - batchStarted;
      failed += batch.file_counts.failed + batch.file_counts.cancelled;
    }
    const seconds = (performance.now() - started) / 1000;
    const chunks = Array.from({ length: files }, (_, i) => chunkText(prose(i, FILE_BYTES), { maxTokens: 800, overlapTokens: 400 }).length).reduce((a, b) => a + b, 0);
    return { embedder, files, chunks, failed, seconds, uploadSeconds: uploadMs / 1000, ingestSeconds: ingestMs / 1000, peakRssMb: peakRssMb(server.child.pid!) };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The embedder alone on the same chunk texts, same thread count: the ceiling the pipeline is held to. */
async function rawEmbedderRate(spec: string, files: number): Promise<number> {
  const embedder = await createEmbedder(spec, embedderSettings({ ...configFromEnv({}), embedThreads: threads }));
  try {
    const texts = Array.from({ length: files }, (_, i) => chunkText(prose(i, FILE_BYTES), { maxTokens: 800, overlapTokens: 400 }).map((c) => c.text)).flat();
    await embedder.embedDocuments(texts.slice(0, 8)); // load the model outside the timing
    const started = performance.now();
    for (let i = 0; i < texts.length; i += 256) await embedder.embedDocuments(texts.slice(i, i + 256));
    return texts.length / ((performance.now() - started) / 1000);
  } finally {
    await embedder.close();
  }
}

const files = Number(flag('files', '10000'));
const defaultFiles = Number(flag('default-files', '1000'));
const batchSize = Number(flag('batch', '500'));

const runs: Run[] = [await ingest('test', files, batchSize)];
if (defaultFiles > 0) runs.push(await ingest('default', defaultFiles, batchSize));
const raw = defaultFiles > 0 ? await rawEmbedderRate('default', defaultFiles) : 0;

console.log(
  formatTable(
    runs.map((r) => ({
      embedder: r.embedder,
      files: r.files,
      chunks: r.chunks,
      failed: r.failed,
      'seconds (total)': r.seconds,
      'files/s': r.files / r.seconds,
      'chunks/s': r.chunks / r.seconds,
      'upload s': r.uploadSeconds,
      'ingest s': r.ingestSeconds,
      'ingest chunks/s': r.chunks / r.ingestSeconds,
      'peak RSS MB': r.peakRssMb,
    })),
  ),
);
const usePipeline = runs.find((r) => r.embedder === 'default');
if (usePipeline) {
  const pipelineRate = usePipeline.chunks / usePipeline.ingestSeconds;
  console.log(
    `\ndefault embedder alone: ${raw.toFixed(1)} chunks/s; through the pipeline: ${pipelineRate.toFixed(1)} chunks/s ` +
      `(pipeline overhead ${((1 - pipelineRate / raw) * 100).toFixed(1)}%, ratio ${(pipelineRate / raw).toFixed(3)})`,
  );
}
