import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
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
]);
