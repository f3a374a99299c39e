import { runCases } from '../../../../test/support/edit-cases.ts';
import type { Diagnosis } from '../../claim/model.ts';
import { claim, line, testReference } from '../testing.ts';
import { diagnosisInvalid } from './index.ts';

const dx = (diagnoses: Diagnosis[], serviceDate = '2026-02-10') =>
  claim({ diagnoses, lines: [line({ code: 'J9173', serviceDate })] });

runCases(diagnosisInvalid, [
  {
    name: 'billable ICD-10-CM code',
    claims: [dx([{ code: 'C3490', qualifier: 'ABK', pointer: 1 }])],
    expect: [],
  },
  {
    name: 'category heading C34 → CO-16 + M76',
    claims: [dx([{ code: 'C34', qualifier: 'ABK', pointer: 1 }])],
    expect: ['error L- CO-16+M76'],
    messages: ['category heading'],
  },
  {
    name: 'I109 is not a code',
    claims: [
      dx([
        { code: 'C3490', qualifier: 'ABK', pointer: 1 },
        { code: 'I109', qualifier: 'ABF', pointer: 2 },
      ]),
    ],
    expect: ['error L- CO-16+M76'],
    messages: ['Diagnosis 2 (I10.9)'],
  },
  {
    name: 'ICD-9 on a 2026 claim',
    claims: [dx([{ code: '03591', qualifier: 'BK', pointer: 1 }])],
    expect: ['error L- CO-16+M76'],
    messages: ['ICD-9-CM'],
  },
  {
    name: 'ICD-9 on a 2004 claim: not verifiable → info',
    claims: [dx([{ code: '03591', qualifier: 'BK', pointer: 1 }], '2004-07-11')],
    expect: ['info L- -'],
  },
  {
    name: 'ICD-10 on a 2014 claim',
    claims: [dx([{ code: 'C3490', qualifier: 'ABK', pointer: 1 }], '2014-06-01')],
    expect: ['error L- CO-16+M76'],
  },
  {
    name: 'unknown code, ICD-10-CM release not in force → warning',
    claims: [dx([{ code: 'I109', qualifier: 'ABK', pointer: 1 }], '2023-05-15')],
    expect: ['warning L- CO-16+M76'],
  },
  {
    // A partial store, or a caller's ReferenceData that does not serve icd10(): valid codes are not errors.
    name: 'no ICD-10-CM release at all: not checked → one info naming the codes',
    claims: [
      dx([
        { code: 'C3490', qualifier: 'ABK', pointer: 1 },
        { code: 'C34', qualifier: 'ABK', pointer: 2 },
      ]),
    ],
    options: { reference: testReference({ without: ['icd10cm'] }) },
    expect: ['info L- -'],
    messages: ['C34.90, C34 were not checked: the reference data has no ICD-10-CM release'],
  },
  {
    name: 'no ICD-10-CM release: ICD-9 on a 2026 claim is still an error',
    claims: [dx([{ code: '03591', qualifier: 'BK', pointer: 1 }])],
    options: { reference: testReference({ without: ['icd10cm'] }) },
    expect: ['error L- CO-16+M76'],
    messages: ['ICD-9-CM'],
  },
]);
