import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TroveError } from '../errors.js';
import type { Attributes, FilterNode } from '../storage/filter.js';
import { matchesFilter, parseFilter } from './filter.js';

// Asserts that parsing `raw` fails as an `invalid` error naming `param`, and returns the message.
function rejection(raw: unknown, param: string): string {
  try {
    parseFilter(raw);
  } catch (error) {
    assert.ok(error instanceof TroveError);
    assert.equal(error.kind, 'invalid');
    assert.equal(error.param, param);
    return error.message;
  }
  assert.fail(`expected ${JSON.stringify(raw)} to be rejected`);
}

// A chain of `levels` filters: `levels - 1` nested `and`s around one comparison.
function makeNested(levels: number): unknown {
  let node: unknown = { type: 'eq', key: 'k', value: 1 };
  for (let i = 1; i < levels; i++) node = { type: 'and', filters: [node] };
  return node;
}

describe('parseFilter', () => {
  test('accepts every comparison type and returns the same tree', () => {
    for (const type of ['eq', 'ne', 'gt', 'gte', 'lt', 'lte']) {
      for (const value of ['x', 2021, 1.5, true]) {
        assert.deepEqual(parseFilter({ type, key: 'k', value }), { type, key: 'k', value });
      }
    }
    assert.deepEqual(parseFilter({ type: 'in', key: 'k', value: ['a', 1] }), { type: 'in', key: 'k', value: ['a', 1] });
    assert.deepEqual(parseFilter({ type: 'nin', key: 'k', value: [] }), { type: 'nin', key: 'k', value: [] });
  });

  test('accepts compound filters nested to eight levels, empty ones included', () => {
    const raw = {
      type: 'or',
      filters: [{ type: 'and', filters: [] }, { type: 'eq', key: 'region', value: 'emea' }],
    };
    assert.deepEqual(parseFilter(raw), raw);
    assert.doesNotThrow(() => parseFilter(makeNested(8)));
  });

  test('rejects a ninth level', () => {
    const path = 'filters' + '.filters[0]'.repeat(8);
    assert.match(rejection(makeNested(9), path), /nested too deeply/);
  });

  test('rejects an unknown type with the list of known ones', () => {
    assert.equal(
      rejection({ type: 'like', key: 'k', value: 'x' }, 'filters.type'),
      "Invalid 'filters.type': expected one of eq, ne, gt, gte, lt, lte, in, nin, and, or, but got 'like'.",
    );
    rejection({ type: 7, key: 'k', value: 'x' }, 'filters.type');
    rejection({ key: 'k', value: 'x' }, 'filters.type');
  });

  test('rejects missing keys and values', () => {
    assert.equal(rejection({ type: 'eq', value: 'x' }, 'filters.key'), "Missing required parameter: 'filters.key'.");
    assert.equal(rejection({ type: 'eq', key: 'k' }, 'filters.value'), "Missing required parameter: 'filters.value'.");
    rejection({ type: 'eq', key: 5, value: 'x' }, 'filters.key');
  });

  test('rejects values of the wrong shape', () => {
    assert.equal(
      rejection({ type: 'eq', key: 'k', value: { a: 1 } }, 'filters.value'),
      "Invalid type for 'filters.value': expected a string, number or boolean for 'eq', but got an object instead.",
    );
    rejection({ type: 'eq', key: 'k', value: null }, 'filters.value');
    rejection({ type: 'eq', key: 'k', value: ['a'] }, 'filters.value');
    rejection({ type: 'gt', key: 'k', value: NaN }, 'filters.value');
    rejection({ type: 'in', key: 'k', value: 'a' }, 'filters.value');
    rejection({ type: 'nin', key: 'k', value: [{ a: 1 }] }, 'filters.value[0]');
    rejection({ type: 'in', key: 'k', value: ['a', true] }, 'filters.value[1]');
  });

  test('rejects extra properties, such as the docs-only `property`', () => {
    assert.equal(
      rejection({ type: 'eq', property: 'filename', value: 'a.pdf' }, 'filters.property'),
      "Unknown parameter: 'filters.property'.",
    );
    rejection({ type: 'and', filters: [], key: 'k' }, 'filters.key');
  });

  test('rejects a compound filter without a filters array', () => {
    rejection({ type: 'and' }, 'filters.filters');
    rejection({ type: 'or', filters: { type: 'eq', key: 'k', value: 1 } }, 'filters.filters');
  });

  test('rejects a filter that is not an object, at any depth', () => {
    for (const raw of [null, 'eq', 3, [], true]) rejection(raw, 'filters');
    rejection({ type: 'and', filters: [{ type: 'eq', key: 'k', value: 1 }, 'x'] }, 'filters.filters[1]');
  });

  test('names the offending place inside nested filters', () => {
    const raw = { type: 'and', filters: [{ type: 'eq', key: 'a', value: 1 }, { type: 'or', filters: [{ type: 'eq', value: 1 }] }] };
    rejection(raw, 'filters.filters[1].filters[0].key');
  });

  test('uses the given parameter name as the root of every path', () => {
    try {
      parseFilter({ type: 'eq', key: 'k' }, 'ranking.filters');
      assert.fail('expected a rejection');
    } catch (error) {
      assert.ok(error instanceof TroveError);
      assert.equal(error.param, 'ranking.filters.value');
    }
  });
});

