import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepFreeze } from '../../../test/support/edit-cases.ts';
import type { Finding, FixAction } from '../findings/model.ts';
import { applyFixes, applyFixesPaced } from './apply-fixes.ts';
import { EDITS } from './registry.ts';
import { check, claim, line } from './testing.ts';

function finding(actions: FixAction[], editId = 'test-edit'): Finding {
  return {
    editId,
    severity: 'error',
    claimId: 'CLM1',
    claimIndex: 0,
    line: actions[0]?.line ?? null,
    field: 'modifiers',
    message: 'm',
    why: 'w',
    source: 's',
    denial: null,
    fix: { description: `fix ${editId}`, actions },
  };
}

const base = () =>
  deepFreeze([
    claim({
      lines: [
        line({ code: '99213', chargeCents: 15_000 }),
        line({
          code: 'J9173',
          units: 84,
          chargeCents: 724_668,
          modifiers: ['25'],
          drug: { ndc: '00310-4500-12', ndcQualifier: 'N4', quantity: 16.8, unit: 'ML' },
        }),
        line({ code: '96413', chargeCents: 30_000, modifiers: ['JG'] }),
      ],
    }),
  ]);

const cases: { name: string; actions: FixAction[]; expect: (c: ReturnType<typeof base>[number]) => void }[] =
  [
    {
      name: 'add a modifier',
      actions: [{ kind: 'add-modifier', claimIndex: 0, line: 1, modifier: 'JZ' }],
      expect: (c) => assert.deepEqual(c.lines[0]?.procedure.modifiers, ['JZ']),
    },
    {
      name: 'remove a modifier',
      actions: [{ kind: 'remove-modifier', claimIndex: 0, line: 2, modifier: '25' }],
      expect: (c) => assert.deepEqual(c.lines[1]?.procedure.modifiers, []),
    },
    {
      name: 'replace a modifier',
      actions: [{ kind: 'replace-modifier', claimIndex: 0, line: 3, from: 'JG', to: 'TB' }],
      expect: (c) => assert.deepEqual(c.lines[2]?.procedure.modifiers, ['TB']),
    },
    {
      name: 'move modifier 25 to the E/M line',
      actions: [{ kind: 'move-modifier', claimIndex: 0, line: 2, toLine: 1, modifier: '25' }],
      expect: (c) => {
        assert.deepEqual(c.lines[0]?.procedure.modifiers, ['25']);
        assert.deepEqual(c.lines[1]?.procedure.modifiers, []);
      },
    },
    {
      name: 'normalise an NDC',
      actions: [{ kind: 'set-ndc', claimIndex: 0, line: 2, from: '00310-4500-12', to: '00310450012' }],
      expect: (c) => assert.equal(c.lines[1]?.drug?.ndc, '00310450012'),
    },
    {
      name: 'split a line: 84 units → 75 + JW 9, charge and NDC quantity pro rata, later lines renumbered',
      actions: [
        { kind: 'split-line', claimIndex: 0, line: 2, keepUnits: 75, newUnits: 9, addModifiers: ['JW'] },
      ],
      expect: (c) => {
        assert.deepEqual(
          c.lines.map((l) => [
            l.sequence,
            l.procedure.code,
            l.procedure.modifiers.join(','),
            l.units,
            l.chargeCents,
            l.drug?.quantity ?? null,
          ]),
          [
            [1, '99213', '', 1, 15_000, null],
            [2, 'J9173', '25', 75, 647_025, 15],
            [3, 'J9173', '25,JW', 9, 77_643, 1.8],
            [4, '96413', 'JG', 1, 30_000, null],
          ],
        );
        assert.equal(
          c.lines.reduce((s, l) => s + l.chargeCents, 0),
          c.totalChargeCents,
        );
      },
    },
  ];

for (const c of cases) {
  test(`applyFixes: ${c.name}`, () => {
    const claims = base();
    const before = JSON.stringify(claims);
    const result = applyFixes(claims, [finding(c.actions)]);
    assert.equal(result.applied.length, 1);
    assert.deepEqual(result.skipped, []);
    c.expect(result.claims[0] as (typeof claims)[number]);
    assert.equal(JSON.stringify(claims), before, 'input unchanged');
  });
}

