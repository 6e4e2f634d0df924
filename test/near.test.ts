import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { startFakeLlmServer, type FakeLlmServer } from './support/fake-llm-server.js';
import { eventually, KEY_A, KEY_B, startTestServer, type TestServer } from './support/trove-server.js';

let fake: FakeLlmServer;
let server: TestServer;
let near: OpenAI;
let nearBase: string;
before(async () => {
  fake = await startFakeLlmServer();
  server = await startTestServer({ llmBaseUrl: fake.baseURL });
  nearBase = `${server.trove.url}/near/v1`;
  near = new OpenAI({ baseURL: nearBase, apiKey: KEY_A, maxRetries: 0 });
});
after(async () => {
  await server.close();
  await fake.close();
});

/** NEAR AI hub's `query_vector_store`: a bare POST with `{query}` that reads a bare list back. */
async function queryVectorStore(storeId: string, query: string, apiKey = KEY_A) {
  const response = await fetch(`${nearBase}/vector_stores/${storeId}/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, full_files: false }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

test('NEAR hub\'s guide runs with only its base URL changed', async () => {
  // 1. Upload and attach, as the guide does with the OpenAI SDK.
  const text = 'Access keys on NEAR are either full access keys or function call keys.';
  const file = await near.files.create({ file: await toFile(Buffer.from(text), 'keys.md', { type: 'text/markdown' }), purpose: 'assistants' });
  const store = await near.vectorStores.create({ name: 'docs' });
  await near.vectorStores.files.create(store.id, { file_id: file.id });
  // 2. Poll file_counts until the file is processed.
  await eventually(() => near.vectorStores.retrieve(store.id), (s) => s.file_counts.completed === 1);
  // 3. Read the file back.
  assert.equal(await (await near.files.content(file.id)).text(), text);

  // 4. Search in NEAR's shape: a bare list of chunks with a distance.
  const { status, body } = await queryVectorStore(store.id, 'What types of access keys are there?');
  assert.equal(status, 200);
  assert.ok(Array.isArray(body));
  const [first] = body as Array<{ file_id: string; chunk_text: string; distance: number }>;
  assert.deepEqual(Object.keys(first!).sort(), ['chunk_text', 'distance', 'file_id']);
  assert.equal(first!.file_id, file.id);
  assert.equal(first!.chunk_text, text);
  assert.ok(first!.distance >= 0 && first!.distance < 1);

  // 5. Hand the chunks to the model on the same base URL.
  const answer = await near.chat.completions.create({
    model: 'fake-tools',
    messages: [
      { role: 'system', content: `Answer from these documents:\n[1] keys.md\n${first!.chunk_text}` },
      { role: 'user', content: 'What types of access keys are there?' },
    ],
  });
  assert.equal(answer.choices[0]?.message.content, `The documents say: ${text} [1]`);

  // The OpenAI routes keep OpenAI's shape for the same store.
  const page = await server.client.vectorStores.search(store.id, { query: 'access keys' });
  assert.equal(page.data[0]?.content[0]?.text, text);
  const nearHits = (await queryVectorStore(store.id, 'access keys')).body as Array<{ distance: number }>;
  assert.equal(nearHits[0]!.distance, 1 - page.data[0]!.score);
});

test('the NEAR path keeps projects apart and refuses what it does not serve', async () => {
  const store = await near.vectorStores.create({ name: 'private' });
  const other = await queryVectorStore(store.id, 'anything', KEY_B);
  assert.equal(other.status, 404);
  assert.equal((other.body as { error: { code: string | null } }).error.code, null);
  const full = await fetch(`${nearBase}/vector_stores/${store.id}/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_A}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'x', full_files: true }),
  });
  assert.equal(full.status, 400);
  // `full_files` is NEAR's; OpenAI's route refuses it as OpenAI would.
  const openai = await fetch(`${server.baseURL}/vector_stores/${store.id}/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_A}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'x', full_files: false }),
  });
  assert.equal(openai.status, 400);
});
