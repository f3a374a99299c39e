/**
 * X12 data element values → typed values. Numbers are parsed from their text (R type: optional minus, digits,
 * optional decimal point) without going through floats for money. Each parser returns undefined for text that is
 * not a valid value; callers report the problem with its position.
 * @see ASC X12 005010 TR3 guides, Appendix A.1.3.1 (data element types R, N, DT).
 */

/** An X12 amount ("1530", "-12.5", "86.275") → integer cents, rounding half up on the third decimal. */
export function x12Cents(text: string): number | undefined {
  return centsIn(text, 0, text.length);
}

/** `x12Cents` of text[from, to), without cutting the string. */
export function centsIn(text: string, from: number, to: number): number | undefined {
  const len = to - from;
  if (len <= 0 || len > 18) return undefined;
  let i = from;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let whole = 0;
  let digits = 0;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
    digits++;
    i++;
  }
  let cents = whole * 100;
  if (i < to) {
    if (text.charCodeAt(i) !== 46) return undefined;
    i++;
    let fracDigits = 0;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
      if (fracDigits === 0) cents += (c - 48) * 10;
      else if (fracDigits === 1) cents += c - 48;
      else if (fracDigits === 2 && c >= 53) cents += 1;
      fracDigits++;
      digits++;
      i++;
    }
  }
  // Beyond 2^53 cents (90 trillion dollars) a number is no longer exact: not an amount.
  if (digits === 0 || cents > Number.MAX_SAFE_INTEGER) return undefined;
  return negative ? -cents : cents;
}

/** An X12 quantity ("1", "1.00", "-2", ".5") → number. */
export function x12Number(text: string): number | undefined {
  if (text.length === 0 || text.length > 18) return undefined;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46) dots++;
    else if ((c === 45 || c === 43) && i === 0) continue;
    else return undefined;
  }
  if (digits === 0 || dots > 1) return undefined;
  return Number(text);
}

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/**
 * Dates already formatted, direct-mapped by (year from 1800, month, day): files repeat a few hundred dates millions
 * of times, and an array read is cheaper than a Map lookup. `null` marks a number that is not a calendar date.
 */
const firstCachedYear = 1800;
const cachedYears = 400;
const isoCache: (string | null | undefined)[] = new Array<string | null | undefined>(
  cachedYears * 13 * 32,
).fill(undefined);

/** A date given as the number CCYYMMDD → YYYY-MM-DD (undefined when not a calendar date from 1800 on). */
export function isoFromNumber(v: number): string | undefined {
  const y = Math.floor(v / 10000);
  const m = Math.floor(v / 100) % 100;
  const d = v % 100;
  const cacheable = y >= firstCachedYear && y < firstCachedYear + cachedYears && m <= 12 && d <= 31;
  const slot = ((y - firstCachedYear) * 13 + m) * 32 + d;
  if (cacheable) {
    const cached = isoCache[slot];
    if (cached !== undefined) return cached ?? undefined;
  }
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = m === 2 && !leap ? 28 : (daysInMonth[m - 1] ?? 0);
  const iso =
    m >= 1 && m <= 12 && d >= 1 && d <= max && y >= 1800
      ? `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
      : null;
  if (cacheable) isoCache[slot] = iso;
  return iso ?? undefined;
}

/** CCYYMMDD in text[from, from+8) → YYYY-MM-DD, without cutting the string. */
export function dateIn(text: string, from: number): string | undefined {
  let v = 0;
  for (let i = from; i < from + 8; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  return isoFromNumber(v);
}

/** CCYYMMDD → YYYY-MM-DD (undefined when not a calendar date). */
export function x12Date(text: string): string | undefined {
  return text.length === 8 ? dateIn(text, 0) : undefined;
}

/** D8 "CCYYMMDD" or RD8 "CCYYMMDD-CCYYMMDD" → from/to (to equals from for D8). */
export function x12DateOrRange(qualifier: string, text: string): { from: string; to: string } | undefined {
  if (qualifier === 'RD8' || (qualifier === '' && text.length === 17)) {
    const dash = text.indexOf('-');
    if (dash === -1) return undefined;
    const from = x12Date(text.substring(0, dash));
    const to = x12Date(text.substring(dash + 1));
    return from !== undefined && to !== undefined ? { from, to } : undefined;
  }
  if (qualifier === 'DT' && text.length >= 8) {
    const d = x12Date(text.substring(0, 8));
    return d === undefined ? undefined : { from: d, to: d };
  }
  const d = x12Date(text);
  return d === undefined ? undefined : { from: d, to: d };
}

/** ICD-10-CM code as sent → upper case without a dot or blanks. */
export function cleanDiagnosis(code: string): string {
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return code.replace(/[.\s]/g, '').toUpperCase();
  }
  return code;
}

/** YYYY-MM-DD → CCYYMMDD. */
export function toX12Date(iso: string): string {
  return iso.replace(/-/g, '');
}

/** Integer cents → X12 amount without trailing zeros ("1530", "12.5", "-0.01"). */
export function toX12Amount(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  const text =
    frac === 0
      ? String(whole)
      : frac % 10 === 0
        ? `${whole}.${frac / 10}`
        : `${whole}.${String(frac).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** A quantity → X12 decimal text ("1", "2.5"), at most 3 decimals as the guides allow for SV104/CTP04. */
export function toX12Quantity(n: number): string {
  const rounded = Math.round(n * 1000) / 1000;
  return String(rounded);
}
