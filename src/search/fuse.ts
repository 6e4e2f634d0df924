// Fusion of the keyword and vector candidate lists into one ranking whose scores lie in 0..1, so that
// a `score_threshold` means the same whatever the weights, and 1 means first on every side.
//
// Two functions, chosen by the store's embedder (see search-service.ts):
// - Weighted reciprocal rank fusion reads only ranks, so it needs no calibration between BM25 scores
//   and a model's cosines, whose spread differs from one model to the next. When the two retrievers are
//   of comparable strength, fusing them ranks above either alone: Cormack et al. (SIGIR 2009) for RRF
//   itself; BM25 + DPR hybrids in Ma et al.'s DPR replication (2021); BM25 + dense retrievers on MS MARCO
//   and BEIR in Bruch et al. (ACM TOIS 2023), where both rank fusion and a convex combination beat each
//   retriever. A model about as good as BM25 on a store's text (SciFact: BM25 0.665-0.687, bge-small
//   0.713) is that case, and gets an equal say.
// - A convex combination of scores normalised by each list's best reads margins. A side's say over two
//   items is proportional to how far apart it scores them, so with a small weight the vector side
//   reorders only keyword hits whose BM25 scores are close, and fills in after the weak ones; a clear
//   BM25 lead stands. Rank fusion cannot do that: a rank step is worth the same whether BM25 separates
//   two items by a hair or by half its score, so even a light vector side overturns clear keyword
//   leads. This is what an embedder much weaker than BM25 needs.

export type Ranking = { ids: string[]; weight: number };
export type ScoredList = { hits: Array<{ id: string; score: number }>; weight: number };
export type FusedResult = { id: string; score: number };

type Tally = { id: string; score: number; bestRank: number; lastList: number };

type List = { items: Array<{ id: string }>; weight: number };

/** Sums what each item earns in each list that takes part (weight above 0), counting an id once per list, at its first (best) place. */
function tally<L extends List>(lists: L[], earned: (item: L['items'][number], index: number, list: L) => number) {
  const tallies = new Map<string, Tally>();
  lists.forEach((current, list) => {
    if (!(current.weight > 0)) return;
    current.items.forEach((item, index) => {
      const rank = index + 1;
      const entry = tallies.get(item.id);
      if (entry === undefined) {
        tallies.set(item.id, { id: item.id, score: earned(item, index, current), bestRank: rank, lastList: list });
      } else if (entry.lastList !== list) {
        entry.score += earned(item, index, current);
        entry.bestRank = Math.min(entry.bestRank, rank);
        entry.lastList = list;
      }
    });
  });
  return tallies;
}

/** Best score first; equal scores by the best single rank, then by id, so the order never depends on input order. */
function ranked(tallies: Map<string, Tally>, maximum: number): FusedResult[] {
  return [...tallies.values()]
    .sort((a, b) => b.score - a.score || a.bestRank - b.bestRank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ id, score }) => ({ id, score: score / maximum }));
}

// An item at rank r (from 1) in a list of weight w earns w / (k + r). The score is the sum over lists,
// divided by what an item ranked first in every list would earn, so such an item scores exactly 1.
// A list of weight 0 (or less) takes no part. An id listed twice in one list counts at its better rank.
export function fuseRankings(rankings: Ranking[], k = 60): FusedResult[] {
  const lists = rankings.map(({ ids, weight }) => ({ items: ids.map((id) => ({ id })), weight }));
  // Summed in the same order as each item's score, so a first-everywhere item divides to exactly 1.
  const maximum = lists.reduce((sum, { weight }) => (weight > 0 ? sum + weight / (k + 1) : sum), 0);
  return ranked(tally(lists, (_, index, { weight }) => weight / (k + index + 1)), maximum);
}

// An item with score s in a list whose best score is top earns w * max(s, 0) / top: 0 is the floor of
// both sides (BM25 is never negative; a cosine of 0 or below says the texts are unrelated), and the list's
// best is its ceiling. An item missing from a list earns nothing from it. The sum is divided by the total
// weight, so an item best in every list scores 1. Lists must come best first, as search returns them.
export function fuseScores(lists: ScoredList[]): FusedResult[] {
  const normalised = lists.map(({ hits, weight }) => ({ items: hits, weight, top: Math.max(0, hits[0]?.score ?? 0) }));
  const maximum = normalised.reduce((sum, { weight }) => (weight > 0 ? sum + weight : sum), 0);
  const tallies = tally(normalised, (item, _, { weight, top }) => (top > 0 ? (weight * Math.max(0, item.score)) / top : 0));
  // An item that earns nothing anywhere (a negative cosine, and no keyword match) is not a match.
  return ranked(tallies, maximum).filter((item) => item.score > 0);
}
