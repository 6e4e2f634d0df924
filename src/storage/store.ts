// The storage contract. Services speak to these interfaces only; `sqlite/` is the embedded backend.
// Every method that changes more than one row does so atomically: all of it commits, or none of it.

import type { Attributes } from './filter.js';

export type Order = 'asc' | 'desc';
export type PageQuery = { limit: number; order: Order; after?: string; before?: string };
export type Page<T> = { items: T[]; hasMore: boolean };

export type FileRow = {
  id: string;
  projectId: string;
  filename: string;
  bytes: number;
  purpose: string;
  createdAt: number; // unix seconds
  expiresAt: number | null;
};

export type UploadStatus = 'pending' | 'completed' | 'cancelled' | 'expired';
export type UploadRow = {
  id: string;
  projectId: string;
  filename: string;
  purpose: string;
  bytes: number;
  mimeType: string;
  status: UploadStatus;
  createdAt: number;
  expiresAt: number;
  fileExpiresAfterSeconds: number | null;
  fileId: string | null;
};
export type UploadPartRow = { id: string; uploadId: string; bytes: number; createdAt: number };

export type EmbedderInfo = { provider: string; model: string; dimension: number };
export type ChunkingOptions = { maxTokens: number; overlapTokens: number };

export type VectorStoreRow = {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  metadata: Record<string, string> | null;
  createdAt: number;
  lastActiveAt: number;
  expiresAfterDays: number | null;
  embedder: EmbedderInfo;
};

export type FileCounts = { inProgress: number; completed: number; failed: number; cancelled: number; total: number };
export type VectorStoreView = VectorStoreRow & { fileCounts: FileCounts; usageBytes: number };

export type StoreFileStatus = 'in_progress' | 'completed' | 'failed' | 'cancelled';
export type IngestErrorCode = 'server_error' | 'unsupported_file' | 'invalid_file';
export type IngestError = { code: IngestErrorCode; message: string };

export type StoreFileRow = {
  storeId: string;
  fileId: string;
  status: StoreFileStatus;
  lastError: IngestError | null;
  attributes: Attributes | null;
  chunking: ChunkingOptions;
  usageBytes: number;
  createdAt: number;
};

export type BatchRow = { id: string; storeId: string; createdAt: number; cancelled: boolean };
export type BatchView = BatchRow & { fileCounts: FileCounts };

/** One file to attach to a store, with its own attributes and chunking. */
export type Attachment = { fileId: string; attributes: Attributes | null; chunking: ChunkingOptions };

/** A leased unit of ingestion work: index one File into one vector store. */
export type Job = {
  id: number;
  storeId: string;
  fileId: string;
  filename: string;
  /** Size of the File in bytes, for the claimer's memory budget. */
  bytes: number;
  attempts: number;
  /** The claim token: the claimer's owner name and a random part, never the same for two claims. */
  leaseOwner: string;
  chunking: ChunkingOptions;
  embedder: EmbedderInfo;
};

export type NewChunk = { text: string; tokens: number; vector: Float32Array };
export type IndexedDocument = { text: string; chunks: NewChunk[] };
export type StoredChunk = { id: number; fileId: string; seq: number; text: string };
export type ScoredChunk = { id: number; score: number };

export interface FileRows {
  insert(row: FileRow): Promise<void>;
  get(projectId: string, id: string): Promise<FileRow | null>;
  list(projectId: string, query: PageQuery & { purpose?: string }): Promise<Page<FileRow>>;
  /** Deletes the File and detaches it from every vector store (chunks, jobs and all). */
  delete(projectId: string, id: string): Promise<boolean>;
  /** Deletes every File whose `expiresAt` has passed, as `delete` does; returns their ids. */
  deleteExpired(now: number): Promise<string[]>;
}

export interface UploadRows {
  insert(row: UploadRow): Promise<void>;
  get(projectId: string, id: string): Promise<UploadRow | null>;
  addPart(part: UploadPartRow): Promise<void>;
  parts(uploadId: string): Promise<UploadPartRow[]>;
  /** Moves a pending upload to `status`; false when it was no longer pending. */
  finish(id: string, status: 'cancelled' | 'expired'): Promise<boolean>;
  /** Marks every pending upload past its `expiresAt` expired; returns their ids. */
  expire(now: number): Promise<string[]>;
  /** Records the assembled File and marks the pending upload completed, together; false when it was no longer pending. */
  complete(uploadId: string, file: FileRow): Promise<boolean>;
}

export interface VectorStoreRows {
  /** Creates the store and attaches `attachments` (queuing their ingestion) in one transaction. */
  insert(row: VectorStoreRow, attachments: Attachment[]): Promise<void>;
  get(projectId: string, id: string): Promise<VectorStoreView | null>;
  list(projectId: string, query: PageQuery): Promise<Page<VectorStoreView>>;
  update(row: VectorStoreRow): Promise<void>;
  touch(id: string, lastActiveAt: number): Promise<void>;
  delete(projectId: string, id: string): Promise<boolean>;
  /** Detaches every file of each store that has expired (the store itself stays, reported as expired); returns their ids. */
  emptyExpired(now: number): Promise<string[]>;
}

export interface StoreFileRows {
  /**
   * Attaches files (a file already attached is re-ingested with the new settings), records the
   * batch if one is given, and queues one ingestion job per file, all in one transaction.
   */
  attach(storeId: string, attachments: Attachment[], batch?: BatchRow): Promise<void>;
  get(storeId: string, fileId: string): Promise<StoreFileRow | null>;
  list(storeId: string, query: PageQuery & { status?: StoreFileStatus; batchId?: string }): Promise<Page<StoreFileRow>>;
  setAttributes(storeId: string, fileId: string, attributes: Attributes | null): Promise<void>;
  /** Detaches the file: its chunks, keyword rows, vectors and pending job go with it. */
  detach(storeId: string, fileId: string): Promise<boolean>;
  /** The completed files of a store with what search shows of them. */
  searchable(storeId: string): Promise<Array<{ fileId: string; filename: string; attributes: Attributes | null }>>;
}

