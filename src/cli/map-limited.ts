/** Runs `work` over `inputs`, `limit` at a time, keeping their order. */
export async function mapLimited<In, Out>(inputs: In[], limit: number, work: (input: In) => Promise<Out>): Promise<Out[]> {
  const results = new Array<Out>(inputs.length);
  let next = 0;
  const lane = async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await work(inputs[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, lane));
  return results;
}
