import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHashEmbedder } from '../../src/embed/hash-embedder.js';

/** One request the fake received, and the status it answered (0: connection cut). */
export type ReceivedRequest = { model: string; inputs: string[]; dimensions: number | undefined; status: number };

export type FakeEmbeddingsOptions = {
  /** Models it serves; any other gets OpenAI's 404 `model_not_found`. */
  models?: string[];
  /** The API key it expects as a bearer token; undefined accepts any or none. */
  apiKey?: string;
  /** Components when the request names no `dimensions`. */
  dimension?: number;
};

export type FakeEmbeddingsServer = {
  /** What to pass as the SDK's `baseURL`, ending in `/v1`. */
  baseURL: string;
  requests: ReceivedRequest[];
  /** The most requests it was answering at once. */
  peakInFlight(): number;
  /** The next `count` requests get `status` with `headers` (e.g. 429 and `retry-after-ms`), then service resumes. */
  failNext(count: number, status: number, headers?: Record<string, string>): void;
  /** The next `count` requests get their connection cut with no answer. */
  dropNext(count: number): void;
  /** From now on every request is answered 401, as OpenAI answers a revoked key. */
  refuseAll(): void;
  /** Every answer waits this long (ms) first. */
  delay(ms: number): void;
  /** Every answer also waits this long (ms) per input it embeds: a slow model. */
  delayPerInput(ms: number): void;
  /** Inputs received so far, over every request. */
  inputsReceived(): number;
  close(): Promise<void>;
};

/**
 * A stand-in for OpenAI's `POST /v1/embeddings` on 127.0.0.1: deterministic hashing vectors (texts
 * that share words are similar), `dimensions` honoured, float or base64 encoding, and failures on
 * demand. It counts what it receives so tests can assert retries and batching.
 */
export async function startFakeEmbeddingsServer(options: FakeEmbeddingsOptions = {}): Promise<FakeEmbeddingsServer> {
  const models = options.models ?? ['fake-embed'];
  const requests: ReceivedRequest[] = [];
  const failures: { status: number; headers: Record<string, string> }[] = [];
  let drops = 0;
  let refusing = false;
  let delayMs = 0;
  let perInputMs = 0;
  let inFlight = 0;
  let peak = 0;

  const answer = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    return status;
  };
  const error = (message: string, code: string | null) => ({ error: { message, type: 'invalid_request_error', param: null, code } });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<number> {
    if (request.method !== 'POST' || request.url !== '/v1/embeddings') return answer(response, 404, error(`Unknown request URL: ${request.url}`, 'unknown_url'));
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; input: string | string[]; dimensions?: number; encoding_format?: string };
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const log: ReceivedRequest = { model: body.model, inputs, dimensions: body.dimensions, status: 0 };
    requests.push(log);
    const wait = delayMs + perInputMs * inputs.length;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

    if (drops > 0) {
      drops--;
      request.socket.destroy();
      return 0;
    }
    const failure = failures.shift();
    if (failure) return (log.status = answer(response, failure.status, error(`Simulated ${failure.status}.`, null), failure.headers));
    const bearer = request.headers.authorization?.replace(/^Bearer /, '');
    if (refusing || (options.apiKey !== undefined && bearer !== options.apiKey)) {
      return (log.status = answer(response, 401, error(`Incorrect API key provided: ${bearer}.`, 'invalid_api_key')));
    }
    if (!models.includes(body.model)) {
      return (log.status = answer(response, 404, error(`The model \`${body.model}\` does not exist or you do not have access to it.`, 'model_not_found')));
    }
    const embedder = createHashEmbedder(body.dimensions ?? options.dimension ?? 64);
    const vectors = await embedder.embedDocuments(inputs);
    const data = vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: body.encoding_format === 'base64' ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector),
    }));
    const tokens = inputs.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
    return (log.status = answer(response, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }));
  }

  const server = createServer((request, response) => {
    peak = Math.max(peak, ++inFlight);
    void handle(request, response).finally(() => inFlight--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    peakInFlight: () => peak,
    failNext: (count, status, headers = {}) => failures.push(...Array.from({ length: count }, () => ({ status, headers }))),
    dropNext: (count) => void (drops += count),
    refuseAll: () => void (refusing = true),
    delay: (ms) => void (delayMs = ms),
    delayPerInput: (ms) => void (perInputMs = ms),
    inputsReceived: () => requests.reduce((sum, r) => sum + r.inputs.length, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Answers still waiting out a delay would hold the close open.
        server.closeAllConnections();
      }),
  };
}
