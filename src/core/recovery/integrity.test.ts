/**
 * Which items a read error falls inside (problemsByItem): positions as the X12 reader reports them for the QA files
 * (badmoney.835, trunc.835) and the imsweb MALFORMED 837P samples.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Problem, SourcePosition } from '../problem.ts';
import { problemsByItem } from './integrity.ts';

const err = (code: string, at: SourcePosition, severity: Problem['severity'] = 'error'): Problem => ({
  code,
  severity,
  message: code,
  at,
});

// Three remittance claims (CLP at segments 11, 18, 25) or two claims (CLM at 21, 30).
const cases: [label: string, starts: (number | undefined)[], problem: Problem, item: number | null][] = [
  [
    'SVC02 not a number inside the second CLP',
    [11, 18, 25],
    err('x12.element.invalid-number', { segmentIndex: 20, segmentId: 'SVC', loop: '2110', element: 2 }),
    1,
  ],
  [
    'cut off in the last claim (no SE)',
    [11, 18, 25],
    err('x12.envelope.unclosed', { segmentIndex: 27, segmentId: 'SVC' }),
    2,
  ],
  [
    'SE01 count: the envelope, no claim',
    [11, 18, 25],
    err('x12.envelope.count-mismatch', { segmentIndex: 31, segmentId: 'SE', element: 1 }),
    null,
  ],
  [
    'BPR16 date in the header, before any claim',
    [11, 18, 25],
    err('x12.element.invalid-date', { segmentIndex: 3, segmentId: 'BPR', loop: 'HEADER' }),
    null,
  ],
  [
    'PLB after the last claim: the provider, no claim',
    [11, 18, 25],
    err('x12.element.invalid-number', { segmentIndex: 30, segmentId: 'PLB' }),
    null,
  ],
  [
    'a warning never removes a claim',
    [11, 18, 25],
    err('x12.some-warning', { segmentIndex: 20, segmentId: 'SVC' }, 'warning'),
    null,
  ],
  [
    '837 subscriber HL before the second CLM: that claim',
    [21, 30],
    err('x12.hl.parent', { segmentIndex: 26, segmentId: 'HL', loop: '2000B' }),
    1,
  ],
  [
    '837 payer loop missing, reported at the CLM',
    [18],
    err('x12.loop.required-segment', { segmentIndex: 18, segmentId: 'CLM', loop: '2010BB' }),
    0,
  ],
  [
    '837 HI missing, reported at the CLM',
    [20],
    err('x12.loop.required-segment', { segmentIndex: 20, segmentId: 'HI', loop: '2300' }),
    0,
  ],
  [
    '837 billing provider N3 missing: shared, the file',
    [20],
    err('x12.loop.required-segment', { segmentIndex: 8, segmentId: 'NM1', loop: '2010AA' }),
    null,
  ],
  ['CSV: by line', [2, 3, 4], err('csv.invalid-number', { line: 3, field: 'charge' }), 1],
  ['no position: the file', [11, 18], err('claim-file.empty', {}), null],
  ['items without positions get nothing', [undefined, undefined], err('x', { segmentIndex: 5 }), null],
];

void describe('problemsByItem', () => {
  for (const [label, starts, problem, item] of cases) {
    void test(label, () => {
      const frozen = Object.freeze([...starts]);
      const got = problemsByItem(frozen, [problem]);
      assert.deepEqual([...got.keys()], item === null ? [] : [item]);
      if (item !== null) assert.deepEqual(got.get(item), [problem]);
    });
  }
});

// FHIR items have no segment or line: they are placed by JSON path (two Claims of a Bundle, or one bare resource).
const byPath: [label: string, starts: (string | undefined)[], problem: Problem, item: number | null][] = [
  [
    'FHIR: a wrong type inside the second Claim of a Bundle',
    ['$.entry[0].resource', '$.entry[1].resource'],
    err('fhir.element.invalid', { path: '$.entry[1].resource.item[0].quantity.value' }),
    1,
  ],
  [
    'FHIR: entry 1 is not entry 10',
    ['$.entry[1].resource', '$.entry[10].resource'],
    err('fhir.element.invalid', { path: '$.entry[10].resource.total' }),
    1,
  ],
  ['FHIR: the resource itself ($)', ['$'], err('fhir.element.missing', { path: '$.identifier' }), 0],
  [
    'FHIR: a Bundle entry that is no item (a Patient)',
    ['$.entry[0].resource'],
    err('fhir.resource.unsupported', { path: '$.entry[2]' }),
    null,
  ],
  [
    'FHIR: a warning never removes a claim',
    ['$'],
    err('fhir.reference.unresolved', { path: '$.patient.reference' }, 'warning'),
    null,
  ],
];

void describe('problemsByItem, FHIR paths', () => {
  for (const [label, starts, problem, item] of byPath) {
    void test(label, () => {
      const got = problemsByItem(Object.freeze([...starts]), [problem]);
      assert.deepEqual([...got.keys()], item === null ? [] : [item]);
    });
  }
});
