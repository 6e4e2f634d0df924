// One vector store: its figures, the upload panel and its files with status and attributes.
import { api } from './api.js';
import { errorText, fill, h } from './elements.js';
import { formatAttributes, formatBytes, formatEmbedder, formatTime } from './format.js';
import { filenameOf } from './filenames.js';
import { uploadPanel } from './upload-panel.js';

const STATUSES = ['in_progress', 'completed', 'failed', 'cancelled'];
const PAGE = 50;
const REFRESH_MS = 1500;

export function renderStore(main, { storeId }) {
  const storePath = `/vector_stores/${encodeURIComponent(storeId)}`;
  const heading = h('h1', { tabindex: '-1' }, storeId);
  const summary = h('dl', { class: 'summary' });
  const filter = h('select', { id: 'file-status' }, h('option', { value: '' }, 'any'), STATUSES.map((s) => h('option', { value: s }, s.replace('_', ' '))));
  const files = h('div');
  const panel = uploadPanel(storeId, { onServerChange: () => refreshSoon() });
  fill(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Vector stores'), ' / '),
    heading,
    summary,
    h('p', {}, h('a', { class: 'button', href: `#/stores/${encodeURIComponent(storeId)}/search` }, 'Search this store')),
    panel.element,
    h('h2', {}, 'Files'),
    h('div', { class: 'row' }, h('label', { for: 'file-status' }, 'Status'), filter),
    files,
  );
  filter.addEventListener('change', () => void loadFiles());

  async function loadStore() {
    try {
      const store = await api(storePath);
      heading.textContent = store.name || store.id;
      const c = store.file_counts;
      fill(
        summary,
        [['Id', store.id], ['Files', `${c.total}: ${c.completed} completed, ${c.in_progress} in progress, ${c.failed} failed, ${c.cancelled} cancelled`],
          ['Usage', formatBytes(store.usage_bytes)], ['Status', store.status], ['Embedder', formatEmbedder(store.embedder)], ['Created', formatTime(store.created_at)]]
          .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
      );
    } catch (error) {
      fill(summary, errorText(error));
    }
  }

  let after = null;
  let generation = 0;
  async function loadFiles(more = false) {
    if (!more) after = null;
    // A reload started later wins over one still waiting for its answer.
    const mine = ++generation;
    try {
      const page = await api(`${storePath}/files`, { query: { limit: PAGE, after, filter: filter.value } });
      const rows = await Promise.all(page.data.map((file) => fileRow(storeId, file)));
      if (mine !== generation) return;
      let tbody = files.querySelector('tbody');
      if (!more || !tbody) {
        if (page.data.length === 0) return fill(files, h('p', { class: 'muted' }, filter.value ? 'No files with that status.' : 'No files yet. Drop some above.'));
        tbody = h('tbody');
        fill(files, filesTable(tbody));
      }
      tbody.append(...rows);
      after = page.last_id;
      if (page.has_more) files.append(h('button', { type: 'button', class: 'quiet more', onclick: (event) => { event.target.remove(); void loadFiles(true); } }, 'Show more files'));
    } catch (error) {
      fill(files, errorText(error));
    }
  }

  async function refresh() {
    await Promise.all([loadStore(), loadFiles()]);
  }
  // Reloads at most once per REFRESH_MS however fast files move, and once more after the last change.
  let refreshTimer = 0;
  let lastRefresh = 0;
  function refreshSoon() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = 0;
      lastRefresh = Date.now();
      void refresh();
    }, Math.max(0, lastRefresh + REFRESH_MS - Date.now()));
  }

  void refresh();
  return () => {
    panel.detach();
    clearTimeout(refreshTimer);
  };
}

function filesTable(tbody) {
  return h(
    'table',
    { class: 'data', id: 'files' },
    h('caption', { class: 'visually-hidden' }, 'Files in this store'),
    h('thead', {}, h('tr', {}, ['File', 'Status', 'Usage', 'Attributes', 'Added'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody,
  );
}

async function fileRow(storeId, file) {
  const name = await filenameOf(file.id);
  return h(
    'tr',
    { 'data-file-id': file.id },
    h('th', { scope: 'row' }, h('a', { href: `#/stores/${encodeURIComponent(storeId)}/files/${encodeURIComponent(file.id)}` }, name), h('div', { class: 'id' }, file.id)),
    h('td', {}, h('span', { class: `status status-${file.status}` }, file.status.replace('_', ' ')), file.last_error ? h('div', { class: 'error' }, `${file.last_error.code}: ${file.last_error.message}`) : null),
    h('td', {}, formatBytes(file.usage_bytes)),
    h('td', { class: 'attributes' }, formatAttributes(file.attributes)),
    h('td', {}, formatTime(file.created_at)),
  );
}
