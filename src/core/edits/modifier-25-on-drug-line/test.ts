import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { addDays } from '../../reference/as-of.ts';
import { modifier25OnDrugLine } from './index.ts';

runCases(modifier25OnDrugLine, [
  {
    name: 'modifier 25 on the drug, E/M line without it → CO-4, fix: move it to the E/M line',
    claims: [claim({ lines: [line({ code: '99213' }), line({ code: 'J9173', modifiers: ['25'] })] })],
    expect: ['error L2 CO-4'],
    fixes: ['Move modifier 25 from line 2 to the E/M line 1 (99213).'],
  },
  {
    name: 'no E/M line: fix removes it',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['25'] })] })],
    expect: ['error L1 CO-4'],
    fixes: ['Remove modifier 25 from line 1.'],
  },
  {
    name: 'E/M already has 25: fix removes it from the drug',
    claims: [
      claim({
        lines: [line({ code: 'G0463', modifiers: ['25'] }), line({ code: 'J9173', modifiers: ['25'] })],
      }),
    ],
    expect: ['error L2 CO-4'],
    fixes: ['Remove modifier 25 from line 2.'],
  },
  {
    name: 'modifier 25 on the E/M line: correct',
    claims: [claim({ lines: [line({ code: '99213', modifiers: ['25'] }), line({ code: 'J9173' })] })],
    expect: [],
  },
  {
    // The E/M line of each date is found once per claim, not looked for among all the lines for each drug line.
    name: 'one claim of 3,000 drug lines with 25 over 30 days, E/M lines on the first 10 days → move there, else remove',
    claims: [
      claim({
        lines: [
          ...Array.from({ length: 3000 }, (_, i) =>
            line({ code: 'J9173', modifiers: ['25'], serviceDate: addDays('2026-03-01', i % 30) }),
          ),
          ...Array.from({ length: 10 }, (_, d) =>
            line({ code: '99213', serviceDate: addDays('2026-03-01', d) }),
          ),
        ],
      }),
    ],
    expect: Array.from({ length: 3000 }, (_, i) => `error L${i + 1} CO-4`),
    fixes: Array.from({ length: 3000 }, (_, i) =>
      i % 30 < 10
        ? `Move modifier 25 from line ${i + 1} to the E/M line ${3001 + (i % 30)} (99213).`
        : `Remove modifier 25 from line ${i + 1}.`,
    ),
  },
]);
