import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fuseRankings } from './fuse.js';

describe('fuseRankings', () => {
  test('an item ranked first by every list scores exactly 1', () => {
    const fused = fuseRankings([
      { ids: ['a', 'b', 'c'], weight: 0.7 },
      { ids: ['a', 'c'], weight: 0.3 },
      { ids: ['a'], weight: 0.1 },
    ]);
    assert.equal(fused[0]!.id, 'a');
    assert.equal(fused[0]!.score, 1);
  });

  test('sums weight / (k + rank) and divides by the maximum attainable', () => {
    const fused = fuseRankings(
      [
        { ids: ['a', 'b'], weight: 2 },
        { ids: ['b', 'c'], weight: 1 },
      ],
      10,
    );
    const maximum = 2 / 11 + 1 / 11;
    assert.deepEqual(fused.map((item) => item.id), ['b', 'a', 'c']);
    assert.equal(fused[0]!.score, (2 / 12 + 1 / 11) / maximum);
    assert.equal(fused[1]!.score, 2 / 11 / maximum);
    assert.equal(fused[2]!.score, 1 / 12 / maximum);
  });

  test('uses k = 60 by default', () => {
    const [only] = fuseRankings([
      { ids: ['x', 'y'], weight: 1 },
      { ids: ['y'], weight: 1 },
    ]).filter((item) => item.id === 'x');
    assert.equal(only!.score, 1 / 61 / (2 / 61));
  });

  test('a weight of 0 removes a list from the ranking and from the maximum', () => {
    const fused = fuseRankings([
      { ids: ['a', 'b'], weight: 1 },
      { ids: ['c', 'b'], weight: 0 },
    ]);
    assert.deepEqual(fused, [
      { id: 'a', score: 1 },
      { id: 'b', score: 1 / 62 / (1 / 61) },
    ]);
  });

  test('equal scores fall back to the best single rank, then to the id', () => {
    const sameRank = fuseRankings([
      { ids: ['z'], weight: 1 },
      { ids: ['m'], weight: 1 },
    ]);
    assert.deepEqual(sameRank.map((item) => item.id), ['m', 'z']);
    assert.equal(sameRank[0]!.score, sameRank[1]!.score);

    // With k = 0, `a` at rank 2 of a list weighing 2 earns 2 / 2, exactly what `b` at rank 1 of a list weighing 1 earns.
    const sameScore = fuseRankings(
      [
        { ids: ['z', 'a'], weight: 2 },
        { ids: ['b'], weight: 1 },
      ],
      0,
    );
    assert.deepEqual(sameScore.map((item) => item.id), ['z', 'b', 'a']);
    assert.equal(sameScore[1]!.score, sameScore[2]!.score);
  });

  test('an id listed twice in one list counts once, at its better rank', () => {
    const fused = fuseRankings([{ ids: ['a', 'b', 'a'], weight: 1 }]);
    assert.deepEqual(fused, [
      { id: 'a', score: 1 },
      { id: 'b', score: 1 / 62 / (1 / 61) },
    ]);
  });

  test('no lists, empty lists or only zero weights give nothing', () => {
    assert.deepEqual(fuseRankings([]), []);
    assert.deepEqual(fuseRankings([{ ids: [], weight: 1 }]), []);
    assert.deepEqual(fuseRankings([{ ids: ['a'], weight: 0 }]), []);
  });

  test('scores stay within 0..1 and descend', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `d${i}`);
    const fused = fuseRankings([
      { ids, weight: 0.6 },
      { ids: [...ids].reverse(), weight: 0.4 },
    ]);
    assert.equal(fused.length, 100);
    for (let i = 0; i < fused.length; i++) {
      assert.ok(fused[i]!.score > 0 && fused[i]!.score <= 1);
      if (i > 0) assert.ok(fused[i - 1]!.score >= fused[i]!.score);
    }
  });
});
