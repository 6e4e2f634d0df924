import type { ChunkingStrategyParam } from '../api/requests.js';
import { invalid } from '../errors.js';
import type { ChunkingOptions } from '../storage/store.js';

/** OpenAI's `auto` strategy today. */
export const AUTO_CHUNKING: ChunkingOptions = { maxTokens: 800, overlapTokens: 400 };

/** Resolves a request's chunking_strategy; the schema checked the ranges, this checks overlap ≤ half. */
export function toChunking(param: ChunkingStrategyParam | undefined, name = 'chunking_strategy'): ChunkingOptions {
  if (param === undefined || param.type === 'auto') return AUTO_CHUNKING;
  const { max_chunk_size_tokens: maxTokens, chunk_overlap_tokens: overlapTokens } = param.static;
  if (overlapTokens > maxTokens / 2) {
    throw invalid(
      `Invalid '${name}.static.chunk_overlap_tokens': the overlap (${overlapTokens}) must not exceed half of max_chunk_size_tokens (${maxTokens}).`,
      `${name}.static.chunk_overlap_tokens`,
    );
  }
  return { maxTokens, overlapTokens };
}