describe('matchesFilter', () => {
  const file: Attributes = { year: 2021, title: 'Heron', draft: false, region: 'emea' };
  const check = (node: FilterNode, attributes: Attributes | null = file) => matchesFilter(attributes, node);

  test('eq and ne compare by value and type', () => {
    assert.equal(check({ type: 'eq', key: 'year', value: 2021 }), true);
    assert.equal(check({ type: 'eq', key: 'year', value: '2021' }), false);
    assert.equal(check({ type: 'ne', key: 'year', value: '2021' }), true);
    assert.equal(check({ type: 'eq', key: 'draft', value: false }), true);
    assert.equal(check({ type: 'eq', key: 'draft', value: 0 }), false);
    assert.equal(check({ type: 'ne', key: 'title', value: 'Heron' }), false);
  });

  test('ordering compares numbers numerically and strings lexicographically, nothing else', () => {
    assert.equal(check({ type: 'gt', key: 'year', value: 2020 }), true);
    assert.equal(check({ type: 'gt', key: 'year', value: 2021 }), false);
    assert.equal(check({ type: 'gte', key: 'year', value: 2021 }), true);
    assert.equal(check({ type: 'lt', key: 'year', value: 10000 }), true);
    assert.equal(check({ type: 'lte', key: 'year', value: 2020.5 }), false);
    assert.equal(check({ type: 'lt', key: 'title', value: 'Kettle' }), true);
    assert.equal(check({ type: 'gte', key: 'title', value: 'Heron' }), true);
    assert.equal(check({ type: 'gt', key: 'title', value: 'heron' }), false, 'upper case sorts before lower case');
    for (const type of ['gt', 'gte', 'lt', 'lte'] as const) {
      assert.equal(check({ type, key: 'year', value: '2021' }), false, `${type} number against string`);
      assert.equal(check({ type, key: 'draft', value: false }), false, `${type} boolean against boolean`);
    }
  });

  test('in and nin test membership by strict equality', () => {
    assert.equal(check({ type: 'in', key: 'region', value: ['apac', 'emea'] }), true);
    assert.equal(check({ type: 'in', key: 'year', value: ['2021'] }), false);
    assert.equal(check({ type: 'nin', key: 'year', value: ['2021'] }), true);
    assert.equal(check({ type: 'nin', key: 'year', value: [2021] }), false);
    assert.equal(check({ type: 'in', key: 'region', value: [] }), false);
  });

  test('a missing key passes only ne and nin', () => {
    const expected = { eq: false, ne: true, gt: false, gte: false, lt: false, lte: false, in: false, nin: true };
    for (const [type, result] of Object.entries(expected)) {
      const value = type === 'in' || type === 'nin' ? ['x'] : 'x';
      const node = { type, key: 'missing', value } as FilterNode;
      assert.equal(check(node), result, `${type} on a missing key`);
      assert.equal(check(node, null), result, `${type} on null attributes`);
      assert.equal(matchesFilter(undefined, node), result, `${type} on undefined attributes`);
    }
  });

  test('keys inherited from Object.prototype count as missing', () => {
    assert.equal(check({ type: 'ne', key: 'constructor', value: 'x' }), true);
    assert.equal(check({ type: 'in', key: 'toString', value: ['x'] }), false);
  });

  test('and and or combine as usual, empty and is true, empty or is false', () => {
    const yes: FilterNode = { type: 'eq', key: 'region', value: 'emea' };
    const no: FilterNode = { type: 'eq', key: 'region', value: 'apac' };
    assert.equal(check({ type: 'and', filters: [yes, yes] }), true);
    assert.equal(check({ type: 'and', filters: [yes, no] }), false);
    assert.equal(check({ type: 'or', filters: [no, yes] }), true);
    assert.equal(check({ type: 'or', filters: [no, no] }), false);
    assert.equal(check({ type: 'and', filters: [] }), true);
    assert.equal(check({ type: 'or', filters: [] }), false);
    assert.equal(check({ type: 'or', filters: [no, { type: 'and', filters: [yes, { type: 'gt', key: 'year', value: 2000 }] }] }), true);
  });

  test('a parsed filter evaluates the same as the tree it came from', () => {
    const node = parseFilter({ type: 'and', filters: [{ type: 'gte', key: 'year', value: 2020 }, { type: 'nin', key: 'region', value: ['apac'] }] });
    assert.equal(check(node), true);
  });
});
