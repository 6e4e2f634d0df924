// Request bodies as JSON Schemas (compiled once by Fastify's Ajv) with the TypeScript types they admit.
// Unknown fields are refused everywhere, as OpenAI does. Rules a schema cannot say (overlap at most half
// the chunk size, file_ids xor files) are checked by the services.

import type { Attributes } from '../storage/filter.js';

export type ChunkingStrategyParam =
  | { type: 'auto' }
  | { type: 'static'; static: { max_chunk_size_tokens: number; chunk_overlap_tokens: number } };

const chunkingStrategy = {
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [
    { type: 'object', properties: { type: { const: 'auto' } }, required: ['type'], additionalProperties: false },
    {
      type: 'object',
      properties: {
        type: { const: 'static' },
        static: {
          type: 'object',
          properties: {
            max_chunk_size_tokens: { type: 'integer', minimum: 100, maximum: 4096 },
            chunk_overlap_tokens: { type: 'integer', minimum: 0 },
          },
          required: ['max_chunk_size_tokens', 'chunk_overlap_tokens'],
          additionalProperties: false,
        },
      },
      required: ['type', 'static'],
      additionalProperties: false,
    },
  ],
} as const;

/** OpenAI's metadata: up to 16 string pairs, keys up to 64 characters, values up to 512. */
export const metadata = {
  type: ['object', 'null'],
  maxProperties: 16,
  propertyNames: { maxLength: 64 },
  additionalProperties: { type: 'string', maxLength: 512 },
} as const;

const attributes = {
  type: ['object', 'null'],
  maxProperties: 16,
  propertyNames: { maxLength: 64 },
  additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 512 },
} as const;

const storeExpiry = {
  type: ['object', 'null'],
  properties: { anchor: { const: 'last_active_at' }, days: { type: 'integer', minimum: 1, maximum: 365 } },
  required: ['anchor', 'days'],
  additionalProperties: false,
} as const;

export const FILE_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

const fileExpiry = {
  type: 'object',
  properties: { anchor: { const: 'created_at' }, seconds: { type: 'integer', minimum: 3600, maximum: 2_592_000 } },
  required: ['anchor', 'seconds'],
  additionalProperties: false,
} as const;

export type FileExpiryParam = { anchor: 'created_at'; seconds: number };

const binary = { type: 'string', format: 'binary' } as const;

/** The multipart form of `POST /files`, for the document only (the route reads it part by part). `expires_after` is sent as `expires_after[anchor]` and `expires_after[seconds]`. */
export const createFileForm = {
  type: 'object',
  properties: { file: binary, purpose: { enum: FILE_PURPOSES }, expires_after: fileExpiry },
  required: ['file', 'purpose'],
} as const;

/** The multipart form of `POST /uploads/{upload_id}/parts`, for the document only: one part of at most 64 MB. */
export const addUploadPartForm = { type: 'object', properties: { data: binary }, required: ['data'] } as const;

export const createUploadBody = {
  type: 'object',
  properties: {
    filename: { type: 'string', minLength: 1 },
    purpose: { enum: FILE_PURPOSES },
    bytes: { type: 'integer', minimum: 0 },
    mime_type: { type: 'string' },
    expires_after: fileExpiry,
  },
  required: ['filename', 'purpose', 'bytes', 'mime_type'],
  additionalProperties: false,
} as const;
export type CreateUploadBody = { filename: string; purpose: FilePurpose; bytes: number; mime_type: string; expires_after?: FileExpiryParam };

export const completeUploadBody = {
  type: 'object',
  properties: { part_ids: { type: 'array', items: { type: 'string' } }, md5: { type: 'string' } },
  required: ['part_ids'],
  additionalProperties: false,
} as const;
export type CompleteUploadBody = { part_ids: string[]; md5?: string };

