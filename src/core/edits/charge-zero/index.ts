/** A line with a zero or negative charge. */
import { formatDollars } from '../../money.ts';
import { DENIALS, SOURCES } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const chargeZero: LineEdit = {
  id: 'charge-zero',
  title: 'Line charge zero or negative',
  severity: 'error',
  scope: 'line',
  needs: [],
  source: SOURCES.charge,
  denials: [DENIALS.invalidCharge],
  fixes: [],
  check({ line, report }) {
    const charge = line.line.chargeCents;
    if (charge > 0) return;
    report({
      field: 'charge',
      message: `Line ${line.line.sequence} (${line.code}) charges ${formatDollars(charge)}.`,
      why: "Each service line carries the provider's charge for it; a zero or negative charge cannot be priced.",
      data: { chargeCents: charge },
    });
  },
};
