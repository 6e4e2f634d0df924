import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { startFakeLlmServer, type FakeLlmServer } from './support/fake-llm-server.js';
import { eventually, KEY_A, startTestServer, type TestServer } from './support/trove-server.js';

const UPSTREAM_KEY = 'sk-upstream-secret-9876543210';

let fake: FakeLlmServer;
let server: TestServer;
before(async () => {
  fake = await startFakeLlmServer({ apiKey: UPSTREAM_KEY });
  server = await startTestServer({ llmBaseUrl: fake.baseURL, llmApiKey: UPSTREAM_KEY, llmModel: 'fake-tools' });
});
after(async () => {
  await server.close();
  await fake.close();
});

test('chat completions are forwarded, plain and streamed, and models are the upstream\'s', async () => {
  const plain = await server.client.chat.completions.create({ model: 'fake-tools', messages: [{ role: 'user', content: 'hello there' }] });
  assert.equal(plain.choices[0]?.message.content, 'You said: hello there');
  assert.equal(plain.usage?.completion_tokens, 4);

  const stream = await server.client.chat.completions.create({ model: 'fake-tools', messages: [{ role: 'user', content: 'one two three' }], stream: true });
  let text = '';
  let pieces = 0;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    pieces++;
  }
  assert.equal(text, 'You said: one two three');
  assert.ok(pieces > 4);

  const models = await server.client.models.list();
  assert.ok(models.data.some((m) => m.id === 'fake-plain'));
  assert.equal((await server.client.models.retrieve('fake-tools')).id, 'fake-tools');
});

test('a model the upstream does not serve is replaced by TROVE_LLM_MODEL', async () => {
  const answer = await server.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(answer.model, 'fake-tools');
  assert.equal(fake.requests.at(-1)!.body!.model, 'fake-tools');
  const response = await server.client.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
  assert.equal(response.model, 'fake-tools');
  assert.equal(response.output_text, 'You said: hi');
});

