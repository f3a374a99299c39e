/**
 * JW or JZ where they do not belong: on a line that is not a drug, on a multiple-dose container drug (JW/JZ are
 * only for single-dose containers; decided by the line's NDC, or without one when every product of the code is a
 * multiple-dose container), or on a drug packaged under OPPS (status indicator N, not separately paid: JW is a
 * warning, JZ a note, since CMS neither asks for nor denies it there). Not on inpatient bills (`jwJzBill`).
 */
import { DENIALS, SOURCES } from '../support.ts';
import { hasJw, hasJz, isPackagedOpps, jwJzBill, lineNdc11 } from '../jw-jz.ts';
import type { LineEdit } from '../types.ts';

export const jwJzNotApplicable: LineEdit = {
  id: 'jw-jz-not-applicable',
  title: 'JW/JZ on a non-drug, multiple-dose or packaged line',
  severity: 'error',
  scope: 'line',
  needs: ['reference', 'containers'],
  source: SOURCES.jwJz,
  denials: [DENIALS.modifierInconsistent],
  fixes: ['remove-modifier'],
  lines: 'modifiers',
  check({ env, claim, line, report }) {
    const jw = hasJw(line);
    const jz = hasJz(line);
    if ((!jw && !jz) || !jwJzBill(claim)) return;
    const mod = jw ? 'JW' : 'JZ';
    if (!line.isDrug) {
      report({
        field: 'modifiers',
        message: `${mod} is on line ${line.line.sequence} (${line.code}), which is not a drug.`,
        why: 'JW and JZ describe the discarded amount of a drug from a single-dose container; they belong on drug lines only.',
      });
      return;
    }
    if (line.dos === null) return;
    const container = env.containers.lookup(line.code, lineNdc11(line), line.dos);
    if (container.type === 'multi-dose') {
      report({
        severity: jw ? 'error' : 'warning',
        denial: jw ? DENIALS.modifierInconsistent : null,
        field: 'modifiers',
        message: jw
          ? `Line ${line.line.sequence} bills discarded units of ${line.code} with JW, but it comes in a multiple-dose container.`
          : `Line ${line.line.sequence} carries JZ, but ${line.code} comes in a multiple-dose container.`,
        why: `JW/JZ apply only to single-dose containers; the unused part of a multiple-dose container is not billable waste. Container: ${container.reason}.`,
        ...(jz && !jw
          ? {
              fix: {
                description: `Remove modifier JZ from line ${line.line.sequence}.`,
                actions: [
                  {
                    kind: 'remove-modifier' as const,
                    claimIndex: claim.index,
                    line: line.line.sequence,
                    modifier: 'JZ',
                  },
                ],
              },
            }
          : {}),
      });
      return;
    }
    if (isPackagedOpps(claim, line, env.facts)) {
      // JZ on a packaged drug does no harm (many chargemasters put it on every single-dose drug): a note. A JW line
      // bills discarded units that are not paid: a warning.
      report({
        severity: jw ? 'warning' : 'info',
        denial: null,
        field: 'modifiers',
        message: jw
          ? `JW is on line ${line.line.sequence}, but ${line.code} is packaged under OPPS (status indicator N): its discarded units are not paid separately.`
          : `JZ is on line ${line.line.sequence}, but ${line.code} is packaged under OPPS (status indicator N): JZ is not required there, and not denied.`,
        why: 'Drugs packaged under OPPS are not separately payable, so JW/JZ are not required on them (CMS does not deny a line for carrying them) and discarded units are not paid.',
        source: `${SOURCES.jwJz}; OPPS Addendum B status indicator N`,
      });
    }
  },
};
