/**
 * Just enough of the protobuf wire format to write an ONNX model: varints, floats, length-delimited fields and
 * nested messages. A field helper returns its encoded bytes; a message is the concatenation of its fields.
 * https://protobuf.dev/programming-guides/encoding/
 */

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

export function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

export const varintField = (field: number, value: number | bigint): Uint8Array => concat([tag(field, VARINT), varint(value)]);

export const bytesField = (field: number, bytes: Uint8Array): Uint8Array =>
  concat([tag(field, LENGTH_DELIMITED), varint(bytes.length), bytes]);

export const stringField = (field: number, text: string): Uint8Array => bytesField(field, Buffer.from(text, 'utf8'));

export const messageField = (field: number, parts: Uint8Array[]): Uint8Array => bytesField(field, concat(parts));

export const floatField = (field: number, value: number): Uint8Array => {
  const bytes = Buffer.alloc(4);
  bytes.writeFloatLE(value);
  return concat([tag(field, FIXED32), bytes]);
};
