import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { policyPriorAuth } from './index.ts';

const rules = [planRules([{ codes: ['J9173'], priorAuth: { required: true, validDays: 180 } }])];
const c = (id: string, serviceDate: string, priorAuthorization?: string) =>
  claim({
    id,
    payer: PLAN_PAYER,
    ...(priorAuthorization ? { priorAuthorization } : {}),
    lines: [line({ code: 'J9173', units: 75, serviceDate })],
  });

runCases(policyPriorAuth, [
  {
    name: 'authorization on the claim',
    claims: [c('A', '2026-02-10', 'PA123')],
    options: { rules },
    expect: [],
  },
  {
    name: 'no authorization → CO-197',
    claims: [c('A', '2026-02-10')],
    options: { rules },
    expect: ['error L1 CO-197'],
  },
  {
    name: 'same authorization 186 days after its first use (valid 180 days) → CO-284 + N54',
    claims: [c('A', '2026-01-05', 'PA123'), c('B', '2026-07-10', 'PA123')],
    options: { rules },
    expect: ['error L1 CO-284+N54'],
    messages: ['through 2026-07-03'],
  },
  {
    name: 'authorization dates known, inside',
    claims: [c('A', '2026-02-10', 'PA123')],
    options: { rules, authorizations: [{ number: 'PA123', from: '2026-01-01', to: '2026-06-30' }] },
    expect: [],
  },
  {
    name: 'authorization dates known, outside → CO-284',
    claims: [c('A', '2026-07-10', 'PA123')],
    options: { rules, authorizations: [{ number: 'PA123', from: '2026-01-01', to: '2026-06-30' }] },
    expect: ['error L1 CO-284+N54'],
  },
  {
    name: 'authorization for another drug → CO-284',
    claims: [c('A', '2026-02-10', 'PA123')],
    options: {
      rules,
      authorizations: [{ number: 'PA123', codes: ['J9271'], from: '2026-01-01', to: '2026-06-30' }],
    },
    expect: ['error L1 CO-284+N54'],
    messages: ['does not cover J9173'],
  },
  {
    name: 'Medicare claim: the plan policy does not apply',
    claims: [claim({ lines: [line({ code: 'J9173' })] })],
    options: { rules },
    expect: [],
  },
]);
