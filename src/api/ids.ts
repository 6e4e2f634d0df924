import { randomBytes } from 'node:crypto';

// OpenAI's id prefixes; the SDKs never parse ids, but people and logs read them.
export const ID_PREFIX = {
  file: 'file-',
  upload: 'upload_',
  part: 'part_',
  vectorStore: 'vs_',
  batch: 'vsfb_',
  response: 'resp_',
  message: 'msg_',
  fileSearchCall: 'fs_',
} as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A prefixed id with 24 random base62 characters (~142 bits). */
export function newId(kind: keyof typeof ID_PREFIX): string {
  const bytes = randomBytes(24);
  let body = '';
  for (const byte of bytes) body += ALPHABET[byte % 62];
  return ID_PREFIX[kind] + body;
}