test('applyFixes: a split JW line carries the discarded amount as its dose, not the notes of the administered line', () => {
  const claims = deepFreeze([
    claim({
      lines: [
        line({
          code: 'J9173',
          units: 84,
          chargeCents: 724_668,
          notes: ['DOSE 750MG WASTE 90MG'],
          dose: {
            text: '750MG',
            amount: 750,
            unit: 'MG',
            discardedText: '90MG',
            discardedAmount: 90,
            discardedUnit: 'MG',
          },
        }),
      ],
    }),
  ]);
  const result = applyFixes(claims, [
    finding([
      { kind: 'split-line', claimIndex: 0, line: 1, keepUnits: 75, newUnits: 9, addModifiers: ['JW'] },
    ]),
  ]);
  const [kept, jw] = result.claims[0]?.lines ?? [];
  assert.deepEqual(
    [kept?.notes, kept?.dose?.text, kept?.dose?.discardedText],
    [['DOSE 750MG WASTE 90MG'], '750MG', '90MG'],
  );
  assert.deepEqual(
    [jw?.procedure.modifiers, jw?.units, jw?.notes, jw?.dose],
    [['JW'], 9, [], { text: '', discardedText: '90MG', discardedAmount: 90, discardedUnit: 'MG' }],
  );
});

test('applyFixes: a split shares the NDC quantity by the documented amounts, not the rounded units', () => {
  // Rituximab 10 mg units: 712.5 mg given (72 units), 87.5 mg wasted (8 units) of 80 mL at 10 mg/mL.
  const claims = deepFreeze([
    claim({
      lines: [
        line({
          code: 'J9312',
          units: 80,
          chargeCents: 720_000,
          drug: { ndc: '50242005121', ndcQualifier: 'N4', quantity: 80, unit: 'ML' },
          notes: ['DOSE 712.5MG WASTE 87.5MG'],
          dose: {
            text: '712.5MG',
            amount: 712.5,
            unit: 'MG',
            discardedText: '87.5MG',
            discardedAmount: 87.5,
            discardedUnit: 'MG',
          },
        }),
      ],
    }),
  ]);
  const result = applyFixes(claims, [
    finding([
      { kind: 'split-line', claimIndex: 0, line: 1, keepUnits: 72, newUnits: 8, addModifiers: ['JW'] },
    ]),
  ]);
  assert.deepEqual(
    result.claims[0]?.lines.map((l) => [l.units, l.drug?.quantity]),
    [
      [72, 71.25],
      [8, 8.75],
    ],
  );
});

test('applyFixes: actions address input sequence numbers even after a split renumbers lines', () => {
  const claims = base();
  const result = applyFixes(claims, [
    finding(
      [{ kind: 'split-line', claimIndex: 0, line: 2, keepUnits: 75, newUnits: 9, addModifiers: ['JW'] }],
      'a',
    ),
    finding([{ kind: 'replace-modifier', claimIndex: 0, line: 3, from: 'JG', to: 'TB' }], 'b'),
  ]);
  assert.equal(result.applied.length, 2);
  assert.deepEqual(
    result.claims[0]?.lines.map(
      (l) => `${l.sequence}:${l.procedure.code}:${l.procedure.modifiers.join(',')}`,
    ),
    ['1:99213:', '2:J9173:25', '3:J9173:25,JW', '4:96413:TB'],
  );
});

test('applyFixes: a fix that no longer applies is skipped as a whole, with the reason; the claim object is the input', () => {
  const claims = base();
  const result = applyFixes(claims, [
    finding([
      { kind: 'add-modifier', claimIndex: 0, line: 1, modifier: 'JZ' },
      { kind: 'remove-modifier', claimIndex: 0, line: 1, modifier: 'XX' },
    ]),
  ]);
  assert.equal(result.applied.length, 0);
  assert.deepEqual(
    result.skipped.map((s) => s.reason),
    ['line 1 has no modifier XX'],
  );
  assert.equal(result.claims[0], claims[0]);
});

test('applyFixes: a later fix that fails partway on a fixed claim leaves it as the fixes before it left it', () => {
  const claims = base();
  const first = finding([{ kind: 'replace-modifier', claimIndex: 0, line: 3, from: 'JG', to: 'TB' }], 'a');
  // Every kind of action, then one that cannot apply: each of the first ones must be put back.
  const failing = finding(
    [
      { kind: 'split-line', claimIndex: 0, line: 2, keepUnits: 75, newUnits: 9, addModifiers: ['JW'] },
      { kind: 'add-modifier', claimIndex: 0, line: 1, modifier: 'JZ' },
      { kind: 'move-modifier', claimIndex: 0, line: 2, toLine: 1, modifier: '25' },
      { kind: 'replace-modifier', claimIndex: 0, line: 3, from: 'TB', to: 'KX' },
      { kind: 'remove-modifier', claimIndex: 0, line: 1, modifier: 'JZ' },
      { kind: 'set-ndc', claimIndex: 0, line: 2, from: '00310-4500-12', to: '00310450012' },
      { kind: 'set-code', claimIndex: 0, line: 1, from: '99213', to: '99214' },
      { kind: 'remove-modifier', claimIndex: 0, line: 1, modifier: 'XX' },
    ],
    'b',
  );
  const result = applyFixes(claims, [first, failing]);
  assert.deepEqual(
    result.skipped.map((s) => s.reason),
    ['line 1 has no modifier XX'],
  );
  assert.deepEqual(result.claims, applyFixes(claims, [first]).claims);
});

