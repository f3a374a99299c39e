/**
 * JW units that do not fit the packages that could have been opened. With whole-unit package sizes, the units
 * administered (rounded up) plus the units discarded (rounded down) equal the units opened, and every package opened
 * was needed (had the waste been as large as one of them, that one was not), so:
 * - administered + discarded must be a sum of whole packages of the code's sizes on the date;
 * - the discarded units must be less than the largest package (else a whole package was opened for nothing);
 * - and less than every package of at least one such sum: 216 + 134 = 350 units of Yervoy is 200 + 3 × 50, but 134
 *   units of waste would leave a 50-unit vial unopened, so no mix of vials that were all needed explains it;
 * - more waste than the least-waste choice of packages is avoidable (advice: billing follows what was opened).
 * Package sizes: every crosswalk package of the code on the date (`drugclaim units` opens several sizes and bills
 * one line per NDC or the NDC of the largest package). NDCs on the lines narrow the mix: each is one of the packages
 * opened and none larger than the largest of them was; the crosswalk sizes that are not whole units are then left
 * out (without an NDC, any such size leaves the code unjudged, as before).
 */
import { innerMap } from '../../memo.ts';
import { leastWaste } from '../../dosing/packages.ts';
import { fromNumber, toNumber } from '../../dosing/rational.ts';
import { listWords, SOURCES } from '../support.ts';
import { hasJw, jwJzBill, lineNdc11 } from '../jw-jz.ts';
import type { ClaimContext, ClaimEdit, LineView } from '../types.ts';

/** True when `total` is a sum of the (positive, whole) sizes. */
function representable(total: number, sizes: readonly number[]): boolean {
  if (total === 0) return true;
  if (total < 0 || sizes.length === 0) return false;
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
  | {
      kind: 'unneeded-package';
      sizes: number[];
      basis: string;
      choice: string | null;
      leastWaste: number | null;
    }
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

const sizesOf = (rows: readonly { billingUnitsPerItem: number | null }[]): number[] =>
  [...new Set(rows.map((r) => r.billingUnitsPerItem).filter((b): b is number => b !== null && b > 0))].sort(
    (a, b) => a - b,
  );

function judge(
  env: ClaimContext['env'],
  code: string,
  dos: string,
  ndcs: readonly string[],
  administered: number,
  discarded: number,
): Verdict {
  const codeSizes = sizesOf(
    (env.facts.ndcPackagesForCode(code, dos)?.value ?? []).filter((r) => r.code === code),
  );
  const ndcSizes = sizesOf(
    ndcs.flatMap((n) => env.facts.ndcPackages(n, dos)?.value ?? []).filter((r) => r.code === code),
  );
  let sizes: number[];
  let basis: string;
  if (ndcSizes.length > 0) {
    if (ndcSizes.some((s) => !Number.isInteger(s))) return null;
    const top = ndcSizes[ndcSizes.length - 1] as number;
    sizes = [...new Set([...ndcSizes, ...codeSizes.filter((s) => Number.isInteger(s) && s <= top)])].sort(
      (a, b) => a - b,
    );
    basis = `the crosswalk packages of ${code} no larger than the NDC(s) on the lines, ${ndcs.join(', ')}`;
  } else {
    if (codeSizes.length === 0 || codeSizes.some((s) => !Number.isInteger(s))) return null;
    sizes = codeSizes;
    basis = `the crosswalk packages of ${code}`;
  }
  const largest = sizes[sizes.length - 1] as number;
  if (discarded >= largest)
    return {
      kind: 'whole-package',
      sizes,
      largest,
      basis: ndcSizes.length > 0 ? `from the NDC(s) on the lines (${ndcs.join(', ')})` : `from ${basis}`,
    };
  const total = administered + discarded;
  if (total > 100_000) return null;
  // One package of each NDC on the lines was opened: the rest of the total is made of any of the sizes.
  const rest = total - ndcSizes.reduce((sum, s) => sum + s, 0);
  if (!representable(rest, sizes)) return { kind: 'not-packages', sizes, basis };
  const best = leastWaste(
    fromNumber(administered),
    sizes.map((s) => ({ size: fromNumber(s), key: String(s) })),
    1,
  ).best;
  const choice = best ? best.items.map((i) => `${i.count} × ${i.key} units`).join(' + ') : null;
  const least = best && best.waste.n >= 0n ? toNumber(best.waste) : null;
  // Every package opened was needed: the waste is less than each of them (the NDCs' packages included).
  const needed = sizes.filter((s) => s > discarded);
  if (ndcSizes.some((s) => s <= discarded) || !representable(rest, needed))
    return { kind: 'unneeded-package', sizes, basis, choice, leastWaste: least };
  if (choice !== null && least !== null && discarded > least)
    return { kind: 'avoidable', sizes, choice, leastWaste: least };
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
    if (!jwJzBill(claim)) return;
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
            message: `${discarded} discarded unit(s) of ${jwLine.code} on line ${jwLine.line.sequence} are at least a whole package (${verdict.largest} units, ${verdict.basis}): a package that was not needed appears to have been opened.`,
            why: 'Discarded units are what is left of the packages opened after the dose; they are always less than the largest package opened. Check the units and the waste documentation.',
            data,
            doubts: 'units',
          });
          break;
        case 'not-packages':
          report({
            line: jwLine,
            field: 'units',
            message: `Administered ${administered} + discarded ${discarded} = ${administered + discarded} units of ${jwLine.code} is not a whole number of packages of ${listWords(verdict.sizes.map(String), 'or')} units (${verdict.basis}).`,
            why: 'Administered units (rounded up) plus discarded units (rounded down) equal the units in the packages opened, so their sum must be made of whole packages.',
            data,
            doubts: 'units',
          });
          break;
        case 'unneeded-package':
          report({
            line: jwLine,
            field: 'units',
            message: `${discarded} discarded unit(s) of ${jwLine.code} on line ${jwLine.line.sequence} are more than packages of ${listWords(verdict.sizes.map(String), 'or')} units (${verdict.basis}) can leave after ${administered} administered: every mix that makes ${administered + discarded} units holds a package the dose did not need.${verdict.choice !== null && verdict.leastWaste !== null ? ` Opening ${verdict.choice} leaves ${verdict.leastWaste} unit(s) of waste.` : ''}`,
            why: 'Discarded units are what is left of the packages opened after the dose, so they are less than each package opened: had the waste been a whole package or more, that package was not needed for the dose. Check the JW units against the waste documentation.',
            data: { ...data, leastWaste: verdict.leastWaste },
            doubts: 'units',
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
