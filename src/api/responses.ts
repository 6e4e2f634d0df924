// Response bodies as JSON Schemas, one per serializer in objects.ts. Fastify compiles them into the
// routes' serializers (so nothing internal leaks out) and the OpenAPI document shows them.
// Field for field they follow objects.ts; a field missing here is dropped from the response.

const unixSeconds = { type: 'integer' } as const;
const nullableSeconds = { type: ['integer', 'null'] } as const;

const metadata = { type: 'object', additionalProperties: { type: 'string' } } as const;
const attributes = { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } } as const;

const fileCounts = {
  type: 'object',
  properties: {
    in_progress: { type: 'integer' },
    completed: { type: 'integer' },
    failed: { type: 'integer' },
    cancelled: { type: 'integer' },
    total: { type: 'integer' },
  },
  required: ['in_progress', 'completed', 'failed', 'cancelled', 'total'],
} as const;

export const fileSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { const: 'file' },
    bytes: { type: 'integer' },
    created_at: unixSeconds,
    expires_at: nullableSeconds,
    filename: { type: 'string' },
    purpose: { type: 'string' },
    status: { const: 'processed' },
    status_details: { type: ['string', 'null'] },
  },
  required: ['id', 'object', 'bytes', 'created_at', 'expires_at', 'filename', 'purpose', 'status', 'status_details'],
} as const;

export const uploadSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { const: 'upload' },
    bytes: { type: 'integer' },
    created_at: unixSeconds,
    expires_at: unixSeconds,
    filename: { type: 'string' },
    purpose: { type: 'string' },
    status: { enum: ['pending', 'completed', 'cancelled', 'expired'] },
    file: { anyOf: [{ type: 'null' }, fileSchema] },
  },
  required: ['id', 'object', 'bytes', 'created_at', 'expires_at', 'filename', 'purpose', 'status', 'file'],
} as const;

export const uploadPartSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, object: { const: 'upload.part' }, created_at: unixSeconds, upload_id: { type: 'string' } },
  required: ['id', 'object', 'created_at', 'upload_id'],
} as const;

export const vectorStoreSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { const: 'vector_store' },
    created_at: unixSeconds,
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    usage_bytes: { type: 'integer' },
    file_counts: fileCounts,
    status: { enum: ['expired', 'in_progress', 'completed'] },
    expires_after: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          properties: { anchor: { const: 'last_active_at' }, days: { type: 'integer' } },
          required: ['anchor', 'days'],
        },
      ],
    },
    expires_at: nullableSeconds,
    last_active_at: unixSeconds,
    metadata,
    // Trove's own: the embedder the store was created with, which embeds its chunks and queries.
    embedder: {
      type: 'object',
      properties: { provider: { type: 'string' }, model: { type: 'string' }, dimension: { type: 'integer' } },
      required: ['provider', 'model', 'dimension'],
    },
  },
  required: [
    'id', 'object', 'created_at', 'name', 'description', 'usage_bytes', 'file_counts', 'status', 'expires_after', 'expires_at',
    'last_active_at', 'metadata', 'embedder',
  ],
} as const;

export const storeFileSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { const: 'vector_store.file' },
    usage_bytes: { type: 'integer' },
    created_at: unixSeconds,
    vector_store_id: { type: 'string' },
    status: { enum: ['in_progress', 'completed', 'failed', 'cancelled'] },
    last_error: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          properties: { code: { enum: ['server_error', 'unsupported_file', 'invalid_file'] }, message: { type: 'string' } },
          required: ['code', 'message'],
        },
      ],
    },
    chunking_strategy: {
      type: 'object',
      properties: {
        type: { const: 'static' },
        static: {
          type: 'object',
          properties: { max_chunk_size_tokens: { type: 'integer' }, chunk_overlap_tokens: { type: 'integer' } },
          required: ['max_chunk_size_tokens', 'chunk_overlap_tokens'],
        },
      },
      required: ['type', 'static'],
    },
    attributes,
  },
  required: ['id', 'object', 'usage_bytes', 'created_at', 'vector_store_id', 'status', 'last_error', 'chunking_strategy', 'attributes'],
} as const;

export const batchSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { const: 'vector_store.files_batch' },
    created_at: unixSeconds,
    vector_store_id: { type: 'string' },
    status: { enum: ['in_progress', 'completed', 'cancelled', 'failed'] },
    file_counts: fileCounts,
  },
  required: ['id', 'object', 'created_at', 'vector_store_id', 'status', 'file_counts'],
} as const;

export function deletedSchema(object: 'file' | 'vector_store.deleted' | 'vector_store.file.deleted') {
  return {
    type: 'object',
    properties: { id: { type: 'string' }, object: { const: object }, deleted: { const: true } },
    required: ['id', 'object', 'deleted'],
  } as const;
}

/** A cursor page of `item`s. */
export function listSchema<T extends object>(item: T) {
  return {
    type: 'object',
    properties: {
      object: { const: 'list' },
      data: { type: 'array', items: item },
      first_id: { type: ['string', 'null'] },
      last_id: { type: ['string', 'null'] },
      has_more: { type: 'boolean' },
    },
    required: ['object', 'data', 'first_id', 'last_id', 'has_more'],
  } as const;
}

const textContent = {
  type: 'object',
  properties: { type: { const: 'text' }, text: { type: 'string' } },
  required: ['type', 'text'],
} as const;

export const searchPageSchema = {
  type: 'object',
  properties: {
    object: { const: 'vector_store.search_results.page' },
    search_query: { type: 'array', items: { type: 'string' } },
    data: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          file_id: { type: 'string' },
          filename: { type: 'string' },
          score: { type: 'number', description: 'Fused relevance, 0..1; 1 is first on both the keyword and the embedding side.' },
          attributes,
          content: { type: 'array', items: textContent },
        },
        required: ['file_id', 'filename', 'score', 'attributes', 'content'],
      },
    },
    has_more: { const: false },
    next_page: { type: 'null' },
  },
  required: ['object', 'search_query', 'data', 'has_more', 'next_page'],
} as const;

/** NEAR AI hub's search answer: a bare list, best first (`nearSearchResultsObject`). */
export const nearSearchResultsSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      file_id: { type: 'string' },
      chunk_text: { type: 'string' },
      distance: { type: 'number', description: '1 − score: 0 is the best possible match, 1 none at all.' },
    },
    required: ['file_id', 'chunk_text', 'distance'],
  },
} as const;

export const fileContentPageSchema = {
  type: 'object',
  properties: {
    object: { const: 'vector_store.file_content.page' },
    data: { type: 'array', items: textContent },
    has_more: { const: false },
    next_page: { type: 'null' },
  },
  required: ['object', 'data', 'has_more', 'next_page'],
} as const;

/** OpenAI's error object, which every failure is answered with. */
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        message: { type: 'string' },
        type: { type: 'string' },
        param: { type: ['string', 'null'] },
        code: { type: ['string', 'null'] },
      },
      required: ['message', 'type', 'param', 'code'],
    },
  },
  required: ['error'],
} as const;
