import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { startFakeLlmServer, type FakeLlmServer } from './support/fake-llm-server.js';
import { schemaErrors } from './support/openapi-schemas.js';
import { eventually, KEY_A, KEY_B, startTestServer, type TestServer } from './support/trove-server.js';

const UPSTREAM_KEY = 'sk-upstream-secret-0123456789';

let fake: FakeLlmServer;
let server: TestServer;
let storeId: string;
const fileIds: Record<string, string> = {};

before(async () => {
  fake = await startFakeLlmServer({ apiKey: UPSTREAM_KEY });
  server = await startTestServer({ llmBaseUrl: fake.baseURL, llmApiKey: UPSTREAM_KEY });
  const store = await server.client.vectorStores.create({ name: 'pets' });
  storeId = store.id;
  const docs = {
    'cats.md': 'Cats purr when they are content and knead soft blankets.',
    'dogs.md': 'Dogs bark at the postman and fetch sticks in the park.',
  };
  for (const [name, text] of Object.entries(docs)) {
    const file = await server.client.files.create({ file: await toFile(Buffer.from(text), name), purpose: 'assistants' });
    fileIds[name] = file.id;
    await server.client.vectorStores.files.create(storeId, { file_id: file.id, attributes: { kind: name.slice(0, -3) } });
  }
  await eventually(() => server.client.vectorStores.retrieve(storeId), (s) => s.file_counts.completed === 2);
});
after(async () => {
  await server.close();
  await fake.close();
});

const fileSearch = (extra: object = {}) => [{ type: 'file_search' as const, vector_store_ids: [storeId], ...extra }];

function assertConforms(name: string, body: unknown) {
  const errors = schemaErrors(name, body);
  assert.deepEqual(errors, [], `${name}: ${errors.join('; ')}\n${JSON.stringify(body).slice(0, 2000)}`);
}

test('a response searches with the model\'s own query, answers from the passage and cites its file', async () => {
  const response = await server.client.responses.create({
    model: 'fake-tools',
    input: 'Why do cats purr?',
    tools: fileSearch(),
    include: ['file_search_call.results'],
  });
  assertConforms('Response', JSON.parse(JSON.stringify(response)));
  assert.equal(response.status, 'completed');
  const [call, message] = response.output;
  assert.equal(call?.type, 'file_search_call');
  assert.equal(message?.type, 'message');
  if (call?.type !== 'file_search_call' || message?.type !== 'message') return;
  assert.deepEqual(call.queries, ['Why do cats purr?']);
  assert.equal(call.status, 'completed');
  assert.equal(call.results?.[0]?.file_id, fileIds['cats.md']);
  assert.equal(call.results?.[0]?.filename, 'cats.md');
  assert.deepEqual(call.results?.[0]?.attributes, { kind: 'cats' });
  assert.match(call.results?.[0]?.text ?? '', /Cats purr/);
  assert.ok((call.results?.[0]?.score ?? 0) > 0);

  const text = message.content[0];
  assert.equal(text?.type, 'output_text');
  if (text?.type !== 'output_text') return;
  assert.equal(text.text, 'The documents say: Cats purr when they are content and knead soft blankets. [1]');
  assert.deepEqual(text.annotations, [{ type: 'file_citation', file_id: fileIds['cats.md'], filename: 'cats.md', index: text.text.indexOf('[1]') }]);
  assert.equal(response.output_text, text.text);
  assert.ok(response.usage!.input_tokens > 0 && response.usage!.output_tokens > 0);
  assert.equal(response.usage!.total_tokens, response.usage!.input_tokens + response.usage!.output_tokens);

  // The upstream saw file_search as a function, then got the passages back as the tool's answer, with Trove's key.
  const calls = fake.requests.filter((r) => r.body?.messages.some((m) => m.content === 'Why do cats purr?'));
  assert.equal(calls.length, 2);
  assert.equal(calls[0]!.authorization, `Bearer ${UPSTREAM_KEY}`);
  assert.equal((calls[0]!.body!.tools![0] as { function: { name: string } }).function.name, 'file_search');
  assert.match(calls[1]!.body!.messages.at(-1)!.content!, /^\[1\] cats\.md\nCats purr/);
});

