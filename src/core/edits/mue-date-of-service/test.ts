import assert from 'node:assert/strict';
import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { mueDateOfService } from './index.ts';

const other = { memberId: '9ZZ9ZZ9ZZ99', lastName: 'ROE', firstName: 'RICHARD', birthDate: '1948-05-05' };

runCases(mueDateOfService, [
  {
    name: 'units within the daily MUE: no finding',
    claims: [claim({ lines: [line({ code: 'J9173', units: 150 })] })],
    expect: [],
  },
  {
    name: 'two lines of one claim summed above the MUE (MAI 3) → both denied, appealable',
    claims: [claim({ lines: [line({ code: 'J9173', units: 100 }), line({ code: 'J9173', units: 60 })] })],
    expect: ['error L1 CO-151+N362', 'error L2 CO-151+N362'],
    messages: ['160 units', '160 units'],
    assert: (r) =>
      assert.deepEqual(
        r.findings.map((f) => f.appealable),
        [true, true],
      ),
  },
  {
    name: 'lines on two claims of the same patient, provider and date are summed',
    claims: [
      claim({ id: 'A', lines: [line({ code: 'J9173', units: 100 })] }),
      claim({ id: 'B', lines: [line({ code: 'J9173', units: 60 })] }),
    ],
    expect: ['error L1 CO-151+N362', 'error L1 CO-151+N362'],
    assert: (r) =>
      assert.deepEqual(
        r.findings.map((f) => f.claimId),
        ['A', 'B'],
      ),
  },
  {
    name: 'different patients are not summed',
    claims: [
      claim({ id: 'A', lines: [line({ code: 'J9173', units: 100 })] }),
      claim({ id: 'B', patient: other, lines: [line({ code: 'J9173', units: 60 })] }),
    ],
    expect: [],
  },
  {
    name: 'different dates are not summed',
    claims: [
      claim({
        lines: [
          line({ code: 'J9173', units: 100 }),
          line({ code: 'J9173', units: 60, serviceDate: '2026-02-11' }),
        ],
      }),
    ],
    expect: [],
  },
  {
    name: 'JW units count toward the MUE',
    claims: [
      claim({
        lines: [line({ code: 'J9173', units: 140 }), line({ code: 'J9173', units: 12, modifiers: ['JW'] })],
      }),
    ],
    expect: ['error L1 CO-151+N362', 'error L2 CO-151+N362'],
  },
  {
    name: 'MAI 2 (policy) → not appealable (J3301 test MUE 16, MAI 2)',
    claims: [claim({ lines: [line({ code: 'J3301', units: 10 }), line({ code: 'J3301', units: 10 })] })],
    expect: ['error L1 CO-151+N362', 'error L2 CO-151+N362'],
    assert: (r) => {
      assert.deepEqual(
        r.findings.map((f) => f.appealable),
        [false, false],
      );
      assert.match(r.findings[0]?.why ?? '', /not overturned on appeal/);
    },
  },
]);
