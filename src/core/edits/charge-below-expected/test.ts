import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { chargeBelowExpected } from './index.ts';

// J9173 ASP payment limit January 2026: $86.270 per 10 mg → 75 units = $6,470.25.
runCases(chargeBelowExpected, [
  {
    name: 'charge above the allowed amount',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75, chargeCents: 700_000 })] })],
    expect: [],
  },
  {
    name: 'charge below → warning with the money left on the table',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75, chargeCents: 600_000 })] })],
    expect: ['warning L1 -'],
    messages: ['would allow $6,470.25, so $470.25 is left on the table'],
  },
  {
    name: 'no ASP release in force on the date: not checked',
    claims: [
      claim({ lines: [line({ code: 'J9173', units: 75, chargeCents: 100, serviceDate: '2025-06-01' })] }),
    ],
    expect: [],
  },
]);
