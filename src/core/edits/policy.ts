/** Helpers for the payer-policy edits: which batch lines a drug rule applies to, grouped per patient. */
import type { AppliedDrugRule, DrugRule } from '../rules/model.ts';
import type { BatchLine, ClaimView, LineView } from './types.ts';

export interface RuledLine {
  readonly claim: ClaimView;
  readonly line: LineView;
  applied: AppliedDrugRule;
}

const cache = new WeakMap<object, RuledLine[][]>();

/**
 * For each patient, the lines (in date order, JW lines included) that each drug rule applies to: one group per
 * patient and rule (lines of one group share the rule's limits). Computed once per batch and shared.
 */
export function policyGroups(patientLines: ReadonlyMap<string, readonly BatchLine[]>): RuledLine[][] {
  let out = cache.get(patientLines);
  if (out) return out;
  out = [];
  for (const lines of patientLines.values()) {
    // A patient's lines come under a rule or two: find the group by a scan of this patient's groups.
    const start = out.length;
    for (const b of lines) {
      if (b.dos === null) continue;
      for (const applied of b.policies) {
        const item: RuledLine = { claim: b.claim, line: b, applied };
        let g: RuledLine[] | undefined;
        for (let k = start; k < out.length && g === undefined; k++) {
          const group = out[k] as RuledLine[];
          if ((group[0] as RuledLine).applied.rule === applied.rule) g = group;
        }
        if (g) g.push(item);
        else out.push([item]);
      }
    }
  }
  cache.set(patientLines, out);
  return out;
}

const isWaste = (x: RuledLine): boolean => x.line.jw;

/** The groups whose rule has what `pick` looks for; JW lines left out unless `withWaste`. */
export function ruledGroups(
  patientLines: ReadonlyMap<string, readonly BatchLine[]>,
  pick: (rule: DrugRule) => boolean,
  withWaste = false,
): RuledLine[][] {
  const out: RuledLine[][] = [];
  for (const g of policyGroups(patientLines)) {
    const first = g[0];
    if (!first || !pick(first.applied.rule)) continue;
    const kept = withWaste || !g.some(isWaste) ? g : g.filter((x) => !x.line.jw);
    if (kept.length > 0) out.push(kept);
  }
  return out;
}

/** Distinct dates of service of a group, ascending. */
export function datesOf(group: readonly RuledLine[]): string[] {
  return [...new Set(group.map((g) => g.line.dos as string))].sort();
}
