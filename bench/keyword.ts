// npm run bench:keyword -- --data-dir <dir kept by bench:quality> [--sets scifact,npl --embedder test]
//
// Keyword-side variants on the stores a `bench:quality --data-dir` run kept: BM25 recomputed in memory
// from the store's own FTS5 index (its porter + unicode61 terms, read through fts5vocab), so the
// baseline row equals what FTS5's bm25() ranks (k1 1.2, b 0.75), and each variant changes one thing:
// k1 and b, the query stopword list, or RM3 pseudo-relevance feedback (Lavrenko and Croft's relevance
// model from the top documents, interpolated with the query). nDCG@10 over each set's judged queries.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { keywordTerms } from '../src/search/keyword-query.js';
import { loadCollection, ndcgAt10 } from './beir.js';
import { flag, formatTable } from './support.js';

type Index = { postings: Map<string, Map<number, number>>; length: Map<number, number>; docOf: Map<number, string>; n: number; averageLength: number };
type Weighted = Array<[term: string, weight: number]>;

function loadIndex(db: Database.Database, storeId: string, name: string): Index {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp."vocab_${name}" USING fts5vocab(main, 'fts_${storeId}', 'instance')`);
  const postings = new Map<string, Map<number, number>>();
  const length = new Map<number, number>();
  for (const [term, doc] of db.prepare(`SELECT term, doc FROM temp."vocab_${name}"`).raw().iterate() as Iterable<[string, number]>) {
    let list = postings.get(term);
    if (!list) postings.set(term, (list = new Map()));
    list.set(doc, (list.get(doc) ?? 0) + 1);
    length.set(doc, (length.get(doc) ?? 0) + 1);
  }
  const rows = db.prepare('SELECT c.id, f.filename FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.store_id = ?').raw().all(storeId) as Array<[number, string]>;
  const docOf = new Map(rows.map(([id, filename]) => [id, filename.replace(/\.txt$/, '')]));
  for (const id of docOf.keys()) if (!length.has(id)) length.set(id, 0);
  let total = 0;
  for (const l of length.values()) total += l;
  return { postings, length, docOf, n: length.size, averageLength: total / length.size };
}

/** FTS5's bm25(): idf = ln((N - n + 0.5) / (n + 0.5)), at least 1e-6; each term's part times its weight. */
function bm25(index: Index, terms: Weighted, k1: number, b: number): Array<[number, number]> {
  const scores = new Map<number, number>();
  for (const [term, weight] of terms) {
    const list = index.postings.get(term);
    if (!list) continue;
    const idf = Math.max(1e-6, Math.log((index.n - list.size + 0.5) / (list.size + 0.5)));
    for (const [doc, tf] of list) {
      const norm = k1 * (1 - b + (b * index.length.get(doc)!) / index.averageLength);
      scores.set(doc, (scores.get(doc) ?? 0) + (weight * idf * tf * (k1 + 1)) / (tf + norm));
    }
  }
  return [...scores.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, 100);
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const NLTK =
  'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having do does did doing a an the and but if or because as until while of at by for with about against between into through during before after above below to from up down in out on off over under again further then once here there when where why how all any both each few more most other some such no nor not only own same so than too very s t can will just don should now';
const LUCENE = 'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with';
const withStopwords = (list: string) => {
  const stop = new Set(list.split(' '));
  return (text: string) => {
    const words = [...new Set(text.toLowerCase().match(WORD) ?? [])];
    const content = words.filter((w) => !stop.has(w));
    return (content.length > 0 ? content : words).slice(0, 32);
  };
};

/** RM3: the best `terms` terms of the top `docs` documents' relevance model, weighted 1 - alpha beside the query's alpha. */
function rm3(index: Index, stopStems: Set<string>, docs: number, terms: number, alpha: number) {
  const docTerms = new Map<number, Array<[string, number]>>();
  for (const [term, list] of index.postings) for (const [doc, tf] of list) (docTerms.get(doc) ?? docTerms.set(doc, []).get(doc)!).push([term, tf]);
  return (query: Weighted, first: Array<[number, number]>, k1: number, b: number) => {
    const top = first.slice(0, docs);
    const total = top.reduce((sum, [, score]) => sum + score, 0);
    if (top.length === 0 || total === 0) return first;
    const model = new Map<string, number>();
    for (const [doc, score] of top) {
      const length = index.length.get(doc) || 1;
      for (const [term, tf] of docTerms.get(doc) ?? []) {
        if (stopStems.has(term) || /^\d+$/.test(term) || term.length < 2) continue;
        model.set(term, (model.get(term) ?? 0) + (tf / length) * (score / total));
      }
    }
    const best = [...model.entries()].sort((x, y) => y[1] - x[1]).slice(0, terms);
    const mass = best.reduce((sum, [, w]) => sum + w, 0);
    const weights = new Map<string, number>();
    for (const [term] of query) weights.set(term, (weights.get(term) ?? 0) + alpha / query.length);
    for (const [term, w] of best) weights.set(term, (weights.get(term) ?? 0) + ((1 - alpha) * w) / mass);
    return bm25(index, [...weights.entries()], k1, b);
  };
}

const dataDir = resolve(flag('data-dir', 'bench-data'));
const embedder = flag('embedder', 'test');
const manifest = JSON.parse(readFileSync(join(dataDir, 'bench-quality.json'), 'utf8')) as Record<string, { storeId: string }>;
const db = new Database(join(dataDir, 'trove.db'), { readonly: true });
db.exec(`CREATE VIRTUAL TABLE temp.stem USING fts5(text, tokenize='porter unicode61 remove_diacritics 2')`);
db.exec(`CREATE VIRTUAL TABLE temp.stem_terms USING fts5vocab(temp, 'stem', 'instance')`);
const stems = new Map<string, string[]>();
/** A query word as the store's tokenizer indexes it. */
const stem = (word: string) => {
  if (!stems.has(word)) {
    db.prepare('DELETE FROM temp.stem').run();
    db.prepare('INSERT INTO temp.stem (rowid, text) VALUES (1, ?)').run(word);
    stems.set(word, db.prepare('SELECT term FROM temp.stem_terms ORDER BY offset').pluck().all() as string[]);
  }
  return stems.get(word)!;
};

const rows: Array<Record<string, string>> = [];
const sets = flag('sets', 'scifact,npl').split(',');
const results = new Map<string, string[]>();
for (const name of sets) {
  const collection = loadCollection(name);
  const index = loadIndex(db, manifest[`${name}:${embedder}`]!.storeId, name);
  const stopStems = new Set(NLTK.split(' ').flatMap(stem));
  const feedback = (d: number, t: number, a: number) => rm3(index, stopStems, d, t, a);
  const variants: Array<[string, (text: string) => string[], number, number, ReturnType<typeof feedback>?]> = [
    ['FTS5 bm25() as served (k1 1.2, b 0.75), query stopwords as served', keywordTerms, 1.2, 0.75],
    ...([[0.9, 0.4], [0.9, 0.75], [1.2, 0.4], [1.2, 0.6], [1.2, 0.9], [1.5, 0.75], [0.7, 0.75], [2, 0.75]] as const).map(
      ([k1, b]): [string, typeof keywordTerms, number, number] => [`k1 ${k1}, b ${b}`, keywordTerms, k1, b],
    ),
    ['no query stopwords', withStopwords(''), 1.2, 0.75],
    ['Lucene English stopwords (33)', withStopwords(LUCENE), 1.2, 0.75],
    ['NLTK English stopwords (179)', withStopwords(NLTK), 1.2, 0.75],
    ...([[10, 10, 0.5], [10, 10, 0.7], [10, 10, 0.9], [5, 10, 0.7], [3, 10, 0.8], [10, 20, 0.5]] as const).map(
      ([d, t, a]): [string, typeof keywordTerms, number, number, ReturnType<typeof feedback>] => [`RM3: ${d} docs, ${t} terms, query weight ${a}`, keywordTerms, 1.2, 0.75, feedback(d, t, a)],
    ),
  ];
  for (const [label, termsOf, k1, b, expand] of variants) {
    let sum = 0;
    for (const q of collection.queries) {
      const query: Weighted = termsOf(q.text).flatMap(stem).map((term) => [term, 1]);
      let ranked = bm25(index, query, k1, b);
      if (expand) ranked = expand(query, ranked, k1, b);
      sum += ndcgAt10([...new Set(ranked.map(([doc]) => index.docOf.get(doc)!))], collection.relevant.get(q.id)!);
    }
    (results.get(label) ?? results.set(label, []).get(label)!).push((sum / collection.queries.length).toFixed(4));
  }
}
for (const [label, scores] of results) rows.push({ variant: label, ...Object.fromEntries(sets.map((s, i) => [`${s} nDCG@10`, scores[i]!])) });
console.log(formatTable(rows));
