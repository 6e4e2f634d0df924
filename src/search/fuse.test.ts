import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from '../../test/support/random.js';
import { fuseRankings, fuseScores } from './fuse.js';

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

describe('fuseScores', () => {
  const hits = (...pairs: Array<[string, number]>) => pairs.map(([id, score]) => ({ id, score }));

  test('each side weighs its score against its best, and the sum is divided by the total weight', () => {
    const fused = fuseScores([
      { hits: hits(['a', 0.8], ['b', 0.4]), weight: 0.5 },
      { hits: hits(['b', 12], ['c', 3]), weight: 1 },
    ]);
    assert.deepEqual(fused, [
      { id: 'b', score: (0.5 * 0.5 + 1) / 1.5 },
      { id: 'a', score: 0.5 / 1.5 },
      { id: 'c', score: 0.25 / 1.5 },
    ]);
  });

  test('an item best on every side scores exactly 1', () => {
    const [first] = fuseScores([
      { hits: hits(['a', 0.31], ['b', 0.2]), weight: 0.1 },
      { hits: hits(['a', 7.3], ['b', 7.2]), weight: 1 },
    ]);
    assert.deepEqual(first, { id: 'a', score: 1 });
  });

  test('a keyword lead larger than the vector weight stands, whatever the vector side says', () => {
    const next = seededRandom(7);
    for (let trial = 0; trial < 200; trial += 1) {
      const ids = Array.from({ length: 30 }, (_, i) => `d${i}`);
      const bm25 = ids.map((id) => ({ id, score: next() * 20 })).sort((a, b) => b.score - a.score);
      const cosines = ids.map((id) => ({ id, score: next() * 2 - 1 })).sort((a, b) => b.score - a.score);
      const fused = fuseScores([
        { hits: cosines, weight: 0.1 },
        { hits: bm25, weight: 1 },
      ]);
      const position = new Map(fused.map((item, i) => [item.id, i]));
      const top = bm25[0]!.score;
      for (const ahead of bm25) {
        for (const behind of bm25) {
          if ((ahead.score - behind.score) / top > 0.1) assert.ok(position.get(ahead.id)! < position.get(behind.id)!, `${ahead.id} before ${behind.id}`);
        }
      }
    }
  });

  test('near-equal keyword scores are ordered by the vector side', () => {
    const fused = fuseScores([
      { hits: hits(['c', 0.6], ['b', 0.5], ['a', 0.1]), weight: 0.1 },
      { hits: hits(['a', 10], ['b', 9.99], ['c', 9.98]), weight: 1 },
    ]);
    assert.deepEqual(fused.map((item) => item.id), ['c', 'b', 'a']);
  });

  test('with no keyword match, the vector side ranks alone and its matches are returned', () => {
    const fused = fuseScores([
      { hits: hits(['x', 0.5], ['y', 0.25], ['z', -0.1]), weight: 0.1 },
      { hits: [], weight: 1 },
    ]);
    assert.deepEqual(fused.map((item) => item.id), ['x', 'y']);
    assert.equal(fused[1]!.score, fused[0]!.score / 2);
  });

  test('vector matches fill in after keyword hits far below the best one', () => {
    const fused = fuseScores([
      { hits: hits(['v', 0.5], ['k1', 0.1]), weight: 0.1 },
      { hits: hits(['k1', 10], ['k2', 0.5]), weight: 1 },
    ]);
    assert.deepEqual(fused.map((item) => item.id), ['k1', 'v', 'k2']);
  });

  test('a weight of 0 removes a side, scores and all', () => {
    const fused = fuseScores([
      { hits: hits(['a', 0.9]), weight: 0 },
      { hits: hits(['b', 4], ['c', 2]), weight: 1 },
    ]);
    assert.deepEqual(fused, [
      { id: 'b', score: 1 },
      { id: 'c', score: 0.5 },
    ]);
  });

  test('an id listed twice in one list counts once, at its first place', () => {
    const fused = fuseScores([{ hits: hits(['a', 2], ['b', 1], ['a', 0.5]), weight: 1 }]);
    assert.deepEqual(fused, [
      { id: 'a', score: 1 },
      { id: 'b', score: 0.5 },
    ]);
  });

  test('no lists, empty lists, zero weights or nothing above 0 give nothing', () => {
    assert.deepEqual(fuseScores([]), []);
    assert.deepEqual(fuseScores([{ hits: [], weight: 1 }]), []);
    assert.deepEqual(fuseScores([{ hits: hits(['a', 1]), weight: 0 }]), []);
    assert.deepEqual(fuseScores([{ hits: hits(['a', -0.2], ['b', -0.3]), weight: 1 }]), []);
  });

  test('scores stay within 0..1 and descend', () => {
    const next = seededRandom(3);
    const ids = Array.from({ length: 100 }, (_, i) => `d${i}`);
    const fused = fuseScores([
      { hits: ids.map((id) => ({ id, score: next() })).sort((a, b) => b.score - a.score), weight: 0.3 },
      { hits: ids.slice(0, 60).map((id) => ({ id, score: next() * 9 })).sort((a, b) => b.score - a.score), weight: 1 },
    ]);
    assert.equal(fused.length, 100);
    for (let i = 0; i < fused.length; i++) {
      assert.ok(fused[i]!.score > 0 && fused[i]!.score <= 1);
      if (i > 0) assert.ok(fused[i - 1]!.score >= fused[i]!.score);
    }
  });
});