export const createVectorStoreBody = {
  type: 'object',
  properties: {
    file_ids: { type: 'array', items: { type: 'string' }, maxItems: 500 },
    name: { type: 'string' },
    description: { type: 'string' },
    expires_after: storeExpiry,
    chunking_strategy: chunkingStrategy,
    metadata,
    embedder: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
} as const;
export type StoreExpiryParam = { anchor: 'last_active_at'; days: number } | null;
export type CreateVectorStoreBody = {
  file_ids?: string[];
  name?: string;
  description?: string;
  expires_after?: StoreExpiryParam;
  chunking_strategy?: ChunkingStrategyParam;
  metadata?: Record<string, string> | null;
  embedder?: string;
};

export const updateVectorStoreBody = {
  type: 'object',
  properties: { name: { type: ['string', 'null'] }, expires_after: storeExpiry, metadata },
  additionalProperties: false,
} as const;
export type UpdateVectorStoreBody = { name?: string | null; expires_after?: StoreExpiryParam; metadata?: Record<string, string> | null };

export const createStoreFileBody = {
  type: 'object',
  properties: { file_id: { type: 'string', minLength: 1 }, attributes, chunking_strategy: chunkingStrategy },
  required: ['file_id'],
  additionalProperties: false,
} as const;
export type CreateStoreFileBody = { file_id: string; attributes?: Attributes | null; chunking_strategy?: ChunkingStrategyParam };

export const updateStoreFileBody = {
  type: 'object',
  properties: { attributes },
  required: ['attributes'],
  additionalProperties: false,
} as const;
export type UpdateStoreFileBody = { attributes: Attributes | null };

export const createBatchBody = {
  type: 'object',
  properties: {
    file_ids: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2000 },
    files: {
      type: 'array',
      minItems: 1,
      maxItems: 2000,
      items: {
        type: 'object',
        properties: { file_id: { type: 'string', minLength: 1 }, attributes, chunking_strategy: chunkingStrategy },
        required: ['file_id'],
        additionalProperties: false,
      },
    },
    attributes,
    chunking_strategy: chunkingStrategy,
  },
  additionalProperties: false,
} as const;
export type CreateBatchBody = {
  file_ids?: string[];
  files?: CreateStoreFileBody[];
  attributes?: Attributes | null;
  chunking_strategy?: ChunkingStrategyParam;
};

export const RANKERS = ['none', 'auto', 'default-2024-11-15'] as const;

export const searchBody = {
  type: 'object',
  properties: {
    query: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 16 }] },
    rewrite_query: { type: 'boolean' },
    max_num_results: { type: 'integer', minimum: 1, maximum: 50 },
    filters: { type: ['object', 'null'] },
    ranking_options: {
      type: 'object',
      properties: {
        ranker: { enum: RANKERS },
        score_threshold: { type: 'number', minimum: 0, maximum: 1 },
        hybrid_search: {
          type: 'object',
          properties: { embedding_weight: { type: 'number', minimum: 0 }, text_weight: { type: 'number', minimum: 0 } },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
  required: ['query'],
  additionalProperties: false,
} as const;
export type SearchBody = {
  query: string | string[];
  rewrite_query?: boolean;
  max_num_results?: number;
  filters?: unknown;
  ranking_options?: {
    ranker?: (typeof RANKERS)[number];
    score_threshold?: number;
    hybrid_search?: { embedding_weight?: number; text_weight?: number };
  };
};

const tokenIds = { type: 'array', minItems: 1, items: { type: 'integer' } } as const;

// One shape for every form OpenAI takes (a string; an array of strings, of token ids, or of token-id
// arrays), so that a bad array gets the array's own error; the service refuses arrays that mix forms.
export const createEmbeddingBody = {
  type: 'object',
  required: ['model', 'input'],
  additionalProperties: false,
  properties: {
    input: { type: ['string', 'array'], minItems: 1, maxItems: 2048, items: { anyOf: [{ type: 'string' }, { type: 'integer' }, tokenIds] } },
    model: { type: 'string' },
    encoding_format: { type: 'string', enum: ['float', 'base64'] },
    dimensions: { type: 'integer', minimum: 1 },
    user: { type: 'string' },
  },
} as const;
export type CreateEmbeddingBody = {
  input: string | Array<string | number | number[]>;
  model: string;
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
};

/** NEAR AI hub's client posts the same body, sometimes with `full_files`. */
export const nearSearchBody = {
  ...searchBody,
  properties: { ...searchBody.properties, full_files: { type: 'boolean' } },
} as const;
export type NearSearchBody = SearchBody & { full_files?: boolean };
