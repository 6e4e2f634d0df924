import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeEmbeddingTableModel } from './embedding-table-onnx.js';

export type TinyOnnxModelOptions = {
  /** The vocabulary is every word and punctuation mark of these texts; other words become [UNK]. */
  texts: string[];
  /** Components per vector. */
  hiddenSize?: number;
  /** Written to sentence-transformers' `1_Pooling/config.json`. */
  pooling?: 'mean' | 'cls';
  /** Tokens per text, [CLS] and [SEP] included, after which the tokenizer truncates. */
  maxLength?: number;
};

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];

/**
 * Writes a tiny sentence-transformers-style model folder that transformers.js loads offline: a BERT
 * WordPiece tokenizer over a vocabulary taken from `texts`, and `onnx/model.onnx`, whose token vectors
 * are deterministic pseudo-random rows (zero for the special tokens). Mean-pooled, texts that share
 * words get similar vectors: a bag of words, with no meaning. Generated, so tests need no download.
 */
export function writeTinyOnnxModel(folder: string, options: TinyOnnxModelOptions): void {
  const hiddenSize = options.hiddenSize ?? 32;
  const words = new Set(options.texts.flatMap((text) => text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []));
  const vocabulary = [...SPECIAL_TOKENS, ...[...words].sort()];

  const table = new Float32Array(vocabulary.length * hiddenSize);
  vocabulary.forEach((token, id) => {
    if (SPECIAL_TOKENS.includes(token)) return;
    const random = mulberry32(fnv1a(token));
    for (let i = 0; i < hiddenSize; i++) table[id * hiddenSize + i] = random() * 2 - 1;
  });

  mkdirSync(join(folder, 'onnx'), { recursive: true });
  mkdirSync(join(folder, '1_Pooling'), { recursive: true });
  const writeJson = (name: string, value: unknown) => writeFileSync(join(folder, name), JSON.stringify(value, null, 2));
  writeJson('config.json', {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: hiddenSize,
    vocab_size: vocabulary.length,
    max_position_embeddings: options.maxLength ?? 128,
    num_attention_heads: 1,
    num_hidden_layers: 1,
  });
  writeJson('tokenizer.json', wordPieceTokenizer(vocabulary));
  writeJson('tokenizer_config.json', {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: options.maxLength ?? 128,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
  });
  writeJson('1_Pooling/config.json', {
    word_embedding_dimension: hiddenSize,
    pooling_mode_cls_token: options.pooling === 'cls',
    pooling_mode_mean_tokens: options.pooling !== 'cls',
  });
  writeFileSync(join(folder, 'onnx', 'model.onnx'), encodeEmbeddingTableModel(table, vocabulary.length, hiddenSize));
}

/** The `tokenizer.json` of a lower-casing BERT WordPiece tokenizer (Hugging Face tokenizers format). */
function wordPieceTokenizer(vocabulary: string[]) {
  const id = (token: string) => vocabulary.indexOf(token);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', id('[SEP]')], cls: ['[CLS]', id('[CLS]')] },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary.map((token, i) => [token, i])),
    },
  };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A small seeded PRNG (uniform in [0, 1)), so the same word gets the same vector in every generated model. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
