import type { Services } from '../services/services.js';
import type { Store } from '../storage/store.js';
import { createFileSearch } from './file-search.js';
import { createResponseService } from './response-service.js';
import { createToolLoop } from './tool-loop.js';
import { createUpstream, type UpstreamSettings } from './upstream.js';

/** Answers from the documents: the upstream model, and the responses made with it. */
export function createAnswers(store: Store, services: Services, settings: UpstreamSettings) {
  const upstream = createUpstream(settings);
  const fileSearch = createFileSearch(services.search, services.vectorStores);
  return { upstream, responses: createResponseService(store, upstream, fileSearch, createToolLoop(upstream, fileSearch)) };
}

export type Answers = ReturnType<typeof createAnswers>;
