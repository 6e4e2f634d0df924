// The console's only way to Trove's data: the public `/v1` API, with the key kept for this browser tab.
const KEY_ITEM = 'trove.apiKey';

/** A failed API call, carrying OpenAI's error object. */
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `The server answered ${status}.`);
    this.status = status;
    this.code = error?.code ?? null;
    this.param = error?.param ?? null;
  }
}

export const apiKey = {
  get: () => sessionStorage.getItem(KEY_ITEM),
  set: (key) => sessionStorage.setItem(KEY_ITEM, key),
  clear: () => sessionStorage.removeItem(KEY_ITEM),
};

/** @type {(error: ApiError) => void} */
let onUnauthorized = () => {};
/**
 * Called when the server refuses the key, so the page can ask for another.
 * @param {(error: ApiError) => void} handler
 */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/**
 * Calls `/v1<path>` (relative to the page, so a Trove behind a path prefix works) and returns the parsed
 * JSON body. `body` is sent as JSON unless it is FormData. A `key` given here is being tried out, so its
 * refusal is left to the caller; a refusal of the kept key signs the page out.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, query?: Record<string, unknown>, key?: string }} [options]
 */
export async function api(path, { method = 'GET', body, query, key } = {}) {
  const trying = key !== undefined;
  if (!trying) key = apiKey.get();
  const url = new URL(`v1${path}`, document.baseURI);
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  /** @type {Record<string, string>} */
  const headers = {};
  if (key) headers.authorization = `Bearer ${key}`;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(url, { method, headers, body: payload });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json?.error);
    if (response.status === 401 && !trying) onUnauthorized(error);
    throw error;
  }
  return json;
}

/** The console's own settings: whether the server wants a key at all. */
export async function consoleSettings() {
  const response = await fetch(new URL('console/settings.json', document.baseURI));
  return response.json();
}

/** Every page of a list, following `after` cursors, up to `max` items. */
export async function listAll(path, { query = {}, max = 1000 } = {}) {
  const items = [];
  let after;
  for (;;) {
    const page = await api(path, { query: { ...query, limit: 100, after } });
    items.push(...page.data);
    if (!page.has_more || items.length >= max || !page.last_id) return { items, more: page.has_more };
    after = page.last_id;
  }
}
