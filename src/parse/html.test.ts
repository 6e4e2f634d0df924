import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlParser } from './html.js';

async function htmlToText(html: string): Promise<string> {
  const outcome = await htmlParser.parse(Buffer.from(html, 'utf8'), 'page.html');
  assert.ok(outcome.ok, 'expected the page to parse');
  return outcome.text;
}

test('page chrome and non-text elements are dropped, headings keep their case', async () => {
  const text = await htmlToText(`<!doctype html><html><head><title>Title</title><style>.x { color: red }</style></head>
    <body><header>Site banner</header><nav><a href="/">Home</a> <a href="/about">About</a></nav>
    <main><h2>Mixed Case Heading</h2><p>Body text with <a href="https://example.com/page">a link</a>.</p>
    <img src="photo.png" alt="A photo"><noscript>Enable JavaScript</noscript><svg><text>Logo</text></svg>
    <script>console.log("tracking")</script></main><footer>Copyright</footer></body></html>`);
  assert.match(text, /Mixed Case Heading/);
  assert.match(text, /Body text with a link\./);
  for (const absent of ['color: red', 'tracking', 'Site banner', 'Home', 'About', 'Copyright', 'example.com', 'photo', 'Enable JavaScript', 'Logo', '[']) {
    assert.ok(!text.includes(absent), `"${absent}" should not be in ${JSON.stringify(text)}`);
  }
});

test('a table reads row by row with its header as written', async () => {
  const text = await htmlToText(
    '<table><tr><th>Name</th><th>Size</th></tr><tr><td>alpha</td><td>12 KB</td></tr><tr><td>beta</td><td>3 MB</td></tr></table>',
  );
  const lines = text.split('\n').map((line) => line.trim().split(/\s{2,}/));
  assert.deepEqual(lines, [['Name', 'Size'], ['alpha', '12 KB'], ['beta', '3 MB']]);
});

test('long paragraphs are not wrapped', async () => {
  const sentence = 'word '.repeat(60).trim();
  assert.equal(await htmlToText(`<p>${sentence}</p>`), sentence);
});
