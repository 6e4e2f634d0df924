import { bytesField, concat, floatField, messageField, stringField, varintField, type Encoded } from './protobuf-writer.js';

// Field numbers and enum values from onnx/onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto).
const IR_VERSION = 8;
/** 17 is the first opset with LayerNormalization. */
const OPSET = 17;
export const FLOAT = 1;
export const INT64 = 7;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

/** A dimension is fixed (a number) or named and free (a string, such as `batch`). */
export type Dimension = number | string;
export type Attribute = number | number[] | { float: number };

/**
 * Builds an ONNX model one operator at a time, for a network whose weights come from elsewhere (as
 * written by another framework) and that onnxruntime should run. Each `op` returns the name of its
 * output, so a network reads as nested calls.
 */
export class OnnxGraph {
  private readonly nodes: Encoded[] = [];
  private readonly initializers: Encoded[] = [];
  private readonly inputs: Encoded[] = [];
  private readonly outputs: Encoded[] = [];
  private count = 0;

  input(name: string, elemType: number, dims: Dimension[]): string {
    this.inputs.push(messageField(11, valueInfo(name, elemType, dims)));
    return name;
  }

  output(value: string, name: string, elemType: number, dims: Dimension[]): void {
    this.op('Identity', [value], {}, name);
    this.outputs.push(messageField(12, valueInfo(name, elemType, dims)));
  }

  floats(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push(tensor(name, dims, FLOAT, new Uint8Array(values.buffer, values.byteOffset, values.byteLength)));
    return name;
  }

  /** A 1-d int64 constant, as shape, axis and split operands are. */
  int64s(values: number[]): string {
    const name = `const_${this.count++}`;
    const data = BigInt64Array.from(values, (value) => BigInt(value));
    this.initializers.push(tensor(name, [values.length], INT64, new Uint8Array(data.buffer)));
    return name;
  }

  op(type: string, inputs: string[], attributes: Record<string, Attribute> = {}, output = `${type}_${this.count++}`): string {
    return this.opWithOutputs(type, inputs, 1, attributes, output)[0];
  }

  opWithOutputs(type: string, inputs: string[], outputCount: number, attributes: Record<string, Attribute> = {}, output = `${type}_${this.count++}`): string[] {
    const outputs = Array.from({ length: outputCount }, (_, i) => (outputCount === 1 ? output : `${output}_${i}`));
    this.nodes.push(
      messageField(1, [
        ...inputs.map((input) => stringField(1, input)),
        ...outputs.map((name) => stringField(2, name)),
        stringField(3, output),
        stringField(4, type),
        ...Object.entries(attributes).map(([name, value]) => attribute(name, value)),
      ]),
    );
    return outputs;
  }

  encode(name: string): Uint8Array {
    const graph = [...this.nodes, stringField(2, name), ...this.initializers, ...this.inputs, ...this.outputs];
    return concat([varintField(1, IR_VERSION), stringField(2, 'trove'), messageField(7, graph), messageField(8, [stringField(1, ''), varintField(2, OPSET)])]);
  }
}

function tensor(name: string, dims: number[], elemType: number, bytes: Uint8Array): Encoded {
  return messageField(5, [...dims.map((dim) => varintField(1, dim)), varintField(2, elemType), stringField(8, name), bytesField(9, bytes)]);
}

function attribute(name: string, value: Attribute): Encoded {
  if (typeof value === 'number') return messageField(5, [stringField(1, name), varintField(3, value), varintField(20, ATTRIBUTE_INT)]);
  if (Array.isArray(value)) return messageField(5, [stringField(1, name), ...value.map((v) => varintField(8, v)), varintField(20, ATTRIBUTE_INTS)]);
  return messageField(5, [stringField(1, name), floatField(2, value.float), varintField(20, ATTRIBUTE_FLOAT)]);
}

/** The fields of a ValueInfoProto: a graph input's or output's name and tensor type. */
function valueInfo(name: string, elemType: number, dims: Dimension[]): Encoded[] {
  const shape = dims.map((dim) => messageField(1, [typeof dim === 'string' ? stringField(2, dim) : varintField(1, dim)]));
  return [stringField(1, name), messageField(2, [messageField(1, [varintField(1, elemType), messageField(2, shape)])])];
}
