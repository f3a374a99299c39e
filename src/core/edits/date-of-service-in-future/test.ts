import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { dateOfServiceInFuture } from './index.ts';

// Imfinzi J9173 75 units with JZ, given 2026-02-10 unless a case says otherwise; the run is on the date each case names.
const imfinzi = (dates: { serviceDate?: string; serviceDateTo?: string } = {}) =>
  line({ code: 'J9173', units: 75, modifiers: ['JZ'], ...dates });
const undated = () => {
  const l = imfinzi();
  delete l.serviceDate;
  return l;
};
// A February series bill (0131, 2026-02-01 to 2026-02-28) with its lines on the days given.
const february = (...lines: ReturnType<typeof line>[]) =>
  hospitalClaim({ statementFrom: '2026-02-01', statementTo: '2026-02-28', lines });

runCases(dateOfServiceInFuture, [
  {
    name: 'a service given before the run',
    claims: [claim({ lines: [imfinzi()] })],
    options: { dateOfRun: '2026-03-01' },
    expect: [],
  },
  {
    name: 'a service given on the day of the run (billed the same day)',
    claims: [claim({ lines: [imfinzi()] })],
    options: { dateOfRun: '2026-02-10' },
    expect: [],
  },
  {
    name: 'QA: a line of 2026-02-10 checked on 2026-01-01 → CO-110',
    claims: [claim({ lines: [imfinzi()] })],
    options: { dateOfRun: '2026-01-01' },
    expect: ['error L1 CO-110'],
    messages: ['Line 1 (J9173) is dated 2026-02-10, after the date of this run (2026-01-01).'],
  },
  {
    name: 'only the lines after the run, one day later is enough',
    claims: [
      claim({ lines: [imfinzi({ serviceDate: '2026-02-09' }), imfinzi({ serviceDate: '2026-02-11' })] }),
    ],
    options: { dateOfRun: '2026-02-10' },
    expect: ['error L2 CO-110'],
    messages: ['Line 2 (J9173) is dated 2026-02-11, after'],
  },
  {
    name: 'a date range that starts before the run but ends after it',
    claims: [claim({ lines: [imfinzi({ serviceDate: '2026-02-01', serviceDateTo: '2026-02-28' })] })],
    options: { dateOfRun: '2026-02-20' },
    expect: ['error L1 CO-110'],
    messages: [
      'Line 1 (J9173) is dated 2026-02-01 to 2026-02-28, ending after the date of this run (2026-02-20).',
    ],
  },
  {
    name: 'a date range that ends on the day of the run',
    claims: [claim({ lines: [imfinzi({ serviceDate: '2026-02-01', serviceDateTo: '2026-02-20' })] })],
    options: { dateOfRun: '2026-02-20' },
    expect: [],
  },
  {
    name: 'a range written backwards is read by its later date',
    claims: [claim({ lines: [imfinzi({ serviceDate: '2026-02-28', serviceDateTo: '2026-02-01' })] })],
    options: { dateOfRun: '2026-02-20' },
    expect: ['error L1 CO-110'],
    messages: ['is dated 2026-02-28, after'],
  },
  {
    name: 'a line without its own date, under a claim-level date after the run',
    claims: [hospitalClaim({ lines: [undated()] })],
    options: { dateOfRun: '2026-02-01' },
    expect: ['error L1 CO-110'],
    messages: [
      "Line 1 (J9173) has no date of its own and is billed under the claim's statement period 2026-02-10, which ends after the date of this run (2026-02-01).",
    ],
  },
  {
    name: 'a line without its own date, under a claim-level date before the run',
    claims: [hospitalClaim({ lines: [undated()] })],
    options: { dateOfRun: '2026-03-01' },
    expect: [],
  },
  {
    name: 'a line with no date at all (date-of-service-missing reports it)',
    claims: [claim({ lines: [undated()] })],
    options: { dateOfRun: '2026-01-01' },
    expect: [],
  },
  {
    name: 'a February series bill sent on 2026-02-20 with lines up to 2026-02-17: the statement period still ends 02-28',
    claims: [february(imfinzi({ serviceDate: '2026-02-03' }), imfinzi({ serviceDate: '2026-02-17' }))],
    options: { dateOfRun: '2026-02-20' },
    expect: ['error L- CO-110'],
    messages: [
      "The claim's statement period 2026-02-01 to 2026-02-28 ends after the date of this run (2026-02-20).",
    ],
  },
  {
    name: '…with a line of 2026-02-24 the line is reported, not the claim again',
    claims: [february(imfinzi({ serviceDate: '2026-02-03' }), imfinzi({ serviceDate: '2026-02-24' }))],
    options: { dateOfRun: '2026-02-20' },
    expect: ['error L2 CO-110'],
  },
  {
    name: 'the same bill sent after the month: nothing',
    claims: [february(imfinzi({ serviceDate: '2026-02-03' }), imfinzi({ serviceDate: '2026-02-24' }))],
    options: { dateOfRun: '2026-03-02' },
    expect: [],
  },
]);
