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
]);
