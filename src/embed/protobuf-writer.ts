/**
 * Just enough of the protobuf wire format to write an ONNX model: varints, floats, length-delimited
 * fields and nested messages. A field helper returns its encoding as a list of byte pieces; a message
 * is the concatenation of its fields. The pieces are joined once, by `concat`, so that tens of MB of
 * weights are not copied again at every level of nesting.
 * https://protobuf.dev/programming-guides/encoding/
 */
export type Encoded = { pieces: Uint8Array[]; length: number };

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

function varint(value: number | bigint): Uint8Array {
  // Negative int64 values are written as their 64-bit two's complement, ten bytes long.
  let rest = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest === 0n ? low : low | 0x80);
  } while (rest !== 0n);
  return Uint8Array.from(bytes);
}

const tag = (field: number, wireType: number) => varint((field << 3) | wireType);

const encoded = (pieces: Uint8Array[]): Encoded => ({ pieces, length: pieces.reduce((sum, piece) => sum + piece.length, 0) });

/** The bytes of a message made of `fields`. */
export function concat(fields: Encoded[]): Uint8Array {
  return Buffer.concat(fields.flatMap((field) => field.pieces));
}

export const varintField = (field: number, value: number | bigint): Encoded => encoded([tag(field, VARINT), varint(value)]);

export const bytesField = (field: number, bytes: Uint8Array): Encoded => encoded([tag(field, LENGTH_DELIMITED), varint(bytes.length), bytes]);

export const stringField = (field: number, text: string): Encoded => bytesField(field, Buffer.from(text, 'utf8'));

export const messageField = (field: number, fields: Encoded[]): Encoded => {
  const length = fields.reduce((sum, part) => sum + part.length, 0);
  return encoded([tag(field, LENGTH_DELIMITED), varint(length), ...fields.flatMap((part) => part.pieces)]);
};

export const floatField = (field: number, value: number): Encoded => {
  const bytes = Buffer.alloc(4);
  bytes.writeFloatLE(value);
  return encoded([tag(field, FIXED32), bytes]);
};
