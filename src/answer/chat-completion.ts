// Reading the upstream's chat completions, plain or streamed, into one shape. Servers differ: older
// Ollama sends tool arguments as an object and omits call ids; some send usage only when asked.

import { randomUUID } from 'node:crypto';
import { readServerSentEvents } from './sse-reader.js';

export type ChatToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };
export type Usage = { promptTokens: number; completionTokens: number };
export type Completion = { model: string; content: string; toolCalls: ChatToolCall[]; usage: Usage; finishReason: string | null };

export type RawToolCall = { id?: string; index?: number; type?: string; function?: { name?: string; arguments?: string | object } };
type RawUsage = { prompt_tokens?: number; completion_tokens?: number } | null | undefined;
export type RawCompletion = {
  model?: string;
  choices?: Array<{ message?: { content?: string | null; tool_calls?: RawToolCall[] }; finish_reason?: string | null }>;
  usage?: RawUsage;
};
type RawChunk = {
  model?: string;
  choices?: Array<{ delta?: { content?: string | null; tool_calls?: RawToolCall[] }; finish_reason?: string | null }>;
  usage?: RawUsage;
};

const usageOf = (u: RawUsage): Usage => ({ promptTokens: u?.prompt_tokens ?? 0, completionTokens: u?.completion_tokens ?? 0 });

function normalizeToolCall(call: RawToolCall): ChatToolCall {
  const args = call.function?.arguments;
  return {
    id: call.id || `call_${randomUUID()}`,
    type: 'function',
    function: { name: call.function?.name ?? '', arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) },
  };
}

export function completionOf(body: RawCompletion, model: string): Completion {
  const message = body.choices?.[0]?.message;
  return {
    model: body.model ?? model,
    content: message?.content ?? '',
    toolCalls: (message?.tool_calls ?? []).map(normalizeToolCall),
    usage: usageOf(body.usage),
    finishReason: body.choices?.[0]?.finish_reason ?? null,
  };
}

/** Reads a streamed completion, passing each piece of text to `onDelta` as it arrives. */
export async function accumulateStream(body: ReadableStream<Uint8Array>, model: string, onDelta: (text: string) => void): Promise<Completion> {
  let content = '';
  let answeredModel = model;
  let usage: Usage = { promptTokens: 0, completionTokens: 0 };
  let finishReason: string | null = null;
  const calls = new Map<number, RawToolCall & { function: { name: string; arguments: string } }>();
  for await (const data of readServerSentEvents(body)) {
    if (data === '[DONE]') break;
    let chunk: RawChunk;
    try {
      chunk = JSON.parse(data) as RawChunk;
    } catch {
      continue; // comments and keep-alives some servers send
    }
    if (chunk.model) answeredModel = chunk.model;
    if (chunk.usage) usage = usageOf(chunk.usage);
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    if (choice.finish_reason) finishReason = choice.finish_reason;
    const piece = choice.delta?.content;
    if (piece) {
      content += piece;
      onDelta(piece);
    }
    for (const [position, call] of (choice.delta?.tool_calls ?? []).entries()) {
      const index = call.index ?? position;
      const seen = calls.get(index) ?? { id: call.id, function: { name: '', arguments: '' } };
      if (call.id) seen.id = call.id;
      if (call.function?.name) seen.function.name += call.function.name;
      const args = call.function?.arguments;
      if (args !== undefined) seen.function.arguments += typeof args === 'string' ? args : JSON.stringify(args);
      calls.set(index, seen);
    }
  }
  const toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => normalizeToolCall(call));
  return { model: answeredModel, content, toolCalls, usage, finishReason };
}
