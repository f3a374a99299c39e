/**
 * Every problem code is documented: docs/claims-io.md ("Problem codes") and the registry (codes.ts) list the same
 * codes with the same severities, and every code the readers and writers write in their sources is registered.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { repoRoot } from '../../../test/support/shared.ts';
import { claimIoCodes } from './codes.ts';

const registry = new Map(Object.entries(claimIoCodes).map(([code, [severity]]) => [code, severity]));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'codes.ts' ? [p] : [];
  });
}

it('docs/claims-io.md and the registry list the same codes and severities', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'claims-io.md'), 'utf8');
  const section = doc.substring(doc.indexOf('## Problem codes'));
  const documented = new Map(
    [...section.matchAll(/^\| `([a-z0-9.-]+)` \| (error|warning|info) \|/gm)].map((m) => [
      m[1] as string,
      m[2] as string,
    ]),
  );
  assert.ok(documented.size > 20);
  assert.deepEqual(
    [...documented.keys()].filter((c) => !registry.has(c)),
    [],
    'documented but not in codes.ts',
  );
  assert.deepEqual(
    [...registry.keys()].filter((c) => !documented.has(c)),
    [],
    'in codes.ts but not documented',
  );
  for (const [code, severity] of registry) assert.equal(documented.get(code), severity, code);
});

/** Strings shaped like problem codes that are not: the extension of the FHIR files drugclaim writes. */
const NOT_PROBLEM_CODES = new Set(['fhir.json']);

it('every code written in the sources is registered, and every registered code is used', () => {
  const dirs = ['x12', 'fhir', 'claim-files'].map((d) => join(repoRoot, 'src', 'adapters', d));
  const files = [
    ...dirs.flatMap(sources),
    join(repoRoot, 'src', 'adapters', 'cli', 'commands', 'read.ts'),
    join(repoRoot, 'src', 'adapters', 'cli', 'commands', 'convert.ts'),
  ];
  const used = new Set<string>();
  for (const f of files)
    for (const m of readFileSync(f, 'utf8').matchAll(
      /['`]((?:x12|fhir|json|csv|claim-file)\.[a-z0-9-]+(?:\.[a-z0-9-]+)*)['`:]/g,
    ))
      if (!NOT_PROBLEM_CODES.has(m[1] as string)) used.add(m[1] as string);
  assert.deepEqual(
    [...used].filter((c) => !registry.has(c)).sort(),
    [],
    'used in the sources but not registered',
  );
  assert.deepEqual(
    [...registry.keys()].filter((c) => !used.has(c)).sort(),
    [],
    'registered but never reported',
  );
});
