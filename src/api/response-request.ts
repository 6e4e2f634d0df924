// The Responses API request, as far as a vector store serves it: the `file_search` tool and text in,
// text out. Other tools and output formats are refused by name rather than ignored.

import { invalid } from '../errors.js';
import { metadata, type SearchBody } from './requests.js';

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });

export const createResponseBody = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    input: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' }, maxItems: 1000 }] },
    instructions: nullable({ type: 'string' }),
    tools: { type: 'array', items: { type: 'object' }, maxItems: 128 },
    tool_choice: { anyOf: [{ enum: ['none', 'auto', 'required'] }, { type: 'object' }] },
    include: nullable({ type: 'array', items: { type: 'string' } }),
    previous_response_id: nullable({ type: 'string' }),
    store: nullable({ type: 'boolean' }),
    metadata,
    temperature: nullable({ type: 'number', minimum: 0, maximum: 2 }),
    top_p: nullable({ type: 'number', minimum: 0, maximum: 1 }),
    max_output_tokens: nullable({ type: 'integer', minimum: 16 }),
    stream: nullable({ type: 'boolean' }),
    stream_options: nullable({ type: 'object' }),
    parallel_tool_calls: nullable({ type: 'boolean' }),
    max_tool_calls: nullable({ type: 'integer', minimum: 1 }),
    text: nullable({ type: 'object' }),
    truncation: nullable({ enum: ['auto', 'disabled'] }),
    user: { type: 'string' },
    safety_identifier: nullable({ type: 'string' }),
    prompt_cache_key: nullable({ type: 'string' }),
    service_tier: nullable({ type: 'string' }),
    background: nullable({ type: 'boolean' }),
    reasoning: nullable({ type: 'object' }),
  },
  additionalProperties: false,
} as const;

type WireTool = { type?: unknown; vector_store_ids?: unknown; max_num_results?: unknown; filters?: unknown; ranking_options?: unknown };
type WireItem = { type?: unknown; role?: unknown; content?: unknown };

export type CreateResponseBody = {
  model?: string;
  input?: string | WireItem[];
  instructions?: string | null;
  tools?: WireTool[];
  tool_choice?: 'none' | 'auto' | 'required' | { type?: string; name?: string };
  include?: string[] | null;
  previous_response_id?: string | null;
  store?: boolean | null;
  metadata?: Record<string, string> | null;
  temperature?: number | null;
  top_p?: number | null;
  max_output_tokens?: number | null;
  stream?: boolean | null;
  text?: { format?: { type?: string } } | null;
  background?: boolean | null;
  max_tool_calls?: number | null;
};

export type InputRole = 'user' | 'system' | 'developer' | 'assistant';

/** A request in our words (camelCase), checked beyond what the schema can say. */
export type ResponseRequest = {
  model: string | undefined;
  instructions: string | null;
  input: Array<{ role: InputRole; text: string }>;
  fileSearch: { storeIds: string[]; maxResults: number; filters: unknown; rankingOptions: SearchBody['ranking_options'] } | null;
  toolChoice: 'auto' | 'none' | 'required';
  includeResults: boolean;
  previousResponseId: string | null;
  store: boolean;
  metadata: Record<string, string> | null;
  temperature: number | null;
  topP: number | null;
  maxOutputTokens: number | null;
  /** Searches allowed in this response, over all rounds; null: only the round limit applies. */
  maxToolCalls: number | null;
};

export const INCLUDE_RESULTS = 'file_search_call.results';
const ROLES: readonly InputRole[] = ['user', 'system', 'developer', 'assistant'];
const DEFAULT_FILE_SEARCH_RESULTS = 10;

