// IEEE 754 half precision (binary16) for vectors kept in memory at 2 bytes a component: Node 20 has no
// Float16Array. Encoding rounds to nearest, ties to even; decoding is a 65,536-entry table lookup.

const float = new Float32Array(1);
const bits = new Uint32Array(float.buffer);

/** The binary16 bits nearest to `value`. */
export function toHalf(value: number): number {
  float[0] = value;
  const x = bits[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = ((x >>> 23) & 0xff) - 127 + 15;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff - 127 + 15) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200); // infinity, NaN
  if (exponent >= 0x1f) return sign | 0x7c00; // too large: infinity
  if (exponent <= 0) {
    // Subnormal: the implicit leading 1 joins the mantissa, shifted into units of 2^-24.
    if (exponent < -10) return sign;
    return sign | roundShift(mantissa | 0x800000, 14 - exponent);
  }
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | ((exponent << 10) + roundShift(mantissa, 13));
}

function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return kept + (rest > halfway || (rest === halfway && (kept & 1) === 1) ? 1 : 0);
}

/** The value of every binary16 bit pattern, indexed by the pattern. */
export const HALF_TO_FLOAT = Float32Array.from({ length: 0x10000 }, (_, h) => {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
});

/** Writes `source` as binary16 into `target` from `offset`. */
export function encodeHalf(source: Float32Array, target: Uint16Array, offset: number): void {
  for (let i = 0; i < source.length; i += 1) target[offset + i] = toHalf(source[i]!);
}