export interface BatchRows {
  get(storeId: string, id: string): Promise<BatchView | null>;
  /** Ends every unfinished file of the batch as cancelled and drops their jobs. */
  cancel(storeId: string, id: string): Promise<void>;
}

export interface JobQueue {
  /**
   * Leases runnable jobs (new, retry due, or lease expired) to `owner` for `leaseMs`, oldest first:
   * at most `maxJobs`, and no more files than fit in `maxBytes` (but always one, however large).
   */
  claim(owner: string, limits: { maxJobs: number; maxBytes: number }, leaseMs: number): Promise<Job[]>;
  /** True while `job` is still leased to its claimer (not cancelled, detached or re-queued). */
  isHeld(job: Job): Promise<boolean>;
  /** Extends the lease; false when the job is no longer held. */
  renew(job: Job, leaseMs: number): Promise<boolean>;
  /**
   * For each job still held: writes the file's parsed text, chunks, keyword rows and vectors, marks it
   * completed and retires the job, all in one transaction. A job no longer held (cancelled, detached,
   * lease lost) writes nothing. Returns, per entry, whether it was written.
   */
  complete(entries: Array<{ job: Job; document: IndexedDocument }>): Promise<boolean[]>;
  /** Puts the job back to run again after `delayMs`. */
  retry(job: Job, delayMs: number): Promise<void>;
  /** Gives a held job back to the queue at once, its attempt not counted: the process is stopping. */
  release(job: Job): Promise<void>;
  /** Marks the file failed with `error` and retires the job. */
  fail(job: Job, error: IngestError): Promise<boolean>;
  /**
   * Returns to the queue every job leased to an owner that `isDead` says is gone (e.g. a process on
   * this host that no longer exists), instead of waiting for its lease to run out. Returns how many.
   */
  releaseAbandoned(isDead: (owner: string) => boolean): Promise<number>;
  /** Jobs not yet finished, and when the file of the oldest was attached (unix seconds; null when none). */
  backlog(): Promise<{ jobs: number; oldestAttachedAt: number | null }>;
}

/** A chunk embedded by a job that has not finished yet: its position in the file, its text and its vector. */
export type EmbeddedChunk = { seq: number; text: string; vector: Float32Array };

/**
 * What an unfinished job has embedded so far, kept as it is produced so that a job interrupted by a
 * shutdown or a crash resumes where it stopped. Completing, detaching or cancelling the file clears it.
 */
export interface EmbedCheckpoints {
  /** The vectors saved for `job`'s file, by chunk position, for the chunks in `texts` whose text is unchanged. */
  load(job: Job, texts: string[]): Promise<Map<number, Float32Array>>;
  /** Saves vectors while `job` is still held; false (nothing written) when it is not. */
  save(job: Job, chunks: EmbeddedChunk[]): Promise<boolean>;
}

export interface ChunkRows {
  /** Chunk vectors of a store with id greater than `afterId`, in id order, and the store's deletion epoch. */
  vectorsSince(storeId: string, afterId: number): Promise<{ epoch: number; ids: number[]; fileIds: string[]; vectors: Float32Array[] }>;
  /** The store's deletion epoch and greatest chunk id: a cheap check that a cached index is current. */
  version(storeId: string): Promise<{ epoch: number; maxId: number }>;
  /** BM25 top-k over the store's keyword index, limited to `fileIds` when given. Scores: larger is better. */
  keyword(storeId: string, match: string, k: number, fileIds?: string[]): Promise<ScoredChunk[]>;
  get(ids: number[]): Promise<StoredChunk[]>;
  /** The parsed text of an indexed file, or null when it has none (not indexed yet, or failed). */
  documentText(storeId: string, fileId: string): Promise<string | null>;
}

/** Chunk rows as search reads them; the vector index needs only ChunkRows. */
export interface SearchableChunkRows extends ChunkRows {
  /** The vectors of the given chunks of a store, in no particular order; ids it does not hold are left out. */
  vectors(storeId: string, ids: number[]): Promise<Array<{ id: number; vector: Float32Array }>>;
}

/**
 * A stored answer. The three documents are opaque to storage: the services decide their shape and
 * storage keeps them whole, so a retrieve returns exactly what was served.
 */
export type ResponseRow = {
  id: string;
  projectId: string;
  createdAt: number; // unix seconds
  /** The response object as it was served. */
  response: Record<string, unknown>;
  /** The input items of this request (not of earlier responses in its chain). */
  inputItems: Array<Record<string, unknown>>;
  /** The whole conversation up to and including this answer, for `previous_response_id`. */
  conversation: Array<Record<string, unknown>>;
};

export interface ResponseRows {
  insert(row: ResponseRow): Promise<void>;
  get(projectId: string, id: string): Promise<ResponseRow | null>;
  delete(projectId: string, id: string): Promise<boolean>;
}

export interface Store {
  files: FileRows;
  uploads: UploadRows;
  vectorStores: VectorStoreRows;
  storeFiles: StoreFileRows;
  batches: BatchRows;
  jobs: JobQueue;
  checkpoints: EmbedCheckpoints;
  chunks: SearchableChunkRows;
  responses: ResponseRows;
  /** Throws, saying why, when the database cannot be read; cheap enough for a readiness probe. */
  check(): Promise<void>;
  close(): Promise<void>;
}
