/**
 * Every active J-code on a date gets a complete guide from the real CMS data: seven sections, every statement a
 * fact with at least one well-formed source, and both renderers produce the page. Fails, never skips, when the
 * shared data is missing.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  buildGuide,
  guideSections,
  isProblem,
  type FactSource,
  type Guide,
} from '../src/core/guides/index.ts';
import { codeStatus } from '../src/core/reference/as-of.ts';
import type { ReferenceData } from '../src/core/reference/port.ts';
import { factCheck } from '../src/core/factcheck/index.ts';
import { renderGuideHtml } from '../src/adapters/render/guide-html.ts';
import { loadGuideInputs } from '../src/adapters/render/guide-inputs.ts';
import { renderGuideMarkdown } from '../src/adapters/render/guide-markdown.ts';
import { sharedReference } from './support/reference.ts';

const DATE = '2026-02-01';

/** Keys of a section that are not statements (identity and counts). */
const NON_FACT_KEYS = new Set(['id', 'title', 'filesSearched', 'ingredient']);

const isFact = (x: unknown): x is { value: unknown; sources: FactSource[] } =>
  typeof x === 'object' &&
  x !== null &&
  'value' in x &&
  'sources' in x &&
  Array.isArray((x as { sources: unknown }).sources);

function sourceProblem(s: FactSource): string | null {
  switch (s.kind) {
    case 'release':
      return s.release.releaseId && s.release.fileName && s.release.effectiveFrom
        ? null
        : 'release without id, file or period';
    case 'publication':
      return s.publisher && s.title ? null : 'publication without publisher or title';
    case 'label':
      return s.drug && s.title ? null : 'label without drug or title';
    case 'payer-rules':
      return s.payer && s.file ? null : 'payer rules without payer or file';
    case 'curated':
      return s.table && s.cites ? null : 'curated table without name or citation';
    case 'store':
      return s.dataset && s.note ? null : 'store source without dataset or note';
  }
}

/** Every statement of the guide is a fact with ≥ 1 well-formed source. Returns the number of facts. */
function checkFacts(guide: Guide): number {
  let facts = 0;
  for (const section of guideSections(guide)) {
    for (const [key, value] of Object.entries(section)) {
      if (NON_FACT_KEYS.has(key) || value === null) continue;
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        assert.ok(isFact(item), `${guide.code} ${section.id}.${key}: not a fact with sources`);
        assert.ok(item.sources.length > 0, `${guide.code} ${section.id}.${key}: fact without a source`);
        for (const s of item.sources)
          assert.equal(
            sourceProblem(s),
            null,
            `${guide.code} ${section.id}.${key}: ${sourceProblem(s) ?? ''}`,
          );
        facts++;
      }
    }
  }
  return facts;
}

describe('guides for every active J-code', () => {
  let ref: ReferenceData;
  let codes: string[];
  const guides: Guide[] = [];
  const failures: string[] = [];
  before(async () => {
    ref = await sharedReference();
    codes = ref
      .allHcpcs(DATE)
      .map((s) => s.value)
      .filter((r) => r.kind === 'procedure' && r.code.startsWith('J') && codeStatus(r, DATE) === 'active')
      .map((r) => r.code);
    const { inputs, problems } = loadGuideInputs();
    assert.deepEqual(problems, []);
    for (const code of codes) {
      const g = buildGuide(ref, code, DATE, inputs);
      if (isProblem(g)) failures.push(`${code}: ${g.message}`);
      else guides.push(g);
    }
  });

  test('the J-codes active on the date are the ones PROVENANCE counts (1,076 without a termination date)', () => {
    // PROVENANCE.md §1: 1,209 J-codes, 1,076 of them without a termination date; none is added after 2026-01-01.
    assert.equal(codes.length, 1076);
  });

  test('each guide builds, has the seven sections, and every statement names its source', () => {
    assert.deepEqual(failures, []);
    assert.equal(guides.length, codes.length);
    let facts = 0;
    for (const g of guides) {
      const code = g.code;
      assert.deepEqual(
        guideSections(g).map((s) => s.id),
        ['definition', 'clinical', 'modifiers', 'documentation', 'denials', 'commercial', 'similar'],
      );
      for (const s of guideSections(g)) assert.ok(s.title.length > 0);
      assert.ok(g.documentation.items.length >= 8, `${code}: documentation checklist`);
      assert.ok(g.denials.reasons.length >= 5, `${code}: denial reasons`);
      assert.ok(
        g.modifiers.advice.some(
          (a) => a.value.modifier === '25' && a.value.applicability === 'not-on-drug-line',
        ),
        `${code}: modifier 25`,
      );
      facts += checkFacts(g);
    }
    assert.ok(facts > codes.length * 40, `facts per guide: ${facts / codes.length}`);
  });

  test('each guide renders as Markdown and as a self-contained HTML page', () => {
    assert.equal(guides.length, codes.length);
    for (const g of guides) {
      const code = g.code;
      const md = renderGuideMarkdown(g);
      for (let i = 1; i <= 7; i++)
        assert.match(md, new RegExp(`^## ${i}\\. `, 'm'), `${code}: Markdown section ${i}`);
      assert.match(md, /^## Sources\n\n1\. /m);
      const html = renderGuideHtml(g);
      assert.match(html, /^<!doctype html>/);
      assert.doesNotMatch(html, /<script|<link|<img|<iframe|\ssrc=/i, `${code}: HTML loads nothing external`);
      assert.equal((html.match(/<h2 /g) ?? []).length, 8, `${code}: 7 sections + sources`);
    }
  });

  test("the fact checker finds nothing false in drugclaim's own guides (every fifth J-code)", () => {
    let claims = 0;
    const flagged: string[] = [];
    guides.forEach((g, i) => {
      if (i % 5 !== 0) return;
      const r = factCheck(ref, renderGuideMarkdown(g), DATE);
      claims += r.claims.length;
      for (const c of r.claims)
        if (c.verdict !== 'true')
          flagged.push(
            `${g.code}: ${c.verdict} ${c.code} ${JSON.stringify(c.claimed)} in "${c.text.slice(0, 120)}"`,
          );
    });
    assert.deepEqual(flagged, []);
    assert.ok(claims > 2000, `statements checked: ${claims}`);
  });
});
