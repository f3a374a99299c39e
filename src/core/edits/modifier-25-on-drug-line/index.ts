/**
 * Modifier 25 on a drug line. Modifier 25 marks a significant, separately identifiable E/M service on the day of a
 * procedure; it belongs on the E/M line, never on a drug. Fix: move it to the E/M line of the same date when
 * that line lacks it, else remove it.
 */
import { FEW_LINES } from '../lines.ts';
import { DENIALS, SOURCES } from '../support.ts';
import type { ClaimEdit, LineView } from '../types.ts';

/**
 * E/M visit codes modifier 25 goes on: office/outpatient 99202–99215, and the hospital outpatient clinic visit
 * G0463. @see AMA CPT E/M section (99202–99215); HCPCS G0463 "Hospital outpatient clinic visit"
 */
export function isEvaluationAndManagement(code: string): boolean {
  return (code >= '99202' && code <= '99215' && /^\d{5}$/.test(code)) || code === 'G0463';
}

/** The first E/M line on `dos`. */
function emLineOn(lines: readonly LineView[], dos: string | null): LineView | undefined {
  for (const l of lines) if (l.dos === dos && isEvaluationAndManagement(l.code)) return l;
  return undefined;
}

/** `emLineOn` for every date of the lines, in one pass (a claim of thousands of lines: not one pass per line). */
function emLinesByDate(lines: readonly LineView[]): Map<string | null, LineView> {
  const out = new Map<string | null, LineView>();
  for (const l of lines) if (isEvaluationAndManagement(l.code) && !out.has(l.dos)) out.set(l.dos, l);
  return out;
}

export const modifier25OnDrugLine: ClaimEdit = {
  id: 'modifier-25-on-drug-line',
  title: 'Modifier 25 on a drug line',
  severity: 'error',
  scope: 'claim',
  needs: [],
  source: SOURCES.modifier25,
  denials: [DENIALS.modifierInconsistent],
  fixes: ['move-modifier', 'remove-modifier'],
  check({ claim, report }) {
    // A claim holds a few lines: each is scanned for. Past that, the E/M lines are found once.
    let byDate: Map<string | null, LineView> | undefined;
    for (const line of claim.lines) {
      if (!line.isDrug || !line.modifiers.includes('25')) continue;
      if (byDate === undefined && claim.lines.length > FEW_LINES) byDate = emLinesByDate(claim.lines);
      const em: LineView | undefined =
        byDate !== undefined ? byDate.get(line.dos) : emLineOn(claim.lines, line.dos);
      const move = em !== undefined && !em.modifiers.includes('25') && em.modifiers.length < 4;
      report({
        line,
        field: 'modifiers',
        message: `Modifier 25 is on drug line ${line.line.sequence} (${line.code}).`,
        why: 'Modifier 25 identifies a significant, separately identifiable E/M service on the same day as a procedure; it goes on the E/M line (e.g. 99213 or G0463), not on a drug.',
        fix: move
          ? {
              description: `Move modifier 25 from line ${line.line.sequence} to the E/M line ${em.line.sequence} (${em.code}).`,
              actions: [
                {
                  kind: 'move-modifier',
                  claimIndex: claim.index,
                  line: line.line.sequence,
                  toLine: em.line.sequence,
                  modifier: '25',
                },
              ],
              caveat:
                'The E/M service must be significant and separately identifiable from the drug administration.',
            }
          : {
              description: `Remove modifier 25 from line ${line.line.sequence}.`,
              actions: [
                {
                  kind: 'remove-modifier',
                  claimIndex: claim.index,
                  line: line.line.sequence,
                  modifier: '25',
                },
              ],
            },
      });
    }
  },
};
