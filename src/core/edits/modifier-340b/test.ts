import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line, medicareRules } from '../testing.ts';
import { modifier340b } from './index.ts';

runCases(modifier340b, [
  {
    name: 'TB on a drug line',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['TB'] })] })],
    expect: [],
  },
  {
    name: 'JG and TB together → CO-4 + N519',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['JG', 'TB'] })] })],
    expect: ['error L1 CO-4+N519'],
  },
  {
    name: 'TB on the administration line → warning',
    claims: [claim({ lines: [line({ code: '96413', modifiers: ['TB'] })] })],
    expect: ['warning L1 CO-4'],
  },
  {
    name: 'payer does not check 340B modifiers',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['JG', 'TB'] })] })],
    options: { rules: [medicareRules({ modifier340b: 'off' })] },
    expect: [],
  },
]);
