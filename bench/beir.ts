// BEIR test collections (../shared/data) and their scores, shared by the quality and embedding benchmarks.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const DATA = new URL('../../../shared/data/', import.meta.url);

export type Collection = {
  name: string;
  docs: Array<{ id: string; text: string }>;
  queries: Array<{ id: string; text: string }>;
  /** Query id → the ids of its relevant documents (qrels score > 0). */
  relevant: Map<string, Set<string>>;
};

function readLines(path: URL): string[] {
  const raw = readFileSync(path);
  const text = path.pathname.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** A collection with its judged queries only; a document is its title and text. */
export function loadCollection(name: string): Collection {
  const dir = new URL(`${name}/`, DATA);
  const corpusFile = name === 'scifact' ? 'corpus.jsonl.gz' : 'corpus.jsonl';
  const docs = readLines(new URL(corpusFile, dir)).map((line) => {
    const d = JSON.parse(line) as { _id: string; title: string; text: string };
    return { id: d._id, text: d.title ? `${d.title}\n\n${d.text}` : d.text };
  });
  const relevant = new Map<string, Set<string>>();
  for (const line of readLines(new URL('qrels.tsv', dir)).slice(1)) {
    const [query, doc, score] = line.split('\t');
    if (Number(score) > 0) relevant.set(query!, (relevant.get(query!) ?? new Set()).add(doc!));
  }
  const queries = readLines(new URL('queries.jsonl', dir))
    .map((line) => JSON.parse(line) as { _id: string; text: string })
    .filter((q) => relevant.has(q._id))
    .map((q) => ({ id: q._id, text: q.text }));
  return { name, docs, queries, relevant };
}

/** trec_eval ndcg_cut.10 with binary gains; the ideal ranking puts every relevant document first. */
export function ndcgAt10(ranked: string[], relevant: Set<string>): number {
  const gain = (i: number) => 1 / Math.log2(i + 2);
  const dcg = ranked.slice(0, 10).reduce((sum, doc, i) => sum + (relevant.has(doc) ? gain(i) : 0), 0);
  let ideal = 0;
  for (let i = 0; i < Math.min(10, relevant.size); i += 1) ideal += gain(i);
  return dcg / ideal;
}

export const recallAt = (k: number, ranked: string[], relevant: Set<string>) => ranked.slice(0, k).filter((d) => relevant.has(d)).length / relevant.size;
