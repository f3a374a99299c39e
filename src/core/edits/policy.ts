/** Helpers for the payer-policy edits: which batch lines a drug rule applies to, grouped per patient. */
import type { AppliedDrugRule, DrugRule } from '../rules/model.ts';
import type { BatchLine, ClaimView, LineView } from './types.ts';

export interface RuledLine {
  readonly claim: ClaimView;
  readonly line: LineView;
  applied: AppliedDrugRule;
}

const cache = new WeakMap<object, RuledLine[][]>();
/** The groups without their JW lines, by group list: filled as edits ask (most groups have no JW line). */
const dryCache = new WeakMap<RuledLine[][], (RuledLine[] | undefined)[]>();

/**
 * For each patient, the lines (in date order, JW lines included) that each drug rule applies to: one group per
 * patient and rule (lines of one group share the rule's limits). Computed once per batch and shared.
 */
export function policyGroups(patientLines: ReadonlyMap<string, readonly BatchLine[]>): RuledLine[][] {
  let out = cache.get(patientLines);
  if (out) return out;
  const groups: RuledLine[][] = [];
  // Each patient's items are gathered in scratch lists (written over, never emptied), then each group is made at
  // its exact size: no array growing item by item. Index loops (and forEach over the map): this runs once per
  // batch, where a for-of makes an object per step.
  const items: RuledLine[] = [];
  const groupOf: number[] = [];
  const rules: DrugRule[] = [];
  const counts: number[] = [];
  patientLines.forEach((lines) => {
    // A patient's lines come under a rule or two: find the group by a scan of this patient's rules.
    let n = 0;
    let nRules = 0;
    for (let i = 0; i < lines.length; i++) {
      const b = lines[i] as BatchLine;
      if (b.dos === null) continue;
      const policies = b.policies;
      for (let p = 0; p < policies.length; p++) {
        const applied = policies[p] as AppliedDrugRule;
        let g = 0;
        while (g < nRules && rules[g] !== applied.rule) g++;
        if (g === nRules) {
          rules[nRules] = applied.rule;
          counts[nRules] = 0;
          nRules++;
        }
        counts[g] = (counts[g] as number) + 1;
        items[n] = { claim: b.claim, line: b, applied };
        groupOf[n] = g;
        n++;
      }
    }
    const first = groups.length;
    for (let g = 0; g < nRules; g++) {
      groups.push(new Array<RuledLine>(counts[g] as number));
      counts[g] = 0;
    }
    for (let i = 0; i < n; i++) {
      const g = groupOf[i] as number;
      (groups[first + g] as RuledLine[])[counts[g] as number] = items[i] as RuledLine;
      counts[g] = (counts[g] as number) + 1;
    }
  });
  out = groups;
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
  const groups = policyGroups(patientLines);
  let dry = dryCache.get(groups);
  if (dry === undefined) {
    dry = [];
    dryCache.set(groups, dry);
  }
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as RuledLine[];
    const first = g[0];
    if (!first || !pick(first.applied.rule)) continue;
    let kept = g;
    if (!withWaste) {
      // The same groups without JW lines for every edit that asks: filtered once.
      let d = dry[i];
      if (d === undefined) {
        d = g.some(isWaste) ? g.filter((x) => !x.line.jw) : g;
        dry[i] = d;
      }
      kept = d;
    }
    if (kept.length > 0) out.push(kept);
  }
  return out;
}

/** Distinct dates of service of a group, ascending. */
export function datesOf(group: readonly RuledLine[]): string[] {
  if (group.length > 16) return [...new Set(group.map((g) => g.line.dos as string))].sort();
  // A group holds a few lines: no set to build.
  const out: string[] = [];
  for (let i = 0; i < group.length; i++) {
    const d = (group[i] as RuledLine).line.dos as string;
    if (!out.includes(d)) out.push(d);
  }
  return out.sort();
}
