import { charStartAtOrAfter, charStartAtOrBefore, naturalEnd, wordStart } from './boundaries.js';
import { countTokens, encodeTokens, tokenByteOffsets } from './tokenizer.js';

export { countTokens } from './tokenizer.js';

/** In cl100k_base tokens. OpenAI's `auto` strategy is 800 / 400. */
export type ChunkingOptions = { maxTokens: number; overlapTokens: number };

/** `text` is a substring of the chunked text; `tokenCount` is its own cl100k_base token count. */
export type Chunk = { text: string; tokenCount: number };

// A chunk may end this share of its window early to end at a break instead of mid-word, and the next
// chunk may start this share of the overlap late to start at a word.
const BOUNDARY_SLACK = 0.2;

/**
 * Cuts a text into windows of at most `maxTokens` tokens, each starting about `overlapTokens` tokens
 * before the previous one ended. All positions are byte offsets into the text's UTF-8, snapped to
 * character starts, because a token may end inside a multi-byte character.
 */
export function chunkText(text: string, options: ChunkingOptions): Chunk[] {
  const { maxTokens, overlapTokens } = options;
  const whole = text.trim();
  if (whole === '') return [];
  const tokens = encodeTokens(whole);
  if (tokens.length <= maxTokens) return [{ text: whole, tokenCount: tokens.length }];

  const bytes = Buffer.from(whole, 'utf8');
  const offsets = tokenByteOffsets(tokens);
  const endSlack = Math.ceil(maxTokens * BOUNDARY_SLACK);
  const startSlack = Math.max(1, Math.ceil(overlapTokens * BOUNDARY_SLACK));
  const chunks: Chunk[] = [];
  let start = 0;
  for (;;) {
    const startToken = tokenAt(offsets, start);
    let limitToken = Math.min(startToken + maxTokens, tokens.length);
    let end: number;
    let chunk: string;
    let tokenCount: number;
    // Re-encoding a slice can take a token or two more than the slice of the whole text's tokens
    // (its edges tokenize differently), so shrink the window until the real count fits.
    for (;;) {
      end = chooseEnd(bytes, offsets, start, limitToken, endSlack);
      chunk = bytes.toString('utf8', start, end).trim();
      tokenCount = countTokens(chunk);
      if (tokenCount <= maxTokens || limitToken <= startToken + 1) break;
      limitToken = Math.max(startToken + 1, limitToken - (tokenCount - maxTokens));
    }
    if (chunk !== '') chunks.push({ text: chunk, tokenCount });
    if (end >= bytes.length) return chunks;

    const overlapToken = Math.max(0, tokenAt(offsets, end) - overlapTokens);
    const next = charStartAtOrAfter(bytes, offsets[overlapToken]);
    const searchTo = Math.min(end, offsets[Math.min(overlapToken + startSlack, tokens.length)]);
    const nextStart = wordStart(bytes, next, searchTo) ?? next;
    // Always move forward, even if a degenerate window ended before the overlap could begin.
    start = nextStart > start ? nextStart : end;
  }
}

/** Where the chunk that starts at byte `start` ends, given that it may not reach past token `limitToken`. */
function chooseEnd(bytes: Buffer, offsets: Uint32Array, start: number, limitToken: number, slack: number): number {
  const limit = offsets[limitToken];
  if (limit >= bytes.length) return bytes.length;
  const from = Math.max(start + 1, offsets[Math.max(0, limitToken - slack)]);
  const end = naturalEnd(bytes, from, limit) ?? charStartAtOrBefore(bytes, limit);
  return end > start ? end : charStartAtOrAfter(bytes, start + 1);
}

/** The index of the token that holds byte `position`: the last token starting at or before it. */
function tokenAt(offsets: Uint32Array, position: number): number {
  let low = 0;
  let high = offsets.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (offsets[middle] <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}
