// Store files carry no filename on the wire; the File object does. Names never change, so each is fetched once.
import { api } from './api.js';

const names = new Map();

export function rememberFilename(fileId, filename) {
  names.set(fileId, Promise.resolve(filename));
}

/** The file's name, or its id when the file itself was deleted. */
export function filenameOf(fileId) {
  if (!names.has(fileId)) {
    names.set(fileId, api(`/files/${encodeURIComponent(fileId)}`).then((file) => file.filename, () => fileId));
  }
  return names.get(fileId);
}
