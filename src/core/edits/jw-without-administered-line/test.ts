import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { addDays } from '../../reference/as-of.ts';
import { jwWithoutAdministeredLine } from './index.ts';

runCases(jwWithoutAdministeredLine, [
  {
    name: 'JW line next to its administered line',
    claims: [
      claim({
        lines: [line({ code: 'J9173', units: 75 }), line({ code: 'J9173', units: 9, modifiers: ['JW'] })],
      }),
    ],
    expect: [],
  },
  {
    name: 'JW line alone → CO-16 + N823',
    claims: [claim({ lines: [line({ code: 'J9173', units: 9, modifiers: ['JW'] })] })],
    expect: ['error L1 CO-16+N823'],
  },
  {
    name: 'administered line on another date does not count',
    claims: [
      claim({
        lines: [
          line({ code: 'J9173', units: 75, serviceDate: '2026-02-09' }),
          line({ code: 'J9173', units: 9, modifiers: ['JW'] }),
        ],
      }),
    ],
    expect: ['error L2 CO-16+N823'],
  },
  {
    name: 'JW and JZ on one line: left to jw-jz-same-line (the amount it bills is unknown)',
    claims: [claim({ lines: [line({ code: 'J9173', units: 144, modifiers: ['JW', 'JZ'] })] })],
    expect: [],
  },
  {
    name: 'inpatient bill 0111: not judged (the stay pays its drugs)',
    claims: [
      hospitalClaim({
        typeOfBill: '111',
        lines: [line({ code: 'J9173', units: 9, modifiers: ['JW'], revenueCode: '0636' })],
      }),
    ],
    expect: [],
  },
  {
    // Administered lines are counted per code and date once per claim, not looked for for each JW line.
    name: 'one claim of 3,000 JW lines over 30 days, administered lines on the first 10 days → the other JW lines',
    claims: [
      claim({
        lines: [
          ...Array.from({ length: 3000 }, (_, i) =>
            line({ code: 'J9173', units: 9, modifiers: ['JW'], serviceDate: addDays('2026-03-01', i % 30) }),
          ),
          ...Array.from({ length: 10 }, (_, d) =>
            line({ code: 'J9173', units: 75, serviceDate: addDays('2026-03-01', d) }),
          ),
        ],
      }),
    ],
    expect: Array.from({ length: 3000 }, (_, i) => i)
      .filter((i) => i % 30 >= 10)
      .map((i) => `error L${i + 1} CO-16+N823`),
  },
]);