function fileSearchOf(tools: WireTool[]): ResponseRequest['fileSearch'] {
  let found: ResponseRequest['fileSearch'] = null;
  for (const [i, tool] of tools.entries()) {
    if (tool.type !== 'file_search') {
      throw invalid(`Invalid 'tools[${i}].type': this server runs the 'file_search' tool only, not '${String(tool.type)}'.`, `tools[${i}].type`, 'unsupported_tool');
    }
    if (found) throw invalid(`Invalid 'tools[${i}]': only one 'file_search' tool may be given.`, `tools[${i}]`);
    const ids = tool.vector_store_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 16 || !ids.every((id) => typeof id === 'string')) {
      throw invalid(`Invalid 'tools[${i}].vector_store_ids': expected 1 to 16 vector store ids.`, `tools[${i}].vector_store_ids`);
    }
    const max = tool.max_num_results ?? DEFAULT_FILE_SEARCH_RESULTS;
    if (!Number.isInteger(max) || (max as number) < 1 || (max as number) > 50) {
      throw invalid(`Invalid 'tools[${i}].max_num_results': expected an integer between 1 and 50.`, `tools[${i}].max_num_results`);
    }
    const ranking = tool.ranking_options;
    if (ranking !== undefined && ranking !== null && (typeof ranking !== 'object' || Array.isArray(ranking))) {
      throw invalid(`Invalid 'tools[${i}].ranking_options': expected an object.`, `tools[${i}].ranking_options`);
    }
    found = { storeIds: [...new Set(ids as string[])], maxResults: max as number, filters: tool.filters ?? null, rankingOptions: (ranking ?? undefined) as SearchBody['ranking_options'] };
  }
  return found;
}

/** The text of a message's content: a string, or `input_text`/`output_text` parts joined. */
function textOf(content: unknown, param: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalid(`Invalid '${param}': expected a string or an array of content parts.`, param);
  return content
    .map((part: { type?: unknown; text?: unknown }, j) => {
      if ((part?.type === 'input_text' || part?.type === 'output_text') && typeof part.text === 'string') return part.text;
      throw invalid(`Invalid '${param}[${j}].type': this server reads text content only ('input_text').`, `${param}[${j}].type`, 'unsupported_content');
    })
    .join('\n');
}

function inputOf(input: CreateResponseBody['input']): ResponseRequest['input'] {
  if (input === undefined) throw invalid("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  if (typeof input === 'string') return [{ role: 'user', text: input }];
  return input.map((item, i) => {
    if (item.type !== undefined && item.type !== 'message') {
      throw invalid(`Invalid 'input[${i}].type': this server reads message items only, not '${String(item.type)}'.`, `input[${i}].type`, 'unsupported_input');
    }
    if (!ROLES.includes(item.role as InputRole)) throw invalid(`Invalid 'input[${i}].role': expected one of ${ROLES.join(', ')}.`, `input[${i}].role`);
    return { role: item.role as InputRole, text: textOf(item.content, `input[${i}].content`) };
  });
}

function toolChoiceOf(choice: CreateResponseBody['tool_choice']): ResponseRequest['toolChoice'] {
  if (choice === undefined) return 'auto';
  if (typeof choice === 'string') return choice;
  if (choice.type === 'file_search' || (choice.type === 'function' && choice.name === 'file_search')) return 'required';
  throw invalid("Invalid 'tool_choice': this server can choose only the 'file_search' tool.", 'tool_choice');
}

export function parseResponseRequest(body: CreateResponseBody): ResponseRequest {
  if (body.background) throw invalid("Invalid 'background': this server answers in the foreground only.", 'background');
  const format = body.text?.format?.type;
  if (format !== undefined && format !== 'text') throw invalid(`Invalid 'text.format.type': this server answers in plain text only, not '${format}'.`, 'text.format.type');
  for (const [i, value] of (body.include ?? []).entries()) {
    if (value !== INCLUDE_RESULTS && value !== 'message.output_text.logprobs') {
      throw invalid(`Invalid 'include[${i}]': this server can include '${INCLUDE_RESULTS}' only.`, `include[${i}]`);
    }
  }
  const fileSearch = fileSearchOf(body.tools ?? []);
  const toolChoice = toolChoiceOf(body.tool_choice);
  if (toolChoice === 'required' && !fileSearch) throw invalid("Invalid 'tool_choice': a tool is required but no 'file_search' tool was given.", 'tool_choice');
  return {
    model: body.model,
    instructions: body.instructions ?? null,
    input: inputOf(body.input),
    fileSearch,
    toolChoice,
    includeResults: (body.include ?? []).includes(INCLUDE_RESULTS),
    previousResponseId: body.previous_response_id ?? null,
    store: body.store ?? true,
    metadata: body.metadata ?? null,
    temperature: body.temperature ?? null,
    topP: body.top_p ?? null,
    maxOutputTokens: body.max_output_tokens ?? null,
    maxToolCalls: body.max_tool_calls ?? null,
  };
}
