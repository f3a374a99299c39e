import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { jwJzSameLine } from './index.ts';

runCases(jwJzSameLine, [
  {
    name: 'JW and JZ on one line → CO-4 + N519',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['JW', 'JZ'] })] })],
    expect: ['error L1 CO-4+N519'],
  },
  { name: 'JW alone', claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['JW'] })] })], expect: [] },
  { name: 'JZ alone', claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['JZ'] })] })], expect: [] },
  {
    name: 'inpatient bill 0111: not judged (the stay pays its drugs)',
    claims: [
      hospitalClaim({
        typeOfBill: '111',
        lines: [line({ code: 'J9173', modifiers: ['JW', 'JZ'], revenueCode: '0636' })],
      }),
    ],
    expect: [],
  },
]);
