import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { policyDiagnosis } from './index.ts';

const rules = [planRules([{ codes: ['J9173'], diagnoses: { covered: ['C34*', 'C67*'] } }])];
const withDx = (code: string, r = rules) => ({
  claims: [
    claim({
      payer: PLAN_PAYER,
      diagnoses: [{ code, qualifier: 'ABK', pointer: 1 }],
      lines: [line({ code: 'J9173', units: 75 })],
    }),
  ],
  options: { rules: r },
});

runCases(policyDiagnosis, [
  { name: 'lung cancer C34.90 is covered', ...withDx('C3490'), expect: [] },
  {
    name: 'DLBCL C83.30 is not → CO-11',
    ...withDx('C8330'),
    expect: ['error L1 CO-11'],
    messages: ['C83.30'],
  },
  {
    name: 'the policy may name CO-50 instead',
    ...withDx('C8330', [
      planRules([
        { codes: ['J9173'], diagnoses: { covered: ['C34*'], denial: { group: 'CO', carc: '50', rarc: [] } } },
      ]),
    ]),
    expect: ['error L1 CO-50'],
  },
]);
