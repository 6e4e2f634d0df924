import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeLlmServer, type FakeLlmServer } from './support/fake-llm-server.js';
import { linesOf, runCli } from './support/cli.js';
import { KEY_A, startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
let fake: FakeLlmServer;
let env: Record<string, string>;
let fileId: string;

before(async () => {
  fake = await startFakeLlmServer();
  server = await startTestServer({ llmBaseUrl: fake.baseURL });
  env = { TROVE_BASE_URL: server.baseURL, TROVE_API_KEY: KEY_A };
  const store = await server.client.vectorStores.create({ name: 'garden' });
  const file = await server.client.files.create({ file: new File(['Tomatoes need six hours of sun and deep watering twice a week.'], 'tomatoes.md'), purpose: 'assistants' });
  await server.client.vectorStores.files.createAndPoll(store.id, { file_id: file.id }, { pollIntervalMs: 50 });
  fileId = file.id;
});
after(async () => {
  await server.close();
  await fake.close();
});

test('ask streams the answer the upstream model wrote from the store, then the files it cites', async () => {
  const run = await runCli(['ask', 'garden', 'How much sun do tomatoes need?', '--model', 'fake-tools'], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(linesOf(run.stdout), [
    'The documents say: Tomatoes need six hours of sun and deep watering twice a week. [1]',
    '',
    'Sources:',
    `  [1] tomatoes.md (${fileId})`,
  ]);
  // The model was offered file_search and called it; Trove ran the search and fed the passage back.
  const calls = fake.requests.filter((r) => r.path === '/v1/chat/completions');
  assert.equal(calls.at(-2)?.body?.tools?.length, 1);
});

test('ask --json prints the Response object, and a store that does not exist is refused', async () => {
  const run = await runCli(['ask', 'garden', 'How much sun do tomatoes need?', '--model', 'fake-tools', '--json'], { env });
  assert.equal(run.code, 0, run.stderr);
  const response = JSON.parse(run.stdout) as { object: string; status: string; output: Array<{ type: string }> };
  assert.equal(response.object, 'response');
  assert.equal(response.status, 'completed');
  assert.deepEqual(response.output.map((item) => item.type), ['file_search_call', 'message']);

  const missing = await runCli(['ask', 'orchard', 'anything', '--model', 'fake-tools'], { env });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^trove: .*orchard/);
});
