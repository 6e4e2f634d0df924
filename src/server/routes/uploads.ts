import type {} from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { partObject, uploadObject } from '../../api/objects.js';
import {
  addUploadPartForm, completeUploadBody, createUploadBody, type CompleteUploadBody, type CreateUploadBody,
} from '../../api/requests.js';
import { uploadPartSchema, uploadSchema } from '../../api/responses.js';
import { invalid } from '../../errors.js';
import { LIMITS } from '../../services/limits.js';
import type { Services } from '../../services/services.js';
import { MULTIPART_OVERHEAD_BYTES, refuseBodiesOver } from '../plugins/body-limit.js';

type IdParams = { upload_id: string };

const uploadResponse = { 200: uploadSchema };

export function uploadRoutes(app: FastifyInstance, { uploads }: Services): void {
  const createSchema = { operationId: 'createUpload', summary: 'Start an upload of a large file in parts.', body: createUploadBody, response: uploadResponse };
  app.post<{ Body: CreateUploadBody }>('/uploads', { schema: createSchema }, async (request) =>
    uploadObject(await uploads.create(request.projectId, request.body), null),
  );

  const onRequest = refuseBodiesOver(LIMITS.uploadPartBytes + MULTIPART_OVERHEAD_BYTES, 'an upload part can be at most 64 MB');
  const partSchema = { operationId: 'addUploadPart', summary: 'Add a part to an upload.', form: addUploadPartForm, response: { 200: uploadPartSchema } };
  app.post<{ Params: IdParams }>('/uploads/:upload_id/parts', { onRequest, schema: partSchema }, async (request) => {
    if (!request.isMultipart()) throw invalid('Expected a multipart/form-data body with a `data` part.', 'data');
    await uploads.requireOpen(request.projectId, request.params.upload_id);
    let part;
    for await (const item of request.parts()) {
      if (item.type !== 'file' || item.fieldname !== 'data' || part) {
        if (item.type === 'file') item.file.resume();
        throw invalid(`Unexpected form field '${item.fieldname}'; a part is sent as the file field 'data'.`, item.fieldname);
      }
      part = await uploads.addPart(request.projectId, request.params.upload_id, item.file);
    }
    if (!part) throw invalid("Missing required parameter: 'data'.", 'data', 'missing_required_parameter');
    return partObject(part);
  });

  app.post<{ Params: IdParams; Body: CompleteUploadBody }>(
    '/uploads/:upload_id/complete',
    { schema: { operationId: 'completeUpload', summary: 'Complete an upload: its parts become a File.', body: completeUploadBody, response: uploadResponse } },
    async (request) => {
      const { upload, file } = await uploads.complete(request.projectId, request.params.upload_id, request.body);
      return uploadObject(upload, file);
    },
  );

  const cancelSchema = { operationId: 'cancelUpload', summary: 'Cancel an upload.', response: uploadResponse };
  app.post<{ Params: IdParams }>('/uploads/:upload_id/cancel', { schema: cancelSchema }, async (request) =>
    uploadObject(await uploads.cancel(request.projectId, request.params.upload_id), null),
  );
}
