/**
 * Scales `vector` in place to unit L2 length and returns it. A zero vector (an empty text, or
 * features that cancel out) becomes the first unit basis vector, so callers never see NaN.
 */
export function normalize(vector: Float32Array): Float32Array {
  let sumOfSquares = 0;
  for (const x of vector) sumOfSquares += x * x;
  if (sumOfSquares === 0) {
    vector[0] = 1;
    return vector;
  }
  const scale = 1 / Math.sqrt(sumOfSquares);
  for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  return vector;
}
