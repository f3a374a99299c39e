/** Every problem code the store, import and sync raise is documented in docs/reference-store.md, and vice versa. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { repoRoot } from '../../../test/support/shared.ts';

const PREFIX = /^(store|import|sync)\./;

function codesInSource(): Set<string> {
  const out = new Set<string>();
  for (const dir of ['src/adapters/store', 'src/adapters/cms-sync']) {
    for (const f of readdirSync(join(repoRoot, dir))) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f === 'contract.ts') continue;
      const text = readFileSync(join(repoRoot, dir, f), 'utf8');
      for (const m of text.matchAll(/code: '([a-z0-9.-]+)'/g)) if (m[1] && PREFIX.test(m[1])) out.add(m[1]);
      // fail(row, 'sync.x', …) passes the code as the second argument.
      for (const m of text.matchAll(/fail\(\s*row,\s*'([a-z0-9.-]+)'/g)) if (m[1]) out.add(m[1]);
    }
  }
  return out;
}

function codesInDoc(): Set<string> {
  const doc = readFileSync(join(repoRoot, 'docs', 'reference-store.md'), 'utf8');
  const out = new Set<string>();
  for (const m of doc.matchAll(/^\| `([a-z0-9.-]+)`\s*\|/gm)) if (m[1] && PREFIX.test(m[1])) out.add(m[1]);
  return out;
}

it('problem codes in the source and in docs/reference-store.md match both ways', () => {
  const source = [...codesInSource()].sort();
  assert.ok(source.length >= 8, 'codes found in the source');
  assert.deepEqual(source, [...codesInDoc()].sort());
});
