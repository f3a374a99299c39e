import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { addDays } from '../../reference/as-of.ts';
import { policyFrequency } from './index.ts';

const rules = [
  planRules([{ codes: ['J9309'], dose: { minIntervalDays: 21, intervalToleranceDays: 3, maxCycles: 6 } }]),
];
const dose = (serviceDate: string, i: number) =>
  claim({ id: `C${i}`, payer: PLAN_PAYER, lines: [line({ code: 'J9309', units: 144, serviceDate })] });

runCases(policyFrequency, [
  {
    name: '18 days apart: within the 3-day tolerance of q21d',
    claims: [dose('2026-01-01', 1), dose('2026-01-19', 2)],
    options: { rules },
    expect: [],
  },
  {
    name: '14 days apart → CO-151 + N640',
    claims: [dose('2026-01-01', 1), dose('2026-01-15', 2)],
    options: { rules },
    expect: ['error L1 CO-151+N640'],
    messages: ['14 days apart'],
  },
  {
    name: 'a 7th cycle → CO-119 + N640',
    claims: Array.from({ length: 7 }, (_, i) => dose(addDays('2025-06-01', 21 * i), i + 1)),
    options: { rules },
    expect: ['error L1 CO-119+N640'],
    messages: ['administration 7'],
  },
]);
