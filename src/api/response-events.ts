// The Responses API's stream: OpenAI's event names, fields and order, numbered by `sequence_number`.
// Per file_search_call: output_item.added, file_search_call.in_progress, .searching, .completed,
// output_item.done. Per message: output_item.added, content_part.added, output_text.delta...,
// output_text.annotation.added..., output_text.done, content_part.done, output_item.done.

import type { ResponseRecord } from '../answer/response-service.js';
import type { AnswerMessage, AnswerProgress, OutputItem } from '../answer/tool-loop.js';
import { annotationObject, fileSearchCallObject, messageObject, outputItemObject, outputTextObject, responseObject } from './response-objects.js';

export type ResponseEventStream = AnswerProgress & {
  started(record: ResponseRecord): void;
  completed(record: ResponseRecord): void;
  failed(error: { message: string; code: string | null; param: string | null }): void;
};

/** Builds each event and hands it to `send` with its event name. */
export function createResponseEventStream(send: (event: string, data: object) => void, includeResults: boolean): ResponseEventStream {
  let sequence = 0;
  const emit = (type: string, fields: object) => send(type, { type, sequence_number: sequence++, ...fields });
  const textPart = { type: 'output_text', text: '', annotations: [], logprobs: [] };

  const finishMessage = (message: AnswerMessage, index: number) => {
    const at = { item_id: message.id, output_index: index, content_index: 0 };
    for (const [i, citation] of message.citations.entries()) {
      emit('response.output_text.annotation.added', { ...at, annotation_index: i, annotation: annotationObject(citation) });
    }
    emit('response.output_text.done', { ...at, text: message.text, logprobs: [] });
    emit('response.content_part.done', { ...at, part: outputTextObject(message.text, message.citations) });
    emit('response.output_item.done', { output_index: index, item: messageObject(message) });
  };

  return {
    started(record) {
      emit('response.created', { response: responseObject(record, includeResults) });
      emit('response.in_progress', { response: responseObject(record, includeResults) });
    },
    itemAdded(item: OutputItem, index) {
      emit('response.output_item.added', { output_index: index, item: outputItemObject(item, includeResults) });
      if (item.type === 'file_search_call') {
        emit('response.file_search_call.in_progress', { output_index: index, item_id: item.call.id });
      } else {
        emit('response.content_part.added', { item_id: item.message.id, output_index: index, content_index: 0, part: textPart });
      }
    },
    searching(call, index) {
      emit('response.file_search_call.searching', { output_index: index, item_id: call.id });
    },
    itemDone(item, index) {
      if (item.type !== 'file_search_call') return;
      emit('response.file_search_call.completed', { output_index: index, item_id: item.call.id });
      emit('response.output_item.done', { output_index: index, item: fileSearchCallObject(item.call, includeResults) });
    },
    textDelta(message, index, delta) {
      emit('response.output_text.delta', { item_id: message.id, output_index: index, content_index: 0, delta, logprobs: [] });
    },
    completed(record) {
      const index = record.output.findIndex((item) => item.type === 'message');
      const item = record.output[index];
      if (item?.type === 'message') finishMessage(item.message, index);
      emit('response.completed', { response: responseObject(record, includeResults) });
    },
    failed(error) {
      emit('error', { code: error.code, message: error.message, param: error.param });
    },
  };
}
