// Runs the real Universal Sentence Encoder offline; loading it takes a few seconds. The file finishing
// at all proves that close() leaves nothing that keeps the process alive.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUseEmbedder, naturalCase } from './use-embedder.js';

const embedder = createUseEmbedder({ threads: 2 });
before(() => embedder.warmup());
after(() => embedder.close());

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);

test('the USE embedder names itself', () => {
  assert.deepEqual([embedder.provider, embedder.model, embedder.dimension], ['default', 'universal-sentence-encoder', 512]);
});

test('a query about cats on carpets is closer to felines on rugs than to tax filings', async () => {
  const query = await embedder.embedQuery('cat sleeping on a carpet');
  const [rugs, taxes] = await embedder.embedDocuments([
    'Felines often rest on rugs in warm rooms.',
    'Quarterly tax filings are due on the last day of the month.',
  ]);
  assert.ok(dot(query, rugs) > dot(query, taxes) + 0.1, `${dot(query, rugs)} vs ${dot(query, taxes)}`);
});

test('100 texts come back as 100 finite 512-d vectors in input order', async () => {
  const texts = Array.from({ length: 100 }, (_, i) => `Sentence number ${i} talks about topic ${i % 7}.`);
  texts[3] = texts[87] = 'Volcanoes erupt when magma rises through the crust.';
  const vectors = await embedder.embedDocuments(texts);

  assert.equal(vectors.length, 100);
  for (const vector of vectors) {
    assert.equal(vector.length, 512);
    assert.ok(vector.every(Number.isFinite));
  }
  // Positions 3 and 87 travel in different batches; the same text must land at both.
  assert.ok(dot(vectors[3], vectors[87]) > 0.9999);
  assert.ok(dot(vectors[3], vectors[4]) < 0.9);
  assert.ok(dot(vectors[86], vectors[87]) < 0.9);
});

test('a long text is embedded over windows into one unit vector', async () => {
  const sentence = 'The river carried silt from the mountains down to the wide delta where farmers grew rice. ';
  const vector = await embedder.embedQuery(sentence.repeat(37)); // ~600 words
  assert.ok(vector.every(Number.isFinite));
  assert.ok(Math.abs(Math.sqrt(dot(vector, vector)) - 1) < 1e-5);
});

test('a blank text gives a finite unit vector', async () => {
  const [vector] = await embedder.embedDocuments(['']);
  assert.ok(Math.abs(Math.sqrt(dot(vector, vector)) - 1) < 1e-5);
});

test('text in capitals is embedded lower-cased; ordinary text keeps its case', () => {
  assert.equal(naturalCase('MEASUREMENT OF DIELECTRIC CONSTANT OF LIQUIDS'), 'measurement of dielectric constant of liquids');
  assert.equal(naturalCase('The NASA report on Mars'), 'The NASA report on Mars');
  assert.equal(naturalCase(''), '');
});
