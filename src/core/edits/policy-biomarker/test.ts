import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { policyBiomarker } from './index.ts';

const rules = [
  planRules([{ codes: ['J9271'], biomarker: { name: 'PD-L1', evidence: ['PD-L1', 'TPS', 'CPS'] } }]),
];

runCases(policyBiomarker, [
  {
    name: 'claim note documents the PD-L1 result',
    claims: [
      claim({
        payer: PLAN_PAYER,
        notes: ['PD-L1 TPS 80% 22C3'],
        lines: [line({ code: 'J9271', units: 200 })],
      }),
    ],
    options: { rules },
    expect: [],
  },
  {
    name: 'line note documents it',
    claims: [claim({ payer: PLAN_PAYER, lines: [line({ code: 'J9271', units: 200, notes: ['cps 12'] })] })],
    options: { rules },
    expect: [],
  },
  {
    name: 'no documentation → CO-16 + N463',
    claims: [claim({ payer: PLAN_PAYER, lines: [line({ code: 'J9271', units: 200 })] })],
    options: { rules },
    expect: ['error L1 CO-16+N463'],
    messages: ['documented PD-L1 result'],
  },
  {
    name: 'a diagnosis listed in evidenceDiagnoses states the result',
    claims: [
      claim({
        payer: PLAN_PAYER,
        diagnoses: [{ code: 'Z1589', qualifier: 'ABF', pointer: 1 }],
        lines: [line({ code: 'J9271', units: 200 })],
      }),
    ],
    options: {
      rules: [
        planRules([
          {
            codes: ['J9271'],
            biomarker: { name: 'PD-L1', evidence: ['PD-L1'], evidenceDiagnoses: ['Z158*'] },
          },
        ]),
      ],
    },
    expect: [],
  },
]);

// "PD-L1 only for NSCLC": requiredFor scopes the requirement to the line's diagnoses.
const nsclcOnly = [
  planRules([
    {
      codes: ['J9271'],
      biomarker: { name: 'PD-L1', requiredFor: ['C34*'], evidence: ['PD-L1', 'TPS', 'CPS'] },
    },
  ]),
];
const keytruda = (dx: string, notes: string[] = []) =>
  claim({
    payer: PLAN_PAYER,
    diagnoses: [{ code: dx, qualifier: 'ABK', pointer: 1 }],
    notes,
    lines: [line({ code: 'J9271', units: 200 })],
  });

runCases(policyBiomarker, [
  {
    name: 'requiredFor: NSCLC with no PD-L1 note → CO-16 + N463',
    claims: [keytruda('C3490')],
    options: { rules: nsclcOnly },
    expect: ['error L1 CO-16+N463'],
    messages: ['documented PD-L1 result'],
    assert: (r) => {
      if (r.findings[0]?.data?.diagnosis !== 'C3490')
        throw new Error('names the diagnosis it was required for');
    },
  },
  {
    name: 'requiredFor: NSCLC with the result',
    claims: [keytruda('C3490', ['PD-L1 TPS 60%'])],
    options: { rules: nsclcOnly },
    expect: [],
  },
  {
    name: 'requiredFor: melanoma needs no PD-L1 result',
    claims: [keytruda('C439')],
    options: { rules: nsclcOnly },
    expect: [],
  },
]);

// Evidence words in notes: a whole word, not negated next to it.
const notes: { note: string; documented: boolean }[] = [
  { note: 'PD-L1 TPS 60% (22C3)', documented: true },
  { note: 'PD-L1 negative (TPS <1%)', documented: true },
  { note: 'PD-L1 not done', documented: false },
  { note: 'no PD-L1 on file', documented: false },
  { note: 'PD-L1: pending', documented: false },
  { note: 'PD-L1 testing declined by patient', documented: false },
  { note: 'PD-L1 not done; CPS 12 from outside lab', documented: true },
  { note: 'PD-L1 TPS 60%, CPS pending', documented: true },
  { note: 'results at https://lab.example', documented: false },
  { note: 'PD-L1 N/A', documented: false },
];
const anyDx = [
  planRules([{ codes: ['J9271'], biomarker: { name: 'PD-L1', evidence: ['PD-L1', 'TPS', 'CPS'] } }]),
];
runCases(
  policyBiomarker,
  notes.map((n) => ({
    name: `note "${n.note}" → ${n.documented ? 'documented' : 'not documented'}`,
    claims: [keytruda('C3490', [n.note])],
    options: { rules: anyDx },
    expect: n.documented ? [] : ['error L1 CO-16+N463'],
  })),
);
