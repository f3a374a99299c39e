/** A line with no date of service (neither on the line nor on the claim). Every dated edit depends on it. */
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
  check({ line, report }) {
    if (line.dos !== null) return;
    report({
      field: 'service date',
      message: `Line ${line.line.sequence} (${line.code}) has no date of service, and the claim gives none either.`,
      why: 'Each service line needs its date of service; code validity, MUEs and payer rules are all decided by it.',
    });
  },
};
