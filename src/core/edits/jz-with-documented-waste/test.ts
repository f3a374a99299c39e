import assert from 'node:assert/strict';
import { runCases } from '../../../../test/support/edit-cases.ts';
import { applyFixes } from '../apply-fixes.ts';
import { claim, hospitalClaim, line, medicareRules } from '../testing.ts';
import { jzWithDocumentedWaste } from './index.ts';

// Remicade (J1745, 10 mg; 100 mg single-dose vials, 57894-0030-01): a 415 mg dose from 5 vials leaves 85 mg = 8
// units discarded. The note reads as the 837 reader gives it ("DOSE 415MG WASTE 85MG").
const remicade = (units: number, dose: { text: string; discardedText?: string }, modifiers = ['JZ']) =>
  line({
    code: 'J1745',
    units,
    modifiers,
    chargeCents: 140_000,
    drug: { ndc: '57894003001', ndcQualifier: 'N4', quantity: units / 10, unit: 'UN' },
    dose,
  });

const doseAndWaste = {
  text: '415MG',
  amount: 415,
  unit: 'MG',
  discardedText: '85MG',
  discardedAmount: 85,
  discardedUnit: 'MG',
};
const billedWithWaste = claim({ lines: [remicade(50, doseAndWaste)] });

// Velcade (J9041, 0.1 mg; 3.5 mg single-dose vial 63020-0049-01): 2.47 mg given, 1.03 mg = 10 units discarded.
const velcade = (ndc: string) =>
  claim({
    lines: [
      line({
        code: 'J9041',
        units: 25,
        modifiers: ['JZ'],
        chargeCents: 7_000,
        drug: { ndc, ndcQualifier: 'N4', quantity: 1, unit: 'UN' },
        dose: {
          text: '2.47 MG',
          amount: 2.47,
          unit: 'MG',
          discardedText: '1.03 MG',
          discardedAmount: 1.03,
          discardedUnit: 'MG',
        },
      }),
    ],
  });

runCases(jzWithDocumentedWaste, [
  {
    name: 'J1745-JZ 42 with "DOSE 415MG WASTE 85MG": 8 units discarded under JZ → error, no fix (the JW line needs its own charge)',
    claims: [claim({ lines: [remicade(42, doseAndWaste)] })],
    expect: ['error L1 CO-16+N823'],
    messages: [
      'documents 85 MG discarded = 8 unit(s) of J1745. Remove JZ and add a J1745-JW line for the 8 discarded unit(s)',
    ],
    fixes: [],
  },
  {
    name: 'J1745-JZ 50 = 42 dose + 8 waste on one line → error, fix: remove JZ and split off J1745-JW × 8',
    claims: [billedWithWaste],
    expect: ['error L1 CO-16+N823'],
    messages: ['42 unit(s) are the dose "415 MG" and 8 the waste'],
    fixes: [
      'Remove JZ from line 1 and split it: keep 42 unit(s) and add a J1745-JW line with 8 unit(s) (charge split pro rata).',
    ],
    assert: (result) => {
      const fixed = applyFixes([billedWithWaste], result.findings);
      assert.equal(fixed.skipped.length, 0);
      const lines = fixed.claims[0]?.lines ?? [];
      assert.deepEqual(
        lines.map((l) => [
          l.procedure.code,
          l.procedure.modifiers.join(','),
          l.units,
          l.chargeCents,
          l.drug?.quantity,
        ]),
        [
          ['J1745', '', 42, 117_600, 4.15],
          ['J1745', 'JW', 8, 22_400, 0.85],
        ],
      );
    },
  },
  {
    name: 'Velcade J9041-JZ 25 documenting 1.03 mg discarded (10 units) → error',
    claims: [velcade('63020004901')],
    expect: ['error L1 CO-16+N823'],
    messages: ['documents 1.03 MG discarded = 10 unit(s) of J9041'],
  },
  {
    name: 'generic bortezomib (container unknown to drugclaim) with JZ and 1.03 mg discarded → error too: JZ itself claims a single-dose vial',
    claims: [velcade('00409170001')],
    expect: ['error L1 CO-16+N823'],
  },
  {
    name: 'less than one billing unit discarded (5 mg of a 10 mg unit): JZ is right',
    claims: [claim({ lines: [remicade(42, { text: '415MG', discardedText: '5MG' })] })],
    expect: [],
  },
  {
    name: 'no JZ (the waste is jw-jz-missing / units-vs-documented-dose business)',
    claims: [claim({ lines: [remicade(42, doseAndWaste, [])] })],
    expect: [],
  },
  {
    name: 'JZ next to a JW line of the drug is jz-with-jw-line’s finding',
    claims: [
      claim({
        lines: [remicade(42, doseAndWaste), line({ code: 'J1745', units: 8, modifiers: ['JW'] })],
      }),
    ],
    expect: [],
  },
  {
    name: 'multiple-dose carboplatin (J9045) with JZ is jw-jz-not-applicable’s finding',
    claims: [
      claim({
        lines: [
          line({
            code: 'J9045',
            units: 9,
            modifiers: ['JZ'],
            dose: { text: '450 MG', discardedText: '150 MG' },
          }),
        ],
      }),
    ],
    expect: [],
  },
  {
    name: 'a discarded amount that is not an amount → info, no denial',
    claims: [claim({ lines: [remicade(42, { text: '415MG', discardedText: 'HALF A VIAL' })] })],
    expect: ['info L1 -'],
    messages: ['could not be turned into units'],
  },
  {
    name: 'before 2023-07-01 the JW/JZ policy did not apply',
    claims: [claim({ lines: [{ ...remicade(42, doseAndWaste), serviceDate: '2023-06-30' }] })],
    expect: [],
  },
  {
    name: 'payer without the JW/JZ policy',
    claims: [claim({ lines: [remicade(42, doseAndWaste)] })],
    options: { rules: [medicareRules({ jwJz: null })] },
    expect: [],
  },
  {
    name: 'inpatient bill 0111: not judged (the stay pays its drugs)',
    claims: [hospitalClaim({ typeOfBill: '111', lines: [remicade(42, doseAndWaste)] })],
    expect: [],
  },
  {
    name: 'the same line on an outpatient bill 0131 → error',
    claims: [hospitalClaim({ lines: [remicade(42, doseAndWaste)] })],
    expect: ['error L1 CO-16+N823'],
  },
]);
