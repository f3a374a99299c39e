/**
 * Exact rational arithmetic on BigInt, so that a dose never picks up binary floating-point error on its way to
 * billing units: 1.8 mg/kg × 80 kg is exactly 144 mg (and so exactly 144 one-mg units, never 145), and 0.1 + 0.2
 * is exactly 0.3. Decimal text parses exactly; numbers are read through their shortest decimal text.
 *
 * Values are immutable and always kept in lowest terms with a positive denominator.
 */

export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

const ZERO_BIG = 0n;

function gcdBig(a: bigint, b: bigint): bigint {
  let x = a < ZERO_BIG ? -a : a;
  let y = b < ZERO_BIG ? -b : b;
  while (y !== ZERO_BIG) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

export function ratio(n: bigint, d: bigint = 1n): Rational {
  if (d === ZERO_BIG) throw new RangeError('rational with a zero denominator');
  if (d < ZERO_BIG) {
    n = -n;
    d = -d;
  }
  const g = gcdBig(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const ZERO: Rational = ratio(0n);
export const ONE: Rational = ratio(1n);

/**
 * 2^53 − 1: units, package counts and cents leave the engine as JS numbers, exact only up to this, so an input or
 * count past it is refused rather than silently rounded.
 */
export const MAX_EXACT_INTEGER = BigInt(Number.MAX_SAFE_INTEGER);

/** True when |a| is above MAX_EXACT_INTEGER. */
export const beyondExact = (a: Rational): boolean => (a.n < ZERO_BIG ? -a.n : a.n) > MAX_EXACT_INTEGER * a.d;

/** Parses decimal text ("1500", "0.5", "-2.25", "1,500.75", "1e3") exactly; undefined when it is not a number. */
export function parseRational(text: string): Rational | undefined {
  const cleaned = text.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(cleaned);
  if (!m) return undefined;
  const whole = m[2] ?? '';
  const frac = m[3] ?? '';
  if (whole === '' && frac === '') return undefined;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return undefined;
  let n = BigInt(`${whole}${frac}` || '0');
  let d = 10n ** BigInt(frac.length);
  if (exp > 0) n *= 10n ** BigInt(exp);
  if (exp < 0) d *= 10n ** BigInt(-exp);
  if (m[1] === '-') n = -n;
  return ratio(n, d);
}

/** A finite JS number read through its shortest round-trip decimal text (0.1 → 1/10, not the binary double). */
export function fromNumber(value: number): Rational {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const parsed = parseRational(String(value));
  if (!parsed) throw new RangeError(`cannot read ${value} as a decimal`);
  return parsed;
}

/** Accepts a Rational, a number or decimal text. */
export type RationalLike = Rational | number | string;

export function toRational(value: RationalLike): Rational {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value === 'string') {
    const parsed = parseRational(value);
    if (!parsed) throw new RangeError(`not a decimal number: ${JSON.stringify(value)}`);
    return parsed;
  }
  return value;
}

export const add = (a: Rational, b: Rational): Rational => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => ratio(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => ratio(a.n * b.n, a.d * b.d);
export function div(a: Rational, b: Rational): Rational {
  if (b.n === ZERO_BIG) throw new RangeError('division by zero');
  return ratio(a.n * b.d, a.d * b.n);
}

export const cmp = (a: Rational, b: Rational): -1 | 0 | 1 => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const eq = (a: Rational, b: Rational): boolean => cmp(a, b) === 0;
export const lt = (a: Rational, b: Rational): boolean => cmp(a, b) < 0;
export const lte = (a: Rational, b: Rational): boolean => cmp(a, b) <= 0;
export const gt = (a: Rational, b: Rational): boolean => cmp(a, b) > 0;
export const gte = (a: Rational, b: Rational): boolean => cmp(a, b) >= 0;
export const isZero = (a: Rational): boolean => a.n === ZERO_BIG;
export const isPositive = (a: Rational): boolean => a.n > ZERO_BIG;
export const isInteger = (a: Rational): boolean => a.d === 1n;
export const min = (a: Rational, b: Rational): Rational => (lte(a, b) ? a : b);
export const max = (a: Rational, b: Rational): Rational => (gte(a, b) ? a : b);

/** Largest integer ≤ a. */
export function floor(a: Rational): bigint {
  const q = a.n / a.d;
  return a.n < ZERO_BIG && q * a.d !== a.n ? q - 1n : q;
}

/** Smallest integer ≥ a. */
export function ceil(a: Rational): bigint {
  const q = a.n / a.d;
  return a.n > ZERO_BIG && q * a.d !== a.n ? q + 1n : q;
}

/** Rounds to `places` decimals, half away from zero, and returns the result as a rational. */
export function roundTo(a: Rational, places: number): Rational {
  const scale = 10n ** BigInt(places);
  const scaled = ratio(a.n * scale, a.d);
  const neg = scaled.n < ZERO_BIG;
  const absN = neg ? -scaled.n : scaled.n;
  const q = (absN * 2n + scaled.d) / (2n * scaled.d);
  return ratio(neg ? -q : q, scale);
}

/** Decimal text with at most `maxPlaces` decimals (rounded half away from zero), trailing zeros dropped. */
export function toDecimalString(a: Rational, maxPlaces = 6): string {
  const r = roundTo(a, maxPlaces);
  const neg = r.n < ZERO_BIG;
  const absN = neg ? -r.n : r.n;
  const scale = 10n ** BigInt(maxPlaces);
  const scaled = (absN * scale) / r.d;
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(maxPlaces, '0').replace(/0+$/, '');
  return `${neg && scaled !== ZERO_BIG ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** True when the value has a finite decimal expansion of at most `maxPlaces` digits (display is then exact). */
export function isExactAt(a: Rational, maxPlaces: number): boolean {
  return eq(roundTo(a, maxPlaces), a);
}

/** A JS number for output (JSON). Exact for every value that has a short decimal expansion. */
export function toNumber(a: Rational, maxPlaces = 6): number {
  return Number(toDecimalString(a, maxPlaces));
}

/** Integer square root (floor) of a non-negative BigInt, by Newton's method. */
export function isqrt(value: bigint): bigint {
  if (value < ZERO_BIG) throw new RangeError('square root of a negative number');
  if (value < 2n) return value;
  // Newton steps from a power of two at or above √value (a float estimate is Infinity past 1e308, and may start
  // below the root); then fix the last unit exactly.
  let x = 1n << BigInt(Math.ceil(value.toString(2).length / 2));
  for (;;) {
    const y = (x + value / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > value) x -= 1n;
  while ((x + 1n) * (x + 1n) <= value) x += 1n;
  return x;
}

/**
 * √a rounded half up to `places` decimals, computed exactly: r is the largest integer with (2r − 1)² ≤ 4·a·10^(2p),
 * i.e. r = ⌊(⌊√(4·a·10^(2p))⌋ + 1) / 2⌋.
 */
export function sqrtRounded(a: Rational, places: number): Rational {
  if (a.n < ZERO_BIG) throw new RangeError('square root of a negative number');
  const scale = 10n ** BigInt(places * 2);
  const k = isqrt((4n * a.n * scale) / a.d);
  return ratio((k + 1n) / 2n, 10n ** BigInt(places));
}

export const gcdInt = gcdBig;

export function lcmInt(a: bigint, b: bigint): bigint {
  if (a === ZERO_BIG || b === ZERO_BIG) return ZERO_BIG;
  return (a / gcdBig(a, b)) * b;
}
