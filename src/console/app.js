// The console's entry point: asks for a key when the server wants one, then shows the view the URL's hash names.
import { api, apiKey, consoleSettings, whenUnauthorized } from './api.js';
import { errorText, fill, h } from './elements.js';
import { renderFile } from './file-view.js';
import { renderSearch } from './search-view.js';
import { renderStore } from './store-view.js';
import { renderStores } from './stores-view.js';

/** @type {{ pattern: RegExp, render: (main: HTMLElement, params: string[]) => (() => void) | void }[]} */
const ROUTES = [
  { pattern: /^#\/stores\/([^/]+)\/files\/([^/]+)$/, render: (main, [storeId, fileId]) => renderFile(main, { storeId, fileId }) },
  { pattern: /^#\/stores\/([^/]+)\/search$/, render: (main, [storeId]) => renderSearch(main, { storeId }) },
  { pattern: /^#\/stores\/([^/]+)$/, render: (main, [storeId]) => renderStore(main, { storeId }) },
  { pattern: /^(#\/?)?$/, render: (main) => renderStores(main) },
];

const main = document.getElementById('main');
const forgetKey = document.getElementById('forget-key');
let authRequired = false;
let leaveView = null;

function showView() {
  leaveView?.();
  leaveView = null;
  if (authRequired && !apiKey.get()) return showKeyForm();
  forgetKey.hidden = !authRequired;
  const hash = location.hash;
  const route = ROUTES.find((r) => r.pattern.test(hash));
  if (!route) {
    fill(main, h('h1', { tabindex: '-1' }, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the vector stores')));
    return focusHeading();
  }
  const params = hash.match(route.pattern).slice(1).map(decodeURIComponent);
  leaveView = route.render(main, params) ?? null;
  focusHeading();
}

/** Moves focus to the new view's heading, so keyboard and screen reader users land where the content changed. */
function focusHeading() {
  const heading = main.querySelector('h1');
  heading?.focus();
}

function showKeyForm(message) {
  forgetKey.hidden = true;
  const input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const status = h('div');
  const form = h(
    'form',
    {
      class: 'card narrow',
      onsubmit: async (event) => {
        event.preventDefault();
        const key = input.value.trim();
        fill(status);
        try {
          await api('/vector_stores', { query: { limit: 1 }, key });
          apiKey.set(key);
          showView();
        } catch (error) {
          fill(status, errorText(error.status === 401 ? 'That key was refused. Check it and try again.' : error));
          input.focus();
        }
      },
    },
    h('label', { for: 'api-key' }, 'API key'),
    h('p', { class: 'hint', id: 'api-key-hint' }, 'One of the keys in the server\'s TROVE_API_KEYS. It is kept in this browser tab only, until you close it.'),
    input,
    h('button', { type: 'submit' }, 'Continue'),
    status,
  );
  input.setAttribute('aria-describedby', 'api-key-hint');
  fill(main, h('h1', { tabindex: '-1' }, 'Sign in with an API key'), message ? errorText(message) : null, form);
  input.focus();
}

whenUnauthorized(() => {
  apiKey.clear();
  leaveView?.();
  leaveView = null;
  showKeyForm('The server refused the key. Enter a valid one.');
});

forgetKey.addEventListener('click', () => {
  apiKey.clear();
  leaveView?.();
  leaveView = null;
  showKeyForm();
});

window.addEventListener('hashchange', showView);

try {
  authRequired = (await consoleSettings()).auth_required;
  showView();
} catch (error) {
  fill(main, h('h1', {}, 'Trove is not answering'), errorText(error));
}
