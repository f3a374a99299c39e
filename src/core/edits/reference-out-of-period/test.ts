import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { referenceOutOfPeriod } from './index.ts';

runCases(referenceOutOfPeriod, [
  {
    name: 'every release covers the date',
    claims: [claim({ lines: [line({ code: 'J9173' })] })],
    expect: [],
  },
  {
    name: 'a 2004 claim: nothing in the store covers it → one info note',
    claims: [claim({ lines: [line({ code: 'J9173', serviceDate: '2004-07-11' })] })],
    expect: ['info L- -'],
    messages: [
      'does not cover 2004-07-11 for HCPCS codes (HCPCS 2026 January, from 2026-01-01); ICD-10-CM diagnoses',
    ],
  },
]);
