// Search `filters`: parsed once from the request into the storage filter tree, and evaluated against
// a file's attributes wherever a backend resolves the matching files in memory.
import { invalid } from '../errors.js';
import type {
  AttributeValue,
  Attributes,
  ComparisonFilter,
  ComparisonType,
  FilterNode,
} from '../storage/filter.js';

// The root filter is level 1; a filter at level 9 is rejected, whether a comparison or a compound.
const MAX_DEPTH = 8;

// `undefined` stands for a key the file does not have.
type Actual = AttributeValue | undefined;

// One row per comparison: whether its value is a list, and how an attribute passes it. A missing key
// falls out of these tests on its own: it equals nothing, orders against nothing, and is in no list.
const COMPARISONS: Record<ComparisonType, { list: boolean; test: (actual: Actual, expected: unknown) => boolean }> = {
  eq: { list: false, test: (actual, expected) => actual === expected },
  ne: { list: false, test: (actual, expected) => actual !== expected },
  gt: { list: false, test: (actual, expected) => order(actual, expected) > 0 },
  gte: { list: false, test: (actual, expected) => order(actual, expected) >= 0 },
  lt: { list: false, test: (actual, expected) => order(actual, expected) < 0 },
  lte: { list: false, test: (actual, expected) => order(actual, expected) <= 0 },
  in: { list: true, test: (actual, expected) => Array.isArray(expected) && expected.includes(actual) },
  nin: { list: true, test: (actual, expected) => !(Array.isArray(expected) && expected.includes(actual)) },
};

const FILTER_TYPES = [...Object.keys(COMPARISONS), 'and', 'or'].join(', ');

export function parseFilter(raw: unknown, param = 'filters'): FilterNode {
  return parseNode(raw, param, 1);
}

export function matchesFilter(attributes: Attributes | null | undefined, node: FilterNode): boolean {
  switch (node.type) {
    case 'and':
      for (const child of node.filters) if (!matchesFilter(attributes, child)) return false;
      return true;
    case 'or':
      for (const child of node.filters) if (matchesFilter(attributes, child)) return true;
      return false;
    default: {
      // Own properties only: a key such as `constructor` must not find Object.prototype's.
      const actual = attributes != null && Object.hasOwn(attributes, node.key) ? attributes[node.key] : undefined;
      return COMPARISONS[node.type].test(actual, node.value);
    }
  }
}

// Numbers order numerically and strings by UTF-16 code unit; any other pairing is unordered (NaN),
// which makes every one of gt, gte, lt and lte false.
function order(actual: Actual, expected: unknown): number {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  if (typeof actual === 'string' && typeof expected === 'string') return actual < expected ? -1 : actual > expected ? 1 : 0;
  return NaN;
}

function parseNode(raw: unknown, path: string, depth: number): FilterNode {
  if (depth > MAX_DEPTH) {
    throw invalid(`Invalid '${path}': filters are nested too deeply. Expected at most ${MAX_DEPTH} levels.`, path, 'invalid_value');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw wrongType(path, 'an object', raw);
  const fields = raw as Record<string, unknown>;
  const type = required(fields, 'type', path);
  if (typeof type !== 'string') throw wrongType(`${path}.type`, 'a string', type);

  if (type === 'and' || type === 'or') {
    rejectUnknown(fields, ['type', 'filters'], path);
    const filters = required(fields, 'filters', path);
    if (!Array.isArray(filters)) throw wrongType(`${path}.filters`, 'an array of filters', filters);
    return { type, filters: filters.map((child, i) => parseNode(child, `${path}.filters[${i}]`, depth + 1)) };
  }
  if (!isComparisonType(type)) {
    throw invalid(`Invalid '${path}.type': expected one of ${FILTER_TYPES}, but got '${type}'.`, `${path}.type`, 'invalid_value');
  }
  rejectUnknown(fields, ['type', 'key', 'value'], path);
  const key = required(fields, 'key', path);
  if (typeof key !== 'string') throw wrongType(`${path}.key`, 'a string', key);
  return { type, key, value: parseValue(required(fields, 'value', path), type, `${path}.value`) };
}

function parseValue(raw: unknown, type: ComparisonType, path: string): ComparisonFilter['value'] {
  if (!COMPARISONS[type].list) {
    if (typeof raw === 'string' || typeof raw === 'boolean' || isFiniteNumber(raw)) return raw;
    throw wrongType(path, `a string, number or boolean for '${type}'`, raw);
  }
  if (!Array.isArray(raw)) throw wrongType(path, `an array of strings or numbers for '${type}'`, raw);
  return raw.map((item: unknown, i) => {
    if (typeof item === 'string' || isFiniteNumber(item)) return item;
    throw wrongType(`${path}[${i}]`, 'a string or number', item);
  });
}

function required(fields: Record<string, unknown>, name: string, path: string): unknown {
  const value = fields[name];
  if (value === undefined) throw invalid(`Missing required parameter: '${path}.${name}'.`, `${path}.${name}`, 'missing_required_parameter');
  return value;
}

function rejectUnknown(fields: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const name of Object.keys(fields)) {
    if (!allowed.includes(name)) throw invalid(`Unknown parameter: '${path}.${name}'.`, `${path}.${name}`, 'unknown_parameter');
  }
}

const isComparisonType = (type: string): type is ComparisonType => Object.hasOwn(COMPARISONS, type);

// NaN and Infinity never come out of JSON, but a hand-built filter could carry them, and no backend can store them.
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function wrongType(path: string, expected: string, actual: unknown) {
  return invalid(`Invalid type for '${path}': expected ${expected}, but got ${describe(actual)} instead.`, path, 'invalid_type');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : Number.isFinite(value) ? 'a number' : 'a non-finite number';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}
