// npm run bench:rag [-- --iterations 40 --files 200 --first-byte-ms 20]
//
// Trove's own overhead on a streamed response: time to the first output_text delta through Trove,
// minus what the upstream model itself takes and minus the search. Trove runs in its own process; the
// scripted model (test/support/fake-llm-server.ts, waiting --first-byte-ms before each answer) runs
// here, and is also called directly with the same two requests Trove makes (the tool-calling round,
// read to its end, then the answering round to its first piece). Search time is the search route's,
// timed separately. Per iteration:
//   overhead = TTFT through Trove − (upstream round 1 + upstream round 2 to first piece) − search
// A response without file_search (one upstream round) is measured the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { startFakeLlmServer } from '../test/support/fake-llm-server.js';
import { flag, formatTable, prose, startServerProcess } from './support.js';

const iterations = Number(flag('iterations', '40'));
const fileCount = Number(flag('files', '200'));
const firstByteMs = Number(flag('first-byte-ms', '20'));

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const fake = await startFakeLlmServer({ firstByteDelayMs: firstByteMs });
const dataDir = mkdtempSync(join(tmpdir(), 'trove-bench-rag-'));
const server = await startServerProcess({ TROVE_DATA_DIR: dataDir, TROVE_EMBEDDER: 'test', TROVE_LLM_BASE_URL: fake.baseURL, TROVE_API_KEYS: '' });
const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });

try {
  const store = await client.vectorStores.create({ name: 'bench' });
  const ids: string[] = [];
  for (let i = 0; i < fileCount; i++) {
    const file = await client.files.create({ file: await toFile(Buffer.from(prose(i, 2000)), `doc-${i}.txt`), purpose: 'assistants' });
    ids.push(file.id);
  }
  for (let i = 0; i < ids.length; i += 500) await client.vectorStores.fileBatches.createAndPoll(store.id, { file_ids: ids.slice(i, i + 500) }, { pollIntervalMs: 100 });
  const question = 'What did the engineer report about the flood level at the river station?';
  const tools = [{ type: 'file_search' as const, vector_store_ids: [store.id] }];

  /** ms to the first content piece of a streamed upstream call, and to its end. */
  async function direct(messages: object[], withTools: boolean): Promise<{ first: number; total: number }> {
    const started = performance.now();
    const response = await fetch(`${fake.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake-tools', messages, stream: true, ...(withTools && { tools: [{ type: 'function', function: { name: 'file_search', parameters: {} } }] }) }),
    });
    let first = NaN;
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (Number.isNaN(first) && /"content":"[^"]/.test(Buffer.from(bytes).toString())) first = performance.now() - started;
    }
    return { first, total: performance.now() - started };
  }

  async function throughTrove(withSearch: boolean): Promise<number> {
    const started = performance.now();
    const stream = await client.responses.create({ model: 'fake-tools', input: question, ...(withSearch && { tools }), stream: true, store: false });
    let first = NaN;
    for await (const event of stream) if (event.type === 'response.output_text.delta' && Number.isNaN(first)) first = performance.now() - started;
    return first;
  }

  const rows: Record<string, number[]> = { trove: [], round1: [], round2: [], search: [], overhead: [], plainTrove: [], plainUpstream: [], plainOverhead: [] };
  const hits = await client.vectorStores.search(store.id, { query: [question] });
  const passages = hits.data.map((h, i) => `[${i + 1}] ${h.filename}\n${h.content[0]!.text}`).join('\n\n');
  for (let i = -3; i < iterations; i++) {
    const trove = await throughTrove(true);
    const round1 = (await direct([{ role: 'system', content: 'x' }, { role: 'user', content: question }], true)).total;
    const round2 = (await direct([
      { role: 'system', content: 'x' },
      { role: 'user', content: question },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'file_search', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c', content: passages },
    ], true)).first;
    let started = performance.now();
    await client.vectorStores.search(store.id, { query: [question], max_num_results: 10 });
    const search = performance.now() - started;
    const plainTrove = await throughTrove(false);
    const plainUpstream = (await direct([{ role: 'user', content: question }], false)).first;
    started = performance.now();
    if (i < 0) continue; // warm-up
    Object.entries({ trove, round1, round2, search, plainTrove, plainUpstream }).forEach(([k, v]) => rows[k]!.push(v));
    rows.overhead!.push(trove - round1 - round2 - search);
    rows.plainOverhead!.push(plainTrove - plainUpstream);
  }

  const line = (what: string, key: string) => ({ what, 'p50 ms': percentile(rows[key]!, 50), 'p95 ms': percentile(rows[key]!, 95) });
  console.log(`${iterations} streamed responses, ${fileCount} files (${hits.data.length} passages per search), upstream first byte after ${firstByteMs} ms\n`);
  console.log(formatTable([
    line('TTFT through Trove, with file_search', 'trove'),
    line('  upstream round 1 (tool call), direct', 'round1'),
    line('  upstream round 2 to first piece, direct', 'round2'),
    line('  search (search route)', 'search'),
    line("  Trove's own overhead", 'overhead'),
    line('TTFT through Trove, no tools', 'plainTrove'),
    line('  upstream to first piece, direct', 'plainUpstream'),
    line("  Trove's own overhead", 'plainOverhead'),
  ]));
  const ratio = percentile(rows.trove!, 50) / (percentile(rows.round1!, 50) + percentile(rows.round2!, 50) + percentile(rows.search!, 50));
  console.log(`\nTTFT through Trove / (upstream + search), p50: ${ratio.toFixed(2)}×; target: overhead p50 ≤ 30 ms`);
} finally {
  await server.stop();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
}
