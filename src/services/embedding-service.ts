import type { CreateEmbeddingBody } from '../api/requests.js';
import { countTokens, decodeTokens } from '../chunk/tokenizer.js';
import type { EmbedderCatalog } from '../embed/catalog.js';
import { invalid, TroveError } from '../errors.js';

/** OpenAI's limits for its embedding models, in cl100k tokens. */
export const EMBEDDING_LIMITS = { inputTokens: 8192, requestTokens: 300_000 };

/** The inputs as texts: token-id arrays are decoded with cl100k_base, the tokenizer OpenAI's embedding models use. */
function textsOf(input: CreateEmbeddingBody['input']): string[] {
  if (typeof input === 'string') return [input];
  if (input.every((item) => typeof item === 'number')) return [decoded(input as number[], 'input')];
  return input.map((item, i) => {
    if (typeof item === 'string') return item;
    if (Array.isArray(item)) return decoded(item, `input[${i}]`);
    throw invalid(`Invalid 'input[${i}]': an array holds strings, token ids or arrays of token ids, not a mix.`, `input[${i}]`, 'invalid_value');
  });
}

function decoded(ids: number[], param: string): string {
  const text = decodeTokens(ids);
  if (text === undefined) throw invalid(`Invalid '${param}': not a list of cl100k_base token ids.`, param, 'invalid_value');
  return text;
}

/**
 * `POST /v1/embeddings` with the embedders this server runs: `model` is an embedder spec as a store
 * gives it (`default`, `test`, `onnx:...`, `openai:...`), the server's default or one clients may
 * choose for a store, so a user's own code embeds as their stores do (texts are embedded as documents).
 */
export function createEmbeddingService(embedders: EmbedderCatalog, defaultSpec: string, mayChoose: (spec: string) => boolean) {
  return {
    async create(body: CreateEmbeddingBody): Promise<{ model: string; vectors: Float32Array[]; tokens: number }> {
      if (body.model !== defaultSpec && !mayChoose(body.model)) {
        throw new TroveError('not_found', `The model \`${body.model}\` does not exist or you do not have access to it.`, { code: 'model_not_found' });
      }
      const texts = textsOf(body.input);
      if (texts.some((text) => text === '')) {
        throw invalid("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");
      }
      let tokens = 0;
      for (const [i, text] of texts.entries()) {
        const count = countTokens(text);
        if (count > EMBEDDING_LIMITS.inputTokens) {
          const param = typeof body.input === 'string' ? 'input' : `input[${i}]`;
          throw invalid(`Invalid '${param}': maximum input length is ${EMBEDDING_LIMITS.inputTokens} tokens, got ${count}.`, param, 'invalid_value');
        }
        tokens += count;
      }
      if (tokens > EMBEDDING_LIMITS.requestTokens) {
        throw invalid(`Requested ${tokens} tokens, max ${EMBEDDING_LIMITS.requestTokens} tokens per request`, 'input', 'max_tokens_per_request');
      }
      const embedder = embedders.forStore(await embedders.describe(body.model));
      if (body.dimensions !== undefined && body.dimensions !== embedder.dimension) {
        throw invalid(`This model does not support specifying dimensions (it gives ${embedder.dimension}).`, 'dimensions', 'invalid_value');
      }
      return { model: body.model, vectors: await embedder.embedDocuments(texts), tokens };
    },
  };
}

export type EmbeddingService = ReturnType<typeof createEmbeddingService>;
