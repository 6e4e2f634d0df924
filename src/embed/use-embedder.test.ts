// Runs the real Universal Sentence Encoder offline; loading it takes a few seconds. The file finishing
// at all proves that close() leaves nothing that keeps the process alive.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUseEmbedder, naturalCase } from './use-embedder.js';

const embedder = createUseEmbedder({ threads: 2 });
/** The original TensorFlow.js path, whose vectors existing stores hold. */
const reference = createUseEmbedder({ threads: 1, backend: 'tensorflow' });
before(() => Promise.all([embedder.warmup(), reference.warmup()]));
after(() => Promise.all([embedder.close(), reference.close()]));

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

test('onnxruntime gives the vectors that TensorFlow.js gives, so stores embedded before stay valid', async () => {
  const texts = [
    'Felines often rest on rugs in warm rooms.',
    // ~520 words: seven windows, averaged.
    'The river carried silt from the mountains down to the wide delta where farmers grew rice. '.repeat(32),
    'MEASUREMENT OF DIELECTRIC CONSTANT OF LIQUIDS BY THE USE OF MICROWAVE TECHNIQUES',
    '',
    '東京は日本の首都で、人口が最も多い都市です。',
    'Москва — столица России и крупнейший город страны.',
    'Emoji 🎉, ligatures ﬁ, and an unknown glyph ⟁ in one line.',
  ];
  const [fast, original] = await Promise.all([embedder.embedDocuments(texts), reference.embedDocuments(texts)]);
  texts.forEach((text, i) => assert.ok(dot(fast[i], original[i]) >= 0.999, `cosine ${dot(fast[i], original[i])} for ${JSON.stringify(text.slice(0, 40))}`));
  assert.ok(dot(await embedder.embedQuery(texts[2]), await reference.embedQuery(texts[2])) >= 0.999);
});

test('a search query waits behind at most the batch each worker is running, not behind the ingestion queued', async () => {
  const sentence = (i: number) => `Report ${i}: the pump at station ${i % 9} was inspected and its valve replaced.`;
  let ingested = false;
  const ingestion = embedder.embedDocuments(Array.from({ length: 96 }, (_, i) => sentence(i))).then(() => (ingested = true));
  await new Promise((resolve) => setImmediate(resolve));
  await embedder.embedQuery('valve replacement');
  assert.equal(ingested, false);
  await ingestion;
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
