import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { chargeZero } from './index.ts';

runCases(chargeZero, [
  {
    name: 'positive charge',
    claims: [claim({ lines: [line({ code: 'J9173', chargeCents: 1 })] })],
    expect: [],
  },
  {
    name: 'zero charge → CO-16 + M79',
    claims: [claim({ lines: [line({ code: 'J9173', chargeCents: 0 })] })],
    expect: ['error L1 CO-16+M79'],
  },
  {
    name: 'negative charge',
    claims: [claim({ lines: [line({ code: 'J9173', chargeCents: -500 })] })],
    expect: ['error L1 CO-16+M79'],
  },
]);
