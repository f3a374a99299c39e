/**
 * Every problem code the CMS readers can emit is documented in docs/cms-readers.md, and every documented code is
 * emitted somewhere: the doc and the source match both ways.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../../test/support/shared.ts';

const here = dirname(fileURLToPath(import.meta.url));

function codesInSource(): Set<string> {
  const codes = new Set<string>();
  for (const f of readdirSync(here)) {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f === 'testing.ts') continue;
    const text = readFileSync(join(here, f), 'utf8');
    for (const m of text.matchAll(/'(cms\.[a-z0-9-]+(?:\.[a-z0-9-]+)*)'/g)) if (m[1]) codes.add(m[1]);
    // `cms.${kind}.bad-code` in adjustment-codes.ts stands for the CARC and the RARC code.
    for (const m of text.matchAll(/`cms\.\$\{kind\}\.([a-z0-9-]+)`/g)) {
      codes.add(`cms.carc.${m[1] ?? ''}`);
      codes.add(`cms.rarc.${m[1] ?? ''}`);
    }
  }
  return codes;
}

function codesInDoc(): Set<string> {
  const doc = readFileSync(join(repoRoot, 'docs', 'cms-readers.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Problem codes'));
  const codes = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `cms.')) continue;
    const firstCell = line.split('|')[1] ?? '';
    for (const m of firstCell.matchAll(/`(cms\.[a-z0-9.-]+)`/g)) if (m[1]) codes.add(m[1]);
  }
  return codes;
}

void test('problem codes: source and docs/cms-readers.md agree', () => {
  const source = codesInSource();
  const doc = codesInDoc();
  assert.ok(source.size > 40, `found ${source.size} codes in the source`);
  assert.deepEqual([...source].filter((c) => !doc.has(c)).sort(), [], 'emitted but not documented');
  assert.deepEqual([...doc].filter((c) => !source.has(c)).sort(), [], 'documented but never emitted');
});
