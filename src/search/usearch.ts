// usearch's ES module build cannot find its native binary (it walks up from a file: URL, never reaching "/"),
// so load its CommonJS build, which can; the types are the same.
import { createRequire } from 'node:module';

type Usearch = typeof import('usearch');

const usearch = createRequire(import.meta.url)('usearch') as Usearch;

export const { Index, Matches, MetricKind, ScalarKind, exactSearch } = usearch;
export type Index = import('usearch').Index;
