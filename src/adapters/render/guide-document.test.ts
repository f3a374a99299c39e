/**
 * The guide as a document (the blocks the Markdown and HTML renderers print): a fact the data does not know is said
 * in words, not printed as an absence, and status codes read as words; the Markdown, HTML and document renderings
 * of the administration codes agree.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { entriesFromParsed, readSharedDatasets } from '../../../test/support/reference.ts';
import { buildGuide, isProblem } from '../../core/guides/build.ts';
import type { Guide } from '../../core/guides/model.ts';
import { ReferenceIndex } from '../../core/reference/reference-index.ts';
import { buildGuideDocument } from './guide-document.ts';
import { renderGuideHtml } from './guide-html.ts';
import { renderGuideMarkdown } from './guide-markdown.ts';

test('HCPCS file alone: "products not known", not "no product in the crosswalk"; a code before its start date is "not yet valid"', () => {
  const ref = ReferenceIndex.build(
    entriesFromParsed(readSharedDatasets().filter((d) => d.dataset === 'hcpcs')),
  );
  const j9173 = buildGuide(ref, 'J9173', '2026-02-01');
  if (isProblem(j9173)) throw new Error(j9173.message);
  const text = renderGuideMarkdown(j9173);
  assert.match(text, /— products not known/);
  assert.doesNotMatch(text, /no product in the crosswalk/);
  // J9326 (added 2026-01-01 in this file) asked about in 2025.
  const early = buildGuide(ref, 'J9326', '2025-06-01');
  if (isProblem(early)) throw new Error(early.message);
  assert.match(renderGuideMarkdown(early), /not yet valid; added 2026-01-01/);
});

/** The administration codes of a guide as each renderer prints them: their rows, and what is said under the table. */
const ADMIN_RENDERINGS: [name: string, rows: (g: Guide) => string[][], below: (g: Guide) => string][] = [
  [
    'document (format=document)',
    (g) => {
      const blocks = buildGuideDocument(g).blocks;
      const at = blocks.findIndex((b) => b.kind === 'heading' && b.text === 'Drug administration codes');
      const table = blocks.slice(at).find((b) => b.kind === 'table');
      return table?.kind === 'table' ? table.rows.map((r) => r.map((c) => c.text)) : [];
    },
    (g) => {
      const blocks = buildGuideDocument(g).blocks;
      const at = blocks.findIndex((b) => b.kind === 'heading' && b.text === 'Drug administration codes');
      const table = blocks.findIndex((b, i) => i > at && b.kind === 'table');
      const next = blocks[table + 1];
      return next?.kind === 'para' ? next.cells.map((c) => `${c.style ?? ''}:${c.text}`).join('') : '';
    },
  ],
  [
    'Markdown',
    (g) =>
      section(renderGuideMarkdown(g), '### Drug administration codes', '\n### ')
        .split('\n')
        .filter((l) => /^\| `\d/.test(l))
        .map((l) => l.split(' | ').map((c) => c.replace(/^\| |`| \|$| (\[\d+\])+$/g, ''))),
    (g) =>
      section(renderGuideMarkdown(g), '### Drug administration codes', '\n### ')
        .split('\n\n')
        .filter((p) => p.startsWith('_Not in the data:'))
        .join('\n'),
  ],
  [
    'HTML',
    (g) =>
      [
        ...section(renderGuideHtml(g), 'Drug administration codes</h3>', '<h3').matchAll(
          /<tr><td>(.*?)<\/tr>/g,
        ),
      ].map((m) => (m[1] ?? '').split('</td><td>').map((c) => c.replace(/<[^>]+>|\[\d+\]/g, ''))),
    (g) =>
      [
        ...section(renderGuideHtml(g), 'Drug administration codes</h3>', '<h3').matchAll(
          /<p>(<span class="unknown">.*?)<\/p>/g,
        ),
      ]
        .map((m) => m[1] ?? '')
        .join('\n'),
  ],
];

/** `text` from `start` to the next `end` after it. */
function section(text: string, start: string, end: string): string {
  const at = text.indexOf(start);
  assert.notEqual(at, -1, `${start} in the output`);
  const stop = text.indexOf(end, at + start.length);
  return text.slice(at, stop === -1 ? undefined : stop);
}

describe('administration codes in every rendering: "not known" without the data, the data as before with it', () => {
  let hcpcsOnly: Guide;
  let aocInForce: Guide;
  before(() => {
    const datasets = readSharedDatasets();
    const guide = (kinds: readonly string[], date: string): Guide => {
      const ref = ReferenceIndex.build(entriesFromParsed(datasets.filter((d) => kinds.includes(d.dataset))));
      const g = buildGuide(ref, 'J9173', date);
      if (isProblem(g)) throw new Error(g.message);
      return g;
    };
    hcpcsOnly = guide(['hcpcs'], '2026-02-01');
    // The shared NCCI add-on code file is 2026 Q2: in force on 2026-05-01.
    aocInForce = guide(['hcpcs', 'opps', 'ncci-aoc'], '2026-05-01');
  });

  for (const [name, rows, below] of ADMIN_RENDERINGS) {
    test(`${name}: HCPCS file alone, the descriptor and add-on cells say "not known", the command is named once`, () => {
      const r = rows(hcpcsOnly);
      assert.deepEqual(
        r.map((cells) => [cells[0], cells[2], cells[3]]),
        ['96413', '96415', '96417', '96409', '96411'].map((code) => [code, 'not known', 'not known']),
      );
      const said = below(hcpcsOnly);
      assert.match(
        said,
        /OPPS short descriptor of each administration code listed is not known: no OPPS Addendum B data is loaded/,
      );
      assert.match(
        said,
        /add-on code, and of which primary, is not known: no NCCI add-on code data is loaded/,
      );
      assert.equal(said.split('drugclaim data sync').length - 1, 1, 'the command is named once');
    });

    test(`${name}: the add-on file in force, a code with no add-on row keeps "—" and nothing is said not known`, () => {
      const r = rows(aocInForce);
      assert.deepEqual(
        r.map((cells) => [cells[0], cells[2], cells[3]]),
        [
          ['96413', 'Chemo iv infusion 1 hr', '—'],
          ['96415', 'Chemo iv infusion addl hr', '96413'],
          ['96417', 'Chemo iv infus each addl seq', '96413'],
          ['96409', 'Chemo iv push sngl drug', '—'],
          ['96411', 'Chemo iv push addl drug', '96409, 96413'],
        ],
      );
      assert.equal(below(aocInForce), '');
    });
  }

  test('the guide model (format=json) carries the same: known flags false without the data, true with it', () => {
    const json = (g: Guide): unknown =>
      (JSON.parse(JSON.stringify(g)) as Guide).clinical.administrationCodes.map((a) => [
        a.value.code,
        a.value.shortDescriptorKnown,
        a.value.addOnKnown,
      ]);
    assert.deepEqual(
      json(hcpcsOnly),
      ['96413', '96415', '96417', '96409', '96411'].map((c) => [c, false, false]),
    );
    assert.deepEqual(
      json(aocInForce),
      ['96413', '96415', '96417', '96409', '96411'].map((c) => [c, true, true]),
    );
    assert.match(
      JSON.stringify(hcpcsOnly.clinical.administrationNotKnown),
      /not known: no NCCI add-on code data is loaded/,
    );
    assert.equal('administrationNotKnown' in aocInForce.clinical, false);
  });
});
