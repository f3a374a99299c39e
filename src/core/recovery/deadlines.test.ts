import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyDeadlineRule,
  deadlineFor,
  deadlinePolicyFor,
  validateDeadlinePolicies,
  type DeadlinePolicy,
} from './deadlines.ts';

const policies: DeadlinePolicy[] = [
  {
    id: 'plan-x',
    payer: { ids: ['PX1'], names: ['PLAN X'] },
    payerKinds: ['commercial'],
    appeal: { kind: 'dispute', from: 'remittance', days: 60, rule: '60 days', citation: 'plan manual' },
    corrected: {
      kind: 'corrected claim',
      from: 'remittance',
      days: 30,
      rule: '30 days',
      citation: 'plan manual',
    },
  },
  {
    id: 'medicare',
    payerKinds: ['medicare'],
    appeal: {
      kind: 'redetermination request',
      from: 'remittance',
      receiptDays: 5,
      days: 120,
      rule: '120 days from receipt',
      citation: '42 CFR 405.942(a)',
    },
    corrected: {
      kind: 'corrected claim (timely filing)',
      from: 'service-date',
      years: 1,
      rule: '1 year from DOS',
      citation: '42 CFR 424.44(a)(1)',
    },
  },
];

void describe('appeal deadlines', () => {
  const cases: {
    name: string;
    remitDate: string;
    serviceDate: string;
    action: Parameters<typeof deadlineFor>[1];
    payer: Parameters<typeof deadlinePolicyFor>[1];
    date: string | undefined;
  }[] = [
    // 2026-03-02 + 5 days (presumed receipt) = 2026-03-07; + 120 days = 2026-07-05.
    {
      name: 'Medicare redetermination: notice + 5 + 120 days',
      remitDate: '2026-03-02',
      serviceDate: '2026-02-10',
      action: 'appeal',
      payer: { kind: 'medicare' },
      date: '2026-07-05',
    },
    {
      name: 'Medicare underpayment: same redetermination limit',
      remitDate: '2026-12-20',
      serviceDate: '2026-11-01',
      action: 'underpayment',
      payer: { kind: 'medicare' },
      date: '2027-04-24',
    },
    {
      name: 'Medicare correct-and-resubmit: 1 year after DOS',
      remitDate: '2026-03-02',
      serviceDate: '2026-02-10',
      action: 'correct-resubmit',
      payer: { kind: 'medicare' },
      date: '2027-02-10',
    },
    {
      name: 'leap day + 1 year',
      remitDate: '2024-03-02',
      serviceDate: '2024-02-29',
      action: 'correct-resubmit',
      payer: { kind: 'medicare' },
      date: '2025-02-28',
    },
    {
      name: 'payer-specific policy by name',
      remitDate: '2026-03-02',
      serviceDate: '2026-02-10',
      action: 'appeal',
      payer: { kind: 'commercial', name: 'Plan X of Ohio' },
      date: '2026-05-01',
    },
    {
      name: 'bill-patient has no deadline',
      remitDate: '2026-03-02',
      serviceDate: '2026-02-10',
      action: 'bill-patient',
      payer: { kind: 'medicare' },
      date: undefined,
    },
    {
      name: 'no policy for the payer kind',
      remitDate: '2026-03-02',
      serviceDate: '2026-02-10',
      action: 'appeal',
      payer: { kind: 'medicaid' },
      date: undefined,
    },
  ];
  for (const c of cases) {
    void test(c.name, () => {
      const d = deadlineFor(deadlinePolicyFor(policies, c.payer), c.action, {
        remitDate: c.remitDate,
        serviceDate: c.serviceDate,
      });
      assert.equal(d?.date, c.date);
    });
  }

  void test('a deadline names its rule and citation', () => {
    const d = applyDeadlineRule(policies[1]!.appeal, { remitDate: '2026-03-02' });
    assert.deepEqual(d, {
      date: '2026-07-05',
      kind: 'redetermination request',
      rule: '120 days from receipt',
      citation: '42 CFR 405.942(a)',
    });
    assert.equal(applyDeadlineRule(policies[1]!.appeal, {}), undefined);
  });

  void test('a wrong policy file is rejected with the path', () => {
    const r = validateDeadlinePolicies({
      version: 1,
      policies: [
        {
          id: 'x',
          payerKinds: ['medicare'],
          appeal: { kind: 'a', from: 'notice', days: 10, rule: 'r', citation: 'c' },
          corrected: { kind: 'c', from: 'remittance', rule: 'r', citation: 'c' },
        },
      ],
    });
    assert.equal(r.ok, false);
    const messages = r.problems.map((p) => p.message).join('\n');
    assert.match(messages, /policies\.0\.appeal\.from: expected one of remittance, service-date/);
    assert.match(messages, /policies\.0\.corrected: give exactly one of days or years/);
  });
});