test('without include the file_search_call carries no results; filters and max_num_results apply', async () => {
  const response = await server.client.responses.create({
    model: 'fake-tools',
    input: 'Why do cats purr?',
    tools: fileSearch({ filters: { type: 'eq', key: 'kind', value: 'dogs' }, max_num_results: 1 }),
    store: false,
  });
  const call = response.output[0];
  assert.equal(call?.type, 'file_search_call');
  if (call?.type !== 'file_search_call') return;
  assert.equal(call.results ?? null, null);
  // The filter keeps only the dogs file, so that is what the answer cites.
  assert.match(response.output_text, /Dogs bark/);
  const message = response.output[1];
  assert.ok(message?.type === 'message' && message.content[0]?.type === 'output_text');
  if (message?.type !== 'message' || message.content[0]?.type !== 'output_text') return;
  assert.deepEqual(message.content[0].annotations.map((a) => (a.type === 'file_citation' ? a.file_id : null)), [fileIds['dogs.md']]);
  // store: false keeps nothing.
  await assert.rejects(server.client.responses.retrieve(response.id), OpenAI.NotFoundError);
});

test('a streamed response sends OpenAI\'s events in order, each as the schema says, and the SDK assembles it', async () => {
  const stream = server.client.responses.stream({
    model: 'fake-tools',
    input: 'Why do cats purr?',
    tools: fileSearch(),
    include: ['file_search_call.results'],
  });
  const events: Array<{ type: string; sequence_number: number }> = [];
  const deltas: string[] = [];
  stream.on('event', (event) => events.push(event));
  stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
  const final = await stream.finalResponse();

  const types = events.map((e) => e.type);
  assert.deepEqual(types.filter((t) => !t.endsWith('.delta')), [
    'response.created',
    'response.in_progress',
    'response.output_item.added',
    'response.file_search_call.in_progress',
    'response.file_search_call.searching',
    'response.file_search_call.completed',
    'response.output_item.done',
    'response.output_item.added',
    'response.content_part.added',
    'response.output_text.annotation.added',
    'response.output_text.done',
    'response.content_part.done',
    'response.output_item.done',
    'response.completed',
  ]);
  assert.ok(deltas.length > 3, 'the answer arrives in pieces');
  assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
  for (const event of events) assertConforms('ResponseStreamEvent', JSON.parse(JSON.stringify(event)));
  assert.equal(deltas.join(''), final.output_text);
  assert.match(final.output_text, /Cats purr .* \[1\]$/);
  // The stored response is the streamed one.
  const stored = await server.client.responses.retrieve(final.id);
  assert.equal(stored.output_text, final.output_text);
});

test('previous_response_id continues the conversation; retrieve, input items and delete work on stored responses', async () => {
  const first = await server.client.responses.create({ model: 'fake-tools', input: 'Why do cats purr?', tools: fileSearch(), metadata: { topic: 'cats' } });
  const second = await server.client.responses.create({
    model: 'fake-tools',
    previous_response_id: first.id,
    input: [{ role: 'user', content: [{ type: 'input_text', text: 'And what do dogs do?' }] }],
  });
  assert.equal(second.previous_response_id, first.id);
  assert.equal(second.output_text, 'You said: And what do dogs do?');
  const seen = fake.requests.at(-1)!.body!.messages;
  assert.deepEqual(seen.map((m) => m.role), ['user', 'assistant', 'user']);
  assert.equal(seen[1]!.content, first.output_text);

  const retrieved = await server.client.responses.retrieve(first.id);
  assert.equal(retrieved.output_text, first.output_text);
  assert.deepEqual(retrieved.metadata, { topic: 'cats' });
  assertConforms('Response', JSON.parse(JSON.stringify(retrieved)));
  const withResults = await server.client.responses.retrieve(first.id, { include: ['file_search_call.results'] });
  const call = withResults.output[0];
  assert.ok(call?.type === 'file_search_call' && call.results?.[0]?.file_id === fileIds['cats.md']);

  const items = await server.client.responses.inputItems.list(second.id);
  assertConforms('ResponseItemList', { ...items.getPaginatedItems(), object: 'list', data: items.data, has_more: items.has_more, first_id: items.data[0]?.id, last_id: items.data.at(-1)?.id });
  assert.equal(items.data.length, 1);
  const item = items.data[0]!;
  assert.ok(item.type === 'message' && item.role === 'user');
  if (item.type === 'message' && item.role === 'user') assert.deepEqual(item.content, [{ type: 'input_text', text: 'And what do dogs do?' }]);

  await server.client.responses.delete(first.id);
  await assert.rejects(server.client.responses.retrieve(first.id), OpenAI.NotFoundError);
  await assert.rejects(server.client.responses.inputItems.list(first.id), OpenAI.NotFoundError);
  await assert.rejects(server.client.responses.delete(first.id), OpenAI.NotFoundError);
  const continued = await server.client.responses.create({ model: 'fake-tools', previous_response_id: first.id, input: 'hello' }).catch((e: unknown) => e);
  assert.ok(continued instanceof OpenAI.NotFoundError);
  assert.equal(continued.param, 'previous_response_id');
});

