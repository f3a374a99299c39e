import { runCases } from '../../../../test/support/edit-cases.ts';
import type { ClaimLine } from '../../claim/model.ts';
import { claim, line } from '../testing.ts';
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
]);