test('upstream failures are translated: 429 keeps retry-after, 500 and a refused key are 502, and the key never shows', async () => {
  const limited = await server.client.chat.completions.create({ model: 'fake-429', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
  assert.ok(limited instanceof OpenAI.RateLimitError);
  assert.equal(limited.headers?.get('retry-after'), '7');

  const failed = await server.client.responses.create({ model: 'fake-500', input: 'x' }).catch((e: unknown) => e);
  assert.ok(failed instanceof OpenAI.APIError);
  assert.equal(failed.status, 502);
  assert.match(failed.message, /upstream model failed \(HTTP 500\)/);

  const wrongKey = await startTestServer({ llmBaseUrl: fake.baseURL, llmApiKey: 'sk-not-the-right-key-123' });
  try {
    for (const attempt of [
      () => wrongKey.client.chat.completions.create({ model: 'fake-tools', messages: [{ role: 'user', content: 'x' }] }),
      () => wrongKey.client.responses.create({ model: 'fake-tools', input: 'x' }),
      () => wrongKey.client.models.list(),
    ]) {
      const refused = await attempt().catch((e: unknown) => e);
      assert.ok(refused instanceof OpenAI.APIError);
      assert.equal(refused.status, 502);
      assert.match(refused.message, /refused Trove's credentials.*TROVE_LLM_API_KEY/);
      assert.doesNotMatch(JSON.stringify(refused.error), /sk-not-the-right-key|sk-upstream/);
    }
  } finally {
    await wrongKey.close();
  }
});

test('a streamed response that fails upstream ends with an error event the SDK raises', async () => {
  // fake-429 fails on the first upstream call, which happens after the stream has started.
  const stream = server.client.responses.stream({ model: 'fake-429', input: 'x' });
  await assert.rejects(stream.finalResponse(), (error: Error) => /rate limiting/.test(error.message));
});

test('without an upstream the answer routes say which setting is missing, and the rest works', async () => {
  const bare = await startTestServer();
  try {
    for (const attempt of [
      () => bare.client.responses.create({ model: 'any', input: 'x' }),
      () => bare.client.chat.completions.create({ model: 'any', messages: [{ role: 'user', content: 'x' }] }),
      () => bare.client.models.list(),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 503);
      assert.match(error.message, /TROVE_LLM_BASE_URL/);
    }
    assert.equal((await bare.client.vectorStores.create({ name: 'still fine' })).name, 'still fine');
  } finally {
    await bare.close();
  }
});

test('a client that hangs up stops the upstream answer', async () => {
  fake.setOptions({ pieceDelayMs: 200 });
  try {
    const controller = new AbortController();
    const stream = await server.client.chat.completions.create(
      { model: 'fake-tools', messages: [{ role: 'user', content: 'a b c d e f g h i j k l m n o p' }], stream: true },
      { signal: controller.signal },
    );
    for await (const _chunk of stream) break; // closes the connection after the first piece
    const forwarded = fake.requests.at(-1)!;
    await eventually(async () => forwarded.completed, (done) => done === false && fake.requests.at(-1) === forwarded, 5_000);

    // Not streamed either: the upstream call is cut while it waits for its first byte.
    fake.setOptions({ firstByteDelayMs: 1_000 });
    const hangUp = new AbortController();
    setTimeout(() => hangUp.abort(), 300);
    await assert.rejects(server.client.responses.create({ model: 'fake-tools', input: 'never mind' }, { signal: hangUp.signal }));
    const waiting = fake.requests.find((r) => r.body?.messages.some((m) => m.content === 'never mind'))!;
    await new Promise((r) => setTimeout(r, 1_200));
    assert.equal(waiting.completed, false, 'the upstream connection was closed before it answered');
    fake.setOptions({ firstByteDelayMs: 0 });

    const before = fake.requests.length;
    const events = await server.client.responses.create({ model: 'fake-tools', input: 'q r s t u v w x y z a b c d', stream: true });
    for await (const event of events) if (event.type === 'response.output_text.delta') break;
    const upstreamCall = fake.requests.slice(before).find((r) => r.body?.messages.some((m) => m.content === 'q r s t u v w x y z a b c d'))!;
    await eventually(async () => upstreamCall.completed, (done) => done === false, 5_000);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(upstreamCall.completed, false, 'the upstream stream was cut, not read to its end');
  } finally {
    fake.setOptions({ pieceDelayMs: 0, firstByteDelayMs: 0 });
  }
});

test('Azure clients reach responses and chat completions under /openai', async () => {
  const azure = server.azureClient(KEY_A);
  const response = await azure.responses.create({ model: 'fake-tools', input: 'from azure' });
  assert.equal(response.output_text, 'You said: from azure');
  const chat = await azure.chat.completions.create({ model: 'fake-tools', messages: [{ role: 'user', content: 'azure chat' }] });
  assert.equal(chat.choices[0]?.message.content, 'You said: azure chat');
});

test('an upstream that stays silent past TROVE_LLM_TIMEOUT_MS is answered with 504', async () => {
  const slow = await startFakeLlmServer({ firstByteDelayMs: 1_500 });
  const impatient = await startTestServer({ llmBaseUrl: slow.baseURL, llmTimeoutMs: 200 });
  try {
    const started = Date.now();
    const error = await impatient.client.chat.completions.create({ model: 'fake-tools', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.status, 504);
    assert.match(error.message, /did not answer within 200 ms/);
    assert.ok(Date.now() - started < 1_400, 'the wait was cut at the timeout, not at the answer');
  } finally {
    await impatient.close();
    await slow.close();
  }
});

test('a model slower than the idle deadline still answers: the deadline waits while the upstream thinks', async () => {
  const thoughtful = await startFakeLlmServer({ firstByteDelayMs: 700 });
  const strict = await startTestServer({ llmBaseUrl: thoughtful.baseURL, idleTimeoutMs: 250 });
  try {
    const response = await strict.client.responses.create({ model: 'fake-tools', input: 'take your time' });
    assert.equal(response.output_text, 'You said: take your time');
    const chat = await strict.client.chat.completions.create({ model: 'fake-tools', messages: [{ role: 'user', content: 'slowly' }] });
    assert.equal(chat.choices[0]?.message.content, 'You said: slowly');
    // Other routes keep the deadline: a request that sends nothing for longer is still cut.
    const socket = connect(Number(new URL(strict.trove.url).port), '127.0.0.1');
    const closedAfter = await new Promise<number>((resolve) => {
      const opened = Date.now();
      socket.on('close', () => resolve(Date.now() - opened));
      socket.on('error', () => {});
    });
    assert.ok(closedAfter < 5_000);
  } finally {
    await strict.close();
    await thoughtful.close();
  }
});