test('a model that cannot call tools gets the passages for the user\'s input instead', async () => {
  const response = await server.client.responses.create({ model: 'fake-plain', input: 'What do dogs bark at?', tools: fileSearch() });
  const [call, message] = response.output;
  assert.ok(call?.type === 'file_search_call');
  if (call?.type === 'file_search_call') assert.deepEqual(call.queries, ['What do dogs bark at?']);
  assert.equal(message?.type, 'message');
  assert.match(response.output_text, /^The documents say: Dogs bark at the postman/);
  const streamed = await server.client.responses.stream({ model: 'fake-plain', input: 'What do dogs bark at?', tools: fileSearch() }).finalResponse();
  assert.equal(streamed.output_text, response.output_text);
});

test('another project\'s store cannot be searched through a response: 404 as the search route gives', async () => {
  const other = server.clientFor(KEY_B);
  await assert.rejects(other.vectorStores.search(storeId, { query: 'cats' }), OpenAI.NotFoundError);
  const error = await other.responses.create({ model: 'fake-tools', input: 'cats?', tools: fileSearch() }).catch((e: unknown) => e);
  assert.ok(error instanceof OpenAI.NotFoundError);
  assert.match(error.message, new RegExp(storeId));
  const stream = await other.responses.create({ model: 'fake-tools', input: 'cats?', tools: fileSearch(), stream: true }).catch((e: unknown) => e);
  assert.ok(stream instanceof OpenAI.NotFoundError);
  // Nor can it read A's stored responses.
  const mine = await server.client.responses.create({ model: 'fake-tools', input: 'hi' });
  await assert.rejects(other.responses.retrieve(mine.id), OpenAI.NotFoundError);
  await assert.rejects(other.responses.delete(mine.id), OpenAI.NotFoundError);
});

test('instructions, tool_choice and sampling settings reach the upstream; tool_choice none searches nothing', async () => {
  const forced = await server.client.responses.create({
    model: 'fake-tools',
    instructions: 'Answer in one sentence.',
    input: 'Why do cats purr?',
    tools: fileSearch(),
    tool_choice: 'required',
    temperature: 0.2,
    max_output_tokens: 64,
    max_tool_calls: 1,
  });
  assert.equal(forced.instructions, 'Answer in one sentence.');
  assert.equal(forced.max_tool_calls, 1);
  assert.deepEqual(forced.output.map((item) => item.type), ['file_search_call', 'message']);
  assert.equal(forced.temperature, 0.2);
  assert.equal(forced.max_output_tokens, 64);
  assert.equal(forced.tool_choice, 'required');
  const rounds = fake.requests.filter((r) => r.body?.messages[0]?.content?.startsWith('Answer in one sentence.'));
  assert.equal(rounds.length, 2);
  // Only the first round is forced; with max_tool_calls spent, the second is offered no tools at all.
  assert.equal(rounds[1]!.body!.tools, undefined);
  const toolRound = rounds[0]!.body as unknown as Record<string, unknown> & { messages: Array<{ role: string; content: string }> };
  assert.deepEqual(toolRound.tool_choice, { type: 'function', function: { name: 'file_search' } });
  assert.equal(toolRound.temperature, 0.2);
  assert.equal(toolRound.max_tokens, 64);
  assert.match(toolRound.messages[0]!.content, /^Answer in one sentence\./);

  const before = fake.requests.length;
  const none = await server.client.responses.create({ model: 'fake-tools', input: 'Why do cats purr?', tools: fileSearch(), tool_choice: 'none' });
  assert.deepEqual(none.output.map((item) => item.type), ['message']);
  assert.equal(none.output_text, 'You said: Why do cats purr?');
  assert.equal(fake.requests.slice(before).some((r) => r.body?.tools), false);
});

