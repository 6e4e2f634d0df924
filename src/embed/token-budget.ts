import { encodeTokens, tokenByteOffsets } from '../chunk/tokenizer.js';

/** A text ready to send, with its length in cl100k tokens. */
export type SizedText = { text: string; tokens: number };

/**
 * Cuts `text` to its first `maxTokens` cl100k tokens (what OpenAI's embedding models count), ending
 * on a whole character. Shorter texts come back unchanged.
 */
export function truncateToTokens(text: string, maxTokens: number): SizedText {
  const tokens = encodeTokens(text);
  if (tokens.length <= maxTokens) return { text, tokens: tokens.length };
  const bytes = Buffer.from(text, 'utf8');
  let end = tokenByteOffsets(tokens)[maxTokens];
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // a token may end inside a multi-byte character
  return { text: bytes.subarray(0, end).toString('utf8'), tokens: maxTokens };
}

export type BatchLimits = { maxTokens: number; maxTexts: number };

/**
 * Where the batch that starts at `start` ends (exclusive): as many texts as fit in both limits, and
 * always at least one, so a single text over the token budget still goes out alone.
 */
export function batchEnd(sizes: (index: number) => number, start: number, count: number, limits: BatchLimits): number {
  let end = start;
  let tokens = 0;
  while (end < count && end - start < limits.maxTexts) {
    const size = sizes(end);
    if (end > start && tokens + size > limits.maxTokens) break;
    tokens += size;
    end++;
  }
  return end;
}
