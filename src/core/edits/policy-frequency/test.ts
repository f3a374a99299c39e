import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { addDays } from '../../reference/as-of.ts';
import { policyFrequency } from './index.ts';

const rules = [
  planRules([{ codes: ['J9309'], dose: { minIntervalDays: 21, intervalToleranceDays: 3, maxCycles: 6 } }]),
];
/** 100 dates 21 days apart, but the 51st (index 50) 14 days after the 50th. */
const hundredDates = Array.from({ length: 100 }, (_, k) => addDays('2025-01-01', 21 * k - (k >= 50 ? 7 : 0)));
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
  {
    // 100 dates 21 days apart (the 51st only 14 days after the 50th), 30 lines each in 3 claims, later dates first
    // in the batch: each date's first claim in the batch carries its findings. Dates are found once per group, not
    // by a pass over the patient's 3,000 lines for each date.
    name: '3,000 lines of one patient on 100 dates → cycles 7 to 100 and the short interval',
    claims: Array.from({ length: 100 }, (_, i) => 99 - i).flatMap((k) =>
      ['a', 'b', 'c'].map((part) =>
        claim({
          id: `D${k}${part}`,
          payer: PLAN_PAYER,
          lines: Array.from({ length: 10 }, () =>
            line({ code: 'J9309', units: 144, serviceDate: hundredDates[k] as string }),
          ),
        }),
      ),
    ),
    options: { rules },
    expect: Array.from({ length: 94 }, (_, i) => 99 - i).flatMap((k) =>
      k === 50 ? ['error L1 CO-151+N640', 'error L1 CO-119+N640'] : ['error L1 CO-119+N640'],
    ),
    assert: (r) => {
      const cycles = r.findings.filter((f) => f.data?.['cycle'] !== undefined);
      cycles.forEach((f, i) => {
        const k = 99 - i;
        if (f.claimId !== `D${k}a` || f.data?.['cycle'] !== k + 1)
          throw new Error(`cycle finding ${i}: ${f.claimId} ${String(f.data?.['cycle'])}`);
      });
      const gaps = r.findings.filter((f) => f.data?.['gapDays'] !== undefined);
      if (gaps.length !== 1 || gaps[0]?.claimId !== 'D50a' || gaps[0].data?.['gapDays'] !== 14)
        throw new Error('one 14-day interval, on D50a');
    },
  },
]);
