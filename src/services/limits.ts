// OpenAI's documented limits (openai-api.md §5), enforced as the hosted service does.
export const LIMITS = {
  fileBytes: 512 * 1024 * 1024,
  uploadPartBytes: 64 * 1024 * 1024,
  uploadBytes: 8 * 1024 * 1024 * 1024,
  uploadLifetimeSeconds: 3600,
  storeFileIdsOnCreate: 500,
  batchFiles: 2000,
} as const;

export const nowSeconds = () => Math.floor(Date.now() / 1000);
