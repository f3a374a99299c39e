import assert from 'node:assert/strict';
import { runCases } from '../../../../test/support/edit-cases.ts';
import { duplicateLine } from '../duplicate-line/index.ts';
import { mueDateOfService } from '../mue-date-of-service/index.ts';
import { claim, line } from '../testing.ts';
import { patientUnidentified } from './index.ts';

const nobody = {};
const j9173 = (units: number) => line({ code: 'J9173', units });

runCases(patientUnidentified, [
  {
    name: 'claims that name their patient: no note',
    claims: [claim({ id: 'A', lines: [j9173(10)] }), claim({ id: 'B', lines: [j9173(10)] })],
    expect: [],
  },
  {
    name: 'one claim without a patient: nothing was lost, no note',
    claims: [claim({ id: 'A', patient: nobody, lines: [j9173(10)] })],
    expect: [],
  },
  {
    name: 'three claims without a patient: one note on the first, with the count',
    claims: [
      claim({ id: 'A', lines: [j9173(10)] }),
      claim({ id: 'B', patient: nobody, lines: [j9173(10)] }),
      claim({ id: 'C', patient: nobody, lines: [j9173(10)] }),
      claim({ id: 'D', patient: { memberId: ' ', lastName: '' }, lines: [j9173(10)] }),
    ],
    expect: ['info L- -'],
    messages: ['3 claims of this batch name no patient'],
    assert: (r) => {
      assert.equal(r.findings[0]?.claimId, 'B');
      assert.deepEqual(r.findings[0]?.data, { claims: 3 });
    },
  },
  {
    name: 'a birth date alone is an identity',
    claims: [
      claim({ id: 'A', patient: { birthDate: '1950-01-01' }, lines: [j9173(10)] }),
      claim({ id: 'B', patient: { birthDate: '1950-01-01' }, lines: [j9173(10)] }),
    ],
    expect: [],
  },
]);

// What the note is about: claims without a patient are not one patient's day for the per-day edits.
runCases(
  [patientUnidentified, mueDateOfService, duplicateLine],
  [
    {
      name: 'two claims without a patient: units not summed against the MUE, no duplicate, one note',
      claims: [
        claim({ id: 'A', patient: nobody, lines: [j9173(100)] }),
        claim({ id: 'B', patient: nobody, lines: [j9173(100)] }),
      ],
      expect: ['info L- -'],
      assert: (r) => assert.equal(r.findings[0]?.editId, 'patient-unidentified'),
    },
    {
      name: 'the same two claims naming one patient: summed (200 > 150) and a duplicate',
      claims: [claim({ id: 'A', lines: [j9173(100)] }), claim({ id: 'B', lines: [j9173(100)] })],
      expect: ['error L1 CO-151+N362', 'error L1 OA-18', 'error L1 CO-151+N362'],
    },
    {
      name: 'lines of one claim without a patient are still summed with each other',
      claims: [claim({ id: 'A', patient: nobody, lines: [j9173(100), j9173(60)] })],
      expect: ['error L1 CO-151+N362', 'error L2 CO-151+N362'],
    },
  ],
);
