// The drop zone and the live list of files being added to a store.
import { announce, errorText, fill, h } from './elements.js';
import { chosenFiles, droppedFiles } from './dropped-files.js';
import { FINAL, queueFor } from './upload-queue.js';

const STATUS_WORDS = { queued: 'queued', uploading: 'uploading', in_progress: 'in progress', completed: 'completed', failed: 'failed', cancelled: 'cancelled' };

/** Returns the panel's element, and `detach()` to stop updating it when the view goes away. `onServerChange` is called when files were attached or finished. */
export function uploadPanel(storeId, { onServerChange }) {
  const queue = queueFor(storeId);
  const attributes = h('textarea', { id: 'upload-attributes', rows: '2', spellcheck: 'false', placeholder: '{"team": "docs"}', 'aria-describedby': 'upload-attributes-hint' });
  const problem = h('div');
  const fileInput = h('input', { type: 'file', multiple: true, id: 'choose-files', class: 'visually-hidden', tabindex: '-1', 'aria-label': 'Files to add' });
  const folderInput = h('input', { type: 'file', webkitdirectory: true, id: 'choose-folder', class: 'visually-hidden', tabindex: '-1', 'aria-label': 'Folder to add' });
  const summary = h('p', { class: 'upload-summary', role: 'status' });
  const list = h('ol', { class: 'uploads', id: 'uploads' });
  const clear = h('button', { type: 'button', class: 'quiet', hidden: true, onclick: () => queue.clearFinished() }, 'Clear finished');

  /** Parses the attributes box; null when it holds an error, which is then shown. */
  function readAttributes() {
    fill(problem);
    const text = attributes.value.trim();
    if (!text) return undefined;
    try {
      const value = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('Attributes must be a JSON object.');
      return value;
    } catch (error) {
      fill(problem, errorText(`Attributes: ${error.message}`));
      attributes.focus();
      return null;
    }
  }

  async function add(filesPromise) {
    const attrs = readAttributes();
    if (attrs === null) return;
    const files = await filesPromise;
    if (files.length === 0) return;
    queue.add(files, attrs);
    announce(`Adding ${files.length} file${files.length === 1 ? '' : 's'}.`);
  }

  const zone = h(
    'div',
    {
      class: 'dropzone',
      id: 'dropzone',
      ondragover: (event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        zone.classList.add('over');
      },
      ondragleave: () => zone.classList.remove('over'),
      ondrop: (event) => {
        event.preventDefault();
        zone.classList.remove('over');
        void add(droppedFiles(event.dataTransfer));
      },
    },
    h('p', {}, 'Drop files or folders here, or'),
    h('div', { class: 'row' },
      h('button', { type: 'button', onclick: () => fileInput.click() }, 'Choose files…'),
      h('button', { type: 'button', class: 'quiet', onclick: () => folderInput.click() }, 'Choose a folder…')),
    fileInput,
    folderInput,
  );
  for (const input of [fileInput, folderInput]) {
    input.addEventListener('change', () => {
      void add(Promise.resolve(chosenFiles(input)));
      input.value = '';
    });
  }

  let frame = 0;
  // How many files are attached and still moving, and how many finished: when either changes, the
  // store's own figures and file list are worth reloading.
  const serverState = () => {
    const moving = queue.entries.filter((e) => e.status === 'in_progress').length;
    return `${moving}/${queue.entries.filter((e) => FINAL.has(e.status)).length}`;
  };
  let stateBefore = serverState();
  // Many status changes arrive together; draw once per frame.
  const unsubscribe = queue.subscribe(() => {
    if (!frame) frame = requestAnimationFrame(draw);
  });
  function draw() {
    frame = 0;
    fill(list, queue.entries.map(entryItem));
    const counts = {};
    for (const entry of queue.entries) counts[entry.status] = (counts[entry.status] ?? 0) + 1;
    summary.textContent = queue.entries.length === 0 ? '' : Object.entries(counts).map(([status, n]) => `${n} ${STATUS_WORDS[status]}`).join(', ');
    clear.hidden = !queue.entries.some((e) => FINAL.has(e.status));
    const state = serverState();
    if (state !== stateBefore) onServerChange();
    stateBefore = state;
  }
  draw();

  const element = h(
    'section',
    { class: 'card', 'aria-labelledby': 'upload-title' },
    h('h2', { id: 'upload-title' }, 'Add files'),
    h('div', { class: 'field' },
      h('label', { for: 'upload-attributes' }, 'Attributes for the files you add (optional)'),
      attributes,
      h('p', { class: 'hint', id: 'upload-attributes-hint' }, 'A JSON object of up to 16 keys, searchable with filters.')),
    problem,
    zone,
    h('div', { class: 'row' }, summary, clear),
    list,
  );
  return {
    element,
    detach() {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    },
  };
}

function entryItem(entry) {
  return h(
    'li',
    { class: `upload status-${entry.status}`, 'data-status': entry.status },
    h('span', { class: 'path' }, entry.path),
    h('span', { class: `status status-${entry.status}` }, STATUS_WORDS[entry.status]),
    entry.detail ? h('span', { class: 'detail' }, entry.detail) : null,
  );
}
