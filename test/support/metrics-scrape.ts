/** One scrape of `/metrics` in Prometheus text format, read back as numbers. */
export type Scrape = {
  /** The sample `name{labels}` (labels in any order; omitted labels match any), summed over matching series; 0 when absent. */
  value(name: string, labels?: Record<string, string>): number;
};

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseScrape(text: string): Scrape {
  const samples = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`not a Prometheus sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
  return {
    value(name, labels = {}) {
      return samples
        .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
        .reduce((sum, s) => sum + s.value, 0);
    },
  };
}

export async function scrape(baseUrl: string, key?: string): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}: ${await response.text()}`);
  return parseScrape(await response.text());
}
