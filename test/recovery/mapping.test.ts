/**
 * The CARC/RARC mapping data (rules/denials/mapping.yaml): it covers every current CARC in the store, every edit
 * id it names exists in the edits registry, a wrong file is rejected with the path of the bad field, and the
 * classifier gives the expected cause/kind/action for the adjustments billers see on drug lines.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadDenialMapping } from '../../src/adapters/store/recovery/rules-files.ts';
import { EDITS } from '../../src/core/edits/registry.ts';
import { classifyAdjustment } from '../../src/core/recovery/classify.ts';
import { mappingCoverage, mappingEditIds, validateDenialMapping } from '../../src/core/recovery/mapping.ts';
import type { DenialMapping } from '../../src/core/recovery/model.ts';
import { sharedReference } from '../support/reference.ts';

let mapping: DenialMapping;
before(() => {
  const r = loadDenialMapping();
  assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
  mapping = r.value;
});

void describe('denial mapping coverage', () => {
  void test('covers every current CARC in the store (297 in the 11/1/2025 list)', async () => {
    const reference = await sharedReference();
    const carcs = reference.allCarcs().map((s) => s.value);
    const current = carcs.filter((c) => c.status === 'current');
    assert.equal(current.length, 297);
    const cov = mappingCoverage(mapping, carcs);
    assert.deepEqual(cov.missing, [], `CARCs without a mapping: ${cov.missing.join(', ')}`);
    assert.deepEqual(
      cov.unknownToStore,
      [],
      `mapped codes the store does not know: ${cov.unknownToStore.join(', ')}`,
    );
    assert.equal(cov.covered, 297);
  });

  void test('deactivated CARCs still seen on older remittances are mapped too (all 407)', async () => {
    const reference = await sharedReference();
    const all = reference.allCarcs().map((s) => s.value.code);
    assert.equal(all.length, 407);
    assert.deepEqual(
      all.filter((code) => !(code in mapping.carc)),
      [],
    );
  });

  void test('every RARC it names exists in the store', async () => {
    const reference = await sharedReference();
    // M1 is missing from the RARC scrape (PROVENANCE §7); none of ours is M1.
    const unknown = Object.keys(mapping.rarc).filter((code) => reference.rarc(code) === undefined);
    assert.deepEqual(unknown, []);
  });

  void test('every edit id it names exists in the edits registry', () => {
    const ids = mappingEditIds(mapping);
    assert.ok(ids.length > 0);
    const known = new Set(EDITS.map((e) => e.id));
    assert.ok(known.size > 0, 'the edits registry is empty');
    assert.deepEqual(
      ids.filter((id) => !known.has(id)),
      [],
    );
  });

  void test('link back: every denial an edit predicts classifies as a denial that names that edit', () => {
    const missing: string[] = [];
    for (const edit of EDITS) {
      for (const d of edit.denials) {
        const c = classifyAdjustment(mapping, d.group, d.carc, d.rarc);
        if (c.kind !== 'denial' || !c.edits.includes(edit.id))
          missing.push(
            `${edit.id}: ${d.group}-${d.carc} ${d.rarc.join(' ')} → ${c.cause} [${c.edits.join(', ')}]`,
          );
      }
    }
    assert.deepEqual(missing, []);
  });
});

void describe('denial mapping validation', () => {
  const cases: { name: string; mutate: (m: Record<string, unknown>) => void; path: RegExp }[] = [
    {
      name: 'unknown cause',
      mutate: (m) => ((m['carc'] as Record<string, unknown>)['16'] = { cause: 'bad-cause' }),
      path: /carc\.16\.cause: expected one of/,
    },
    {
      name: 'unknown action',
      mutate: (m) =>
        ((m['carc'] as Record<string, unknown>)['45'] = { cause: 'contractual', action: 'pray' }),
      path: /carc\.45\.action/,
    },
    {
      name: 'unknown field',
      mutate: (m) =>
        ((m['carc'] as Record<string, unknown>)['1'] = { cause: 'patient-responsibility', colour: 'red' }),
      path: /carc\.1\.colour: unknown field/,
    },
    {
      name: 'missing root cause',
      mutate: (m) => delete (m['rootCauses'] as Record<string, unknown>)['ndc'],
      path: /rootCauses\.ndc: missing root cause/,
    },
    {
      // `packaged` depends on the line (OPPS status indicator N on a type of bill 13x), never on the CARC alone.
      name: 'kind packaged on a CARC',
      mutate: (m) => ((m['carc'] as Record<string, unknown>)['97'] = { cause: 'bundling', kind: 'packaged' }),
      path: /carc\.97\.kind: expected one of denial, contractual, patient-responsibility, sequestration, informational, got "packaged"/,
    },
    {
      name: 'empty RARC entry',
      mutate: (m) => ((m['rarc'] as Record<string, unknown>)['M119'] = {}),
      path: /rarc\.M119: a RARC entry needs/,
    },
  ];
  for (const c of cases) {
    void test(`rejects ${c.name} with the path of the field`, () => {
      const data = structuredClone(mapping) as unknown as Record<string, unknown>;
      c.mutate(data);
      const r = validateDenialMapping(data, 'mapping.yaml');
      assert.equal(r.ok, false);
      assert.ok(
        r.problems.some((p) => c.path.test(p.message)),
        r.problems.map((p) => p.message).join('\n'),
      );
    });
  }
});

void describe('classification', () => {
  const cases: {
    name: string;
    group: string;
    carc: string;
    rarc: string[];
    cause: string;
    kind: string;
    action: string;
  }[] = [
    {
      name: 'CO-16 + M119: NDC',
      group: 'CO',
      carc: '16',
      rarc: ['M119'],
      cause: 'ndc',
      kind: 'denial',
      action: 'correct-resubmit',
    },
    {
      name: 'CO-16 + M119 + MA130: unprocessable, correct and resubmit',
      group: 'CO',
      carc: '16',
      rarc: ['M119', 'MA130'],
      cause: 'ndc',
      kind: 'denial',
      action: 'correct-resubmit',
    },
    {
      name: 'CO-16 alone: documentation',
      group: 'CO',
      carc: '16',
      rarc: [],
      cause: 'documentation',
      kind: 'denial',
      action: 'correct-resubmit',
    },
    {
      name: 'CO-197: prior authorization',
      group: 'CO',
      carc: '197',
      rarc: [],
      cause: 'prior-authorization',
      kind: 'denial',
      action: 'appeal',
    },
    {
      name: 'CO-151 + N362: units over MUE',
      group: 'CO',
      carc: '151',
      rarc: ['N362'],
      cause: 'units-mue',
      kind: 'denial',
      action: 'appeal',
    },
    {
      name: 'CO-151 keeps its cause even with M119 on the line',
      group: 'CO',
      carc: '151',
      rarc: ['M119'],
      cause: 'units-mue',
      kind: 'denial',
      action: 'appeal',
    },
    {
      name: 'CO-4 + N519: modifier',
      group: 'CO',
      carc: '4',
      rarc: ['N519'],
      cause: 'modifier',
      kind: 'denial',
      action: 'correct-resubmit',
    },
    {
      name: 'CO-11: diagnosis',
      group: 'CO',
      carc: '11',
      rarc: [],
      cause: 'diagnosis-medical-necessity',
      kind: 'denial',
      action: 'appeal',
    },
    {
      name: 'CO-181: code invalid on DOS',
      group: 'CO',
      carc: '181',
      rarc: [],
      cause: 'coding',
      kind: 'denial',
      action: 'correct-resubmit',
    },
    {
      name: 'OA-18: duplicate',
      group: 'OA',
      carc: '18',
      rarc: [],
      cause: 'duplicate',
      kind: 'denial',
      action: 'review',
    },
    {
      name: 'CO-29: timely filing',
      group: 'CO',
      carc: '29',
      rarc: [],
      cause: 'timely-filing',
      kind: 'denial',
      action: 'appeal',
    },
    {
      name: 'PR-1: deductible',
      group: 'PR',
      carc: '1',
      rarc: [],
      cause: 'patient-responsibility',
      kind: 'patient-responsibility',
      action: 'bill-patient',
    },
    {
      name: 'PR-2: coinsurance',
      group: 'PR',
      carc: '2',
      rarc: [],
      cause: 'patient-responsibility',
      kind: 'patient-responsibility',
      action: 'bill-patient',
    },
    {
      name: 'CO-45: contractual, not a denial',
      group: 'CO',
      carc: '45',
      rarc: [],
      cause: 'contractual',
      kind: 'contractual',
      action: 'none',
    },
    {
      name: 'CO-253: sequestration, not a denial',
      group: 'CO',
      carc: '253',
      rarc: [],
      cause: 'sequestration',
      kind: 'sequestration',
      action: 'none',
    },
    {
      name: 'PR-204: not covered, patient liable',
      group: 'PR',
      carc: '204',
      rarc: [],
      cause: 'non-covered',
      kind: 'patient-responsibility',
      action: 'bill-patient',
    },
    {
      name: 'OA-23: prior payer impact',
      group: 'OA',
      carc: '23',
      rarc: [],
      cause: 'coordination-of-benefits',
      kind: 'informational',
      action: 'none',
    },
    {
      name: 'CO-A1 + N362: generic denial refined',
      group: 'CO',
      carc: 'A1',
      rarc: ['N362'],
      cause: 'units-mue',
      kind: 'denial',
      action: 'appeal',
    },
    {
      name: 'deactivated CO-42 still classified',
      group: 'CO',
      carc: '42',
      rarc: [],
      cause: 'contractual',
      kind: 'contractual',
      action: 'none',
    },
    {
      name: 'unknown CARC: other, review',
      group: 'CO',
      carc: '999',
      rarc: [],
      cause: 'other',
      kind: 'denial',
      action: 'review',
    },
    {
      name: 'CO-16 + M53 (units missing or invalid): units, correct and resubmit',
      group: 'CO',
      carc: '16',
      rarc: ['M53'],
      cause: 'units-mue',
      kind: 'denial',
      action: 'correct-resubmit',
    },
    {
      name: 'CO-151 + M53 (a specific CARC): units, appeal',
      group: 'CO',
      carc: '151',
      rarc: ['M53'],
      cause: 'units-mue',
      kind: 'denial',
      action: 'appeal',
    },
    {
      name: 'lower-case input',
      group: 'co',
      carc: 'a1',
      rarc: ['N362'],
      cause: 'units-mue',
      kind: 'denial',
      action: 'appeal',
    },
  ];
  for (const c of cases) {
    void test(c.name, () => {
      const rarc = [...c.rarc];
      const r = classifyAdjustment(mapping, c.group, c.carc, rarc);
      assert.deepEqual(
        { cause: r.cause, kind: r.kind, action: r.action },
        { cause: c.cause, kind: c.kind, action: c.action },
        r.basis.join('; '),
      );
      assert.deepEqual(rarc, c.rarc, 'input not mutated');
      assert.equal(r.known, c.carc !== '999');
    });
  }

  void test('a denial names the pre-submission edits that would have caught it', () => {
    const r = classifyAdjustment(mapping, 'CO', '16', ['M119']);
    assert.ok(r.edits.length > 0);
    assert.deepEqual(r.edits, mapping.rootCauses.ndc.edits.slice().sort());
  });
});
