/**
 * Least-waste package choice. All combinations of the available package sizes are searched (a bounded dynamic
 * programme over totals), so the answer is the true minimum, not a plausible-looking greedy pick: for 750 mg of
 * durvalumab from 500 mg and 120 mg vials the least waste is 7 × 120 mg = 840 mg (90 mg over), not
 * 500 + 3 × 120 = 860 mg (110 mg over).
 *
 * Why the window is enough: in a least-waste combination the total T satisfies T < dose + smallest size, since
 * otherwise removing one smallest package still covers the dose with less waste. So only totals in
 * [dose, dose + smallest) are searched, on the grid of the greatest common divisor of the sizes.
 */
import { ceil, div, gcdInt, isPositive, lcmInt, mul, ratio, sub, cmp, type Rational } from './rational.ts';

/** One distinct package size, in the base unit of the billing unit's kind (e.g. mg). */
export interface SizeOption {
  size: Rational;
  /** Caller's key for the size (carried through untouched). */
  key: string;
}

export interface Combination {
  /** Counts per size key, largest size first. */
  items: { key: string; size: Rational; count: number }[];
  total: Rational;
  waste: Rational;
  packageCount: number;
}

export interface SearchResult {
  best: Combination | undefined;
  /** Other combinations worth showing (best first), including the best one. */
  considered: Combination[];
  /** True when the grid was too fine or the dose too large to search every total (best is then a fallback). */
  bounded: boolean;
}

/** Cells the dynamic programme may use: keeps a pathological input (a 1 mcg grid over grams) from running away. */
export const SEARCH_CELL_LIMIT = 2_000_000;

function combinationOf(counts: Map<number, number>, sizes: SizeOption[], dose: Rational): Combination {
  const items = [...counts.entries()]
    .filter(([, c]) => c > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([i, count]) => {
      const s = sizes[i] as SizeOption;
      return { key: s.key, size: s.size, count };
    });
  let total = ratio(0n);
  let packageCount = 0;
  for (const it of items) {
    total = ratioAdd(total, mul(it.size, ratio(BigInt(it.count))));
    packageCount += it.count;
  }
  return { items, total, waste: sub(total, dose), packageCount };
}

const ratioAdd = (a: Rational, b: Rational): Rational => ratio(a.n * b.d + b.n * a.d, a.d * b.d);

function signature(c: Combination): string {
  return c.items.map((i) => `${i.key}×${i.count}`).join('+');
}

/** Orders combinations: least waste, then fewest packages, then larger packages first (deterministic). */
export function compareCombinations(a: Combination, b: Combination): number {
  const w = cmp(a.waste, b.waste);
  if (w !== 0) return w;
  if (a.packageCount !== b.packageCount) return a.packageCount - b.packageCount;
  return signature(a) < signature(b) ? -1 : signature(a) > signature(b) ? 1 : 0;
}

/**
 * Searches every combination of `sizes` (distinct, positive) covering `dose` for the least waste, ties broken by
 * fewest packages. The result does not depend on the order of `sizes`.
 */
export function leastWaste(
  dose: Rational,
  inputSizes: readonly SizeOption[],
  maxConsidered = 8,
): SearchResult {
  const sizes = [...inputSizes]
    .filter((s) => isPositive(s.size))
    .sort((a, b) => cmp(b.size, a.size) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (sizes.length === 0 || !isPositive(dose)) return { best: undefined, considered: [], bounded: false };

  // Integer grid: multiply by the lcm of every denominator, then divide by the gcd of the sizes.
  let scale = dose.d;
  for (const s of sizes) scale = lcmInt(scale, s.size.d);
  const ints = sizes.map((s) => (s.size.n * scale) / s.size.d);
  let g = 0n;
  for (const v of ints) g = gcdInt(g, v);
  const steps = ints.map((v) => v / g);
  const target = ceil(div(mul(dose, ratio(scale)), ratio(g)));
  const smallest = steps.reduce((a, b) => (b < a ? b : a));
  const hi = target + smallest - 1n;

  const considered = new Map<string, Combination>();
  const consider = (c: Combination): void => {
    if (cmp(c.total, dose) >= 0) considered.set(signature(c), c);
  };

  // Simple plans a person would think of, shown beside the optimum: n of one size, and largest-first filling.
  sizes.forEach((s, i) => {
    const n = Number(ceil(div(dose, s.size)));
    consider(combinationOf(new Map([[i, n]]), sizes, dose));
  });
  consider(greedy(dose, sizes));

  let bounded = false;
  if (hi > BigInt(SEARCH_CELL_LIMIT)) {
    bounded = true;
  } else {
    const H = Number(hi);
    const stepNums = steps.map(Number);
    const INF = 0x7fffffff;
    const best = new Int32Array(H + 1).fill(INF);
    const choice = new Int16Array(H + 1).fill(-1);
    best[0] = 0;
    for (let t = 1; t <= H; t++) {
      let bc = INF;
      let bi = -1;
      // Sizes are largest first and only a strictly better count replaces: ties keep the larger package.
      for (let i = 0; i < stepNums.length; i++) {
        const s = stepNums[i] as number;
        if (s > t) continue;
        const prev = best[t - s] as number;
        if (prev !== INF && prev + 1 < bc) {
          bc = prev + 1;
          bi = i;
        }
      }
      best[t] = bc;
      choice[t] = bi;
    }
    const T0 = Number(target);
    let shown = 0;
    for (let t = T0; t <= H && shown < maxConsidered; t++) {
      if (best[t] === INF) continue;
      const counts = new Map<number, number>();
      let r = t;
      while (r > 0) {
        const i = choice[r] as number;
        counts.set(i, (counts.get(i) ?? 0) + 1);
        r -= stepNums[i] as number;
      }
      consider(combinationOf(counts, sizes, dose));
      shown++;
    }
  }

  const list = [...considered.values()].sort(compareCombinations);
  return { best: list[0], considered: list.slice(0, maxConsidered), bounded };
}

/** Largest packages first while the rest of the dose needs them, then the smallest single package that covers it. */
function greedy(dose: Rational, sizes: SizeOption[]): Combination {
  const counts = new Map<number, number>();
  let rest = dose;
  for (let i = 0; i < sizes.length; i++) {
    const s = (sizes[i] as SizeOption).size;
    const n = cmp(rest, s) >= 0 ? Number(ceil(div(rest, s))) - 1 : 0;
    if (n > 0) {
      counts.set(i, n);
      rest = sub(rest, mul(s, ratio(BigInt(n))));
    }
  }
  if (isPositive(rest)) {
    // the smallest size that covers the rest, or else one more of the smallest
    let pick = sizes.length - 1;
    for (let i = sizes.length - 1; i >= 0; i--) {
      if (cmp((sizes[i] as SizeOption).size, rest) >= 0) {
        pick = i;
        break;
      }
    }
    counts.set(pick, (counts.get(pick) ?? 0) + 1);
    rest = sub(rest, (sizes[pick] as SizeOption).size);
    while (isPositive(rest)) {
      counts.set(pick, (counts.get(pick) ?? 0) + 1);
      rest = sub(rest, (sizes[pick] as SizeOption).size);
    }
  }
  return combinationOf(counts, sizes, dose);
}
