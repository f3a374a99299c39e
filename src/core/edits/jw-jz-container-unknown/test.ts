import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { jwJzContainerUnknown } from './index.ts';

runCases(jwJzContainerUnknown, [
  {
    name: 'drug not in the container table, no JW/JZ → warning, no denial',
    claims: [claim({ lines: [line({ code: 'J3301', units: 4 })] })],
    expect: ['warning L1 -'],
    messages: ['J3301 is not in the container-type table'],
  },
  {
    name: 'with JZ: nothing to decide',
    claims: [claim({ lines: [line({ code: 'J3301', units: 4, modifiers: ['JZ'] })] })],
    expect: [],
  },
  {
    name: 'known single-dose drug: jw-jz-missing decides',
    claims: [claim({ lines: [line({ code: 'J9173' })] })],
    expect: [],
  },
  { name: 'not a drug line', claims: [claim({ lines: [line({ code: '96413' })] })], expect: [] },
]);
