// The attribute filter tree that search parses once and each storage backend evaluates.

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export type ComparisonType = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin';
export type CompoundType = 'and' | 'or';

export type ComparisonFilter = { type: ComparisonType; key: string; value: AttributeValue | Array<string | number> };
export type CompoundFilter = { type: CompoundType; filters: FilterNode[] };
export type FilterNode = ComparisonFilter | CompoundFilter;
