import { newId } from '../api/ids.js';
import type { ResponseRequest } from '../api/response-request.js';
import { TroveError } from '../errors.js';
import { nowSeconds } from '../services/limits.js';
import type { Page, PageQuery, Store } from '../storage/store.js';
import type { FileSearch } from './file-search.js';
import { toChat, type AnswerProgress, type OutputItem, type ToolLoop } from './tool-loop.js';
import type { ChatMessage, Upstream, Usage } from './upstream.js';

/** A response in our words: what is stored, and what `api/` serializes. */
export type ResponseRecord = {
  id: string;
  createdAt: number;
  completedAt: number | null;
  status: 'in_progress' | 'completed' | 'incomplete';
  model: string;
  request: Omit<ResponseRequest, 'input' | 'includeResults'>;
  output: OutputItem[];
  usage: Usage | null;
};

export type InputItemRecord = { id: string; role: ResponseRequest['input'][number]['role']; text: string };

/** A request checked against the stores and the conversation it continues, ready to answer. */
export type PreparedResponse = { projectId: string; request: ResponseRequest; history: ChatMessage[]; record: ResponseRecord };

const notFoundResponse = (id: string, param: string | null = null) =>
  new TroveError('not_found', `Response with id '${id}' not found.`, { param });

export function createResponseService(store: Store, upstream: Upstream, fileSearch: FileSearch, toolLoop: ToolLoop) {
  return {
    /** Everything that can fail before an answer starts, so that it fails as a plain HTTP error. */
    async prepare(projectId: string, request: ResponseRequest): Promise<PreparedResponse> {
      upstream.requireConfigured();
      if (request.fileSearch) await fileSearch.checkStores(projectId, request.fileSearch);
      let history: ChatMessage[] = [];
      if (request.previousResponseId) {
        const previous = await store.responses.get(projectId, request.previousResponseId);
        if (!previous) throw notFoundResponse(request.previousResponseId, 'previous_response_id');
        history = previous.conversation as ChatMessage[];
      }
      const { input: _input, includeResults: _include, ...echoed } = request;
      const record: ResponseRecord = {
        id: newId('response'),
        createdAt: nowSeconds(),
        completedAt: null,
        status: 'in_progress',
        model: request.model ?? '',
        request: echoed,
        output: [],
        usage: null,
      };
      return { projectId, request, history, record };
    },

    /** Answers a prepared request, stores it unless `store` is false, and returns the finished record. */
    async run(prepared: PreparedResponse, signal: AbortSignal, progress?: AnswerProgress): Promise<ResponseRecord> {
      const { projectId, request, history, record } = prepared;
      const answer = await toolLoop(projectId, request, history, signal, progress);
      Object.assign(record, {
        model: answer.model,
        output: answer.output,
        usage: answer.usage,
        status: answer.incomplete ? 'incomplete' : 'completed',
        completedAt: nowSeconds(),
      });
      if (request.store) {
        const inputItems: InputItemRecord[] = request.input.map((m) => ({ id: newId('message'), role: m.role, text: m.text }));
        const conversation: ChatMessage[] = [
          ...history,
          ...request.input.map(toChat),
          { role: 'assistant', content: answer.text },
        ];
        await store.responses.insert({ id: record.id, projectId, createdAt: record.createdAt, response: record, inputItems, conversation });
      }
      return record;
    },

    async get(projectId: string, id: string): Promise<ResponseRecord> {
      const row = await store.responses.get(projectId, id);
      if (!row) throw notFoundResponse(id);
      return row.response as ResponseRecord;
    },

    /** One cursor page of a stored response's input items (kept in input order, so `asc` is as given). */
    async inputItems(projectId: string, id: string, query: PageQuery): Promise<Page<InputItemRecord>> {
      const row = await store.responses.get(projectId, id);
      if (!row) throw notFoundResponse(id);
      const items = row.inputItems as InputItemRecord[];
      const ordered = query.order === 'asc' ? items : [...items].reverse();
      let start = 0;
      let end = ordered.length;
      if (query.after !== undefined) {
        const at = ordered.findIndex((item) => item.id === query.after);
        if (at < 0) return { items: [], hasMore: false };
        start = at + 1;
      } else if (query.before !== undefined) {
        const at = ordered.findIndex((item) => item.id === query.before);
        if (at < 0) return { items: [], hasMore: false };
        end = at;
        start = Math.max(0, end - query.limit);
        return { items: ordered.slice(start, end), hasMore: start > 0 };
      }
      return { items: ordered.slice(start, start + query.limit), hasMore: start + query.limit < end };
    },

    async delete(projectId: string, id: string): Promise<void> {
      if (!(await store.responses.delete(projectId, id))) throw notFoundResponse(id);
    },
  };
}

export type ResponseService = ReturnType<typeof createResponseService>;