test('input items list in OpenAI\'s order (newest first by default) and page with after', async () => {
  const response = await server.client.responses.create({
    model: 'fake-tools',
    input: [
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'noted' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'second' }] },
    ],
  });
  const texts = (items: Array<{ type: string; content?: unknown }>) =>
    items.map((i) => ((i.content as Array<{ text: string }>)[0]!.text));
  const newestFirst = await server.client.responses.inputItems.list(response.id);
  assert.deepEqual(texts(newestFirst.data), ['second', 'noted', 'first', 'Be brief.']);
  const oldestFirst = await server.client.responses.inputItems.list(response.id, { order: 'asc', limit: 2 });
  assert.deepEqual(texts(oldestFirst.data), ['Be brief.', 'first']);
  assert.equal(oldestFirst.has_more, true);
  const next = await server.client.responses.inputItems.list(response.id, { order: 'asc', after: oldestFirst.data[1]!.id });
  assert.deepEqual(texts(next.data), ['noted', 'second']);
  assert.equal(next.has_more, false);
  const all: string[] = [];
  for await (const item of server.client.responses.inputItems.list(response.id, { limit: 1 })) all.push(texts([item])[0]!);
  assert.deepEqual(all, ['second', 'noted', 'first', 'Be brief.']);
});

test('what the server cannot do is refused with 400 naming the parameter', async () => {
  const refused = async (body: object) => {
    const error = await server.client.responses.create(body as never).catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.BadRequestError, JSON.stringify(body));
    return error;
  };
  assert.equal((await refused({ model: 'fake-tools', input: 'x', tools: [{ type: 'web_search' }] })).param, 'tools[0].type');
  assert.equal((await refused({ model: 'fake-tools', input: 'x', tools: [{ type: 'file_search', vector_store_ids: [] }] })).param, 'tools[0].vector_store_ids');
  assert.equal((await refused({ model: 'fake-tools', input: 'x', include: ['reasoning.encrypted_content'] })).param, 'include[0]');
  assert.equal((await refused({ model: 'fake-tools', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'x' }] }] })).param, 'input[0].content[0].type');
  assert.equal((await refused({ model: 'fake-tools', input: 'x', tool_choice: 'required' })).param, 'tool_choice');
  assert.equal((await refused({ model: 'fake-tools', input: 'x', text: { format: { type: 'json_object' } } })).param, 'text.format.type');
  assert.equal((await refused({ model: 'fake-tools', input: 'x', surprise: true })).code, 'unknown_parameter');
  assert.equal((await refused({ model: 'fake-tools' })).param, 'input');
});

test('malformed requests to the answer routes get 4xx in OpenAI\'s shape', async () => {
  const call = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${server.baseURL}${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY_A}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body,
    });
    const json = (await response.json()) as { error?: { message: string; type: string } };
    assert.ok(response.headers.get('x-request-id'), path);
    assert.equal(typeof json.error?.message, 'string', path);
    return response.status;
  };
  assert.equal(await call('GET', '/responses/%ff'), 400); // not a URL at all
  assert.equal(await call('GET', '/responses/resp_nope'), 404);
  assert.equal(await call('DELETE', '/responses/resp_nope'), 404);
  assert.equal(await call('GET', '/responses/resp_nope/input_items?limit=abc'), 400);
  assert.equal(await call('POST', '/responses', '{"model":"fake-tools","input":5}'), 400);
  assert.equal(await call('POST', '/responses', '{"model":"fake-tools","input":[{"role":"robot","content":"x"}]}'), 400);
  assert.equal(await call('POST', '/responses', '{"model":"fake-tools","input":"x","tools":[{"type":"file_search","vector_store_ids":["vs_nope"]}]}'), 404);
  assert.equal(await call('POST', '/responses', '{"model":'), 400);
  assert.equal(await call('POST', '/chat/completions', '{"model":"fake-tools"}'), 400);
  assert.equal(await call('POST', '/chat/completions', '{"model":"fake-tools","messages":"hi"}'), 400);
});
