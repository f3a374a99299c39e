import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { policyPlaceOfService } from './index.ts';

const rules = [planRules([{ codes: ['J9309'], placeOfService: { allowed: ['11', '19', '22'] } }])];

runCases(policyPlaceOfService, [
  {
    name: 'office (11)',
    claims: [claim({ payer: PLAN_PAYER, lines: [line({ code: 'J9309', units: 144 })] })],
    options: { rules },
    expect: [],
  },
  {
    name: 'home (12) → CO-58 + M77',
    claims: [
      claim({ payer: PLAN_PAYER, placeOfService: '12', lines: [line({ code: 'J9309', units: 144 })] }),
    ],
    options: { rules },
    expect: ['error L1 CO-58+M77'],
  },
  {
    name: 'line place of service wins over the claim',
    claims: [
      claim({
        payer: PLAN_PAYER,
        placeOfService: '12',
        lines: [line({ code: 'J9309', units: 144, placeOfService: '11' })],
      }),
    ],
    options: { rules },
    expect: [],
  },
]);
