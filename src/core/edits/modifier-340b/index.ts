/**
 * 340B modifiers: JG and TB identify drugs acquired under the 340B program. They are never reported together,
 * and belong on drug lines only. (JG after its termination on 2024-12-31 is caught by modifier-not-valid-on-dos,
 * with the JG → TB fix.)
 */
import { DENIALS, SOURCES, levelSeverity } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const modifier340b: LineEdit = {
  id: 'modifier-340b',
  title: '340B modifier misuse (JG/TB)',
  severity: 'error',
  scope: 'line',
  needs: ['rules'],
  source: SOURCES.modifier340b,
  denials: [DENIALS.modifierCombination],
  fixes: [],
  lines: 'modifiers',
  check({ claim, line, report }) {
    const severity = levelSeverity(claim.program.modifier340b);
    if (severity === null) return;
    const jg = line.modifiers.includes('JG');
    const tb = line.modifiers.includes('TB');
    if (!jg && !tb) return;
    if (jg && tb) {
      report({
        severity,
        field: 'modifiers',
        message: `Line ${line.line.sequence} (${line.code}) carries both 340B modifiers JG and TB.`,
        why: 'A 340B-acquired drug carries one 340B modifier: JG (through 2024-12-31, hospitals paid the 340B rate) or TB (informational; the only one from 2025-01-01).',
      });
      return;
    }
    if (!line.isDrug) {
      report({
        severity: severity === 'error' ? 'warning' : severity,
        denial: DENIALS.modifierInconsistent,
        field: 'modifiers',
        message: `340B modifier ${jg ? 'JG' : 'TB'} is on line ${line.line.sequence} (${line.code}), which is not a drug.`,
        why: 'JG and TB identify drugs acquired under the 340B program; they go on the drug lines only (not on the administration or visit).',
      });
    }
  },
};
