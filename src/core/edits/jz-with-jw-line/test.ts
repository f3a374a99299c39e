import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { addDays } from '../../reference/as-of.ts';
import { jzWithJwLine } from './index.ts';

runCases(jzWithJwLine, [
  {
    name: 'administered line without JZ next to its JW line',
    claims: [
      claim({
        lines: [line({ code: 'J9312', units: 72 }), line({ code: 'J9312', units: 8, modifiers: ['JW'] })],
      }),
    ],
    expect: [],
  },
  {
    name: 'JZ on the administered line and a JW line of the same drug and date → CO-4 N519',
    claims: [
      claim({
        lines: [
          line({ code: 'J9312', units: 72, modifiers: ['JZ'] }),
          line({ code: 'J9312', units: 8, modifiers: ['JW'] }),
        ],
      }),
    ],
    expect: ['error L1 CO-4+N519'],
    messages: ['bills J9312 with JZ (nothing discarded), but a JW line'],
  },
  {
    name: 'the JW line is for another date',
    claims: [
      claim({
        lines: [
          line({ code: 'J9312', units: 72, modifiers: ['JZ'] }),
          line({ code: 'J9312', units: 8, modifiers: ['JW'], serviceDate: '2026-02-11' }),
        ],
      }),
    ],
    expect: [],
  },
  {
    name: 'JW and JZ on one line is left to jw-jz-same-line',
    claims: [claim({ lines: [line({ code: 'J9312', units: 80, modifiers: ['JW', 'JZ'] })] })],
    expect: [],
  },
  {
    name: 'inpatient bill 0111: not judged (the stay pays its drugs)',
    claims: [
      hospitalClaim({
        typeOfBill: '111',
        lines: [
          line({ code: 'J9173', units: 75, modifiers: ['JZ'], revenueCode: '0636' }),
          line({ code: 'J9173', units: 9, modifiers: ['JW'], revenueCode: '0636' }),
        ],
      }),
    ],
    expect: [],
  },
  {
    // JW lines are counted per code and date once per claim, not looked for among all the lines for each line.
    name: 'one claim of 3,000 JZ lines over 30 days and JW lines on the first 10 days → the JZ lines of those days',
    claims: [
      claim({
        lines: [
          ...Array.from({ length: 3000 }, (_, i) =>
            line({ code: 'J9173', units: 75, modifiers: ['JZ'], serviceDate: addDays('2026-03-01', i % 30) }),
          ),
          ...Array.from({ length: 10 }, (_, d) =>
            line({ code: 'J9173', units: 9, modifiers: ['JW'], serviceDate: addDays('2026-03-01', d) }),
          ),
        ],
      }),
    ],
    expect: Array.from({ length: 3000 }, (_, i) => i)
      .filter((i) => i % 30 < 10)
      .map((i) => `error L${i + 1} CO-4+N519`),
  },
]);
