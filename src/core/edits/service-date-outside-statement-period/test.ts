import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { serviceDateOutsideStatementPeriod } from './index.ts';

// A February series bill (0131, 2026-02-01 to 2026-02-28): Remicade J1745 with its infusion 96365.
const february = (...dates: [string, string?][]) =>
  hospitalClaim({
    id: 'PCN32',
    statementFrom: '2026-02-01',
    statementTo: '2026-02-28',
    lines: dates.flatMap(([from, to]) => [
      line({
        code: 'J1745',
        units: 50,
        modifiers: ['JZ'],
        revenueCode: '0636',
        serviceDate: from,
        ...(to !== undefined ? { serviceDateTo: to } : {}),
      }),
      line({ code: '96365', revenueCode: '0260', serviceDate: from }),
    ]),
  });

runCases(serviceDateOutsideStatementPeriod, [
  {
    name: 'every line inside the statement period (first and last day included)',
    claims: [february(['2026-02-01'], ['2026-02-28'])],
    expect: [],
  },
  {
    name: 'lines of 2026-03-03 on a February bill → CO-16 + N301 on each',
    claims: [february(['2026-02-17'], ['2026-03-03'])],
    expect: ['error L3 CO-16+N301', 'error L4 CO-16+N301'],
    messages: [
      "Line 3 (J1745) is dated 2026-03-03, outside the claim's statement period 2026-02-01 to 2026-02-28.",
      'Line 4 (96365) is dated 2026-03-03',
    ],
  },
  {
    name: 'a line dated before the period',
    claims: [february(['2026-01-31'])],
    expect: ['error L1 CO-16+N301', 'error L2 CO-16+N301'],
  },
  {
    name: 'a line whose date range runs past the Through date',
    claims: [february(['2026-02-27', '2026-03-01'])],
    expect: ['error L1 CO-16+N301'],
    messages: ['is dated 2026-02-27 to 2026-03-01'],
  },
  {
    name: 'a professional claim has no statement period: nothing to compare',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75, serviceDate: '2026-03-03' })] })],
    expect: [],
  },
]);
