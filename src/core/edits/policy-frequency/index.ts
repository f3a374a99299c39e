/**
 * Payer frequency limits: administrations at least N days apart (e.g. every 21 days, with the policy's tolerance)
 * and at most M administrations (cycles). Counted over the claims checked together, per patient.
 */
import { daysBetween } from '../../reference/as-of.ts';
import { FEW_LINES } from '../lines.ts';
import { DENIALS } from '../support.ts';
import { datesOf, ruledGroups, type RuledLine } from '../policy.ts';
import type { BatchEdit } from '../types.ts';

export const policyFrequency: BatchEdit = {
  id: 'policy-frequency',
  title: 'Administrations too frequent or too many cycles',
  severity: 'error',
  scope: 'batch',
  needs: ['rules', 'history'],
  source: 'payer rules file: policy dose.minIntervalDays / dose.maxCycles',
  denials: [DENIALS.frequency, DENIALS.benefitMaximum],
  fixes: [],
  check({ policyPatientLines, report }) {
    // Index loops: a batch edit runs once per batch, where a for-of makes an object per step.
    const groups = ruledGroups(
      policyPatientLines(),
      (r) => r.dose?.minIntervalDays !== undefined || r.dose?.maxCycles !== undefined,
    );
    for (let k = 0; k < groups.length; k++) {
      const group = groups[k] as RuledLine[];
      const first = group[0];
      const dose = first?.applied.rule.dose;
      if (!first || !dose) continue;
      const dates = datesOf(group);
      // A group holds a few lines: each date's first is found by a scan. A patient's year of thousands of lines is
      // gone through once for all its dates, not once per date.
      const firsts = group.length > FEW_LINES ? firstOnEachDate(group) : undefined;
      for (let i = 0; i < dates.length; i++) {
        const date = dates[i] as string;
        const target = firsts !== undefined ? firsts.get(date) : firstOn(group, date);
        if (!target) continue;
        if (dose.minIntervalDays !== undefined && i > 0) {
          const prev = dates[i - 1] as string;
          const gap = daysBetween(prev, date);
          const allowed = dose.minIntervalDays - (dose.intervalToleranceDays ?? 0);
          if (gap < allowed) {
            report(target.claim, {
              line: target.line,
              field: 'service date',
              message: `${first.applied.rule.codes.join('/')} given on ${prev} and again on ${date}: ${gap} days apart; the payer allows one administration every ${dose.minIntervalDays} days${dose.intervalToleranceDays ? ` (${allowed} days at the earliest)` : ''}.`,
              why: `${first.applied.policy.title}: dosing interval ${dose.minIntervalDays} days. Counted over the claims checked together.`,
              source: first.applied.source,
              denial: dose.denial ?? DENIALS.frequency,
              data: {
                codes: first.applied.rule.codes,
                previous: prev,
                date,
                gapDays: gap,
                minIntervalDays: dose.minIntervalDays,
              },
            });
          }
        }
        if (dose.maxCycles !== undefined && i >= dose.maxCycles) {
          report(target.claim, {
            line: target.line,
            field: 'service date',
            message: `${date} is administration ${i + 1} of ${first.applied.rule.codes.join('/')} for this patient among these claims; the payer covers at most ${dose.maxCycles} cycles.`,
            why: `${first.applied.policy.title}: at most ${dose.maxCycles} cycles. Earlier cycles billed in other batches are not seen.`,
            source: first.applied.source,
            denial: dose.denial ?? DENIALS.benefitMaximum,
            data: { codes: first.applied.rule.codes, cycle: i + 1, maxCycles: dose.maxCycles },
          });
        }
      }
    }
  },
};

/** The first line of the group on `date`: the line a finding about that date is put on. */
function firstOn(group: readonly RuledLine[], date: string): RuledLine | undefined {
  for (let j = 0; j < group.length; j++) if ((group[j] as RuledLine).line.dos === date) return group[j];
  return undefined;
}

/** `firstOn` for every date of the group, in one pass. */
function firstOnEachDate(group: readonly RuledLine[]): Map<string, RuledLine> {
  const out = new Map<string, RuledLine>();
  for (let j = 0; j < group.length; j++) {
    const g = group[j] as RuledLine;
    const dos = g.line.dos as string;
    if (!out.has(dos)) out.set(dos, g);
  }
  return out;
}
