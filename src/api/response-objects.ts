// Responses API objects, exact to OpenAI's schemas (`Response`, `FileSearchToolCall`, `OutputMessage`,
// `ResponseItemList`). Search results appear in a file_search_call only when the request included them.

import type { InputItemRecord, ResponseRecord } from '../answer/response-service.js';
import type { AnswerMessage, OutputItem, SearchCall } from '../answer/tool-loop.js';
import type { Page } from '../storage/store.js';

export function fileSearchCallObject(call: SearchCall, includeResults: boolean) {
  return {
    id: call.id,
    type: 'file_search_call',
    status: call.status,
    queries: call.queries,
    results: includeResults && call.hits
      ? call.hits.map((hit) => ({ file_id: hit.fileId, filename: hit.filename, score: hit.score, text: hit.text, attributes: hit.attributes ?? {} }))
      : null,
  };
}

export const annotationObject = (c: AnswerMessage['citations'][number]) => ({ type: 'file_citation', file_id: c.fileId, filename: c.filename, index: c.index });

export function outputTextObject(text: string, citations: AnswerMessage['citations']) {
  return { type: 'output_text', text, annotations: citations.map(annotationObject), logprobs: [] };
}

export function messageObject(message: AnswerMessage) {
  return {
    id: message.id,
    type: 'message',
    status: message.status,
    role: 'assistant',
    content: message.status === 'in_progress' && message.text === '' ? [] : [outputTextObject(message.text, message.citations)],
  };
}

export function outputItemObject(item: OutputItem, includeResults: boolean) {
  return item.type === 'message' ? messageObject(item.message) : fileSearchCallObject(item.call, includeResults);
}

function toolsObject(r: ResponseRecord['request']) {
  const fs = r.fileSearch;
  if (!fs) return [];
  const ranking = fs.rankingOptions ?? {};
  return [
    {
      type: 'file_search',
      vector_store_ids: fs.storeIds,
      max_num_results: fs.maxResults,
      ranking_options: {
        ranker: ranking.ranker ?? 'auto',
        score_threshold: ranking.score_threshold ?? 0,
        ...(ranking.hybrid_search && {
          hybrid_search: { embedding_weight: ranking.hybrid_search.embedding_weight ?? 1, text_weight: ranking.hybrid_search.text_weight ?? 1 },
        }),
      },
      filters: fs.filters ?? null,
    },
  ];
}

export function responseObject(record: ResponseRecord, includeResults: boolean) {
  const r = record.request;
  return {
    id: record.id,
    object: 'response',
    created_at: record.createdAt,
    status: record.status,
    background: false,
    completed_at: record.completedAt,
    error: null,
    incomplete_details: record.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: r.instructions,
    max_output_tokens: r.maxOutputTokens,
    max_tool_calls: r.maxToolCalls,
    model: record.model,
    output: record.output.map((item) => outputItemObject(item, includeResults)),
    parallel_tool_calls: true,
    previous_response_id: r.previousResponseId,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: r.store,
    temperature: r.temperature ?? 1,
    text: { format: { type: 'text' } },
    tool_choice: r.toolChoice,
    tools: toolsObject(r),
    top_p: r.topP ?? 1,
    truncation: 'disabled',
    usage: record.usage && {
      input_tokens: record.usage.promptTokens,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: record.usage.completionTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: record.usage.promptTokens + record.usage.completionTokens,
    },
    user: null,
    metadata: r.metadata ?? {},
  };
}

export function inputItemObject(item: InputItemRecord) {
  if (item.role === 'assistant') {
    return { id: item.id, type: 'message', status: 'completed', role: 'assistant', content: [outputTextObject(item.text, [])] };
  }
  return { id: item.id, type: 'message', status: 'completed', role: item.role, content: [{ type: 'input_text', text: item.text }] };
}

export function inputItemListObject(page: Page<InputItemRecord>) {
  const data = page.items.map(inputItemObject);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: page.hasMore };
}

export const deletedResponseObject = (id: string) => ({ id, object: 'response.deleted', deleted: true });
