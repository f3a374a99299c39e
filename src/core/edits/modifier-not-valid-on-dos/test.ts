import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { modifierNotValidOnDos } from './index.ts';

runCases(modifierNotValidOnDos, [
  {
    name: 'HCPCS modifier valid on the date (XE) and CPT modifier (25)',
    claims: [
      claim({
        lines: [line({ code: 'J9173', modifiers: ['XE'] }), line({ code: '99213', modifiers: ['25'] })],
      }),
    ],
    expect: [],
  },
  {
    name: 'JG after its termination (2024-12-31) → CO-182, fix: JG → TB',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['JG'] })] })],
    expect: ['error L1 CO-182'],
    fixes: ['Replace modifier JG with TB on line 1.'],
  },
  {
    name: 'JG with TB already on the line: no fix',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['JG', 'TB'] })] })],
    expect: ['error L1 CO-182'],
    fixes: [],
  },
  {
    name: 'JZ before it was added (2023-01-01) → CO-182',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['JZ'], serviceDate: '2022-12-31' })] })],
    expect: ['error L1 CO-182'],
    messages: ['not valid yet'],
  },
  {
    name: 'an unknown modifier → CO-16 + N823',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['Q9'] })] })],
    expect: ['error L1 CO-16+N823'],
    messages: ['neither a HCPCS Level II modifier nor a CPT modifier'],
  },
]);
