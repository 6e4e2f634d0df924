// Every position here is a byte offset into a UTF-8 buffer. A cut at position p splits the bytes into
// [.., p) and [p, ..). Only ASCII whitespace counts: it is one byte, so a cut next to it is always
// between characters.

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

function isWhitespace(byte: number): boolean {
  return byte === SPACE || (byte >= TAB && byte <= CR);
}

// UTF-8 continuation bytes are 0b10xxxxxx; every other byte starts a character.
function isCharStart(bytes: Uint8Array, position: number): boolean {
  return position >= bytes.length || (bytes[position] & 0xc0) !== 0x80;
}

export function charStartAtOrBefore(bytes: Uint8Array, position: number): number {
  while (position > 0 && !isCharStart(bytes, position)) position--;
  return position;
}

export function charStartAtOrAfter(bytes: Uint8Array, position: number): number {
  while (!isCharStart(bytes, position)) position++;
  return position;
}

// Ranks of the places a chunk may end, best last.
const SPACE_CUT = 1;
const SENTENCE_CUT = 2;
const LINE_CUT = 3;
const PARAGRAPH_CUT = 4;

function cutRank(bytes: Uint8Array, position: number): number {
  const byte = bytes[position];
  if (!isWhitespace(byte)) return 0;
  if (byte === LF) {
    // A blank line, possibly holding spaces or a CR, ends a paragraph.
    let before = position - 1;
    while (before >= 0 && bytes[before] !== LF && isWhitespace(bytes[before])) before--;
    return before >= 0 && bytes[before] === LF ? PARAGRAPH_CUT : LINE_CUT;
  }
  const previous = bytes[position - 1];
  // '.', '!' or '?'
  if (previous === 0x2e || previous === 0x21 || previous === 0x3f) return SENTENCE_CUT;
  return SPACE_CUT;
}

/**
 * The best place in [from, to] to end a chunk: the latest paragraph break, else line break, else
 * sentence end, else space. Undefined when the range holds no whitespace. `from` must be > 0.
 */
export function naturalEnd(bytes: Uint8Array, from: number, to: number): number | undefined {
  let best: number | undefined;
  let bestRank = 0;
  for (let position = Math.min(to, bytes.length - 1); position >= from; position--) {
    const rank = cutRank(bytes, position);
    if (rank > bestRank) {
      best = position;
      bestRank = rank;
      if (rank === PARAGRAPH_CUT) break;
    }
  }
  return best;
}

/**
 * The first position in [from, to] where a chunk may start without splitting a word: next to
 * whitespace (leading whitespace is trimmed off the chunk). Undefined when there is none.
 */
export function wordStart(bytes: Uint8Array, from: number, to: number): number | undefined {
  for (let position = from; position <= to; position++) {
    if (position === 0 || isWhitespace(bytes[position - 1]) || isWhitespace(bytes[position])) return position;
  }
  return undefined;
}
