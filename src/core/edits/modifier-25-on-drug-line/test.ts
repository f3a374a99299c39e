import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
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
]);
