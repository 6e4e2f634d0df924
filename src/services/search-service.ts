import type { SearchBody } from '../api/requests.js';
import type { EmbedderCatalog } from '../embed/catalog.js';
import { timeSearchStage, timeSearchStageSync } from '../observability/metrics.js';
import type { Attributes, FilterNode } from '../storage/filter.js';
import type { ScoredChunk, Store } from '../storage/store.js';
import { matchesFilter, parseFilter } from '../search/filter.js';
import { fuseRankings, fuseScores, type FusedResult } from '../search/fuse.js';
import { buildKeywordQuery } from '../search/keyword-query.js';
import { textToEmbed } from '../search/query-bounds.js';
import { rewriteQuery } from '../search/rewrite-query.js';
import type { VectorIndex } from '../search/vector-index.js';
import { nowSeconds } from './limits.js';
import type { VectorStoreService } from './vector-store-service.js';

export type SearchHit = { fileId: string; filename: string; score: number; attributes: Attributes | null; text: string };
export type SearchOutcome = { searchQuery: string[]; hits: SearchHit[] };

const DEFAULT_RESULTS = 10;

/**
 * The embedding side's weight when a search names none; the text side's is 1. The bundled Universal
 * Sentence Encoder retrieves far worse than BM25 (nDCG@10 0.225 against 0.686 on SciFact, 0.175 against
 * 0.433 on NPL), so it gets a tenth of the say: with score fusion (below) it reorders two keyword hits
 * only where their BM25 scores differ by less than a tenth of the best one's, adds matches in meaning
 * after the weak keyword matches, and ranks alone when nothing matches by keyword. Other embedders get
 * an equal say.
 */
const DEFAULT_EMBEDDING_WEIGHT: Record<string, number> = { default: 0.1 };

/**
 * Embedders whose stores fuse normalised scores rather than ranks (see search/fuse.ts). Rank fusion
 * lets even a light vector side overturn clear BM25 leads: at weight 0.1 hybrid search on the bundled
 * encoder scored 0.646 and 0.432 nDCG@10 on SciFact and NPL against keyword search's 0.686 and 0.433;
 * score fusion at the same weight scores 0.687 and 0.436. Models about as good as BM25 keep rank fusion,
 * which needs no calibration of their cosines against BM25 and lifts hybrid search above both sides.
 */
const SCORE_FUSION = new Set(['default']);

export const defaultEmbeddingWeight = (provider: string): number => DEFAULT_EMBEDDING_WEIGHT[provider] ?? 1;

const asHits = (chunks: ScoredChunk[]) => chunks.map((c) => ({ id: String(c.id), score: c.score }));

function fuse(scoreFusion: boolean, keyword: ScoredChunk[], vector: ScoredChunk[], weights: { vector: number; keyword: number }): FusedResult[] {
  if (scoreFusion) {
    return fuseScores([
      { hits: asHits(vector), weight: weights.vector },
      { hits: asHits(keyword), weight: weights.keyword },
    ]);
  }
  return fuseRankings([
    { ids: vector.map((c) => String(c.id)), weight: weights.vector },
    { ids: keyword.map((c) => String(c.id)), weight: weights.keyword },
  ]);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

/** Candidates taken from each side before fusion: enough that fusion can reorder, few enough to stay fast. */
const candidatesFor = (results: number) => Math.max(50, results * 4);

export function createSearchService(store: Store, vectorStores: VectorStoreService, embedders: EmbedderCatalog, index: VectorIndex) {
  return {
    async search(projectId: string, storeId: string, body: SearchBody): Promise<SearchOutcome> {
      const filter: FilterNode | null = body.filters == null ? null : parseFilter(body.filters);
      const vectorStore = await vectorStores.requireActive(projectId, storeId);
      const asked = (Array.isArray(body.query) ? body.query : [body.query]).filter((q) => q.trim() !== '');
      const queries = body.rewrite_query ? asked.map(rewriteQuery) : asked;
      const maxResults = body.max_num_results ?? DEFAULT_RESULTS;
      const threshold = body.ranking_options?.score_threshold ?? 0;
      const weights = {
        vector: body.ranking_options?.hybrid_search?.embedding_weight ?? defaultEmbeddingWeight(vectorStore.embedder.provider),
        keyword: body.ranking_options?.hybrid_search?.text_weight ?? 1,
      };
      await store.vectorStores.touch(storeId, nowSeconds());

      // Filters select files before ranking, so a filtered search is never a post-filtered top-k.
      const files = new Map((await store.storeFiles.searchable(storeId)).map((f) => [f.fileId, f]));
      // No filter: every indexed chunk belongs to a completed file, so the vector side needs no file set.
      const allowed = filter ? new Set([...files.keys()].filter((id) => matchesFilter(files.get(id)!.attributes, filter))) : null;
      if ((allowed ?? files).size === 0 || queries.length === 0) return { searchQuery: queries, hits: [] };

      const embedder = embedders.forStore(vectorStore.embedder);
      const k = candidatesFor(maxResults);
      const scoreFusion = SCORE_FUSION.has(vectorStore.embedder.provider);
      const best = new Map<number, number>(); // chunk id -> best fused score over the queries
      for (const query of queries) {
        const match = buildKeywordQuery(query);
        const [keyword, semantic] = await Promise.all([
          match === null || weights.keyword === 0 ? [] : timeSearchStage('keyword', () => store.chunks.keyword(storeId, match, k, allowed ? [...allowed] : undefined)),
          weights.vector === 0
            ? null
            : embedder.embedQuery(textToEmbed(query)).then(async (vector) => ({ vector, hits: await timeSearchStage('vector', () => index.search(storeId, vector, k, allowed)) })),
        ]);
        let vector = semantic?.hits ?? [];
        // Score fusion weighs every candidate on both sides: a keyword hit outside the vector side's top k
        // gets its own cosine, not a 0 that would sink it below keyword hits that happen to be inside.
        if (scoreFusion && semantic !== null && keyword.length > 0) {
          const listed = new Set(vector.map((c) => c.id));
          const rows = await store.chunks.vectors(storeId, keyword.filter((c) => !listed.has(c.id)).map((c) => c.id));
          vector = [...vector, ...rows.map((r) => ({ id: r.id, score: dot(r.vector, semantic.vector) }))].sort((a, b) => b.score - a.score);
        }
        const fused = timeSearchStageSync('fusion', () => fuse(scoreFusion, keyword, vector, weights));
        for (const { id, score } of fused) best.set(Number(id), Math.max(best.get(Number(id)) ?? 0, score));
      }

      const ranked = [...best.entries()]
        .filter(([, score]) => score >= threshold && score > 0)
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, maxResults);
      const chunks = new Map((await store.chunks.get(ranked.map(([id]) => id))).map((c) => [c.id, c]));
      const hits: SearchHit[] = [];
      for (const [id, score] of ranked) {
        const chunk = chunks.get(id);
        const file = chunk && files.get(chunk.fileId);
        if (!chunk || !file || (allowed && !allowed.has(file.fileId))) continue; // detached while we searched
        hits.push({ fileId: file.fileId, filename: file.filename, score, attributes: file.attributes, text: chunk.text });
      }
      return { searchQuery: queries, hits };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
