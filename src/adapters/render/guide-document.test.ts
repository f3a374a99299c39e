/**
 * The guide as a document (the blocks the Markdown and HTML renderers print): a fact the data does not know is said
 * in words, not printed as an absence, and status codes read as words.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entriesFromParsed, readSharedDatasets } from '../../../test/support/reference.ts';
import { buildGuide, isProblem } from '../../core/guides/build.ts';
import { ReferenceIndex } from '../../core/reference/reference-index.ts';
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
