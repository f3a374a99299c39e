/** The claim total (CLM02) is not the sum of the line charges. */
import { formatDollars } from '../../money.ts';
import { DENIALS, SOURCES } from '../support.ts';
import type { ClaimEdit } from '../types.ts';

export const claimTotalMismatch: ClaimEdit = {
  id: 'claim-total-mismatch',
  title: 'Claim total differs from the sum of the lines',
  severity: 'error',
  scope: 'claim',
  needs: [],
  source: SOURCES.claimTotal,
  denials: [DENIALS.invalidTotal],
  fixes: [],
  check({ claim, report }) {
    let sum = 0;
    for (const l of claim.claim.lines) sum += l.chargeCents;
    const total = claim.claim.totalChargeCents;
    if (sum === total) return;
    report({
      field: 'total charge (CLM02)',
      message: `The claim total is ${formatDollars(total)}, but its ${claim.lines.length} line(s) add up to ${formatDollars(sum)}.`,
      why: 'The total claim charge must equal the sum of the service line charges; payers reject claims that do not balance.',
      data: { totalChargeCents: total, sumOfLinesCents: sum },
    });
  },
};
