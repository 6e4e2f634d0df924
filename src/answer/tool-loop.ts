import { newId } from '../api/ids.js';
import { TroveError } from '../errors.js';
import type { SearchHit } from '../services/search-service.js';
import { extractCitations, type Citation } from './citations.js';
import { FILE_SEARCH_FUNCTION, queriesOf, SourceList, type FileSearch, type FileSearchSettings } from './file-search.js';
import { TOOLS_UNSUPPORTED } from './upstream-errors.js';
import type { ChatMessage, ChatRequest, Completion, Upstream, Usage } from './upstream.js';

export type InputMessage = { role: 'user' | 'system' | 'developer' | 'assistant'; text: string };
export type ToolChoice = 'auto' | 'none' | 'required';

export type AnswerRequest = {
  model: string | undefined;
  instructions: string | null;
  input: InputMessage[];
  fileSearch: FileSearchSettings | null;
  toolChoice: ToolChoice;
  temperature: number | null;
  topP: number | null;
  maxOutputTokens: number | null;
  maxToolCalls: number | null;
};

export type SearchCall = { id: string; queries: string[]; status: 'in_progress' | 'searching' | 'completed'; hits: SearchHit[] | null };
export type AnswerMessage = { id: string; text: string; citations: Citation[]; status: 'in_progress' | 'completed' | 'incomplete' };
export type OutputItem = { type: 'file_search_call'; call: SearchCall } | { type: 'message'; message: AnswerMessage };
export type Answer = { model: string; output: OutputItem[]; usage: Usage; incomplete: boolean; text: string };

/** What a streaming caller hears while the answer is made; `index` is the item's place in `output`. */
export type AnswerProgress = {
  itemAdded(item: OutputItem, index: number): void;
  searching(call: SearchCall, index: number): void;
  itemDone(item: OutputItem, index: number): void;
  textDelta(message: AnswerMessage, index: number, delta: string): void;
};

/** Rounds of tool calls before the model must answer with what it has. */
const MAX_TOOL_ROUNDS = 4;

const GROUNDING = "Answer from the user's documents. Use the file_search tool to find passages, then cite each passage you use by its number in brackets, like [1]. If the documents do not say, say so.";
const FALLBACK_GROUNDING = "Answer from these passages of the user's documents, citing each one you use by its number in brackets, like [1]. If they do not say, say so.";

export function createToolLoop(upstream: Upstream, fileSearch: FileSearch) {
  // Models that refused a request with tools; asked without tools from then on (per process).
  const cannotCallTools = new Set<string>();

  return async function answer(
    projectId: string,
    request: AnswerRequest,
    history: ChatMessage[],
    signal: AbortSignal,
    progress?: AnswerProgress,
  ): Promise<Answer> {
    const model = await upstream.resolveModel(request.model, signal);
    const output: OutputItem[] = [];
    const sources = new SourceList();
    const usage: Usage = { promptTokens: 0, completionTokens: 0 };
    let message: AnswerMessage | null = null;
    let messageIndex = -1;
    let answeredModel = model;
    let incomplete = false;

    const add = (item: OutputItem) => {
      output.push(item);
      progress?.itemAdded(item, output.length - 1);
      return output.length - 1;
    };
    const onText = (delta: string) => {
      if (delta === '') return;
      if (!message) {
        message = { id: newId('message'), text: '', citations: [], status: 'in_progress' };
        messageIndex = add({ type: 'message', message });
      }
      message.text += delta;
      progress?.textDelta(message, messageIndex, delta);
    };
    const search = async (queries: string[]): Promise<string> => {
      const call: SearchCall = { id: newId('fileSearchCall'), queries, status: 'in_progress', hits: null };
      const index = add({ type: 'file_search_call', call });
      call.status = 'searching';
      progress?.searching(call, index);
      call.hits = await fileSearch.run(projectId, request.fileSearch!, queries);
      call.status = 'completed';
      progress?.itemDone(output[index]!, index);
      return sources.describe(call.hits);
    };
    const ask = async (chat: ChatRequest): Promise<Completion> => {
      const completion = await upstream.complete(chat, signal, progress ? onText : undefined);
      if (!progress) onText(completion.content);
      usage.promptTokens += completion.usage.promptTokens;
      usage.completionTokens += completion.usage.completionTokens;
      answeredModel = completion.model || answeredModel;
      if (completion.finishReason === 'length') incomplete = true;
      return completion;
    };

    const base = {
      model,
      ...(request.temperature !== null && { temperature: request.temperature }),
      ...(request.topP !== null && { top_p: request.topP }),
      ...(request.maxOutputTokens !== null && { max_tokens: request.maxOutputTokens }),
    };
    const question = [...request.input].reverse().find((m) => m.role === 'user')?.text ?? request.input.at(-1)?.text ?? '';
    const searching = request.fileSearch !== null && request.toolChoice !== 'none';
    const system = (grounding: string | null) => [request.instructions, searching ? grounding : null].filter((s): s is string => Boolean(s)).join('\n\n');
    const conversation = (grounding: string | null): ChatMessage[] => {
      const prompt = system(grounding);
      return [...(prompt ? [{ role: 'system' as const, content: prompt }] : []), ...history, ...request.input.map(toChat)];
    };

    let answered = false;
    if (searching && !cannotCallTools.has(model)) {
      const messages = conversation(GROUNDING);
      try {
        for (let round = 0; round < MAX_TOOL_ROUNDS && !answered; round++) {
          const searches = output.filter((item) => item.type === 'file_search_call').length;
          const budget = (request.maxToolCalls ?? Infinity) - searches;
          const last = round === MAX_TOOL_ROUNDS - 1 || budget <= 0;
          const forced = round === 0 && request.toolChoice === 'required';
          const completion = await ask({
            ...base,
            messages,
            ...(!last && { tools: [FILE_SEARCH_FUNCTION], tool_choice: forced ? { type: 'function', function: { name: 'file_search' } } : 'auto' }),
          });
          const calls = last ? [] : completion.toolCalls.filter((c) => c.function.name === 'file_search').slice(0, budget);
          if (calls.length === 0) {
            answered = true;
            break;
          }
          messages.push({ role: 'assistant', content: completion.content || null, tool_calls: calls });
          for (const call of calls) {
            messages.push({ role: 'tool', tool_call_id: call.id, content: await search(queriesOf(call.function.arguments, question)) });
          }
        }
      } catch (error) {
        if (!(error instanceof TroveError && error.code === TOOLS_UNSUPPORTED) || output.length > 0) throw error;
        cannotCallTools.add(model);
      }
    }
    if (!answered && searching) {
      // The model cannot call tools: search the question ourselves and hand it the passages.
      const passages = await search([question]);
      await ask({ ...base, messages: [...conversation(`${FALLBACK_GROUNDING}\n\n${passages}`)] });
    } else if (!answered) {
      await ask({ ...base, messages: conversation(null) });
    }

    // An empty answer still ends in a message.
    const final: AnswerMessage = message ?? { id: newId('message'), text: '', citations: [], status: 'in_progress' };
    if (!message) add({ type: 'message', message: final });
    final.citations = extractCitations(final.text, sources);
    final.status = incomplete ? 'incomplete' : 'completed';
    return { model: answeredModel, output, usage, incomplete, text: final.text };
  };
}

export type ToolLoop = ReturnType<typeof createToolLoop>;

/** An input message as the upstream reads it: developer and system text both become system messages. */
export function toChat(m: InputMessage): ChatMessage {
  if (m.role === 'assistant') return { role: 'assistant', content: m.text };
  return { role: m.role === 'user' ? 'user' : 'system', content: m.text };
}
