/**
 * A line dated outside the claim's statement period (837I DTP*434 From–Through): the bill covers those days only,
 * so a line of another day belongs on another claim, or one of the dates is wrong. Medicare returns such a bill.
 */
import { DENIALS } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const serviceDateOutsideStatementPeriod: LineEdit = {
  id: 'service-date-outside-statement-period',
  title: 'Line date outside the statement period',
  severity: 'error',
  scope: 'line',
  needs: [],
  source:
    'X12 837I TR3 005010X223A2 loop 2300 DTP*434 statement from/through dates and loop 2400 DTP*472 service date; Pub 100-04 ch.25 §75.1 (FL 6 statement covers period: the span of the services billed) and §75.5 (FL 45 service date)',
  denials: [DENIALS.missingDate],
  fixes: [],
  check({ claim, line, report }) {
    const c = claim.claim;
    const from = c.statementFrom;
    const to = c.statementTo;
    const start = line.line.serviceDate;
    if (from === undefined || to === undefined || start === undefined) return;
    const end = line.line.serviceDateTo ?? start;
    if (start >= from && end <= to) return;
    const dates = end === start ? start : `${start} to ${end}`;
    report({
      field: 'service date',
      message: `Line ${line.line.sequence} (${line.code || `revenue code ${line.line.revenueCode ?? '?'}`}) is dated ${dates}, outside the claim's statement period ${from === to ? from : `${from} to ${to}`}.`,
      why: 'The statement period (From–Through) is the span of the services the bill covers: every line date falls inside it. Bill the line on a claim for its own period, or correct whichever date is wrong.',
      data: { serviceDate: start, serviceDateTo: end, statementFrom: from, statementTo: to },
    });
  },
};
