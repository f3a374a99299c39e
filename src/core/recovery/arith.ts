/**
 * Exact integer arithmetic for payment math. Every rounding in recovery goes through `mulDivRound`, so the
 * convention is written once: round half away from zero (half up for the positive amounts payments are), on
 * the exact product, with BigInt so units × mills × percent never loses a digit.
 */
import { groupThousands } from '../money.ts';

/** round(a × b / c), half away from zero. a, b and c must be integers; c ≠ 0. */
export function mulDivRound(a: number, b: number, c: number): number {
  return productDivRound([a, b], c);
}

/** round(Π factors / c), half away from zero, exact. Factors and c must be integers; c ≠ 0. */
export function productDivRound(factors: readonly number[], c: number): number {
  if (!factors.every((f) => Number.isInteger(f)) || !Number.isInteger(c) || c === 0) {
    throw new RangeError(`productDivRound needs integers and c ≠ 0 (got ${factors.join(', ')} / ${c})`);
  }
  let p = 1;
  for (const f of factors) p *= f;
  // Fast path: with |product| and |c| below 2^50, 2·|p| + |c| and q·2·|c| stay exact doubles; else BigInt.
  if (Math.abs(p) < 2 ** 50 && Math.abs(c) < 2 ** 50) {
    const negative = p < 0 !== c < 0 && p !== 0;
    const ap = Math.abs(p);
    const ac = Math.abs(c);
    const q = Math.floor((2 * ap + ac) / (2 * ac));
    // floor of an exact quotient of safe integers is exact except when the division rounds up across an integer;
    // correct with the remainder.
    const r = 2 * ap + ac - q * 2 * ac;
    const fixed = r < 0 ? q - 1 : r >= 2 * ac ? q + 1 : q;
    return negative ? -fixed : fixed;
  }
  const n = factors.reduce((acc, f) => acc * BigInt(f), 1n);
  const d = BigInt(c);
  const negative = n < 0n !== d < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  return Number(negative ? -q : q);
}

/** Units as integer thousandths (1.5 units → 1500), the scale every units product uses. */
export function unitsMilli(units: number): number {
  return Math.round(units * 1000);
}

/** Units × a per-unit amount in mills → cents, rounded half up once: round(units × mills / 10). */
export function unitsTimesMillsToCents(units: number, mills: number): number {
  return mulDivRound(unitsMilli(units), mills, 10_000);
}

/** A percentage written with up to 3 decimals ("19.994", 20, 112.5) as integer thousandths of a percent. */
export function percentMilli(percent: number): number {
  return Math.round(percent * 1000);
}

/** round(cents × percentMilli / 100 000): a percentage (in thousandths of a percent) of an amount. */
export function percentOf(cents: number, pctMilli: number): number {
  return mulDivRound(cents, pctMilli, 100_000);
}

/** Formats thousandths of a percent: 20000 → "20%", 19994 → "19.994%". */
export function formatPercentMilli(pctMilli: number): string {
  const whole = Math.trunc(pctMilli / 1000);
  const frac = Math.abs(pctMilli % 1000);
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}%`;
}

/** Formats mills as dollars with 3 decimals and thousands separated, as `formatDollars`: 86270 → "$86.270". */
export function formatMills(mills: number): string {
  const sign = mills < 0 ? '-' : '';
  const abs = Math.abs(mills);
  const whole = groupThousands(String(Math.floor(abs / 1000)));
  return `${sign}$${whole}.${String(abs % 1000).padStart(3, '0')}`;
}

/** Splits `total` over `weights` in proportion, integer parts that sum exactly to `total` (largest remainder). */
export function splitProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  if (weights.length === 0) return [];
  if (sum === 0) {
    const out = weights.map(() => 0);
    out[0] = total;
    return out;
  }
  const raw = weights.map((w) => (Math.max(0, w) * total) / sum);
  const out = raw.map((r) => Math.floor(r));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => ({ i, frac: r - Math.floor(r) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left -= 1;
  }
  return out;
}
