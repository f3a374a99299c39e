import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { jwJzNotApplicable } from './index.ts';

runCases(jwJzNotApplicable, [
  {
    name: 'JZ on a single-dose drug: fine',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['JZ'] })] })],
    expect: [],
  },
  {
    name: 'JW on a non-drug line → CO-4',
    claims: [claim({ lines: [line({ code: '96413', modifiers: ['JW'] })] })],
    expect: ['error L1 CO-4'],
    messages: ['not a drug'],
  },
  {
    name: 'JW on a multiple-dose container drug → CO-4',
    claims: [
      claim({
        lines: [line({ code: 'J9045', units: 9 }), line({ code: 'J9045', units: 2, modifiers: ['JW'] })],
      }),
    ],
    expect: ['error L2 CO-4'],
    messages: ['multiple-dose'],
  },
  {
    name: 'JZ on a multiple-dose container drug → warning, fix: remove JZ',
    claims: [claim({ lines: [line({ code: 'J9045', units: 9, modifiers: ['JZ'] })] })],
    expect: ['warning L1 -'],
    fixes: ['Remove modifier JZ from line 1.'],
  },
]);
