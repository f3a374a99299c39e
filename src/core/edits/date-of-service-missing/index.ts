/**
 * A line with no date of service: neither on the line nor on the claim, or, on an outpatient bill whose statement
 * period spans more than one day, not on the line (which day of the period it is for is not known: `lineDos`).
 * Every dated edit depends on it.
 */
import { spansDays } from '../lines.ts';
import { DENIALS, SOURCES } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const dateOfServiceMissing: LineEdit = {
  id: 'date-of-service-missing',
  title: 'Date of service missing',
  severity: 'error',
  scope: 'line',
  needs: [],
  source: SOURCES.dates,
  denials: [DENIALS.missingDate],
  fixes: [],
  check({ claim, line, report }) {
    if (line.dos !== null) return;
    const c = claim.claim;
    if (spansDays(c)) {
      report({
        field: 'service date',
        message: `Line ${line.line.sequence} (${line.code || `revenue code ${line.line.revenueCode ?? '?'}`}) has no date of service (DTP*472), and the claim's statement period ${c.statementFrom ?? ''} to ${c.statementTo ?? ''} spans more than one day.`,
        why: 'On an outpatient bill each line carries the date it was given: with a statement period of several days the line could be any of them, and MUEs per day, add-on codes, administration codes and duplicates are all matched by date.',
        source: `${SOURCES.dates}; X12 837I TR3 005010X223A2 loop 2400 DTP*472 (required on outpatient claims when the statement period spans more than one day); Pub 100-04 ch.25 §75.5 (FL 45 line item date of service on outpatient bills)`,
      });
      return;
    }
    report({
      field: 'service date',
      message: `Line ${line.line.sequence} (${line.code}) has no date of service, and the claim gives none either.`,
      why: 'Each service line needs its date of service; code validity, MUEs and payer rules are all decided by it.',
    });
  },
};