test('applyFixes: an undone removal puts the modifier back where it was', () => {
  const claims = deepFreeze([claim({ lines: [line({ code: 'J9173', modifiers: ['JW', 'KX', 'GA'] })] })]);
  const first = finding([{ kind: 'add-modifier', claimIndex: 0, line: 1, modifier: 'TB' }], 'a');
  const failing = finding(
    [
      { kind: 'remove-modifier', claimIndex: 0, line: 1, modifier: 'KX' },
      { kind: 'add-modifier', claimIndex: 0, line: 1, modifier: 'JZ' },
      { kind: 'remove-modifier', claimIndex: 0, line: 1, modifier: 'XX' },
    ],
    'b',
  );
  const result = applyFixes(claims, [first, failing]);
  assert.deepEqual(result.claims[0]?.lines[0]?.procedure.modifiers, ['JW', 'KX', 'GA', 'TB']);
});

test('applyFixes: the same fix twice applies once', () => {
  const f = finding([{ kind: 'add-modifier', claimIndex: 0, line: 1, modifier: 'JZ' }]);
  const result = applyFixes(base(), [f, f]);
  assert.equal(result.applied.length, 1);
  assert.deepEqual(
    result.skipped.map((s) => s.reason),
    ['line 1 already has JZ'],
  );
});

test('applyFixes over real findings: the fixed claims have no fixable findings left', () => {
  const claims = deepFreeze([
    claim({
      lines: [
        line({ code: '99213', chargeCents: 15_000 }),
        line({
          code: 'J9309',
          units: 144,
          modifiers: ['25'],
          drug: { ndc: '50242-0105-01', ndcQualifier: 'N4', quantity: 144, unit: 'ME' },
        }),
        line({
          code: 'J9173',
          units: 84,
          modifiers: ['JG'],
          chargeCents: 724_668,
          dose: { text: '750 MG', discardedText: '90 MG' },
        }),
        line({ code: '96413', chargeCents: 30_000 }),
      ],
    }),
  ]);
  const first = check(EDITS, claims);
  const fixable = first.findings.filter((f) => f.fix);
  assert.deepEqual(fixable.map((f) => f.editId).sort(), [
    'jw-jz-missing',
    'modifier-25-on-drug-line',
    'modifier-not-valid-on-dos',
    'ndc-format',
    'units-vs-documented-dose',
  ]);
  const fixed = applyFixes(claims, first.findings);
  assert.equal(fixed.skipped.length, 0, JSON.stringify(fixed.skipped));
  const again = check(EDITS, fixed.claims);
  assert.deepEqual(
    again.findings.filter((f) => f.fix).map((f) => `${f.editId}: ${f.message}`),
    [],
  );
});

test('applyFixesPaced: the same result as applyFixes, giving way every 500 fixes', async () => {
  // 1,200 claims with a fix each (and a second, blocked one on every third): 1,600 fixes tried.
  const claims = deepFreeze(
    Array.from({ length: 1200 }, (_, i) =>
      claim({
        id: `CLM${i}`,
        lines: [line({ code: 'J9173', units: 84, modifiers: i % 3 === 0 ? ['JW'] : [] })],
      }),
    ),
  );
  const findings = claims.flatMap((c, i) => {
    const add = {
      ...finding([{ kind: 'add-modifier', claimIndex: i, line: 1, modifier: 'JZ' }]),
      claimIndex: i,
      claimId: c.id,
    };
    if (i % 3 !== 0) return [add];
    return [
      add,
      {
        ...finding([{ kind: 'add-modifier', claimIndex: i, line: 1, modifier: 'JW' }]),
        claimIndex: i,
        claimId: c.id,
      },
    ];
  });
  let paces = 0;
  const paced = await applyFixesPaced(claims, findings, () => {
    paces++;
    return Promise.resolve();
  });
  assert.deepEqual(paced, applyFixes(claims, findings));
  assert.equal(paced.applied.length, 1200);
  assert.equal(paced.skipped.length, 400);
  assert.equal(paces, 3);
});
