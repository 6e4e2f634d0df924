// Serializers: internal rows to OpenAI's wire objects, field for field as the reference gives them.
import type { SearchOutcome } from '../services/search-service.js';
import type {
  BatchView, ChunkingOptions, FileCounts, FileRow, Page, StoreFileRow, UploadPartRow, UploadRow, VectorStoreView,
} from '../storage/store.js';

const DAY_SECONDS = 86_400;

export function fileObject(f: FileRow) {
  return {
    id: f.id,
    object: 'file',
    bytes: f.bytes,
    created_at: f.createdAt,
    expires_at: f.expiresAt,
    filename: f.filename,
    purpose: f.purpose,
    status: 'processed',
    status_details: null,
  };
}

export function uploadObject(u: UploadRow, file: FileRow | null) {
  return {
    id: u.id,
    object: 'upload',
    bytes: u.bytes,
    created_at: u.createdAt,
    expires_at: u.expiresAt,
    filename: u.filename,
    purpose: u.purpose,
    status: u.status,
    file: file ? fileObject(file) : null,
  };
}

export function partObject(p: UploadPartRow) {
  return { id: p.id, object: 'upload.part', created_at: p.createdAt, upload_id: p.uploadId };
}

export function countsObject(c: FileCounts) {
  return { in_progress: c.inProgress, completed: c.completed, failed: c.failed, cancelled: c.cancelled, total: c.total };
}

/** When the store expires, in unix seconds, or null if it never does. */
export function expiresAt(v: Pick<VectorStoreView, 'lastActiveAt' | 'expiresAfterDays'>): number | null {
  return v.expiresAfterDays === null ? null : v.lastActiveAt + v.expiresAfterDays * DAY_SECONDS;
}

export function vectorStoreObject(v: VectorStoreView, now: number) {
  const expiry = expiresAt(v);
  const status = expiry !== null && expiry <= now ? 'expired' : v.fileCounts.inProgress > 0 ? 'in_progress' : 'completed';
  return {
    id: v.id,
    object: 'vector_store',
    created_at: v.createdAt,
    name: v.name,
    description: v.description,
    usage_bytes: v.usageBytes,
    file_counts: countsObject(v.fileCounts),
    status,
    expires_after: v.expiresAfterDays === null ? null : { anchor: 'last_active_at', days: v.expiresAfterDays },
    expires_at: expiry,
    last_active_at: v.lastActiveAt,
    metadata: v.metadata ?? {},
    embedder: v.embedder,
  };
}

/** OpenAI reports every strategy as `static`; `auto` is 800/400. */
export function chunkingObject(c: ChunkingOptions) {
  return { type: 'static', static: { max_chunk_size_tokens: c.maxTokens, chunk_overlap_tokens: c.overlapTokens } };
}

export function storeFileObject(f: StoreFileRow) {
  return {
    id: f.fileId,
    object: 'vector_store.file',
    usage_bytes: f.usageBytes,
    created_at: f.createdAt,
    vector_store_id: f.storeId,
    status: f.status,
    last_error: f.lastError,
    chunking_strategy: chunkingObject(f.chunking),
    attributes: f.attributes ?? {},
  };
}

export function batchObject(b: BatchView) {
  const c = b.fileCounts;
  const status = c.inProgress > 0 ? 'in_progress' : b.cancelled ? 'cancelled' : c.total > 0 && c.failed === c.total ? 'failed' : 'completed';
  return {
    id: b.id,
    object: 'vector_store.files_batch',
    created_at: b.createdAt,
    vector_store_id: b.storeId,
    status,
    file_counts: countsObject(c),
  };
}

export function deletedObject(id: string, object: 'file' | 'vector_store.deleted' | 'vector_store.file.deleted') {
  return { id, object, deleted: true };
}

/** A cursor page: `first_id`/`last_id` are the ids of its first and last items (null when empty). */
export function listObject<T, W extends { id: string }>(page: Page<T>, serialize: (item: T) => W) {
  const data = page.items.map(serialize);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: page.hasMore,
  };
}

export function searchPageObject(outcome: SearchOutcome) {
  return {
    object: 'vector_store.search_results.page',
    search_query: outcome.searchQuery,
    data: outcome.hits.map((hit) => ({
      file_id: hit.fileId,
      filename: hit.filename,
      score: hit.score,
      attributes: hit.attributes ?? {},
      content: [{ type: 'text', text: hit.text }],
    })),
    has_more: false,
    next_page: null,
  };
}

/**
 * NEAR AI hub's search answer: a bare list of chunks, best first. `distance` is 1 − score, where score
 * is the fused 0..1 relevance of OpenAI's shape, so 0 is the best possible match and 1 no match at all;
 * it is not a raw cosine distance, since the ranking is hybrid.
 */
export function nearSearchResultsObject(outcome: SearchOutcome) {
  return outcome.hits.map((hit) => ({ file_id: hit.fileId, chunk_text: hit.text, distance: 1 - hit.score }));
}

/** The parsed text of a file, as one page (OpenAI's SDKs read only `data`). */
export function fileContentPageObject(text: string | null) {
  return { object: 'vector_store.file_content.page', data: text === null ? [] : [{ type: 'text', text }], has_more: false, next_page: null };
}
