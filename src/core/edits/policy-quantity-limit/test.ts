import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { policyQuantityLimit } from './index.ts';

const perDay = [planRules([{ codes: ['J9173'], quantityLimit: { maxUnits: 150, per: 'service-day' } }])];
const per21 = [planRules([{ codes: ['J9309'], quantityLimit: { maxUnits: 280, per: 'days', days: 21 } }])];
const plan = (lines: ReturnType<typeof line>[], id = 'A') => claim({ id, payer: PLAN_PAYER, lines });

runCases(policyQuantityLimit, [
  {
    name: 'at the daily limit',
    claims: [plan([line({ code: 'J9173', units: 150 })])],
    options: { rules: perDay },
    expect: [],
  },
  {
    name: 'over the daily limit (waste included) → CO-119 + N640 on each line',
    claims: [
      plan([line({ code: 'J9173', units: 140 }), line({ code: 'J9173', units: 12, modifiers: ['JW'] })]),
    ],
    options: { rules: perDay },
    expect: ['error L1 CO-119+N640', 'error L2 CO-119+N640'],
  },
  {
    name: 'two doses 14 days apart in a 21-day window → the second exceeds',
    claims: [
      plan([line({ code: 'J9309', units: 144, serviceDate: '2026-01-01' })], 'A'),
      plan([line({ code: 'J9309', units: 144, serviceDate: '2026-01-15' })], 'B'),
    ],
    options: { rules: per21 },
    expect: ['error L1 CO-119+N640'],
    assert: (r) => {
      if (r.findings[0]?.claimId !== 'B') throw new Error('finding on the second claim');
    },
  },
  {
    name: 'two doses 21 days apart are in different windows',
    claims: [
      plan([line({ code: 'J9309', units: 144, serviceDate: '2026-01-01' })], 'A'),
      plan([line({ code: 'J9309', units: 144, serviceDate: '2026-01-22' })], 'B'),
    ],
    options: { rules: per21 },
    expect: [],
  },
]);
