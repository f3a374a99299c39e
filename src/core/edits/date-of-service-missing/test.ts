import { runCases } from '../../../../test/support/edit-cases.ts';
import type { ClaimLine } from '../../claim/model.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { dateOfServiceMissing } from './index.ts';

function undated(code: string): ClaimLine {
  const l = line({ code });
  delete l.serviceDate;
  return l;
}

runCases(dateOfServiceMissing, [
  { name: 'line with a date: no finding', claims: [claim({ lines: [line({ code: 'J9173' })] })], expect: [] },
  {
    name: 'no line date and no claim date → error CO-16 + N301',
    claims: [claim({ lines: [undated('J9173')] })],
    expect: ['error L1 CO-16+N301'],
  },
  {
    name: 'no line date but a claim statement date: no finding',
    claims: [claim({ statementFrom: '2026-02-10', lines: [undated('J9173')] })],
    expect: [],
  },
  {
    name: '837I one-day bill 0131: an undated line takes the statement date',
    claims: [hospitalClaim({ lines: [undated('96365')] })],
    expect: [],
  },
  {
    name: '837I series bill 0131 (2026-02-01 to 02-28): an undated infusion line could be any day → CO-16 + N301',
    claims: [
      hospitalClaim({
        statementFrom: '2026-02-01',
        statementTo: '2026-02-28',
        lines: [
          line({ code: 'J1745', units: 50, serviceDate: '2026-02-17' }),
          { ...undated('96365'), revenueCode: '0260' },
        ],
      }),
    ],
    expect: ['error L2 CO-16+N301'],
    messages: [
      "Line 2 (96365) has no date of service (DTP*472), and the claim's statement period 2026-02-01 to 2026-02-28 spans more than one day.",
    ],
  },
  {
    name: 'inpatient bill 0111 over five days: lines need no date of their own',
    claims: [
      hospitalClaim({
        typeOfBill: '111',
        statementFrom: '2026-02-08',
        statementTo: '2026-02-12',
        lines: [{ ...undated(''), revenueCode: '0120' }],
      }),
    ],
    expect: [],
  },
]);
