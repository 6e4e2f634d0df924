import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { encodeTokens } from '../src/chunk/tokenizer.js';
import { KEY_A, startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ embedder: 'test', storeEmbedders: 'default,test:64' });
});
after(() => server?.close());

const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

test('client.embeddings.create embeds with the test embedder: one unit vector per input, in order, with token usage', async () => {
  const texts = ['The heron nests on the roof.', 'Herons nest on roofs.', 'Quarterly revenue rose.'];
  const result = await server.client.embeddings.create({ model: 'test', input: texts });
  assert.equal(result.object, 'list');
  assert.equal(result.model, 'test');
  assert.deepEqual(result.data.map((d) => [d.object, d.index]), [['embedding', 0], ['embedding', 1], ['embedding', 2]]);
  for (const { embedding } of result.data) {
    assert.equal(embedding.length, 256);
    assert.ok(Math.abs(norm(embedding) - 1) < 1e-5);
  }
  const [heron, herons, revenue] = result.data.map((d) => d.embedding);
  assert.ok(dot(heron!, herons!) > dot(heron!, revenue!), 'texts that share words are closer');
  const tokens = texts.reduce((sum, text) => sum + encodeTokens(text).length, 0);
  assert.deepEqual(result.usage, { prompt_tokens: tokens, total_tokens: tokens });
});

test('the default embedder serves embeddings too, as float or base64, the same vectors either way', async () => {
  const asFloat = await server.client.embeddings.create({ model: 'default', input: 'How do I reset my password?', encoding_format: 'float' });
  const viaSdk = await server.client.embeddings.create({ model: 'default', input: 'How do I reset my password?' });
  assert.equal(asFloat.data[0]!.embedding.length, 512);
  assert.ok(Math.abs(norm(asFloat.data[0]!.embedding) - 1) < 1e-4);
  // The SDK asks for base64 unless told otherwise and decodes it to floats.
  assert.deepEqual(viaSdk.data[0]!.embedding.map((x) => x.toFixed(5)), asFloat.data[0]!.embedding.map((x) => x.toFixed(5)));
});

test('token-id inputs are read as cl100k_base and embed as their text does', async () => {
  const text = 'harbour office hours';
  const ids = Array.from(encodeTokens(text));
  const [fromText, fromIds, fromNested] = await Promise.all([
    server.client.embeddings.create({ model: 'test', input: text }),
    server.client.embeddings.create({ model: 'test', input: ids }),
    server.client.embeddings.create({ model: 'test', input: [ids] }),
  ]);
  assert.deepEqual(fromIds.data[0]!.embedding, fromText.data[0]!.embedding);
  assert.deepEqual(fromNested.data[0]!.embedding, fromText.data[0]!.embedding);
});

test("the embeddings endpoint refuses what OpenAI's refuses, with OpenAI's errors", async () => {
  const { client } = server;
  const refused = async (request: Promise<unknown>, status: number, code: string | null, param?: string | null) => {
    const error = await request.then(() => assert.fail('expected a refusal'), (e: unknown) => e);
    assert.ok(error instanceof OpenAI.APIError, String(error));
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    if (param !== undefined) assert.equal(error.param, param);
  };
  await refused(client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }), 404, 'model_not_found');
  // Allowed for stores as test:64 only, so plain test:32 is no model of this server.
  await refused(client.embeddings.create({ model: 'test:32', input: 'x' }), 404, 'model_not_found');
  await refused(client.embeddings.create({ model: 'test', input: '' }), 400, null);
  await refused(client.embeddings.create({ model: 'test', input: [] }), 400, 'array_below_min_length', 'input');
  await refused(client.embeddings.create({ model: 'test', input: Array(2049).fill('x') }), 400, 'array_above_max_length', 'input');
  await refused(client.embeddings.create({ model: 'test', input: ['ok', 'word '.repeat(9000)] }), 400, 'invalid_value', 'input[1]');
  await refused(client.embeddings.create({ model: 'test', input: Array(40).fill('word '.repeat(8000)) }), 400, 'max_tokens_per_request');
  await refused(client.embeddings.create({ model: 'test', input: 'x', dimensions: 64 }), 400, 'invalid_value', 'dimensions');
  await refused(client.embeddings.create({ model: 'test', input: [[999_999]] }), 400, 'invalid_value', 'input[0]');
  const withDimensions = await client.embeddings.create({ model: 'test:64', input: 'x', dimensions: 64 });
  assert.equal(withDimensions.data[0]!.embedding.length, 64);
});

test('Azure clients embed through /openai, and a request without api-version is refused as Azure refuses it', async () => {
  const azure = server.azureClient(KEY_A);
  const result = await azure.embeddings.create({ model: 'test', input: 'heron' });
  assert.equal(result.data[0]!.embedding.length, 256);
  const bare = await fetch(`${server.trove.url}/openai/embeddings`, {
    method: 'POST',
    headers: { 'api-key': KEY_A, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'test', input: 'heron' }),
  });
  assert.equal(bare.status, 404);
  assert.deepEqual(await bare.json(), { error: { message: 'Resource not found', type: 'invalid_request_error', param: null, code: '404' } });
});
