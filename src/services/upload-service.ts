import type { Readable } from 'node:stream';
import { newId } from '../api/ids.js';
import type { CompleteUploadBody, CreateUploadBody } from '../api/requests.js';
import { invalid, notFound, TroveError } from '../errors.js';
import { BlobTooLargeError, concatBlobs, type BlobStore } from '../storage/blob-store.js';
import { fileBlobKey, partBlobKey, uploadPartsKey } from '../storage/blob-keys.js';
import type { FileRow, Store, UploadPartRow, UploadRow } from '../storage/store.js';
import { cleanFilename } from './file-service.js';
import { LIMITS, nowSeconds } from './limits.js';

export function createUploadService(store: Store, blobs: BlobStore) {
  /** The upload, if it may still change; an upload past its hour is marked expired on the way. */
  async function requireOpen(projectId: string, id: string): Promise<UploadRow> {
    const upload = await store.uploads.get(projectId, id);
    if (!upload) throw notFound('upload', id);
    if (upload.status === 'pending' && upload.expiresAt <= nowSeconds()) {
      await store.uploads.finish(id, 'expired');
      await blobs.delete(uploadPartsKey(id));
      upload.status = 'expired';
    }
    if (upload.status !== 'pending') {
      throw invalid(`Upload ${id} is ${upload.status} and can no longer be changed.`, null, 'upload_not_pending');
    }
    return upload;
  }

  return {
    requireOpen,

    async create(projectId: string, body: CreateUploadBody): Promise<UploadRow> {
      if (body.bytes > LIMITS.uploadBytes) {
        throw new TroveError('too_large', `An upload can be at most ${LIMITS.uploadBytes} bytes (8 GB).`, { param: 'bytes' });
      }
      const createdAt = nowSeconds();
      const row: UploadRow = {
        id: newId('upload'),
        projectId,
        filename: cleanFilename(body.filename),
        purpose: body.purpose,
        bytes: body.bytes,
        mimeType: body.mime_type,
        status: 'pending',
        createdAt,
        expiresAt: createdAt + LIMITS.uploadLifetimeSeconds,
        fileExpiresAfterSeconds: body.expires_after?.seconds ?? null,
        fileId: null,
      };
      await store.uploads.insert(row);
      return row;
    },

    async addPart(projectId: string, uploadId: string, source: Readable): Promise<UploadPartRow> {
      await requireOpen(projectId, uploadId);
      const id = newId('part');
      let bytes: number;
      try {
        bytes = await blobs.write(partBlobKey(uploadId, id), source, { maxBytes: LIMITS.uploadPartBytes });
      } catch (error) {
        if (error instanceof BlobTooLargeError) {
          throw new TroveError('too_large', `An upload part can be at most ${LIMITS.uploadPartBytes} bytes (64 MB).`, { param: 'data' });
        }
        throw error;
      }
      const part: UploadPartRow = { id, uploadId, bytes, createdAt: nowSeconds() };
      await store.uploads.addPart(part);
      return part;
    },

    async complete(projectId: string, uploadId: string, body: CompleteUploadBody): Promise<{ upload: UploadRow; file: FileRow }> {
      const upload = await requireOpen(projectId, uploadId);
      const parts = new Map((await store.uploads.parts(uploadId)).map((p) => [p.id, p]));
      const chosen = body.part_ids.map((id, i) => {
        const part = parts.get(id);
        if (!part) throw invalid(`Invalid 'part_ids[${i}]': upload ${uploadId} has no part '${id}'.`, `part_ids[${i}]`);
        return part;
      });
      if (new Set(body.part_ids).size !== body.part_ids.length) throw invalid("Invalid 'part_ids': a part is listed twice.", 'part_ids');
      const total = chosen.reduce((sum, p) => sum + p.bytes, 0);
      if (total !== upload.bytes) {
        throw invalid(`The parts add up to ${total} bytes, but the upload was created with bytes=${upload.bytes}.`, 'part_ids', 'upload_size_mismatch');
      }
      const fileId = newId('file');
      const { md5 } = await concatBlobs(blobs, fileBlobKey(fileId), chosen.map((p) => partBlobKey(uploadId, p.id)));
      if (body.md5 !== undefined && body.md5.toLowerCase() !== md5) {
        await blobs.delete(fileBlobKey(fileId));
        throw invalid(`The md5 of the assembled file is ${md5}, not ${body.md5}.`, 'md5', 'md5_mismatch');
      }
      const createdAt = nowSeconds();
      const file: FileRow = {
        id: fileId,
        projectId,
        filename: upload.filename,
        bytes: total,
        purpose: upload.purpose,
        createdAt,
        expiresAt: upload.fileExpiresAfterSeconds === null ? null : createdAt + upload.fileExpiresAfterSeconds,
      };
      if (!(await store.uploads.complete(uploadId, file))) {
        await blobs.delete(fileBlobKey(fileId));
        throw invalid(`Upload ${uploadId} was completed or cancelled meanwhile.`, null, 'upload_not_pending');
      }
      await blobs.delete(uploadPartsKey(uploadId));
      return { upload: { ...upload, status: 'completed', fileId }, file };
    },

    async cancel(projectId: string, uploadId: string): Promise<UploadRow> {
      const upload = await requireOpen(projectId, uploadId);
      if (!(await store.uploads.finish(uploadId, 'cancelled'))) {
        throw invalid(`Upload ${uploadId} was completed or cancelled meanwhile.`, null, 'upload_not_pending');
      }
      await blobs.delete(uploadPartsKey(uploadId));
      return { ...upload, status: 'cancelled' };
    },

    async fileOf(projectId: string, upload: UploadRow): Promise<FileRow | null> {
      return upload.fileId === null ? null : store.files.get(projectId, upload.fileId);
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
