// Regression: a 100 KB query on a default-embedder store went unanswered for minutes (one 100,000-character
// word) or took over a minute (100 KB of words), and every other search waited behind it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { toFile } from 'openai';
import { startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
let storeId: string;
before(async () => {
  server = await startTestServer({ embedder: 'default' });
  const store = await server.client.vectorStores.create({ name: 'long queries' });
  const file = await server.client.files.create({
    file: await toFile(Buffer.from('Herons stand still in shallow water and strike at passing fish.'), 'herons.txt'),
    purpose: 'assistants',
  });
  await server.client.vectorStores.files.createAndPoll(store.id, { file_id: file.id }, { pollIntervalMs: 100 });
  storeId = store.id;
  // Two at once, so that both embedding threads have loaded the model before anything is timed.
  await Promise.all(['warm up', 'the embedder'].map((query) => server.client.vectorStores.search(storeId, { query })));
});
after(() => server.close());

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

const oneWord = 'x'.repeat(100_000);
const manyWords = Array.from({ length: 20_000 }, (_, i) => ['heron', 'water', 'fish', 'strike'][i % 4]).join(' ').slice(0, 100_000);

for (const [name, query] of [['one 100,000-character word', oneWord], ['100 KB of words', manyWords]] as const) {
  test(`a query of ${name} is answered within 2 s, and a small search beside it within 1 s`, async () => {
    const big = timed(server.client.vectorStores.search(storeId, { query }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const small = await timed(server.client.vectorStores.search(storeId, { query: 'heron' }));
    const large = await big;
    assert.ok(large.ms < 2_000, `the long query took ${large.ms.toFixed(0)} ms`);
    assert.ok(small.ms < 1_000, `the small search beside it took ${small.ms.toFixed(0)} ms`);
    assert.equal(small.value.data[0]?.filename, 'herons.txt');
    if (query === manyWords) assert.equal(large.value.data[0]?.filename, 'herons.txt');
  });
}
