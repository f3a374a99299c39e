import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { policyQuantityLimit } from './index.ts';

const perDay = [planRules([{ codes: ['J9173'], quantityLimit: { maxUnits: 150, per: 'service-day' } }])];
const per21 = [planRules([{ codes: ['J9309'], quantityLimit: { maxUnits: 280, per: 'days', days: 21 } }])];
const perGram = [
  planRules([
    { codes: ['J1745'], quantityLimit: { maxAmount: { amount: 1, unit: 'g' }, per: 'service-day' } },
  ]),
];
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
    name: 'a window looks back only: the earlier dose, listed after the later one, is not over',
    claims: [
      plan([line({ code: 'J9309', units: 144, serviceDate: '2026-01-15' })], 'B'),
      plan([line({ code: 'J9309', units: 144, serviceDate: '2026-01-01' })], 'A'),
    ],
    options: { rules: per21 },
    expect: ['error L1 CO-119+N640'],
    assert: (r) => {
      if (r.findings[0]?.claimId !== 'B') throw new Error('finding on the later claim');
      if (r.findings[0]?.data?.['total'] !== 288)
        throw new Error(`total ${String(r.findings[0]?.data?.['total'])}`);
    },
  },
  {
    name: 'fractional units add up without float noise (0.1 + 0.2 is 0.3)',
    claims: [
      plan([
        line({ code: 'J9173', units: 0.1 }),
        line({ code: 'J9173', units: 0.2 }),
        line({ code: 'J9173', units: 150 }),
      ]),
    ],
    options: { rules: perDay },
    expect: ['error L1 CO-119+N640', 'error L2 CO-119+N640', 'error L3 CO-119+N640'],
    assert: (r) => {
      if (r.findings[0]?.data?.['total'] !== 150.3)
        throw new Error(`total ${String(r.findings[0]?.data?.['total'])}`);
    },
  },
  {
    name: 'at the limit by float noise only: 0.1 + 0.2 + 0.7 units against a limit of 1 is not over',
    claims: [
      plan([
        line({ code: 'J9173', units: 0.1 }),
        line({ code: 'J9173', units: 0.2 }),
        line({ code: 'J9173', units: 0.7 }),
      ]),
    ],
    options: {
      rules: [planRules([{ codes: ['J9173'], quantityLimit: { maxUnits: 1, per: 'service-day' } }])],
    },
    expect: [],
  },
  {
    // Over 32 lines a patient's lines are sorted once and windows summed; the same totals as line by line.
    name: '40 daily doses of 20 units, 280 per 21 days: from the 15th on each is over, the window sliding',
    claims: Array.from({ length: 40 }, (_, d) =>
      plan(
        [
          line({
            code: 'J9309',
            units: 20,
            serviceDate: new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10),
          }),
        ],
        `D${d + 1}`,
      ),
    ),
    options: { rules: per21 },
    expect: Array.from({ length: 26 }, () => 'error L1 CO-119+N640'),
    assert: (r) => {
      const totals = r.findings.map((f) => f.data?.['total']);
      const expected = Array.from({ length: 26 }, (_, k) => 20 * Math.min(15 + k, 21));
      if (JSON.stringify(totals) !== JSON.stringify(expected))
        throw new Error(`totals ${JSON.stringify(totals)}`);
    },
  },
  {
    // A file whose rows name no patient puts every line under one patient: counted once, not per line.
    name: '3,000 lines of one patient on one day: each line over, each total 3,000',
    claims: Array.from({ length: 300 }, (_, c) =>
      plan(
        Array.from({ length: 10 }, () => line({ code: 'J9173', units: 1 })),
        `C${c}`,
      ),
    ),
    options: { rules: perDay },
    expect: Array.from({ length: 300 }, () =>
      Array.from({ length: 10 }, (_, l) => `error L${l + 1} CO-119+N640`),
    ).flat(),
    assert: (r) => {
      if (!r.findings.every((f) => f.data?.['total'] === 3000)) throw new Error('a total is not 3,000');
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
  {
    name: 'a limit in drug amount: 1 g of J1745 (10 mg units) allows 100 units',
    claims: [plan([line({ code: 'J1745', units: 100 })])],
    options: { rules: perGram },
    expect: [],
  },
  {
    name: 'a limit in drug amount exceeded names the billing unit used',
    claims: [plan([line({ code: 'J1745', units: 110 })])],
    options: { rules: perGram },
    expect: ['error L1 CO-119+N640'],
    messages: ['limit of 1 g (100 units of 10 mg) per day'],
  },
]);

// A new version of the policy (21 days from 2026-05-01, 14 before): its window counts doses given under the old one.
const versions = [
  {
    ...planRules([]),
    policies: [
      {
        id: 'peg',
        title: 'Pegfilgrastim',
        version: '2026.1',
        effectiveFrom: '2025-01-01',
        effectiveTo: '2026-04-30',
        source: 'MP-1',
        drugs: [{ codes: ['J9309'], quantityLimit: { maxUnits: 200, per: 'days' as const, days: 14 } }],
      },
      {
        id: 'peg',
        title: 'Pegfilgrastim',
        version: '2026.2',
        effectiveFrom: '2026-05-01',
        effectiveTo: null,
        source: 'MP-1 rev',
        drugs: [{ codes: ['J9309'], quantityLimit: { maxUnits: 200, per: 'days' as const, days: 21 } }],
      },
    ],
  },
];
runCases(policyQuantityLimit, [
  {
    name: 'policy versions: a dose under v2026.1 counts in the v2026.2 window after it',
    claims: [
      plan([line({ code: 'J9309', units: 144, serviceDate: '2026-04-25' })], 'A'),
      plan([line({ code: 'J9309', units: 144, serviceDate: '2026-05-10' })], 'B'),
    ],
    options: { rules: versions },
    expect: ['error L1 CO-119+N640'],
    messages: ['288 units of J9309 in the 21 days ending 2026-05-10'],
    assert: (r) => {
      if (r.findings[0]?.claimId !== 'B') throw new Error('finding on the second claim');
      if (r.findings[0]?.data?.version !== '2026.2') throw new Error('names the version in force');
    },
  },
  {
    name: "policy versions: the old version's 14-day window still applies before the change",
    claims: [
      plan([line({ code: 'J9309', units: 144, serviceDate: '2026-04-01' })], 'A'),
      plan([line({ code: 'J9309', units: 144, serviceDate: '2026-04-16' })], 'B'),
    ],
    options: { rules: versions },
    expect: [],
  },
]);
