// Weighted reciprocal rank fusion: merges ranked candidate lists (vector, keyword) into one ranking
// whose scores lie in 0..1, so that a `score_threshold` means the same whatever the weights.

export type Ranking = { ids: string[]; weight: number };
export type FusedResult = { id: string; score: number };

type Tally = { id: string; score: number; bestRank: number; lastList: number };

// An item at rank r (from 1) in a list of weight w earns w / (k + r). The score is the sum over lists,
// divided by what an item ranked first in every list would earn, so such an item scores exactly 1.
// A list of weight 0 (or less) takes no part. An id listed twice in one list counts at its better rank.
export function fuseRankings(rankings: Ranking[], k = 60): FusedResult[] {
  const tallies = new Map<string, Tally>();
  let maximum = 0;
  rankings.forEach(({ ids, weight }, list) => {
    if (!(weight > 0)) return;
    // Summed in the same order as each item's score, so a first-everywhere item divides to exactly 1.
    maximum += weight / (k + 1);
    ids.forEach((id, index) => {
      const rank = index + 1;
      const tally = tallies.get(id);
      if (tally === undefined) {
        tallies.set(id, { id, score: weight / (k + rank), bestRank: rank, lastList: list });
      } else if (tally.lastList !== list) {
        tally.score += weight / (k + rank);
        tally.bestRank = Math.min(tally.bestRank, rank);
        tally.lastList = list;
      }
    });
  });
  return [...tallies.values()]
    .sort((a, b) => b.score - a.score || a.bestRank - b.bestRank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ id, score }) => ({ id, score: score / maximum }));
}
