import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeHalf, HALF_TO_FLOAT, toHalf } from './half-float.js';

test('every binary16 value encodes back to its own bits', () => {
  for (let h = 0; h < 0x10000; h += 1) {
    const value = HALF_TO_FLOAT[h]!;
    if (Number.isNaN(value)) assert.equal(toHalf(value) & 0x7c00, 0x7c00);
    else assert.equal(toHalf(value), h, `pattern ${h.toString(16)}`);
  }
});

test('known values decode exactly', () => {
  assert.equal(HALF_TO_FLOAT[0x3c00], 1);
  assert.equal(HALF_TO_FLOAT[0xc000], -2);
  assert.equal(HALF_TO_FLOAT[0x7bff], 65504);
  assert.equal(HALF_TO_FLOAT[0x0001], 2 ** -24);
  assert.equal(HALF_TO_FLOAT[0x7c00], Infinity);
});

test('encoding rounds to nearest, ties to even, and saturates to infinity', () => {
  const ulp = 2 ** -10; // spacing of binary16 values in [1, 2)
  assert.equal(toHalf(1 + ulp / 2), 0x3c00); // tie: stays on the even pattern
  assert.equal(toHalf(1 + (3 * ulp) / 2), 0x3c02); // tie: goes up to the even pattern
  assert.equal(toHalf(1 + ulp * 0.51), 0x3c01);
  assert.equal(toHalf(2 ** -25), 0); // tie between 0 and the smallest subnormal
  assert.equal(toHalf(2 ** -25 * 1.01), 1);
  assert.equal(toHalf(65520), 0x7c00);
  assert.equal(toHalf(-1e9), 0xfc00);
  assert.equal(toHalf(-0), 0x8000);
});

test('embedding-sized components keep about three significant digits', () => {
  const source = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 0.2);
  const half = new Uint16Array(1000);
  encodeHalf(source, half, 0);
  source.forEach((x, i) => assert.ok(Math.abs(HALF_TO_FLOAT[half[i]!]! - x) <= Math.abs(x) * 2 ** -11 + 2 ** -25));
});
