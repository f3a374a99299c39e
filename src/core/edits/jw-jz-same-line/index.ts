/** JW and JZ on the same line: they contradict each other (some discarded / none discarded). */
import { DENIALS, SOURCES } from '../support.ts';
import { hasJw, hasJz, jwJzBill } from '../jw-jz.ts';
import type { LineEdit } from '../types.ts';

export const jwJzSameLine: LineEdit = {
  id: 'jw-jz-same-line',
  title: 'JW and JZ on the same line',
  severity: 'error',
  scope: 'line',
  needs: [],
  source: SOURCES.jwJz,
  denials: [DENIALS.modifierCombination],
  fixes: [],
  lines: 'modifiers',
  check({ claim, line, report }) {
    if (!hasJw(line) || !hasJz(line) || !jwJzBill(claim)) return;
    report({
      field: 'modifiers',
      message: `Line ${line.line.sequence} (${line.code}) carries both JW and JZ.`,
      why: 'JW marks the discarded amount on its own line; JZ says nothing was discarded. The two never go on the same line: bill the administered amount (with JZ if nothing was discarded) and, if some was discarded, a separate JW line.',
    });
  },
};
