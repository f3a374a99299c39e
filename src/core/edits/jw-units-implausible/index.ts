/**
 * JW units that do not fit the packages that could have been opened. With whole-unit package sizes, the units
 * administered (rounded up) plus the units discarded (rounded down) equal the units opened, so:
 * - administered + discarded must be a sum of whole packages of the drug's sizes;
 * - the discarded units must be less than the largest package (else a whole package was opened for nothing);
 * - more waste than the least-waste choice of packages is avoidable (advice: billing follows what was opened).
 * Package sizes: the crosswalk rows of the NDCs on the lines, else every crosswalk package of the code that day.
 */
import { innerMap } from '../../memo.ts';
import { leastWaste } from '../../dosing/packages.ts';
import { fromNumber, toNumber } from '../../dosing/rational.ts';
import { SOURCES } from '../support.ts';
import { hasJw, lineNdc11 } from '../jw-jz.ts';
import type { ClaimContext, ClaimEdit, LineView } from '../types.ts';

/** True when `total` is a sum of the (positive, whole) sizes. */
function representable(total: number, sizes: readonly number[]): boolean {
  if (total === 0) return true;
  const reach = new Uint8Array(total + 1);
  reach[0] = 1;
  for (let t = 1; t <= total; t++) {
    for (const s of sizes)
      if (s <= t && reach[t - s] === 1) {
        reach[t] = 1;
        break;
      }
  }
  return reach[total] === 1;
}

type Verdict =
  | { kind: 'whole-package'; sizes: number[]; largest: number; basis: string }
  | { kind: 'not-packages'; sizes: number[]; basis: string }
  | { kind: 'avoidable'; sizes: number[]; choice: string; leastWaste: number }
  | null;

/**
 * Verdicts of a run by code and date (the line's shared facts), NDCs, administered and discarded units: the same
 * few combinations recur over a batch, and nested maps find them with no key string built per line.
 */
type VerdictMemo = Map<object, Map<string, Map<number, Map<number, Verdict>>>>;
const memos = new WeakMap<object, VerdictMemo>();

function memoFor(memo: VerdictMemo, codeAndDate: object, ndcs: string, administered: number) {
  return innerMap(innerMap(innerMap(memo, codeAndDate), ndcs), administered);
}

function judge(
  env: ClaimContext['env'],
  code: string,
  dos: string,
  ndcs: readonly string[],
  administered: number,
  discarded: number,
): Verdict {
  const rows = (
    ndcs.length > 0
      ? ndcs.flatMap((n) => env.facts.ndcPackages(n, dos)?.value ?? [])
      : (env.facts.ndcPackagesForCode(code, dos)?.value ?? [])
  ).filter((r) => r.code === code);
  const sizes = [
    ...new Set(rows.map((r) => r.billingUnitsPerItem).filter((b): b is number => b !== null && b > 0)),
  ].sort((a, b) => a - b);
  if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s))) return null;
  const largest = sizes[sizes.length - 1] as number;
  const basis =
    ndcs.length > 0 ? `the NDC(s) on the lines (${ndcs.join(', ')})` : `the crosswalk packages of ${code}`;
  if (discarded >= largest) return { kind: 'whole-package', sizes, largest, basis };
  const total = administered + discarded;
  if (total <= 100_000 && !representable(total, sizes)) return { kind: 'not-packages', sizes, basis };
  const best = leastWaste(
    fromNumber(administered),
    sizes.map((s) => ({ size: fromNumber(s), key: String(s) })),
    1,
  ).best;
  if (best && best.waste.n >= 0n && discarded > toNumber(best.waste)) {
    return {
      kind: 'avoidable',
      sizes,
      choice: best.items.map((i) => `${i.count} × ${i.key} units`).join(' + '),
      leastWaste: toNumber(best.waste),
    };
  }
  return null;
}

