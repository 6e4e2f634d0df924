// One file of a store: its status, attributes (editable) and the text Trove parsed from it.
import { api } from './api.js';
import { announce, confirmDanger, errorText, fill, h } from './elements.js';
import { formatBytes, formatTime } from './format.js';
import { filenameOf } from './filenames.js';

export function renderFile(main, { storeId, fileId }) {
  const storeHref = `#/stores/${encodeURIComponent(storeId)}`;
  const filePath = `/vector_stores/${encodeURIComponent(storeId)}/files/${encodeURIComponent(fileId)}`;
  const heading = h('h1', { tabindex: '-1' }, fileId);
  const summary = h('dl', { class: 'summary' });
  const attributes = h('textarea', { id: 'file-attributes', rows: '4', spellcheck: 'false' });
  const attributesStatus = h('div');
  const content = h('div', { id: 'file-content' }, h('p', { class: 'muted' }, 'Loading the parsed text…'));
  fill(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Vector stores'), ' / ', h('a', { href: storeHref, id: 'store-crumb' }, storeId), ' /'),
    heading,
    summary,
    h('form', { class: 'card', onsubmit: (event) => { event.preventDefault(); void saveAttributes(); } },
      h('label', { for: 'file-attributes' }, 'Attributes (JSON object)'),
      attributes,
      h('div', { class: 'row' },
        h('button', { type: 'submit' }, 'Save attributes'),
        h('button', { type: 'button', class: 'danger quiet', onclick: () => void detach() }, 'Remove from store')),
      attributesStatus),
    h('h2', {}, 'Parsed content'),
    content,
  );

  async function load() {
    const [file, name] = await Promise.all([api(filePath), filenameOf(fileId)]);
    heading.textContent = name;
    attributes.value = JSON.stringify(file.attributes ?? {}, null, 2);
    const error = file.last_error;
    fill(
      summary,
      [['Id', file.id], ['Status', file.status], ['Usage', formatBytes(file.usage_bytes)], ['Added', formatTime(file.created_at)],
        ['Chunking', `${file.chunking_strategy.static.max_chunk_size_tokens} tokens, ${file.chunking_strategy.static.chunk_overlap_tokens} overlap`],
        error ? ['Last error', `${error.code}: ${error.message}`] : null]
        .filter(Boolean)
        .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
    );
    const page = await api(`${filePath}/content`);
    const text = page.data.map((part) => part.text).join('\n');
    fill(content, text ? h('pre', { class: 'content' }, text) : h('p', { class: 'muted' }, file.status === 'completed' ? 'No text was found in this file.' : 'No text yet: the file is not ingested.'));
  }

  async function saveAttributes() {
    fill(attributesStatus);
    try {
      const value = JSON.parse(attributes.value || '{}');
      await api(filePath, { method: 'POST', body: { attributes: value } });
      fill(attributesStatus, h('p', { class: 'ok' }, 'Saved.'));
      announce('Attributes saved.');
    } catch (error) {
      fill(attributesStatus, errorText(error));
    }
  }

  async function detach() {
    if (!(await confirmDanger('Remove this file from the store? The file itself stays in Files.', 'Remove'))) return;
    try {
      await api(filePath, { method: 'DELETE' });
      location.hash = storeHref;
    } catch (error) {
      fill(attributesStatus, errorText(error));
    }
  }

  api(`/vector_stores/${encodeURIComponent(storeId)}`).then((store) => {
    document.getElementById('store-crumb').textContent = store.name || store.id;
  }, () => {});
  load().catch((error) => fill(content, errorText(error)));
}
