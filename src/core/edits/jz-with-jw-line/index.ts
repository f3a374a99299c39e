/**
 * JZ on a line while a JW line bills discarded units of the same drug on the same date: JZ says nothing was
 * discarded, the JW line says some was. (Both on one line is jw-jz-same-line's finding.)
 */
import { hasJw, hasJz, jwJzBill } from '../jw-jz.ts';
import { DENIALS, someSameCodeAndDate, SOURCES } from '../support.ts';
import type { ClaimEdit, LineView } from '../types.ts';

const isJwOnly = (l: LineView): boolean => hasJw(l) && !hasJz(l);

export const jzWithJwLine: ClaimEdit = {
  id: 'jz-with-jw-line',
  title: 'JZ line next to a JW line of the same drug',
  severity: 'error',
  scope: 'claim',
  needs: [],
  source: SOURCES.jwJz,
  denials: [DENIALS.modifierCombination],
  fixes: [],
  check({ claim, report }) {
    if (!jwJzBill(claim)) return;
    for (const line of claim.lines) {
      if (!hasJz(line) || hasJw(line)) continue;
      if (!someSameCodeAndDate(claim, line, isJwOnly)) continue;
      report({
        line,
        field: 'modifiers',
        message: `Line ${line.line.sequence} bills ${line.code} with JZ (nothing discarded), but a JW line bills discarded ${line.code} on ${line.dos ?? 'the same date'}.`,
        why: 'JZ is for a single-dose container when none of the drug was discarded; when some was, the administered line goes without JZ and the discarded amount on its own JW line. Remove JZ from the administered line, or the JW line if nothing was discarded.',
      });
    }
  },
};
