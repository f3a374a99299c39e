/**
 * A service dated after the day of the check: billed before it was given (→ CO-110, "Billing date predates service
 * date"). A line counts to the last day it covers (its DTP*472 range); an undated line to the claim's statement
 * Through date, the date it is billed under. A statement period that ends after the run is reported once for the
 * claim when none of its lines is.
 * @see shared/data/carc-rarc/carc_from_x12_html.csv (CARC 110, current)
 */
import type { IsoDate } from '../../reference/model.ts';
import { DENIALS } from '../support.ts';
import type { ClaimEdit, LineView } from '../types.ts';

const WHY =
  'A claim bills services already given: a date of service after the day the claim is sent is denied (CARC 110, billing date predates service date). If the service was given, correct the date; if not, hold the line until it is given (for a range of dates, until its last day).';

const lineName = (line: LineView): string => line.code || `revenue code ${line.line.revenueCode ?? '?'}`;

const span = (from: IsoDate, to: IsoDate): string => (from === to ? from : `${from} to ${to}`);

export const dateOfServiceInFuture: ClaimEdit = {
  id: 'date-of-service-in-future',
  title: 'Date of service after the date of the run',
  severity: 'error',
  scope: 'claim',
  needs: [],
  source:
    'X12 CARC 110 (billing date predates service date); X12 837P TR3 005010X222A1 / 837I 005010X223A2 loop 2400 DTP*472 service date and loop 2300 DTP*434 statement from/through dates',
  denials: [DENIALS.billedBeforeService],
  fixes: [],
  check({ env, claim, report }) {
    const run = env.dateOfRun;
    const c = claim.claim;
    const statementFrom = c.statementFrom ?? c.statementTo;
    const statementTo = c.statementTo ?? c.statementFrom;
    let reported = false;
    for (const line of claim.lines) {
      const from = line.line.serviceDate;
      if (from !== undefined) {
        // The later of the two dates: a range written backwards still ends on its later one.
        const to =
          line.line.serviceDateTo !== undefined && line.line.serviceDateTo > from
            ? line.line.serviceDateTo
            : from;
        if (to <= run) continue;
        report({
          line,
          field: 'service date',
          message: `Line ${line.line.sequence} (${lineName(line)}) is dated ${span(from, to)}, ${from > run ? 'after' : 'ending after'} the date of this run (${run}).`,
          why: WHY,
          data: { serviceDate: from, serviceDateTo: to, dateOfRun: run },
        });
        reported = true;
      } else if (statementFrom !== undefined && statementTo !== undefined && statementTo > run) {
        report({
          line,
          field: 'service date',
          message: `Line ${line.line.sequence} (${lineName(line)}) has no date of its own and is billed under the claim's statement period ${span(statementFrom, statementTo)}, which ends after the date of this run (${run}).`,
          why: WHY,
          data: { statementFrom, statementTo, dateOfRun: run },
        });
        reported = true;
      }
    }
    if (reported || statementFrom === undefined || statementTo === undefined || statementTo <= run) return;
    report({
      field: 'statement through date',
      message: `The claim's statement period ${span(statementFrom, statementTo)} ends after the date of this run (${run}).`,
      why: `${WHY} The statement period (From–Through) is the span of the services the bill covers: it ends on the last day billed.`,
      data: { statementFrom, statementTo, dateOfRun: run },
    });
  },
};