/** True when a line before `index` is a JW line with the same code and date of service. */
function earlierJwLine(lines: readonly LineView[], index: number): boolean {
  const line = lines[index] as LineView;
  for (let k = 0; k < index; k++) {
    const l = lines[k] as LineView;
    if (hasJw(l) && l.dos !== null && l.code === line.code && l.dos === line.dos) return true;
  }
  return false;
}

export const jwUnitsImplausible: ClaimEdit = {
  id: 'jw-units-implausible',
  title: 'JW units implausible for the packages opened',
  severity: 'warning',
  scope: 'claim',
  needs: ['reference'],
  source: `${SOURCES.jwJz}; ${SOURCES.crosswalk}`,
  denials: [],
  fixes: [],
  check({ env, claim, report }) {
    const lines = claim.lines;
    for (let i = 0; i < lines.length; i++) {
      const jwLine = lines[i] as LineView;
      if (!hasJw(jwLine) || jwLine.dos === null) continue;
      // Each code and date once: at its first JW line.
      if (earlierJwLine(lines, i)) continue;
      let administered = 0;
      let discarded = 0;
      // The NDCs on the lines: one (the usual case) needs no list.
      let ndc: string | undefined;
      let ndcs: string[] | undefined;
      for (let k = 0; k < lines.length; k++) {
        const l = lines[k] as LineView;
        if (l.code !== jwLine.code || l.dos !== jwLine.dos) continue;
        if (hasJw(l)) discarded += l.line.units;
        else administered += l.line.units;
        const n = lineNdc11(l);
        if (n === undefined || n === ndc) continue;
        if (ndc === undefined) ndc = n;
        else if (!(ndcs ??= [ndc]).includes(n)) ndcs.push(n);
      }
      if (
        administered <= 0 ||
        discarded <= 0 ||
        !Number.isInteger(administered) ||
        !Number.isInteger(discarded)
      )
        continue;
      if (ndcs !== undefined) ndcs.sort();
      let memo = memos.get(env);
      if (!memo) {
        memo = new Map();
        memos.set(env, memo);
      }
      const byDiscarded = memoFor(
        memo,
        jwLine.facts ?? env.facts.forCode(jwLine.code, jwLine.dos),
        ndcs !== undefined ? ndcs.join(',') : (ndc ?? ''),
        administered,
      );
      let verdict = byDiscarded.get(discarded);
      if (verdict === undefined) {
        const list = ndcs ?? (ndc !== undefined ? [ndc] : []);
        verdict = judge(env, jwLine.code, jwLine.dos, list, administered, discarded);
        byDiscarded.set(discarded, verdict);
      }
      if (verdict === null) continue;
      const data = { code: jwLine.code, administered, discarded, packageSizesInUnits: verdict.sizes };
      switch (verdict.kind) {
        case 'whole-package':
          report({
            line: jwLine,
            field: 'units',
            message: `${discarded} discarded unit(s) of ${jwLine.code} on line ${jwLine.line.sequence} are at least a whole package (${verdict.largest} units, from ${verdict.basis}): a package that was not needed appears to have been opened.`,
            why: 'Discarded units are what is left of the packages opened after the dose; they are always less than the largest package opened. Check the units and the waste documentation.',
            data,
          });
          break;
        case 'not-packages':
          report({
            line: jwLine,
            field: 'units',
            message: `Administered ${administered} + discarded ${discarded} = ${administered + discarded} units of ${jwLine.code} is not a whole number of packages of ${verdict.sizes.join(' or ')} units (${verdict.basis}).`,
            why: 'Administered units (rounded up) plus discarded units (rounded down) equal the units in the packages opened, so their sum must be made of whole packages.',
            data,
          });
          break;
        case 'avoidable':
          report({
            line: jwLine,
            field: 'units',
            severity: 'info',
            message: `${discarded} unit(s) of ${jwLine.code} were discarded; opening ${verdict.choice} would have wasted ${verdict.leastWaste}.`,
            why: 'Billing follows the packages actually opened and documented; this is advice: choosing package sizes with the least waste avoids waste the payer may question.',
            data: { ...data, leastWaste: verdict.leastWaste },
          });
          break;
      }
    }
  },
};
