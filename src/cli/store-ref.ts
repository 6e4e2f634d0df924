import OpenAI from 'openai';
import type { VectorStore } from 'openai/resources/vector-stores/vector-stores';

/** A store named on the command line that is neither an id nor a name any store has. */
export class StoreNotFound extends Error {
  constructor(readonly ref: string) {
    super(`no vector store is named or has the id '${ref}' (see: trove stores ls)`);
  }
}

export async function listAllStores(client: OpenAI): Promise<VectorStore[]> {
  const stores: VectorStore[] = [];
  for await (const store of client.vectorStores.list({ limit: 100 })) stores.push(store);
  return stores;
}

/**
 * Finds a store by id or by name. Names are not unique in the API, so a name that two stores share is
 * refused rather than guessed.
 */
export async function resolveStore(client: OpenAI, ref: string): Promise<VectorStore> {
  if (ref.startsWith('vs_')) {
    try {
      return await client.vectorStores.retrieve(ref);
    } catch (error) {
      if (!(error instanceof OpenAI.NotFoundError)) throw error;
    }
  }
  const named = (await listAllStores(client)).filter((store) => store.name === ref);
  if (named.length === 1) return named[0]!;
  if (named.length === 0) throw new StoreNotFound(ref);
  throw new Error(`${named.length} vector stores are named '${ref}' (${named.map((s) => s.id).join(', ')}): use an id instead`);
}
