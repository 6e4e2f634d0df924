import { decode, encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { get_encoding, type Tiktoken } from 'tiktoken';

// Encoding uses gpt-tokenizer: the same cl100k_base ids as tiktoken, about 4x faster on this machine
// (0.09 ms against 0.38 ms per 2 KB text), and tokenizing is the costliest step of ingesting small files.
// tiktoken stays for one thing gpt-tokenizer does not offer: the raw bytes of a token id.

// Building a tiktoken encoder loads the cl100k vocabulary (~200 ms), so one is made on first use and
// kept for the life of the process.
let encoder: Tiktoken | undefined;

function cl100k(): Tiktoken {
  encoder ??= get_encoding('cl100k_base');
  return encoder;
}

// cl100k_base token ids run 0..100276 (ordinary tokens, then the special ones).
const CL100K_ID_COUNT = 100_277;

// Byte length of each token id, learned on first sight: one WASM call per token costs about as much as
// encoding the text, but a text reuses few distinct tokens. 0 means "not seen yet" (no token is empty).
const byteLengths = new Uint16Array(CL100K_ID_COUNT);

const ORDINARY = { disallowedSpecial: new Set<string>(), allowedSpecial: new Set<string>() };

/** Special-token markup such as `<|endoftext|>` in user text is encoded as ordinary text, never rejected. */
export function encodeTokens(text: string): Uint32Array {
  return Uint32Array.from(encode(text, ORDINARY));
}

export function countTokens(text: string): number {
  return encodeTokens(text).length;
}

/** The text of cl100k_base token ids; undefined when an id is not one of the vocabulary's. */
export function decodeTokens(ids: readonly number[]): string | undefined {
  if (ids.some((id) => !Number.isInteger(id) || id < 0 || id >= CL100K_ID_COUNT)) return undefined;
  return decode(ids);
}

/**
 * Where each token starts in the text's UTF-8 bytes: entry i is the byte offset of token i, and the
 * final extra entry is the total byte length. A token may start inside a multi-byte character.
 */
export function tokenByteOffsets(tokens: Uint32Array): Uint32Array {
  const offsets = new Uint32Array(tokens.length + 1);
  let offset = 0;
  for (let i = 0; i < tokens.length; i++) {
    const id = tokens[i];
    let length = byteLengths[id];
    if (length === 0) {
      length = cl100k().decode_single_token_bytes(id).length;
      byteLengths[id] = length;
    }
    offsets[i] = offset;
    offset += length;
  }
  offsets[tokens.length] = offset;
  return offsets;
}
