// Builds DOM nodes. Strings always become text nodes, never markup: document text and names from the
// API can hold anything, and this is the one place the page turns data into nodes.

/**
 * `h('a', { href: '#/' }, 'Stores')`. Attributes named `on<event>` add listeners; `true` sets an empty
 * attribute; `false`, `null` and `undefined` leave it out. Children may be nodes, strings, numbers,
 * arrays of those, or nothing.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `parent`. */
export function fill(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
  return parent;
}

/** Says `message` to screen readers without moving focus. */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  // A fresh text node in a live region is what screen readers reliably speak.
  setTimeout(() => {
    announcer.textContent = message;
  }, 30);
}

/** An error line for a form or a panel. */
export function errorText(error) {
  return h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
}

/** Asks before something that cannot be undone; resolves true when confirmed. */
export function confirmDanger(text, action = 'Delete') {
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById('confirm'));
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = action;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}
