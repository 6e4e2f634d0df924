// The list of vector stores: file counts and usage, creating and deleting stores.
import { api, listAll } from './api.js';
import { announce, confirmDanger, errorText, fill, h } from './elements.js';
import { formatBytes, formatEmbedder, formatTime } from './format.js';

export function renderStores(main) {
  const list = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading stores…'));
  fill(main, h('h1', { tabindex: '-1' }, 'Vector stores'), createForm(() => load()), h('h2', {}, 'All stores'), list);

  async function load() {
    list.setAttribute('aria-busy', 'true');
    try {
      const { items, more } = await listAll('/vector_stores', { max: 1000 });
      fill(list, items.length === 0 ? h('p', { class: 'muted' }, 'No vector stores yet. Create one above.') : storesTable(items, load));
      if (more) list.append(h('p', { class: 'muted' }, 'Showing the newest 1,000 stores.'));
    } catch (error) {
      fill(list, errorText(error));
    }
    list.setAttribute('aria-busy', 'false');
  }
  void load();
}

function createForm(onCreated) {
  const name = h('input', { id: 'store-name', name: 'name', required: true, maxlength: '256', autocomplete: 'off' });
  const embedder = h('input', { id: 'store-embedder', name: 'embedder', placeholder: 'server default', autocomplete: 'off', 'aria-describedby': 'store-embedder-hint' });
  const status = h('div');
  return h(
    'form',
    {
      class: 'card row-form',
      'aria-labelledby': 'create-store-title',
      onsubmit: async (event) => {
        event.preventDefault();
        fill(status);
        const body = { name: name.value.trim() };
        if (embedder.value.trim()) body.embedder = embedder.value.trim();
        try {
          const store = await api('/vector_stores', { method: 'POST', body });
          announce(`Created vector store ${store.name}.`);
          name.value = '';
          onCreated();
        } catch (error) {
          fill(status, errorText(error));
        }
      },
    },
    h('h2', { id: 'create-store-title' }, 'Create a vector store'),
    h('div', { class: 'field' }, h('label', { for: 'store-name' }, 'Name'), name),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'store-embedder' }, 'Embedder (optional)'),
      embedder,
      h('p', { class: 'hint', id: 'store-embedder-hint' }, 'For example default or test; the server lists the ones it allows in TROVE_STORE_EMBEDDERS.'),
    ),
    h('button', { type: 'submit' }, 'Create store'),
    status,
  );
}

function storesTable(stores, reload) {
  return h(
    'table',
    { class: 'data', id: 'stores' },
    h('caption', { class: 'visually-hidden' }, 'Vector stores, newest first'),
    h('thead', {}, h('tr', {}, ['Name', 'Files', 'Usage', 'Status', 'Embedder', 'Created', h('span', { class: 'visually-hidden' }, 'Actions')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, stores.map((store) => storeRow(store, reload))),
  );
}

function storeRow(store, reload) {
  const c = store.file_counts;
  const counts = [`${c.completed} completed`, c.in_progress && `${c.in_progress} in progress`, c.failed && `${c.failed} failed`, c.cancelled && `${c.cancelled} cancelled`]
    .filter(Boolean)
    .join(', ');
  const problem = h('div');
  const remove = async () => {
    if (!(await confirmDanger(`Delete the vector store “${store.name || store.id}” and its index? Its files stay in Files.`))) return;
    try {
      await api(`/vector_stores/${encodeURIComponent(store.id)}`, { method: 'DELETE' });
      announce(`Deleted vector store ${store.name || store.id}.`);
      reload();
    } catch (error) {
      fill(problem, errorText(error));
    }
  };
  return h(
    'tr',
    { 'data-store-id': store.id },
    h('th', { scope: 'row' }, h('a', { href: `#/stores/${encodeURIComponent(store.id)}` }, store.name || store.id), h('div', { class: 'id' }, store.id)),
    h('td', {}, `${c.total} `, h('span', { class: 'muted' }, c.total ? `(${counts})` : '')),
    h('td', {}, formatBytes(store.usage_bytes)),
    h('td', {}, h('span', { class: `status status-${store.status}` }, store.status.replace('_', ' '))),
    h('td', {}, formatEmbedder(store.embedder)),
    h('td', {}, formatTime(store.created_at)),
    h('td', {}, h('button', { type: 'button', class: 'danger quiet', 'aria-label': `Delete ${store.name || store.id}`, onclick: () => void remove() }, 'Delete'), problem),
  );
}
