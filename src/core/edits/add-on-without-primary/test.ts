import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { addOnWithoutPrimary } from './index.ts';

runCases(addOnWithoutPrimary, [
  {
    name: '96415 with its primary 96413',
    claims: [claim({ lines: [line({ code: '96413' }), line({ code: '96415' })] })],
    expect: [],
  },
  {
    name: '96415 alone → CO-107 + N122',
    claims: [claim({ lines: [line({ code: '96415' })] })],
    expect: ['error L1 CO-107+N122'],
    messages: ['none of its primary codes (96413)'],
  },
  {
    name: 'primary on another claim, same patient/provider/day',
    claims: [
      claim({ id: 'A', lines: [line({ code: '96413' })] }),
      claim({ id: 'B', lines: [line({ code: '96415' })] }),
    ],
    expect: [],
  },
  {
    name: '96375 with neither 96365 nor 96413',
    claims: [claim({ lines: [line({ code: '96375' })] })],
    expect: ['error L1 CO-107+N122'],
    messages: ['(96365 and 96413)'],
  },
]);
