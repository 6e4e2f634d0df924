// The search playground: a query with filters, result count and ranking options, and the ranked chunks.
import { api } from './api.js';
import { announce, errorText, fill, h } from './elements.js';
import { formatAttributes, formatScore } from './format.js';
import { highlighted, queryTerms } from './highlight.js';

export function renderSearch(main, { storeId }) {
  const storeHref = `#/stores/${encodeURIComponent(storeId)}`;
  const heading = h('h1', { tabindex: '-1' }, 'Search');
  const field = (id, label, control, hint) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
  const number = (id, attributes) => h('input', { id, type: 'number', inputmode: 'decimal', ...attributes });

  const query = h('input', { id: 'search-query', type: 'search', required: true, autocomplete: 'off' });
  const filters = h('textarea', { id: 'search-filters', rows: '3', spellcheck: 'false', placeholder: '{"type": "eq", "key": "team", "value": "docs"}', 'aria-describedby': 'search-filters-hint' });
  const maxResults = number('search-max', { min: '1', max: '50', step: '1', value: '10' });
  const threshold = number('search-threshold', { min: '0', max: '1', step: '0.01', placeholder: '0', 'aria-describedby': 'search-threshold-hint' });
  const textWeight = number('search-text-weight', { min: '0', step: '0.1', placeholder: 'store default' });
  const embeddingWeight = number('search-embedding-weight', { min: '0', step: '0.1', placeholder: 'store default' });
  const requestView = h('pre', { class: 'json' });
  const results = h('div', { id: 'results' });

  const form = h(
    'form',
    { class: 'card', onsubmit: (event) => { event.preventDefault(); void run(); } },
    field('search-query', 'Query', query),
    field('search-filters', 'Filters (JSON, optional)', filters, 'A comparison {"type": "eq|ne|gt|gte|lt|lte|in|nin", "key", "value"} or {"type": "and|or", "filters": [...]} over file attributes.'),
    h('fieldset', {},
      h('legend', {}, 'Results and ranking'),
      h('div', { class: 'grid' },
        field('search-max', 'Max results', maxResults),
        field('search-threshold', 'Score threshold', threshold, '0 to 1; results below it are left out.'),
        field('search-text-weight', 'Keyword weight', textWeight),
        field('search-embedding-weight', 'Embedding weight', embeddingWeight))),
    h('button', { type: 'submit' }, 'Search'),
    h('details', {}, h('summary', {}, 'Request body'), requestView),
  );
  fill(main, h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Vector stores'), ' / ', h('a', { href: storeHref, id: 'store-crumb' }, storeId), ' /'), heading, form, results);
  api(`/vector_stores/${encodeURIComponent(storeId)}`).then((store) => {
    document.getElementById('store-crumb').textContent = store.name || store.id;
    heading.textContent = `Search ${store.name || store.id}`;
  }, (error) => fill(results, errorText(error)));

  function requestBody() {
    const body = { query: query.value, max_num_results: Number(maxResults.value || 10) };
    if (filters.value.trim()) {
      try {
        body.filters = JSON.parse(filters.value);
      } catch (error) {
        throw new Error(`Filters are not valid JSON: ${error.message}`);
      }
    }
    const ranking = {};
    if (threshold.value !== '') ranking.score_threshold = Number(threshold.value);
    if (textWeight.value !== '' || embeddingWeight.value !== '') {
      ranking.hybrid_search = {};
      if (textWeight.value !== '') ranking.hybrid_search.text_weight = Number(textWeight.value);
      if (embeddingWeight.value !== '') ranking.hybrid_search.embedding_weight = Number(embeddingWeight.value);
    }
    if (Object.keys(ranking).length > 0) body.ranking_options = ranking;
    return body;
  }

  async function run() {
    results.setAttribute('aria-busy', 'true');
    try {
      const body = requestBody();
      requestView.textContent = JSON.stringify(body, null, 2);
      const started = performance.now();
      const page = await api(`/vector_stores/${encodeURIComponent(storeId)}/search`, { method: 'POST', body });
      const ms = Math.round(performance.now() - started);
      const terms = queryTerms(page.search_query ?? body.query);
      announce(`${page.data.length} result${page.data.length === 1 ? '' : 's'}.`);
      fill(
        results,
        h('p', { class: 'result-count' }, `${page.data.length} result${page.data.length === 1 ? '' : 's'} in ${ms} ms`),
        h('ol', { class: 'results' }, page.data.map((hit) => resultItem(storeId, hit, terms))),
      );
    } catch (error) {
      fill(results, errorText(error));
    }
    results.setAttribute('aria-busy', 'false');
  }
}

function resultItem(storeId, hit, terms) {
  const text = hit.content.map((part) => part.text).join('\n');
  return h(
    'li',
    { class: 'result card', 'data-file-id': hit.file_id },
    h('div', { class: 'result-head' },
      h('h2', {}, h('a', { href: `#/stores/${encodeURIComponent(storeId)}/files/${encodeURIComponent(hit.file_id)}` }, hit.filename)),
      h('span', { class: 'score' }, 'score ', h('strong', {}, formatScore(hit.score)))),
    h('p', { class: 'attributes' }, formatAttributes(hit.attributes)),
    h('p', { class: 'chunk' }, highlighted(text, terms)),
  );
}
