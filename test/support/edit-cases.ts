/**
 * Table-driven tests for one edit: each case runs the edit over deep-frozen claims (a mutation throws), checks the
 * findings in a compact form ("severity L<line> CARC"), optional message fragments and fixes, and that the input is
 * unchanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Claim } from '../../src/core/claim/model.ts';
import type { CheckResult, Edit } from '../../src/core/edits/types.ts';
import { brief, check, type CheckOptions } from '../../src/core/edits/testing.ts';

export interface EditCase {
  name: string;
  claims: Claim[];
  options?: CheckOptions;
  /** Expected findings in order, as `brief()` writes them: "error L2 CO-16+M119". */
  expect: string[];
  /** Fragments each finding's message must contain (same order as `expect`). */
  messages?: string[];
  /** Fix descriptions expected on the findings that carry one, in order. */
  fixes?: string[];
  assert?: (result: CheckResult) => void;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

export function runCases(edit: Edit | readonly Edit[], cases: readonly EditCase[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const claims = deepFreeze(structuredClone(c.claims));
      const before = JSON.stringify(claims);
      const result = check(edit, claims, c.options);
      assert.deepEqual(brief(result.findings), c.expect);
      const ids = new Set(
        (Array.isArray(edit) ? (edit as readonly Edit[]) : [edit as Edit]).map((e) => e.id),
      );
      for (const f of result.findings) assert.ok(ids.has(f.editId), `finding from ${f.editId}`);
      if (c.messages) {
        assert.equal(result.findings.length, c.messages.length, 'one message fragment per finding');
        c.messages.forEach((m, i) =>
          assert.ok(
            result.findings[i]?.message.includes(m),
            `finding ${i}: "${result.findings[i]?.message ?? ''}" should contain "${m}"`,
          ),
        );
      }
      if (c.fixes)
        assert.deepEqual(
          result.findings.filter((f) => f.fix).map((f) => f.fix?.description),
          c.fixes,
        );
      c.assert?.(result);
      assert.equal(JSON.stringify(claims), before, 'input claims unchanged');
    });
  }
}
