// Turns a drop into a flat list of files, walking into dropped folders.

/**
 * The files of a drop, each with its path inside what was dropped (`docs/guide.md`). Entries must be taken
 * while the drop event runs (the browser empties the DataTransfer afterwards), so call this synchronously
 * from the handler; the walk into folders then goes on asynchronously.
 */
export function droppedFiles(dataTransfer) {
  const walks = [];
  for (const item of dataTransfer.items) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) walks.push(walk(entry));
    else {
      const file = item.getAsFile();
      if (file) walks.push(Promise.resolve([{ file, path: file.name }]));
    }
  }
  return Promise.all(walks).then((lists) => lists.flat());
}

/** Files chosen with `<input type=file>`, with the folder path the browser gives for a chosen folder. */
export function chosenFiles(input) {
  return [...input.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

async function walk(entry) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    return [{ file, path: entry.fullPath.replace(/^\//, '') }];
  }
  if (!entry.isDirectory) return [];
  const children = await readAll(entry.createReader());
  const lists = await Promise.all(children.map(walk));
  return lists.flat();
}

/** A directory reader hands out entries in chunks (100 at a time in Chromium) until it returns none. */
async function readAll(reader) {
  const all = [];
  for (;;) {
    const chunk = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) return all;
    all.push(...chunk);
  }
}
