import { concat, messageField, stringField, varintField, bytesField } from './protobuf-writer.js';

// Field numbers and enum values from onnx/onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto).
const IR_VERSION = 8;
const OPSET = 13;
const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_INT = 2;

/** TypeProto for a tensor whose dimensions are named (symbolic) or fixed. */
function tensorType(elemType: number, dims: (string | number)[]): Uint8Array[] {
  const shape = dims.map((dim) => messageField(1, [typeof dim === 'string' ? stringField(2, dim) : varintField(1, dim)]));
  return [messageField(1, [varintField(1, elemType), messageField(2, shape)])];
}

const valueInfo = (name: string, elemType: number, dims: (string | number)[]) =>
  [stringField(1, name), messageField(2, tensorType(elemType, dims))];

/**
 * An ONNX model (ir_version 8, opset 13) shaped like a BERT encoder's outside: int64 `input_ids`,
 * `attention_mask` and `token_type_ids` [batch, sequence] in, float `last_hidden_state`
 * [batch, sequence, hidden] out. Inside it only looks up each token's row of `table` (a Gather), so
 * mean pooling gives the average of a text's token vectors. The mask and type inputs are declared,
 * as a BERT export declares them, and left unused.
 */
export function encodeEmbeddingTableModel(table: Float32Array, vocabSize: number, hiddenSize: number): Uint8Array {
  const initializer = [
    varintField(1, vocabSize),
    varintField(1, hiddenSize),
    varintField(2, FLOAT),
    stringField(8, 'embeddings'),
    bytesField(9, new Uint8Array(table.buffer, table.byteOffset, table.byteLength)),
  ];
  const gather = [
    stringField(1, 'embeddings'),
    stringField(1, 'input_ids'),
    stringField(2, 'last_hidden_state'),
    stringField(3, 'lookup'),
    stringField(4, 'Gather'),
    messageField(5, [stringField(1, 'axis'), varintField(3, 0), varintField(20, ATTRIBUTE_INT)]),
  ];
  const tokens = ['batch_size', 'sequence_length'];
  const graph = [
    messageField(1, gather),
    stringField(2, 'tiny-bert'),
    messageField(5, initializer),
    messageField(11, valueInfo('input_ids', INT64, tokens)),
    messageField(11, valueInfo('attention_mask', INT64, tokens)),
    messageField(11, valueInfo('token_type_ids', INT64, tokens)),
    messageField(12, valueInfo('last_hidden_state', FLOAT, [...tokens, hiddenSize])),
  ];
  return concat([
    varintField(1, IR_VERSION),
    stringField(2, 'trove-tests'),
    messageField(7, graph),
    messageField(8, [stringField(1, ''), varintField(2, OPSET)]),
  ]);
}
