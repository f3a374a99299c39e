import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { unitsInvalid } from './index.ts';

runCases(unitsInvalid, [
  {
    name: 'whole positive units: no finding',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75 })] })],
    expect: [],
  },
  {
    name: 'zero units → CO-16 + M53',
    claims: [claim({ lines: [line({ code: 'J9173', units: 0 })] })],
    expect: ['error L1 CO-16+M53'],
    messages: ['which is zero'],
  },
  {
    name: 'negative units',
    claims: [claim({ lines: [line({ code: 'J9173', units: -2 })] })],
    expect: ['error L1 CO-16+M53'],
    messages: ['negative'],
  },
  {
    name: 'fractional units',
    claims: [claim({ lines: [line({ code: 'J9309', units: 1.5 })] })],
    expect: ['error L1 CO-16+M53'],
    messages: ['a fraction'],
  },
  {
    name: 'not a number',
    claims: [claim({ lines: [line({ code: 'J9309', units: Number.NaN })] })],
    expect: ['error L1 CO-16+M53'],
    messages: ['not a number'],
  },
]);
