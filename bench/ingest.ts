// npm run bench:ingest [-- --files 10000 --default-files 1000 --batch 500]
//
// Uploads N small text files (~2 KB) through the SDK's fileBatches.uploadAndPoll in batches, against a
// server in its own process: with the test embedder (the pipeline's own speed) one batch at a time, which
// splits each batch into its upload and ingestion phases, and two batches in flight, as a bulk loader
// would run them; then with the offline default embedder, whose raw speed on the same chunk texts is
// measured in the same run. The CPU time of the client (this process: the SDK) and of the server are
// reported per file: both share the machine's cores, so the client's share bounds the end-to-end rate.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { chunkText } from '../src/chunk/token-chunker.js';
import { configFromEnv, embedderSettings } from '../src/config.js';
import { createEmbedder } from '../src/embed/registry.js';
import { flag, formatTable, peakRssMb, prose, startServerProcess } from './support.js';

const FILE_BYTES = 2048;
const threads = Number(flag('threads', '2'));

type Run = {
  embedder: string;
  inFlight: number;
  files: number;
  chunks: number;
  failed: number;
  seconds: number;
  /** Upload and ingestion phases, summed over batches; only measured with one batch in flight. */
  uploadSeconds: number | null;
  ingestSeconds: number | null;
  clientCpuSeconds: number;
  serverCpuSeconds: number;
  peakRssMb: number;
};

/** User + system CPU seconds a process has used so far (Linux /proc). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
}

async function ingest(embedder: string, files: number, batchSize: number, inFlight: number): Promise<Run> {
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
    const batches = Array.from({ length: Math.ceil(files / batchSize) }, (_, b) => b * batchSize);
    const serverCpuBefore = processCpuSeconds(server.child.pid!);
    const clientCpuBefore = process.cpuUsage();
    const started = performance.now();
    let ingestMs = 0;
    let failed = 0;
    const lane = async () => {
      for (let first = batches.shift(); first !== undefined; first = batches.shift()) {
        const count = Math.min(batchSize, files - first);
        const uploads = await Promise.all(Array.from({ length: count }, (_, i) => toFile(Buffer.from(prose(first + i, FILE_BYTES)), `doc-${first + i}.txt`)));
        const batchBegun = performance.now();
        const batch = await client.vectorStores.fileBatches.uploadAndPoll(store.id, { files: uploads }, { maxConcurrency: 8, pollIntervalMs: 25 });
        const ended = performance.now();
        uploadMs += batchStarted - batchBegun;
        ingestMs += ended - batchStarted;
        failed += batch.file_counts.failed + batch.file_counts.cancelled;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    const seconds = (performance.now() - started) / 1000;
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const chunks = Array.from({ length: files }, (_, i) => chunkText(prose(i, FILE_BYTES), { maxTokens: 800, overlapTokens: 400 }).length).reduce((a, b) => a + b, 0);
    return {
      embedder,
      inFlight,
      files,
      chunks,
      failed,
      seconds,
      uploadSeconds: inFlight === 1 ? uploadMs / 1000 : null,
      ingestSeconds: inFlight === 1 ? ingestMs / 1000 : null,
      clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
      serverCpuSeconds: processCpuSeconds(server.child.pid!) - serverCpuBefore,
      peakRssMb: peakRssMb(server.child.pid!),
    };
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

const runs: Run[] = [await ingest('test', files, batchSize, 1), await ingest('test', files, batchSize, 2)];
if (defaultFiles > 0) runs.push(await ingest('default', defaultFiles, batchSize, 1));
const raw = defaultFiles > 0 ? await rawEmbedderRate('default', defaultFiles) : 0;

console.log(
  formatTable(
    runs.map((r) => ({
      embedder: r.embedder,
      'batches in flight': r.inFlight,
      files: r.files,
      chunks: r.chunks,
      failed: r.failed,
      'seconds (total)': r.seconds,
      'files/s': r.files / r.seconds,
      'chunks/s': r.chunks / r.seconds,
      'upload s': r.uploadSeconds ?? '-',
      'ingest s': r.ingestSeconds ?? '-',
      'ingest chunks/s': r.ingestSeconds === null ? '-' : r.chunks / r.ingestSeconds,
      'client CPU ms/file': (r.clientCpuSeconds * 1000) / r.files,
      'server CPU ms/file': (r.serverCpuSeconds * 1000) / r.files,
      'peak RSS MB': r.peakRssMb,
    })),
  ),
);
const usePipeline = runs.find((r) => r.embedder === 'default');
if (usePipeline) {
  const pipelineRate = usePipeline.chunks / usePipeline.ingestSeconds!;
  console.log(
    `\ndefault embedder alone: ${raw.toFixed(1)} chunks/s; through the pipeline: ${pipelineRate.toFixed(1)} chunks/s ` +
      `(pipeline overhead ${((1 - pipelineRate / raw) * 100).toFixed(1)}%, ratio ${(pipelineRate / raw).toFixed(3)})`,
  );
}
const cores = availableParallelism();
for (const r of runs.filter((run) => run.embedder === 'test')) {
  const clientShare = r.clientCpuSeconds / (r.clientCpuSeconds + r.serverCpuSeconds);
  console.log(
    `test embedder, ${r.inFlight} in flight: the client used ${(clientShare * 100).toFixed(0)}% of the CPU; on ${cores} cores ` +
      `the client alone caps uploads at ${((cores * r.files) / r.clientCpuSeconds).toFixed(0)} files/s, the server alone ` +
      `would manage ${((cores * r.chunks) / r.serverCpuSeconds).toFixed(0)} chunks/s`,
  );
}
