import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { policyDurationCap } from './index.ts';

const rules = [planRules([{ codes: ['J9173'], durationCap: { months: 12 } }])];
const dose = (id: string, serviceDate: string, priorAuthorization?: string) =>
  claim({
    id,
    payer: PLAN_PAYER,
    ...(priorAuthorization ? { priorAuthorization } : {}),
    lines: [line({ code: 'J9173', units: 150, serviceDate })],
  });

runCases(policyDurationCap, [
  {
    name: 'last day of the 12 months',
    claims: [dose('A', '2025-01-10'), dose('B', '2026-01-09')],
    options: { rules },
    expect: [],
  },
  {
    name: '12 months after the first dose → CO-273 + N640',
    claims: [dose('A', '2025-01-10'), dose('B', '2026-01-10')],
    options: { rules },
    expect: ['error L1 CO-273+N640'],
  },
  {
    name: 'start from the authorization when known',
    claims: [dose('B', '2026-01-10', 'PA1')],
    options: { rules, authorizations: [{ number: 'PA1', from: '2025-01-05', to: '2026-12-31' }] },
    expect: ['error L1 CO-273+N640'],
    messages: ['started 2025-01-05'],
  },
]);
