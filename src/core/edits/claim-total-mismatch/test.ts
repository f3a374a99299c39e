import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { claimTotalMismatch } from './index.ts';

runCases(claimTotalMismatch, [
  {
    name: 'total equals the lines',
    claims: [
      claim({
        lines: [line({ code: 'J9173', chargeCents: 700_000 }), line({ code: '96413', chargeCents: 30_000 })],
      }),
    ],
    expect: [],
  },
  {
    name: 'total differs → CO-16 + M54 (claim level)',
    claims: [claim({ totalChargeCents: 50_000, lines: [line({ code: '99211', chargeCents: 1_225 })] })],
    expect: ['error L- CO-16+M54'],
    messages: ['$500.00, but its 1 line(s) add up to $12.25'],
  },
]);
