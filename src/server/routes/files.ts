import type {} from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { deletedObject, fileObject, listObject } from '../../api/objects.js';
import { optionalText, pageQuerySchema, parsePageQuery } from '../../api/list-query.js';
import { createFileForm } from '../../api/requests.js';
import { deletedSchema, fileSchema, listSchema } from '../../api/responses.js';
import { invalid } from '../../errors.js';
import type { FileFields, StagedFile } from '../../services/file-service.js';
import { LIMITS } from '../../services/limits.js';
import type { Services } from '../../services/services.js';
import { MULTIPART_OVERHEAD_BYTES, refuseBodiesOver } from '../plugins/body-limit.js';

type IdParams = { file_id: string };

// OpenAI lists up to 10,000 files at once, and that many by default.
const FILE_PAGE = { defaultLimit: 10_000, maxLimit: 10_000 };

const FORM_FIELDS: Record<string, keyof FileFields> = {
  purpose: 'purpose',
  'expires_after[anchor]': 'expiresAfterAnchor',
  'expires_after[seconds]': 'expiresAfterSeconds',
};

export function fileRoutes(app: FastifyInstance, { files }: Services): void {
  const onRequest = refuseBodiesOver(LIMITS.fileBytes + MULTIPART_OVERHEAD_BYTES, 'a file can be at most 512 MB');
  const createSchema = { operationId: 'createFile', summary: 'Upload a file.', form: createFileForm, response: { 200: fileSchema } };
  app.post('/files', { onRequest, schema: createSchema }, async (request) => {
    if (!request.isMultipart()) throw invalid('Expected a multipart/form-data body with a `file` part and a `purpose` field.', 'file');
    const fields: FileFields = {};
    let staged: StagedFile | undefined;
    try {
      // The SDKs send the file part before `purpose`, so the bytes are staged first and the File is
      // recorded only once every field has been read and checked.
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || staged) throw invalid(`Unexpected file part '${part.fieldname}'.`, part.fieldname);
          staged = await files.stage(part.file, part.filename);
        } else {
          const field = Object.hasOwn(FORM_FIELDS, part.fieldname) ? FORM_FIELDS[part.fieldname] : undefined;
          if (!field) throw invalid(`Unrecognized request argument supplied: ${part.fieldname}`, part.fieldname, 'unknown_parameter');
          if (fields[field] !== undefined) throw invalid(`Duplicate parameter: '${part.fieldname}' is given more than once.`, part.fieldname, 'duplicate_parameter');
          fields[field] = String(part.value);
        }
      }
      if (!staged) throw invalid("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
      return fileObject(await files.commit(request.projectId, staged, fields));
    } catch (error) {
      if (staged) await files.discard(staged);
      throw error;
    }
  });

  const listQuery = pageQuerySchema(FILE_PAGE, { purpose: { type: 'string' } });
  app.get('/files', { schema: { operationId: 'listFiles', summary: 'List files.', queryParameters: listQuery, response: { 200: listSchema(fileSchema) } } }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const page = await files.list(request.projectId, {
      ...parsePageQuery(query, FILE_PAGE),
      purpose: optionalText(query, 'purpose'),
    });
    return listObject(page, fileObject);
  });

  app.get<{ Params: IdParams }>(
    '/files/:file_id',
    { schema: { operationId: 'retrieveFile', summary: 'Retrieve a file.', response: { 200: fileSchema } } },
    async (request) => fileObject(await files.get(request.projectId, request.params.file_id)),
  );

  const deleteSchema = { operationId: 'deleteFile', summary: 'Delete a file and detach it from every vector store.', response: { 200: deletedSchema('file') } };
  app.delete<{ Params: IdParams }>('/files/:file_id', { schema: deleteSchema }, async (request) => {
    await files.delete(request.projectId, request.params.file_id);
    return deletedObject(request.params.file_id, 'file');
  });

  const contentSchema = { operationId: 'downloadFile', summary: "A file's bytes.", produces: 'application/octet-stream' };
  app.get<{ Params: IdParams }>('/files/:file_id/content', { schema: contentSchema }, async (request, reply) => {
    const { file, stream } = await files.content(request.projectId, request.params.file_id);
    return reply.type('application/octet-stream').header('content-length', file.bytes).send(stream);
  });
}
