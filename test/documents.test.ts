import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { toFile } from 'openai';
import { startTestServer, type TestServer } from './support/trove-server.js';

// Made by test/fixtures/documents/make-fixtures.sh (binary ones) or written by hand (text ones).
const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/documents/${name}`, import.meta.url));

// Each file with a phrase only it holds, so a search can name the file that should come first.
const FILES: Record<string, string> = {
  'report.pdf': 'survey codeword heliotrope',
  'report.docx': 'survey codeword marigold',
  'report.doc': 'survey codeword tamarind',
  'slides.pptx': 'purple urchins doubled',
  'page.html': 'herons nested in the willow carr',
  'guide.md': 'emperor dragonfly transect',
  'stations.json': 'Kingfisher Bend ultrasonic gauge',
  'tally.py': 'salmon counts at Weir Three',
  'paper.tex': 'beaver dams floodplain storage',
};

let server: TestServer;
let storeId: string;
const fileIds = new Map<string, string>();

before(async () => {
  server = await startTestServer();
  storeId = (await server.client.vectorStores.create({ name: 'documents' })).id;
  await Promise.all(
    Object.keys(FILES).map(async (name) => {
      const file = await server.client.files.create({ file: await toFile(fixture(name), name), purpose: 'assistants' });
      // The binary formats go through the parse worker threads; text formats stay on the main thread.
      const attached = await server.client.vectorStores.files.createAndPoll(storeId, { file_id: file.id }, { pollIntervalMs: 50 });
      assert.equal(attached.status, 'completed', `${name}: ${JSON.stringify(attached.last_error)}`);
      fileIds.set(name, file.id);
    }),
  );
});
after(() => server.close());

async function parsedText(name: string): Promise<string> {
  const page = await server.client.vectorStores.files.content(fileIds.get(name)!, { vector_store_id: storeId });
  return page.data.map((part) => part.text ?? '').join('');
}

/** Asserts that the phrases occur in this order. */
function assertInOrder(text: string, phrases: string[]): void {
  let from = 0;
  for (const phrase of phrases) {
    const at = text.indexOf(phrase, from);
    assert.ok(at >= 0, `"${phrase}" should follow position ${from} in ${JSON.stringify(text)}`);
    from = at + phrase.length;
  }
}

test('a PDF reads in page order, with its running header and footer gone and a hyphenated word joined', async () => {
  const text = await parsedText('report.pdf');
  assertInOrder(text, ['Field Report on River Otters', 'Observations', 'Spraint on granite boulders', 'Millbrook Weir 14', 'Second Page Findings', 'breeding season.']);
  assert.match(text, /shared information about each sighting/);
  assert.doesNotMatch(text, /internal draft|Page [12]/);
  // Headings stand apart as paragraphs, so the chunker can cut there.
  assert.match(text, /\n\nSecond Page Findings\n\n/);
});

test('a DOCX keeps headings, list items and table rows as lines of their own', async () => {
  const text = await parsedText('report.docx');
  assertInOrder(text, ['Field Report on River Otters', 'Observations', 'Sightings by Site', 'Second Page Findings']);
  for (const line of [/^Observations$/m, /^ \* Webbed footprints in the silt of the east bank$/m, /^Millbrook Weir +14$/m, /^Second Page Findings$/m]) assert.match(text, line);
});

test('a Word 97–2003 DOC reads paragraph by paragraph', async () => {
  const text = await parsedText('report.doc');
  assertInOrder(text, ['Field Report on River Otters', 'survey codeword is tamarind', 'A holt among alder roots', 'Heron Pool\t9', 'Second Page Findings']);
  assert.match(text, /^Observations$/m);
});

test('a PPTX reads slide by slide, title first, with its speaker notes', async () => {
  assert.equal(
    await parsedText('slides.pptx'),
    [
      'Slide 1: Quarterly Kelp Forest Review\nMarine survey team, autumn dives\nNotes: Welcome everyone and introduce the survey divers.',
      'Slide 2: Urchin Population\nPurple urchins doubled since spring\nSea otters keep urchins in check\nNotes: Mention the otter reintroduction programme.',
      // On this slide the body comes before the title in the XML.
      'Slide 3: Next Steps\nExpand monitoring to three new coves\nPublish the kelp canopy map\nNotes: Ask for volunteers to map the canopy.',
    ].join('\n\n'),
  );
});

test('HTML, Markdown, JSON, code and TeX keep their words', async () => {
  const html = await parsedText('page.html');
  assertInOrder(html, ['Heron Watch Notes', 'willow carr', 'Nine nests counted in April']);
  assert.doesNotMatch(html, /analytics|font-family|Home/);
  assert.match(await parsedText('guide.md'), /^## Equipment$/m);
  assert.match(await parsedText('stations.json'), /"name": "Kingfisher Bend"/);
  assert.match(await parsedText('tally.py'), /def tally_salmon\(readings\):/);
  assert.match(await parsedText('paper.tex'), /\\section\{Introduction\}/);
});

test('a search finds each file by a phrase only it holds', async () => {
  for (const [name, phrase] of Object.entries(FILES)) {
    const results = await server.client.vectorStores.search(storeId, { query: phrase });
    assert.equal(results.data[0]?.file_id, fileIds.get(name), `"${phrase}" should find ${name} first, got ${results.data[0]?.filename}`);
  }
});
