import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize } from './normalize.js';

test('normalize scales a vector to unit length in place', () => {
  const vector = Float32Array.of(3, 4);
  assert.equal(normalize(vector), vector);
  assert.deepEqual([...vector], [0.6000000238418579, 0.800000011920929]);
});

test('normalize turns a zero vector into the first unit basis vector, not NaN', () => {
  assert.deepEqual([...normalize(new Float32Array(3))], [1, 0, 0]);
});
