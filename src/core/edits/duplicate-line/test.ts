import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { duplicateLine } from './index.ts';

runCases(duplicateLine, [
  {
    name: 'two identical lines on one claim → OA-18 on the copy',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75 }), line({ code: 'J9173', units: 75 })] })],
    expect: ['error L2 OA-18'],
    messages: ['repeats line 1 of this claim'],
  },
  {
    name: 'same code, different units',
    claims: [
      claim({
        lines: [line({ code: 'J9173', units: 75 }), line({ code: 'J9173', units: 9, modifiers: ['JW'] })],
      }),
    ],
    expect: [],
  },
  {
    name: 'across two claims of the same patient, provider and day',
    claims: [
      claim({ id: 'A', lines: [line({ code: 'J9173', units: 75 })] }),
      claim({ id: 'B', lines: [line({ code: 'J9173', units: 75 })] }),
    ],
    expect: ['error L1 OA-18'],
    messages: ['repeats line 1 of claim A'],
  },
  {
    name: 'one claim id in two files: the message names the other file',
    claims: [
      claim({ id: 'A', position: { file: 'monday.837' }, lines: [line({ code: 'J9173', units: 75 })] }),
      claim({ id: 'A', position: { file: 'tuesday.837' }, lines: [line({ code: 'J9173', units: 75 })] }),
    ],
    expect: ['error L1 OA-18'],
    messages: ['repeats line 1 of claim A in monday.837 exactly'],
  },
]);
