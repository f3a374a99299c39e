/** A JW (discarded amount) line with no line for the administered amount of the same drug on the same date. */
import { DENIALS, SOURCES, someSameCodeAndDate } from '../support.ts';
import { hasJw, hasJz, jwJzBill } from '../jw-jz.ts';
import type { ClaimEdit, LineView } from '../types.ts';

const isAdministered = (l: LineView): boolean => !hasJw(l);

export const jwWithoutAdministeredLine: ClaimEdit = {
  id: 'jw-without-administered-line',
  title: 'JW line without the administered line',
  severity: 'error',
  scope: 'claim',
  needs: [],
  source: SOURCES.jwJz,
  denials: [DENIALS.invalidModifier],
  fixes: [],
  check({ claim, report }) {
    if (!jwJzBill(claim)) return;
    for (const line of claim.lines) {
      // JW and JZ together is jw-jz-same-line's finding: which amount the line bills is not known.
      if (!hasJw(line) || hasJz(line)) continue;
      if (someSameCodeAndDate(claim, line, isAdministered)) continue;
      report({
        line,
        field: 'modifiers',
        message: `Line ${line.line.sequence} bills ${line.line.units} discarded unit(s) of ${line.code} with JW, but no line bills the administered amount of ${line.code} on ${line.dos ?? 'that date'}.`,
        why: 'The discarded amount (JW) is billed on its own line next to the line for the amount administered to the patient, same code and date; a drug that was not administered to a patient is not billable as waste.',
      });
    }
  },
};
