import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from './support/trove-server.js';

// OpenAI's published description, beside the repository (as CI lays it out).
const OPENAI_SPEC = new URL('../../../shared/openai-openapi.yaml', import.meta.url);
const SHARED_ROOTS = ['/files', '/uploads', '/vector_stores'];
// Answers from the documents: OpenAI's Responses and chat operations Trove serves through the upstream model
// (and Azure's deployment path for chat completions).
const ANSWER_OPERATIONS = ['POST /responses', 'GET /responses/{response_id}', 'DELETE /responses/{response_id}', 'GET /responses/{response_id}/input_items', 'POST /chat/completions', 'GET /models', 'GET /models/{model}'];

// What Trove adds to OpenAI's shapes on purpose; anything else that differs is a bug in one of them.
const EXTRA_QUERY: Record<string, string[]> = { listFiles: ['before'] };
const EXTRA_BODY: Record<string, string[]> = { createVectorStore: ['embedder'] };
const STORE_EXTRAS = ['description', 'embedder'];
const EXTRA_RESPONSE: Record<string, string[]> = {
  createVectorStore: STORE_EXTRAS,
  getVectorStore: STORE_EXTRAS,
  modifyVectorStore: STORE_EXTRAS,
  'listVectorStores data[]': STORE_EXTRAS,
};

type Schema = { $ref?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; type?: unknown };
type Parameter = { $ref?: string; name: string; in: string; required?: boolean };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema>; parameters?: Record<string, Parameter> } };

let server: TestServer;
let trove: Document;
let openai: Document;
before(async () => {
  server = await startTestServer();
  const response = await fetch(`${server.trove.url}/openapi.json`); // no API key
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  trove = (await response.json()) as Document;
  openai = parse(readFileSync(OPENAI_SPEC, 'utf8')) as Document;
});
after(() => server.close());

function resolve(doc: Document, schema: Schema): Schema {
  return schema.$ref ? resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()!]!) : schema;
}

function operations(doc: Document): Map<string, Operation> {
  const found = new Map<string, Operation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!SHARED_ROOTS.some((root) => path === root || path.startsWith(`${root}/`))) continue;
    for (const [method, operation] of Object.entries(item)) if (method !== 'parameters') found.set(`${method.toUpperCase()} ${path}`, operation);
  }
  return found;
}

const sorted = (names: Iterable<string>) => [...names].sort();

function parameters(doc: Document, operation: Operation, where: 'query' | 'path') {
  return (operation.parameters ?? []).map((p) => (p.$ref ? doc.components.parameters![p.$ref.split('/').pop()!]! : p)).filter((p) => p.in === where);
}

/** Property names of a response body, and of its `data` items when it has them. */
function responseShape(doc: Document, operation: Operation): Record<string, string[]> {
  const json = operation.responses['200']?.content?.['application/json']?.schema;
  const body = json && resolve(doc, json);
  if (!body || body.type === 'string') return {}; // OpenAI describes a file's bytes as a JSON string
  const shape: Record<string, string[]> = { '': sorted(Object.keys(body.properties ?? {})) };
  const items = body.properties?.data?.items;
  if (items) shape['data[]'] = sorted(Object.keys(resolve(doc, items).properties ?? {}));
  return shape;
}

test('Trove describes exactly the Files, Uploads and Vector Stores operations OpenAI defines, under their ids', () => {
  assert.deepEqual(sorted(operations(trove).keys()), sorted(operations(openai).keys()));
  const answerPaths = new Set([...ANSWER_OPERATIONS.map((key) => key.split(' ')[1]!), '/deployments/{deployment}/chat/completions']);
  assert.deepEqual(Object.keys(trove.paths).filter((path) => !SHARED_ROOTS.some((root) => path.startsWith(root)) && !answerPaths.has(path)), []);
  for (const [key, theirs] of operations(openai)) assert.equal(operations(trove).get(key)!.operationId, theirs.operationId, key);
});

test('the answer operations carry OpenAI\'s operation ids', () => {
  for (const key of ANSWER_OPERATIONS) {
    const [method, path] = key.split(' ') as [string, string];
    assert.equal(trove.paths[path]?.[method.toLowerCase()]?.operationId, openai.paths[path]![method.toLowerCase()]!.operationId, key);
  }
});

test('each shared operation takes the same parameters and request body fields, with the same required ones', () => {
  for (const [key, theirs] of operations(openai)) {
    const ours = operations(trove).get(key)!;
    const id = theirs.operationId;
    assert.deepEqual(sorted(parameters(trove, ours, 'path').map((p) => p.name)), sorted(parameters(openai, theirs, 'path').map((p) => p.name)), `${id} path`);
    const theirQuery = parameters(openai, theirs, 'query');
    const ourQuery = parameters(trove, ours, 'query');
    assert.deepEqual(sorted(ourQuery.map((p) => p.name)), sorted([...theirQuery.map((p) => p.name), ...(EXTRA_QUERY[id] ?? [])]), `${id} query`);
    assert.deepEqual(sorted(ourQuery.filter((p) => p.required).map((p) => p.name)), sorted(theirQuery.filter((p) => p.required).map((p) => p.name)), `${id} required query`);

    const theirBody = theirs.requestBody?.content ?? {};
    const ourBody = ours.requestBody?.content ?? {};
    assert.deepEqual(Object.keys(ourBody), Object.keys(theirBody), `${id} body media type`);
    for (const [mediaType, { schema }] of Object.entries(theirBody)) {
      const theirSchema = resolve(openai, schema);
      const ourSchema = resolve(trove, ourBody[mediaType]!.schema);
      assert.deepEqual(
        sorted(Object.keys(ourSchema.properties ?? {})),
        sorted([...Object.keys(theirSchema.properties ?? {}), ...(EXTRA_BODY[id] ?? [])]),
        `${id} body fields`,
      );
      assert.deepEqual(sorted(ourSchema.required ?? []), sorted(theirSchema.required ?? []), `${id} required body fields`);
    }
  }
});

test('each shared operation answers with the fields OpenAI names', () => {
  for (const [key, theirs] of operations(openai)) {
    const ours = operations(trove).get(key)!;
    const id = theirs.operationId;
    const expected = responseShape(openai, theirs);
    for (const [part, names] of Object.entries(expected)) {
      const extras = EXTRA_RESPONSE[part === '' ? id : `${id} ${part}`] ?? [];
      expected[part] = sorted([...names, ...extras]);
    }
    assert.deepEqual(responseShape(trove, ours), expected, `${id} response`);
    if (Object.keys(expected).length === 0) {
      // GET /files/{file_id}/content: the bytes themselves.
      assert.deepEqual(Object.keys(ours.responses['200']!.content!), ['application/octet-stream'], id);
    }
  }
});

test('the document is self-consistent: path parameters declared, references resolved, errors described', () => {
  const text = JSON.stringify(trove);
  for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) assert.ok(trove.components.schemas[name!], `${name} is defined`);
  for (const [path, item] of Object.entries(trove.paths)) {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, operation] of Object.entries(item)) {
      assert.deepEqual(sorted(parameters(trove, operation, 'path').map((p) => p.name)), sorted(names as string[]), `${method} ${path}`);
      assert.ok(operation.responses.default, `${method} ${path} describes its errors`);
    }
  }
  assert.deepEqual(sorted(Object.keys(resolve(trove, { $ref: '#/components/schemas/Error' }).properties!.error!.properties!)), ['code', 'message', 'param', 'type']);
});
