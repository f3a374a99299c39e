/**
 * Classification against the shipped mapping (rules/denials/mapping.yaml), and the one step that needs the line:
 * a bundling adjustment on a code OPPS packages (status indicator N) is the expected adjudication (`packaged`).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadRecoveryRules } from '../../adapters/store/recovery/rules-files.ts';
import type { SourceRef } from '../reference/model.ts';
import { classifyAdjustment, packagedUnderOpps, type OppsPackaging } from './classify.ts';
import type { DenialMapping } from './model.ts';

let mapping: DenialMapping;
before(() => {
  const r = loadRecoveryRules();
  assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
  mapping = r.value.mapping;
});

const source: SourceRef = {
  releaseId: 'opps:2025-10-01:test',
  dataset: 'opps',
  fileName: 'addendum-b.csv',
  releaseDate: '2025-10-31',
  effectiveFrom: '2025-10-01',
  effectiveTo: '2025-12-31',
  label: 'OPPS Addendum B October 2025',
};
const packagedN: OppsPackaging = { statusIndicator: 'N', source, certain: true };

void describe('packagedUnderOpps: bundling on a packaged code (SI N) is the expected adjudication', () => {
  const cases: [label: string, group: string, carc: string, rarc: string[], want: string | undefined][] = [
    ['CO-97 (included in the allowance for another service)', 'CO', '97', [], 'packaged:none'],
    ['OA-97', 'OA', '97', [], 'packaged:none'],
    ['CO-234 (not paid separately)', 'CO', '234', [], 'packaged:none'],
    ['CO-97 + M80 (still bundling)', 'CO', '97', ['M80'], 'packaged:none'],
    ['CO-97 + M119 (refined to an NDC problem): still a denial', 'CO', '97', ['M119'], undefined],
    ['CO-16 + M119 (NDC): still a denial', 'CO', '16', ['M119'], undefined],
    ['CO-4 (modifier): still a denial', 'CO', '4', [], undefined],
    ['PR-97: the patient’s, not a denial', 'PR', '97', [], undefined],
    ['CO-45 (contractual): not a denial', 'CO', '45', [], undefined],
  ];
  for (const [label, group, carc, rarc, want] of cases) {
    void test(label, () => {
      const c = classifyAdjustment(mapping, group, carc, rarc);
      const frozen = structuredClone(c);
      const p = packagedUnderOpps(c, packagedN);
      assert.equal(p === undefined ? undefined : `${p.kind}:${p.action}`, want);
      assert.deepEqual(c, frozen, 'the classification given is not mutated');
      if (p) {
        assert.equal(p.cause, 'bundling');
        assert.deepEqual(p.basis.slice(0, -1), c.basis, 'the earlier steps are kept');
        assert.match(p.basis.at(-1) ?? '', /OPPS status indicator N \(OPPS Addendum B October 2025\)/);
        assert.match(p.next, /Nothing to do/);
      }
    });
  }

  void test('a status indicator from a release not in force says so in the basis', () => {
    const c = classifyAdjustment(mapping, 'CO', '97', []);
    const p = packagedUnderOpps(c, { ...packagedN, certain: false });
    assert.match(p?.basis.at(-1) ?? '', /the nearest release/);
  });

  void test('the mapping alone never classifies an adjustment as packaged', () => {
    for (const code of Object.keys(mapping.carc))
      for (const group of ['CO', 'OA', 'PI', 'PR'])
        assert.notEqual(classifyAdjustment(mapping, group, code, []).kind, 'packaged', `${group}-${code}`);
  });
});
