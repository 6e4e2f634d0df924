import { invalid } from '../errors.js';
import type { PageQuery, StoreFileStatus } from '../storage/store.js';

// List query strings are parsed by hand rather than by Ajv: Ajv's type coercion would also coerce
// JSON bodies, and OpenAI refuses a wrongly typed body field.

type Query = Record<string, unknown>;

const STATUSES: readonly StoreFileStatus[] = ['in_progress', 'completed', 'failed', 'cancelled'];

function text(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`Invalid '${name}': expected a single string.`, name);
  return value;
}

export type PageLimits = { defaultLimit: number; maxLimit: number };

/** The query parameters `parsePageQuery` reads, as the OpenAPI document shows them. */
export function pageQuerySchema(limits: PageLimits, extra: Record<string, unknown> = {}) {
  return {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: limits.maxLimit, default: limits.defaultLimit },
      order: { enum: ['asc', 'desc'], default: 'desc' },
      after: { type: 'string' },
      before: { type: 'string' },
      ...extra,
    },
  } as const;
}

/** The `filter` query parameter `parseStatusFilter` reads. */
export const statusFilterParameter = { filter: { enum: STATUSES } };

export function parsePageQuery(query: Query, limits: PageLimits): PageQuery {
  const rawLimit = text(query, 'limit');
  let limit = limits.defaultLimit;
  if (rawLimit !== undefined) {
    limit = Number(rawLimit);
    if (!/^-?\d+$/.test(rawLimit) || limit < 1 || limit > limits.maxLimit) {
      throw invalid(
        `Invalid 'limit': expected an integer between 1 and ${limits.maxLimit}, but got ${JSON.stringify(rawLimit)} instead.`,
        'limit',
        'integer_out_of_range',
      );
    }
  }
  const order = text(query, 'order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw invalid(`Invalid 'order': expected one of 'asc' or 'desc', but got ${JSON.stringify(order)} instead.`, 'order');
  }
  return { limit, order, after: text(query, 'after') || undefined, before: text(query, 'before') || undefined };
}

export function parseStatusFilter(query: Query): StoreFileStatus | undefined {
  const filter = text(query, 'filter');
  if (filter === undefined) return undefined;
  if (!(STATUSES as readonly string[]).includes(filter)) {
    throw invalid(`Invalid 'filter': expected one of ${STATUSES.join(', ')}, but got ${JSON.stringify(filter)} instead.`, 'filter');
  }
  return filter as StoreFileStatus;
}

export const optionalText = text;
