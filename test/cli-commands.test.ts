import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import { linesOf, runCli } from './support/cli.js';
import { eventually, KEY_A, startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
let env: Record<string, string>;
let storeId: string;

before(async () => {
  server = await startTestServer();
  env = { TROVE_BASE_URL: server.baseURL, TROVE_API_KEY: KEY_A };
  const { client } = server;
  const store = await client.vectorStores.create({ name: 'manuals' });
  storeId = store.id;
  const docs = [
    ['kettle.md', 'The kettle boils water. Descale the kettle monthly with vinegar.', 'appliances'],
    ['bike.md', 'Pump the bicycle tyres to the pressure printed on the sidewall.', 'outdoors'],
    ['lamp.md', 'Replace the lamp bulb only when the lamp is unplugged and cool.', 'appliances'],
  ] as const;
  for (const [name, text, shelf] of docs) {
    const file = await client.files.create({ file: new File([text], name), purpose: 'assistants' });
    await client.vectorStores.files.create(store.id, { file_id: file.id, attributes: { shelf } });
  }
  await eventually(() => client.vectorStores.retrieve(store.id), (s) => s.file_counts.completed === 3);
});
after(() => server.close());

test('stores ls prints the stores as JSON and as a table', async () => {
  const json = await runCli(['stores', 'ls', '--json'], { env });
  assert.equal(json.code, 0, json.stderr);
  const stores = JSON.parse(json.stdout) as { id: string; name: string; file_counts: { completed: number } }[];
  const manuals = stores.find((s) => s.id === storeId);
  assert.equal(manuals?.name, 'manuals');
  assert.equal(manuals?.file_counts.completed, 3);

  // `stores` alone lists too; flags may come from the command line instead of the environment.
  const table = await runCli(['stores', '--base-url', server.baseURL, '--api-key', KEY_A]);
  assert.equal(table.code, 0, table.stderr);
  const lines = linesOf(table.stdout);
  assert.match(lines[0]!, /^ID\s+NAME\s+FILES\s+DONE\s+FAILED\s+USAGE\s+STATUS\s+CREATED$/);
  assert.match(lines.find((l) => l.startsWith(storeId))!, new RegExp(`^${storeId}\\s+manuals\\s+3\\s+3\\s+0\\s+\\d+\\.\\d KB\\s+completed\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`));
});

test('stores create and rm work by name, and a name two stores share is refused', async () => {
  const created = await runCli(['stores', 'create', 'scratch', '--json'], { env });
  assert.equal(created.code, 0, created.stderr);
  const store = JSON.parse(created.stdout) as { id: string; name: string; object: string };
  assert.equal(store.object, 'vector_store');
  assert.equal(store.name, 'scratch');

  const twin = await server.client.vectorStores.create({ name: 'scratch' });
  const ambiguous = await runCli(['stores', 'rm', 'scratch'], { env });
  assert.equal(ambiguous.code, 1);
  assert.equal(ambiguous.stderr, `trove: 2 vector stores are named 'scratch' (${twin.id}, ${store.id}): use an id instead\n`);

  const removed = await runCli(['stores', 'rm', store.id, twin.id], { env });
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual(linesOf(removed.stdout), [`deleted ${store.id} (scratch)`, `deleted ${twin.id} (scratch)`]);
  const missing = await runCli(['stores', 'rm', 'scratch'], { env });
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, "trove: no vector store is named or has the id 'scratch' (see: trove stores ls)\n");
});

test('files ls lists a store\'s files with their filename and status', async () => {
  const json = await runCli(['files', 'ls', 'manuals', '--json'], { env });
  assert.equal(json.code, 0, json.stderr);
  const files = JSON.parse(json.stdout) as { id: string; filename: string; status: string; attributes: Record<string, string> }[];
  assert.deepEqual(files.map((f) => f.filename).sort(), ['bike.md', 'kettle.md', 'lamp.md']);
  assert.deepEqual([...new Set(files.map((f) => f.status))], ['completed']);
  assert.equal(files.find((f) => f.filename === 'bike.md')?.attributes.shelf, 'outdoors');

  const failed = await runCli(['files', 'ls', storeId, '--status', 'failed'], { env });
  assert.equal(failed.stdout, `no files in ${storeId}\n`);
  const table = await runCli(['files', 'ls', storeId], { env });
  const lines = linesOf(table.stdout);
  assert.match(lines[0]!, /^ID\s+FILENAME\s+STATUS\s+USAGE\s+ATTACHED\s+ERROR$/);
  assert.equal(lines.length, 4);
  assert.ok(lines.slice(1).every((line) => /^file-\S+\s+\w+\.md\s+completed\s+\d+(\.\d)? K?B\s+\d{4}-\d\d-\d\d \d\d:\d\d$/.test(line)), table.stdout);
});

test('search prints results best first, honours -k and --filter, and --json gives the page as served', async () => {
  const json = await runCli(['search', 'manuals', 'descale the kettle', '-k', '2', '--json'], { env });
  assert.equal(json.code, 0, json.stderr);
  const page = JSON.parse(json.stdout) as { object: string; search_query: string; data: { filename: string; score: number; content: { text: string }[] }[] };
  assert.equal(page.object, 'vector_store.search_results.page');
  assert.equal(page.data.length, 2);
  assert.equal(page.data[0]!.filename, 'kettle.md');
  assert.ok(page.data[0]!.score >= page.data[1]!.score);
  assert.match(page.data[0]!.content[0]!.text, /Descale the kettle/);

  const filter = JSON.stringify({ type: 'eq', key: 'shelf', value: 'outdoors' });
  const filtered = await runCli(['search', storeId, 'kettle lamp bicycle', '--filter', filter, '--json'], { env });
  assert.deepEqual((JSON.parse(filtered.stdout) as typeof page).data.map((r) => r.filename), ['bike.md']);

  const table = await runCli(['search', 'manuals', 'replace the lamp bulb', '-k', '1'], { env });
  const lines = linesOf(table.stdout);
  assert.match(lines[0]!, /^SCORE\s+FILENAME\s+TEXT$/);
  assert.match(lines[1]!, /^\d\.\d{3}\s+lamp\.md\s+Replace the lamp bulb only when the lamp is unplugged and cool\.$/);
  assert.equal(lines.length, 2);

  const bad = await runCli(['search', 'manuals', 'x', '--filter', '{nope'], { env });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /option '--filter <json>' argument '\{nope' is invalid\. expected a JSON object/);
});

test('every command answers --help with examples', async () => {
  const commands = [[], ['ingest'], ['search'], ['stores'], ['stores', 'ls'], ['stores', 'create'], ['stores', 'rm'], ['files', 'ls']];
  const helps = await Promise.all(commands.map((command) => runCli([...command, '--help'])));
  commands.forEach((command, i) => {
    assert.equal(helps[i]!.code, 0, command.join(' '));
    assert.match(helps[i]!.stdout, /^Usage: trove/m);
    assert.match(helps[i]!.stdout, /^Examples:\n {2}trove /m, command.join(' '));
  });
});
