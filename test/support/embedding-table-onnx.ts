import { FLOAT, INT64, OnnxGraph } from '../../src/embed/onnx-graph.js';

/**
 * An ONNX model shaped like a BERT encoder's outside: int64 `input_ids`, `attention_mask` and
 * `token_type_ids` [batch, sequence] in, float `last_hidden_state` [batch, sequence, hidden] out.
 * Inside it only looks up each token's row of `table` (a Gather), so mean pooling gives the average
 * of a text's token vectors. The mask and type inputs are declared, as a BERT export declares them,
 * and left unused.
 */
export function encodeEmbeddingTableModel(table: Float32Array, vocabSize: number, hiddenSize: number): Uint8Array {
  const graph = new OnnxGraph();
  const tokens = ['batch_size', 'sequence_length'];
  const ids = graph.input('input_ids', INT64, tokens);
  graph.input('attention_mask', INT64, tokens);
  graph.input('token_type_ids', INT64, tokens);
  const lookup = graph.op('Gather', [graph.floats('embeddings', [vocabSize, hiddenSize], table), ids], { axis: 0 });
  graph.output(lookup, 'last_hidden_state', FLOAT, [...tokens, hiddenSize]);
  return graph.encode('tiny-bert');
}
