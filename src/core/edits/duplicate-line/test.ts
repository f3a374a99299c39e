import assert from 'node:assert/strict';
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
  {
    name: 'a day of 40 claims (looked up by signature): only the repeats, each naming the first',
    claims: Array.from({ length: 40 }, (_, i) =>
      claim({
        id: `C${i}`,
        // Units 1–20 twice over; the second half repeats the first with the modifiers in the other order.
        lines: [
          line({ code: 'J9173', units: (i % 20) + 1, modifiers: i < 20 ? ['JZ', 'GA'] : ['GA', 'JZ'] }),
        ],
      }),
    ),
    expect: Array.from({ length: 20 }, () => 'error L1 OA-18'),
    assert: (r) => {
      assert.equal(r.findings[0]?.claimId, 'C20');
      assert.match(r.findings[0]?.message ?? '', /repeats line 1 of claim C0 exactly/);
    },
  },
]);
