import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { addDays } from '../../reference/as-of.ts';
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
  {
    // 1,500 numbers of one patient, each used on two claims (the later one listed first every third time): the
    // first use of each is looked up by number, not through a list of the patient's numbers for each line.
    name: '3,000 claims of one patient, 1,500 authorization numbers: 180 days after the first use → CO-284',
    claims: Array.from({ length: 1500 }, (_, j) => {
      const first = addDays('2026-01-01', j % 100);
      const earlier = c(`A${j}`, first, `PA${j}`);
      const later = c(`B${j}`, addDays(first, j % 2 === 0 ? 179 : 180), `PA${j}`);
      return j % 3 === 0 ? [later, earlier] : [earlier, later];
    }).flat(),
    options: { rules },
    expect: Array.from({ length: 750 }, () => 'error L1 CO-284+N54'),
    assert: (r) => {
      const odd = Array.from({ length: 750 }, (_, i) => 2 * i + 1);
      r.findings.forEach((f, i) => {
        const j = odd[i] as number;
        if (f.claimId !== `B${j}` || !f.message.includes(`first used on ${addDays('2026-01-01', j % 100)}`))
          throw new Error(`finding ${i}: ${f.claimId} ${f.message}`);
      });
    },
  },
  {
    name: '3,000 claims of one patient with 3,000 authorizations on file: the lines after their own one’s end → CO-284',
    claims: Array.from({ length: 3000 }, (_, i) => c(`C${i}`, addDays('2026-06-29', i % 3), `PA${i}`)),
    options: {
      rules,
      // Numbers as sent, some with spaces around them.
      authorizations: Array.from({ length: 3000 }, (_, i) => ({
        number: i % 5 === 0 ? ` PA${i} ` : `PA${i}`,
        from: '2026-01-01',
        to: '2026-06-30',
      })),
    },
    expect: Array.from({ length: 1000 }, () => 'error L1 CO-284+N54'),
    assert: (r) => {
      r.findings.forEach((f, i) => {
        if (f.claimId !== `C${3 * i + 2}`) throw new Error(`finding ${i} on ${f.claimId}`);
      });
    },
  },
]);
