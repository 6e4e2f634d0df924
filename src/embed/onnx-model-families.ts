export type Pooling = 'mean' | 'cls';

/** How a family of embedding models expects to be used, as its model card says. */
export type ModelConventions = { pooling?: Pooling; queryPrefix: string; documentPrefix: string };

const RETRIEVAL_INSTRUCTION = 'Represent this sentence for searching relevant passages: ';

/** Matched against the model's hub name or folder path, first match wins. */
const FAMILIES: { pattern: RegExp; conventions: ModelConventions }[] = [
  { pattern: /bge-(small|base|large)-en/i, conventions: { pooling: 'cls', queryPrefix: RETRIEVAL_INSTRUCTION, documentPrefix: '' } },
  { pattern: /bge-m3/i, conventions: { pooling: 'cls', queryPrefix: '', documentPrefix: '' } },
  { pattern: /mxbai-embed-large|snowflake-arctic-embed/i, conventions: { pooling: 'cls', queryPrefix: RETRIEVAL_INSTRUCTION, documentPrefix: '' } },
  { pattern: /nomic-embed-text/i, conventions: { pooling: 'mean', queryPrefix: 'search_query: ', documentPrefix: 'search_document: ' } },
  // The instruct variants take a task description instead.
  { pattern: /(^|[/_-])e5-(?!.*instruct)/i, conventions: { pooling: 'mean', queryPrefix: 'query: ', documentPrefix: 'passage: ' } },
];

/** The conventions of the family `model` belongs to; none (no prefixes, pooling from the model's config) otherwise. */
export function conventionsFor(model: string): ModelConventions {
  return FAMILIES.find((family) => family.pattern.test(model))?.conventions ?? { queryPrefix: '', documentPrefix: '' };
}

/**
 * The pooling a sentence-transformers `1_Pooling/config.json` asks for, or undefined when it names
 * none. Modes we do not implement are refused rather than replaced by something else.
 */
export function poolingOf(config: Record<string, unknown>): Pooling | undefined {
  if (config.pooling_mode_cls_token === true) return 'cls';
  if (config.pooling_mode_mean_tokens === true) return 'mean';
  const other = Object.keys(config).find((key) => key.startsWith('pooling_mode_') && config[key] === true);
  if (other) throw new Error(`the model asks for ${other.slice('pooling_mode_'.length)} pooling; Trove supports mean and CLS pooling`);
  return undefined;
}
