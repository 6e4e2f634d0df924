import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notesTarget, readNotes, readSlide } from './slide-xml.js';

const shape = (placeholder: string, ...paragraphs: string[]) =>
  `<p:sp><p:nvSpPr><p:cNvPr id="2" name="x"/><p:cNvSpPr/><p:nvPr>${placeholder}</p:nvPr></p:nvSpPr><p:spPr/>` +
  `<p:txBody><a:bodyPr/>${paragraphs.join('')}</p:txBody></p:sp>`;
const paragraph = (...runs: string[]) => `<a:p><a:pPr lvl="0"/>${runs.map((run) => `<a:r><a:rPr lang="en-GB"/><a:t>${run}</a:t></a:r>`).join('')}</a:p>`;

test('the title placeholder reads first, then the other shapes in document order', () => {
  const xml = `<p:sld><p:cSld><p:spTree>${shape('<p:ph idx="1"/>', paragraph('Purple urchins ', 'doubled'), paragraph('Otters help'))}${shape(
    '<p:ph type="title"/>',
    paragraph('Urchin Population'),
  )}${shape('', paragraph('A loose text box'))}</p:spTree></p:cSld></p:sld>`;
  assert.deepEqual(readSlide(xml), { title: ['Urchin Population'], body: ['Purple urchins doubled', 'Otters help', 'A loose text box'] });
});

test('slide number, date and footer placeholders are left out', () => {
  const xml = [shape('<p:ph type="ctrTitle"/>', paragraph('Kelp')), shape('<p:ph type="sldNum" idx="12"/>', paragraph('7')), shape('<p:ph type="ftr"/>', paragraph('Confidential'))].join('');
  assert.deepEqual(readSlide(xml), { title: ['Kelp'], body: [] });
});

test('entities decode, line breaks stay, and an empty paragraph does not swallow the next one', () => {
  const xml = shape('', '<a:p/>', '<a:p><a:r><a:t>Rock &amp; kelp &lt;3 &#x2013; &#8364;5</a:t></a:r><a:br/><a:r><a:t>next line</a:t></a:r></a:p>', '<a:p><a:endParaRPr/></a:p>');
  assert.deepEqual(readSlide(xml).body, ['Rock & kelp <3 – €5\nnext line']);
});

test('a table reads cell by cell', () => {
  const cell = (text: string) => `<a:tc><a:txBody><a:bodyPr/>${paragraph(text)}</a:txBody></a:tc>`;
  const xml = `<p:graphicFrame><a:graphic><a:graphicData><a:tbl><a:tr>${cell('Site')}${cell('Urchins')}</a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
  assert.deepEqual(readSlide(xml).body, ['Site', 'Urchins']);
});

test('notes are the body placeholder of the notes slide', () => {
  const xml = shape('<p:ph type="sldImg"/>') + shape('<p:ph type="body" idx="1"/>', paragraph('Ask for volunteers.')) + shape('<p:ph type="sldNum"/>', paragraph('3'));
  assert.deepEqual(readNotes(xml), ['Ask for volunteers.']);
});

test('the notes relationship is found whatever the attribute order', () => {
  const rels = `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout" Target="../slideLayouts/slideLayout2.xml"/>
    <Relationship Target="../notesSlides/notesSlide9.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide" Id="rId2"/></Relationships>`;
  assert.equal(notesTarget(rels), '../notesSlides/notesSlide9.xml');
  assert.equal(notesTarget('<Relationships/>'), undefined);
});
