import type { Readable } from 'node:stream';
import { newId } from '../api/ids.js';
import { FILE_PURPOSES, type FilePurpose } from '../api/requests.js';
import { invalid, notFound, TroveError } from '../errors.js';
import { BlobTooLargeError, type BlobStore } from '../storage/blob-store.js';
import { fileBlobKey } from '../storage/blob-keys.js';
import type { FileRow, Page, PageQuery, Store } from '../storage/store.js';
import { LIMITS, nowSeconds } from './limits.js';

/** Bytes already on disk under a fresh File id, waiting for the form fields that make them a File. */
export type StagedFile = { id: string; bytes: number; filename: string };

export type FileFields = { purpose?: string; expiresAfterAnchor?: string; expiresAfterSeconds?: string };

/** Keeps what a person would recognise of a client's filename: no directories, no control characters. */
export function cleanFilename(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return cleaned || 'upload';
}

function parsePurpose(purpose: string | undefined): FilePurpose {
  if (purpose === undefined) throw invalid("Missing required parameter: 'purpose'.", 'purpose', 'missing_required_parameter');
  if (!(FILE_PURPOSES as readonly string[]).includes(purpose)) {
    throw invalid(`Invalid 'purpose': expected one of ${FILE_PURPOSES.join(', ')}, but got '${purpose}' instead.`, 'purpose');
  }
  return purpose as FilePurpose;
}

function parseExpiry(fields: FileFields): number | null {
  if (fields.expiresAfterAnchor === undefined && fields.expiresAfterSeconds === undefined) return null;
  if (fields.expiresAfterAnchor !== 'created_at') {
    throw invalid("Invalid 'expires_after.anchor': expected 'created_at'.", 'expires_after.anchor');
  }
  // Digits only: `1e4` or `3600.0` are numbers to JavaScript, not integers to the API.
  const raw = fields.expiresAfterSeconds ?? '';
  const seconds = /^\d{1,8}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(seconds) || seconds < 3600 || seconds > 2_592_000) {
    throw invalid("Invalid 'expires_after.seconds': expected an integer between 3600 and 2592000.", 'expires_after.seconds');
  }
  return seconds;
}

export function createFileService(store: Store, blobs: BlobStore) {
  async function require(projectId: string, id: string): Promise<FileRow> {
    const file = await store.files.get(projectId, id);
    if (!file) throw notFound('file', id);
    return file;
  }

  return {
    /** Streams an upload's bytes to disk under a new id; the File exists only once `commit` succeeds. */
    async stage(source: Readable, filename: string | undefined): Promise<StagedFile> {
      const id = newId('file');
      try {
        const bytes = await blobs.write(fileBlobKey(id), source, { maxBytes: LIMITS.fileBytes });
        return { id, bytes, filename: cleanFilename(filename) };
      } catch (error) {
        if (error instanceof BlobTooLargeError) {
          throw new TroveError('too_large', `File exceeds the maximum size of ${LIMITS.fileBytes} bytes (512 MB).`, { param: 'file' });
        }
        throw error;
      }
    },

    async discard(staged: StagedFile): Promise<void> {
      await blobs.delete(fileBlobKey(staged.id));
    },

    async commit(projectId: string, staged: StagedFile, fields: FileFields): Promise<FileRow> {
      const purpose = parsePurpose(fields.purpose);
      const expiresAfter = parseExpiry(fields);
      const createdAt = nowSeconds();
      const row: FileRow = {
        id: staged.id,
        projectId,
        filename: staged.filename,
        bytes: staged.bytes,
        purpose,
        createdAt,
        expiresAt: expiresAfter === null ? null : createdAt + expiresAfter,
      };
      await store.files.insert(row);
      return row;
    },

    get: require,

    list(projectId: string, query: PageQuery & { purpose?: string }): Promise<Page<FileRow>> {
      return store.files.list(projectId, query);
    },

    async delete(projectId: string, id: string): Promise<void> {
      if (!(await store.files.delete(projectId, id))) throw notFound('file', id);
      await blobs.delete(fileBlobKey(id));
    },

    async content(projectId: string, id: string): Promise<{ file: FileRow; stream: Readable }> {
      const file = await require(projectId, id);
      return { file, stream: blobs.stream(fileBlobKey(id)) };
    },
  };
}

export type FileService = ReturnType<typeof createFileService>;
