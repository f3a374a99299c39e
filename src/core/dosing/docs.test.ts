/**
 * docs/dosing.md documents every rule id and problem code the engine can emit, and nothing else (both ways).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../../test/support/shared.ts';
import { PROBLEM_CODES, RULES } from './rules.ts';

const doc = readFileSync(join(repoRoot, 'docs', 'dosing.md'), 'utf8');

function tableIds(heading: string): Map<string, string[]> {
  const start = doc.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `docs/dosing.md has "## ${heading}"`);
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const m = /^\| `([a-z0-9.-]+)` \|(.*)\|$/.exec(line);
    if (m?.[1])
      rows.set(
        m[1],
        (m[2] ?? '').split('|').map((c) => c.trim()),
      );
  }
  return rows;
}

void describe('docs/dosing.md matches the registry', () => {
  void it('rule ids: documented = RULES', () => {
    assert.deepEqual([...tableIds('Rules applied').keys()].sort(), Object.keys(RULES).sort());
  });
  void it('problem codes: documented = PROBLEM_CODES, with the same severity', () => {
    const documented = tableIds('Problem codes');
    assert.deepEqual([...documented.keys()].sort(), Object.keys(PROBLEM_CODES).sort());
    for (const [code, cells] of documented)
      assert.equal(cells[0], PROBLEM_CODES[code as keyof typeof PROBLEM_CODES], code);
  });
});
