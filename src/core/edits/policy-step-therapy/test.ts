import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { addDays } from '../../reference/as-of.ts';
import { policyStepTherapy } from './index.ts';

const rules = [
  planRules([
    {
      codes: ['J1745'],
      stepTherapy: {
        preferredCodes: ['Q5103', 'Q5104'],
        exceptionEvidence: ['STEP THERAPY EXCEPTION'],
        priorAuthSatisfies: true,
      },
    },
  ]),
];
const remicade = (extra: object = {}) =>
  claim({
    id: 'B',
    payer: PLAN_PAYER,
    diagnoses: [{ code: 'K5090', qualifier: 'ABK', pointer: 1 }],
    lines: [line({ code: 'J1745', units: 50 })],
    ...extra,
  });

runCases(policyStepTherapy, [
  {
    name: 'non-preferred product with no trial → CO-272',
    claims: [remicade()],
    options: { rules },
    expect: ['error L1 CO-272'],
  },
  {
    name: 'preferred biosimilar billed earlier',
    claims: [
      claim({
        id: 'A',
        payer: PLAN_PAYER,
        lines: [line({ code: 'Q5103', units: 50, serviceDate: '2026-01-06' })],
      }),
      remicade(),
    ],
    options: { rules },
    expect: [],
  },
  {
    name: 'exception approved through prior authorization',
    claims: [remicade({ priorAuthorization: 'EX1' })],
    options: { rules },
    expect: [],
  },
  {
    name: 'exception documented in a note',
    claims: [remicade({ notes: ['Step therapy exception approved 01/02'] })],
    options: { rules },
    expect: [],
  },
  {
    name: 'an exception the note says was denied is no exception → CO-272',
    claims: [remicade({ notes: ['STEP THERAPY EXCEPTION DENIED 01/02'] })],
    options: { rules },
    expect: ['error L1 CO-272'],
  },
  {
    name: 'an exception only requested → CO-272',
    claims: [remicade({ notes: ['step therapy exception requested'] })],
    options: { rules },
    expect: ['error L1 CO-272'],
  },
  {
    name: 'with priorAuthSatisfies: false a prior authorization number is not the exception → CO-272',
    claims: [remicade({ priorAuthorization: 'EX1' })],
    options: {
      rules: [
        planRules([
          {
            codes: ['J1745'],
            stepTherapy: { preferredCodes: ['Q5103'], exceptionEvidence: [], priorAuthSatisfies: false },
          },
        ]),
      ],
    },
    expect: ['error L1 CO-272'],
  },
  {
    // The trial is looked for once per patient and rule, not among all the patient's lines for each line.
    name: '3,000 lines of one patient, a biosimilar trial in the last claim: the lines dated before it → CO-272',
    claims: [
      ...Array.from({ length: 300 }, (_, c) =>
        claim({
          id: `C${c}`,
          payer: PLAN_PAYER,
          lines: Array.from({ length: 10 }, () =>
            line({ code: 'J1745', units: 50, serviceDate: addDays('2026-01-01', c) }),
          ),
        }),
      ),
      claim({
        id: 'TRIAL',
        payer: PLAN_PAYER,
        lines: [line({ code: 'Q5103', units: 50, serviceDate: addDays('2026-01-01', 150) })],
      }),
    ],
    options: { rules },
    expect: Array.from({ length: 150 }, () =>
      Array.from({ length: 10 }, (_, l) => `error L${l + 1} CO-272`),
    ).flat(),
    assert: (r) => {
      r.findings.forEach((f, i) => {
        if (f.claimId !== `C${Math.floor(i / 10)}`) throw new Error(`finding ${i} on ${f.claimId}`);
      });
    },
  },
]);
