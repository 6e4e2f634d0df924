import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KEY_A, startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('the console page is public even when the API wants a key, and forbids scripts from anywhere else', async () => {
  const page = await fetch(`${server.trove.url}/`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
  assert.match(await page.text(), /<script type="module" src="console\/app\.js"><\/script>/);

  const api = await fetch(`${server.baseURL}/vector_stores`);
  assert.equal(api.status, 401);
  const withKey = await fetch(`${server.baseURL}/vector_stores`, { headers: { authorization: `Bearer ${KEY_A}` } });
  assert.equal(withKey.status, 200);
});

test('console assets are served with their types and revalidated by etag', async () => {
  const script = await fetch(`${server.trove.url}/console/app.js`);
  assert.equal(script.status, 200);
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(script.headers.get('x-content-type-options'), 'nosniff');
  await script.text();
  const etag = script.headers.get('etag');
  assert.ok(etag);
  const again = await fetch(`${server.trove.url}/console/app.js`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await fetch(`${server.trove.url}/console/console.css`)).headers.get('content-type'), 'text/css; charset=utf-8');
});

test('the console tells the page whether the server wants a key', async () => {
  assert.deepEqual(await (await fetch(`${server.trove.url}/console/settings.json`)).json(), { auth_required: true });
  const open = await startTestServer({ apiKeys: '' });
  try {
    assert.deepEqual(await (await fetch(`${open.trove.url}/console/settings.json`)).json(), { auth_required: false });
  } finally {
    await open.close();
  }
});

test('only the console\'s own files are served', async () => {
  for (const path of ['/console/missing.js', '/console/..%2Fpackage.json', '/console/%2e%2e%2f%2e%2e%2fpackage.json', '/console/../package.json']) {
    const response = await fetch(`${server.trove.url}${path}`);
    assert.equal(response.status, 404, path);
    await response.text();
  }
});
