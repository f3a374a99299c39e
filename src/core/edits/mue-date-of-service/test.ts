import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCases } from '../../../../test/support/edit-cases.ts';
import { check, claim, line } from '../testing.ts';
import { LISTED, mueDateOfService } from './index.ts';

/** One patient's day of `n` claims, each one line of `code` × `units` (claim ids C0, C1, …). */
const sameDay = (n: number, code: string, units: number, npi?: (i: number) => string) =>
  Array.from({ length: n }, (_, i) =>
    claim({
      id: `C${i}`,
      lines: [line({ code, units, ...(npi ? { renderingProvider: { npi: npi(i) } } : {}) })],
    }),
  );

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
  {
    name: '96413 reported as 60 minutes (MJ): not 60 units against the MUE of 1; an info says why (CPT: no time per unit known)',
    claims: [claim({ lines: [line({ code: '96413', units: 60, unitType: 'MJ' })] })],
    expect: ['info L1 -'],
    messages: ['reports 60 minutes of 96413 (unit type MJ), not units of service'],
  },
  {
    name: '96413: 60 minutes (MJ) beside 2 units (UN): the minutes are left out of the sum, the units are over',
    claims: [
      claim({
        lines: [
          line({ code: '96413', units: 60, unitType: 'MJ' }),
          line({ code: '96413', units: 2, unitType: 'UN' }),
        ],
      }),
    ],
    expect: ['info L1 -', 'error L2 CO-151+N362'],
    messages: [
      '60 minutes of 96413',
      '96413 on 2026-02-10: 2 units for this patient and provider (2 on line 2 of claim CLM1)',
    ],
  },
  {
    name: 'the same line in units (UN) is compared: 60 units over the MUE of 1',
    claims: [claim({ lines: [line({ code: '96413', units: 60, unitType: 'UN' })] })],
    expect: ['error L1 CO-151+N362'],
  },
  {
    name: 'G0237 "each 15 minutes": 120 minutes (MJ) are 8 units, at the MUE of 8',
    claims: [claim({ lines: [line({ code: 'G0237', units: 120, unitType: 'MJ' })] })],
    expect: [],
  },
  {
    name: 'G0237: 100 + 30 minutes (MJ) are 7 + 2 units, over the MUE of 8; minutes and units in the data',
    claims: [
      claim({
        lines: [
          line({ code: 'G0237', units: 100, unitType: 'MJ' }),
          line({ code: 'G0237', units: 30, unitType: 'mj' }),
        ],
      }),
    ],
    expect: ['error L1 CO-151+N362', 'error L2 CO-151+N362'],
    messages: [
      '9 units for this patient and provider (7 (100 minutes) on line 1 of claim CLM1, 2 (30 minutes)',
      '',
    ],
    assert: (r) => assert.deepEqual(r.findings[1]?.data?.['minutes'], 30),
  },
  {
    name: '30 claims of one patient and day: each message names 10 lines and counts the rest; the group is listed once',
    claims: sameDay(30, 'J9173', 10),
    expect: Array.from({ length: 30 }, () => 'error L1 CO-151+N362'),
    assert: (r) => {
      const first = r.findings[0];
      assert.match(
        first?.message ?? '',
        /^J9173 on 2026-02-10: 300 units .*\(10 on line 1 of claim C0, .*, 10 on line 1 of claim C9 and 20 more lines\)/,
      );
      assert.equal((first?.message.match(/ on line /g) ?? []).length, LISTED);
      const listing = r.findings.filter((f) => f.data?.['group'] !== undefined);
      assert.equal(listing.length, 1);
      assert.equal((listing[0]?.data?.['group'] as unknown[]).length, 30);
      assert.deepEqual(listing[0]?.data?.['group'] && (listing[0].data['group'] as unknown[])[29], {
        claimIndex: 29,
        claimId: 'C29',
        line: 1,
        units: 10,
      });
      for (const f of r.findings.filter((x) => x !== listing[0]))
        assert.deepEqual(f.data?.['groupListedOn'], { claimIndex: 0, line: 1 });
    },
  },
  {
    name: 'more groups than are compared one by one: 40 rendering providers, only the one with two lines is over',
    claims: [
      ...sameDay(40, 'J9173', 100, (i) => `10000000${String(i).padStart(2, '0')}`),
      claim({
        id: 'X',
        lines: [line({ code: 'J9173', units: 100, renderingProvider: { npi: '1000000007' } })],
      }),
    ],
    expect: ['error L1 CO-151+N362', 'error L1 CO-151+N362'],
    assert: (r) =>
      assert.deepEqual(
        r.findings.map((f) => f.claimId),
        ['C7', 'X'],
      ),
  },
]);

test('a day of 20,000 lines: findings grow with the lines, not with their square', () => {
  const claims = sameDay(20_000, 'J9173', 75);
  const started = performance.now();
  const result = check(mueDateOfService, claims);
  const ms = performance.now() - started;
  assert.equal(result.findings.length, 20_000);
  const bytes = result.findings.reduce((n, f) => n + f.message.length, 0);
  // About 500 characters a message: 10 MB. Listing every line in every message was 9 GB.
  assert.ok(bytes < 20_000 * 1_000, `messages: ${bytes} characters`);
  assert.ok(ms < 5_000, `${Math.round(ms)} ms`);
});
