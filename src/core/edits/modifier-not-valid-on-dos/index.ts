/**
 * A modifier that is not a HCPCS Level II modifier on the date of service (not yet added, terminated) → CARC 182,
 * or not a modifier at all (neither in the HCPCS file nor a CPT modifier) → CARC 16 + N823.
 * Fix: a terminated modifier with a named successor is replaced (JG → TB from 2025-01-01).
 */
import { codeStatus } from '../../reference/as-of.ts';
import { MODIFIER_SUCCESSORS, CPT_MODIFIERS } from '../cpt-modifiers.ts';
import { releaseNote } from '../facts.ts';
import { DENIALS, SOURCES, soften } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const modifierNotValidOnDos: LineEdit = {
  id: 'modifier-not-valid-on-dos',
  title: 'Modifier not valid on the date of service',
  severity: 'error',
  scope: 'line',
  needs: ['reference'],
  source: `${SOURCES.hcpcsDates}; ${SOURCES.cptModifiers}`,
  denials: [DENIALS.modifierInvalidOnDos, DENIALS.invalidModifier],
  fixes: ['replace-modifier'],
  lines: 'modifiers',
  check({ env, claim, line, report }) {
    if (line.dos === null) return;
    for (const mod of line.modifiers) {
      if (CPT_MODIFIERS.has(mod)) continue;
      const found = env.facts.hcpcs(mod, line.dos);
      if (!found || found.value.kind !== 'modifier') {
        const note = releaseNote(env.facts.release('hcpcs', line.dos));
        report({
          severity: soften('error', note === null),
          denial: DENIALS.invalidModifier,
          field: 'modifiers',
          message: `Modifier ${mod} on line ${line.line.sequence} is neither a HCPCS Level II modifier nor a CPT modifier.`,
          why: `Modifiers must come from the HCPCS Level II modifier list or CPT Appendix A.${note ?? ''}`,
          data: { modifier: mod },
        });
        continue;
      }
      const status = codeStatus(found.value, line.dos);
      if (status === 'active') continue;
      const successor = MODIFIER_SUCCESSORS[mod];
      const canReplace =
        status === 'terminated' && successor !== undefined && !line.modifiers.includes(successor);
      report({
        denial: DENIALS.modifierInvalidOnDos,
        field: 'modifiers',
        message:
          status === 'not-yet-valid'
            ? `Modifier ${mod} on line ${line.line.sequence} is not valid yet on ${line.dos}: it was added on ${found.value.addedDate ?? '?'}.`
            : `Modifier ${mod} on line ${line.line.sequence} was terminated: its last valid day was ${found.value.terminationDate ?? '?'}.${successor ? ` CMS replaced it with ${successor}.` : ''}`,
        why: `A HCPCS modifier may be used only from its added date through its termination date (${found.source.label}).`,
        ...(canReplace
          ? {
              fix: {
                description: `Replace modifier ${mod} with ${successor} on line ${line.line.sequence}.`,
                actions: [
                  {
                    kind: 'replace-modifier' as const,
                    claimIndex: claim.index,
                    line: line.line.sequence,
                    from: mod,
                    to: successor,
                  },
                ],
              },
            }
          : {}),
        data: {
          modifier: mod,
          status,
          addedDate: found.value.addedDate,
          terminationDate: found.value.terminationDate,
        },
      });
    }
  },
};
