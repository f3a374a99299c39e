/**
 * Long runs inside one statement, at the HTTP limits (20,000 characters for anonymous callers, 200,000 signed in):
 * blanks of every kind, digits, dashes, ",000" groups. The checker once read them in quadratic time (each regular
 * expression ending in "\s*$" tried every offset of the run: 20,000 spaces took ~1 s, 50,000 ~13 s, a 200 kB request
 * minutes), with the same verdicts. There is no timer here: were the slowness back, this file would take minutes
 * instead of well under a second, and the suite's run time shows it (`npm run bench factcheck` times it).
 * Verdicts as in the short forms (J9271 pembrolizumab 1 mg, J9311 rituximab and hyaluronidase, JW "drug amount
 * discarded"); "200 mg = 20 units" is read only when the dose stands within a few words of the count, so with a long
 * run between them the code is listed as not checked, as before.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sharedReference } from '../../../test/support/reference.ts';
import type { ReferenceData } from '../reference/port.ts';
import { factCheck } from './check.ts';

const DATE = '2026-02-01';
const ANONYMOUS_LIMIT = 20_000;
const SIGNED_IN_LIMIT = 200_000;

/** `head` + a run of `fill` + `tail`, `length` characters in all. */
function padded(head: string, tail: string, fill: string, length = ANONYMOUS_LIMIT): string {
  const n = length - head.length - tail.length;
  return head + fill.repeat(Math.ceil(n / fill.length)).slice(0, n) + tail;
}

type Expected = { claims: [code: string, kind: string, verdict: string][]; notChecked: string[][] };

const CASES: [name: string, text: string, expected: Expected][] = [
  [
    'the reported sentence: "Pembrolizumab 200 mg =" + 20,000 spaces + "20 units of J9271."',
    padded('Pembrolizumab 200 mg =', '20 units of J9271.', ' '),
    { claims: [], notChecked: [['J9271']] },
  ],
  [
    'spaces between a code and its name',
    padded('J9271', 'is pembrolizumab.', ' '),
    { claims: [['J9271', 'code-drug', 'true']], notChecked: [] },
  ],
  [
    'spaces, tabs, no-break and em spaces mixed in "is … billed under"',
    padded('Keytruda is', 'billed under J9271.', ' \t\u00a0\u2003'),
    { claims: [['J9271', 'code-drug', 'true']], notChecked: [] },
  ],
  [
    'tabs before "with CODE"',
    padded('Bill Keytruda', 'with J9271.', '\t'),
    { claims: [['J9271', 'code-drug', 'true']], notChecked: [] },
  ],
  [
    'no-break spaces in a list of codes',
    padded('J9271, J9299 and', 'J9312 are pembrolizumab.', '\u00a0'),
    {
      claims: [
        ['J9271', 'code-drug', 'true'],
        ['J9299', 'code-drug', 'false'],
        ['J9312', 'code-drug', 'false'],
      ],
      notChecked: [],
    },
  ],
  [
    'blanks wrapped over many lines',
    padded('Keytruda is billed', 'under J9271.', ' \n '),
    { claims: [], notChecked: [['J9271']] },
  ],
  [
    '"1 unit of CODE =" + spaces + amount',
    padded('1 unit of J9271 =', '1 mg.', ' '),
    { claims: [['J9271', 'code-unit', 'true']], notChecked: [] },
  ],
  [
    'a JW statement with spaces before its verb',
    padded('Modifier JW', 'indicates drug discarded.', ' '),
    { claims: [['JW', 'modifier-meaning', 'true']], notChecked: [] },
  ],
  [
    'a name and "and hyaluronidase" apart',
    padded('Rituximab', 'and hyaluronidase (J9311) is billed per 10 mg.', ' '),
    { claims: [['J9311', 'code-drug', 'true']], notChecked: [] },
  ],
  [
    'a run of digits as the amount',
    padded('Keytruda is billed per ', ' mg per unit (J9271).', '7'),
    { claims: [], notChecked: [['J9271']] },
  ],
  [
    'a run of ",000" groups as the amount',
    padded('J9271 is billed per 1', ' mg.', ',000'),
    { claims: [], notChecked: [['J9271']] },
  ],
  [
    'a run of dashes before the verb',
    padded('Keytruda is', 'billed under J9271.', '-'),
    { claims: [], notChecked: [['J9271']] },
  ],
  [
    'a table cell with a long run of blanks',
    `| HCPCS | Description |\n|---|---|\n| J9271 | ${padded('Injection, pembrolizumab,', '1 mg', ' \t', ANONYMOUS_LIMIT - 60)} |\n`,
    { claims: [['J9271', 'code-drug', 'true']], notChecked: [] },
  ],
];

function verdicts(ref: ReferenceData, text: string): Expected {
  const r = factCheck(ref, text, DATE);
  return {
    claims: r.claims.map((c) => [c.code, c.kind, c.verdict]),
    notChecked: r.notChecked.map((u) => u.codes),
  };
}

describe('fact check: long runs of blanks and repeated characters inside a statement (real data, 2026-02-01)', () => {
  let ref: ReferenceData;
  before(async () => {
    ref = await sharedReference();
  });

  for (const [name, text, expected] of CASES)
    test(`${name} (${text.length.toLocaleString('en-US')} characters)`, () => {
      assert.ok(text.length <= ANONYMOUS_LIMIT);
      assert.deepEqual(verdicts(ref, text), expected);
    });

  test('the same at the signed-in limit (200,000 characters)', () => {
    for (const [text, expected] of [
      [padded('Pembrolizumab 200 mg =', '20 units of J9271.', ' ', SIGNED_IN_LIMIT), CASES[0]?.[2]],
      [padded('Keytruda is', 'billed under J9271.', ' \t\u00a0\u2003', SIGNED_IN_LIMIT), CASES[2]?.[2]],
      [padded('J9271, J9299 and', 'J9312 are pembrolizumab.', ' ', SIGNED_IN_LIMIT), CASES[4]?.[2]],
      [padded('Keytruda is billed per ', ' mg per unit (J9271).', '7', SIGNED_IN_LIMIT), CASES[9]?.[2]],
    ] as const)
      assert.deepEqual(verdicts(ref, text), expected);
  });

  test('a sentence that repeats "J9271 is" (200,000 characters): no statement, the code listed once', () => {
    const r = factCheck(ref, 'J9271 is '.repeat(SIGNED_IN_LIMIT / 9), DATE);
    assert.equal(r.claims.length, 0);
    assert.deepEqual(r.notChecked[0]?.codes, ['J9271']);
  });
});
