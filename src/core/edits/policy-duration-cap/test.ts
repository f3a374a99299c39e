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
  {
    // Each patient's authorization is looked up by number, not through the whole list for each patient.
    name: '2,000 patients with 2,000 authorizations on file: those 12 months past their own start → CO-273',
    claims: Array.from({ length: 2000 }, (_, i) =>
      claim({
        id: `C${i}`,
        payer: PLAN_PAYER,
        patient: { memberId: `M${i}`, lastName: 'DOE', firstName: 'JANE', birthDate: '1950-01-01' },
        priorAuthorization: `PA${i}`,
        lines: [line({ code: 'J9173', units: 150, serviceDate: '2026-01-10' })],
      }),
    ),
    options: {
      rules,
      authorizations: Array.from({ length: 2000 }, (_, i) => ({
        number: `PA${i}`,
        from: i % 2 === 0 ? '2025-01-11' : '2025-01-10',
        to: '2026-12-31',
      })),
    },
    expect: Array.from({ length: 1000 }, () => 'error L1 CO-273+N640'),
    assert: (r) => {
      r.findings.forEach((f, i) => {
        if (f.claimId !== `C${2 * i + 1}` || !f.message.includes('started 2025-01-10'))
          throw new Error(`finding ${i}: ${f.claimId} ${f.message}`);
      });
    },
  },
]);
