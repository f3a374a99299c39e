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
  // R 1/18: 18 digits, with a sign and a decimal point that do not count.
  if (len <= 0 || len > 20) return undefined;
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
  if (digits === 0 || digits > 18 || cents > Number.MAX_SAFE_INTEGER) return undefined;
  return negative ? -cents : cents;
}

/**
 * Digits an X12 quantity holds: data element 380 (SV104, SV205, CTP04, CAS quantities, 835 SVC05) is R 1/15, and
 * the length of an R value does not count its sign or decimal point.
 * @see 005010 TR3s, Appendix A.1.3.1.4 (decimal); X12 RFI 1924 (CTP04 is R 1/15).
 */
export const QUANTITY_DIGITS = 15;

/** Digits of an R value (an optional sign, digits, at most one point); 0 when the text is not one. */
function rDigits(text: string): number {
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46) dots++;
    else if ((c !== 45 && c !== 43) || i !== 0) return 0;
  }
  return dots > 1 ? 0 : digits;
}

/** An X12 quantity ("1", "1.00", "-2", ".5") → number; undefined beyond `QUANTITY_DIGITS` digits. */
export function x12Number(text: string): number | undefined {
  if (text.length === 0 || text.length > QUANTITY_DIGITS + 2) return undefined;
  const digits = rDigits(text);
  return digits === 0 || digits > QUANTITY_DIGITS ? undefined : Number(text);
}

/**
 * Why `x12Number` (a quantity) or `x12Cents` (an amount) gave undefined for non-empty text, as the end of a
 * sentence naming the value: a number with too many digits is not "not a number".
 */
export function whyNotANumber(text: string, kind: 'quantity' | 'amount'): string {
  const digits = rDigits(text);
  if (digits === 0) return 'is not a number';
  // Amounts are R 1/18; `centsIn` reads them as exact integer cents, up to 2^53.
  if (kind === 'amount')
    return digits > 18
      ? `has ${digits} digits, more than X12 allows in an amount (R, at most 18)`
      : 'is too large an amount to read exactly (over 90 trillion dollars)';
  return `has ${digits} digits, more than X12 allows in a quantity (R, at most ${QUANTITY_DIGITS})`;
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

/** Diagnosis qualifiers (HI composites): 5010 ABK/ABF/ABJ/APR/ABN, and their 4010 forms BK/BF/BJ/PR/BN. */
export const diagnosisQualifiers: ReadonlySet<string> = new Set([
  'ABK',
  'ABF',
  'ABJ',
  'APR',
  'ABN',
  'BK',
  'BF',
  'BJ',
  'PR',
  'BN',
]);

/**
 * HI qualifiers of the code types an 837P sends in 2300 HI segments besides diagnoses: they take no diagnosis
 * pointer. @see 005010X222A1 2300 HI Anesthesia Related Procedure (HI01-1 BP, HI02-1 BO) and Condition Information
 * (BG).
 */
export const professionalOtherHiQualifiers: ReadonlySet<string> = new Set(['BP', 'BO', 'BG']);

/**
 * The same for an 837I. @see 005010X223A2 2300 HI Principal Procedure (BBR, BR, CAH), Other Procedure (BBQ, BQ),
 * Occurrence Span (BI), Occurrence (BH), Value (BE), Condition (BG), Diagnosis Related Group (DR) and Treatment Code
 * (TC) Information.
 */
export const institutionalOtherHiQualifiers: ReadonlySet<string> = new Set([
  'BBR',
  'BR',
  'CAH',
  'BBQ',
  'BQ',
  'BI',
  'BH',
  'BE',
  'BG',
  'DR',
  'TC',
]);

/**
 * Whether a diagnosis code (as `cleanDiagnosis` gives it) has the shape of an ICD-10-CM code: a letter, a digit,
 * a digit or letter, then up to four letters or digits (C5091, C4A0, Z5111, T451X5A). A shape only: ICD-9-CM
 * V codes (V5811) have it too.
 */
export function looksLikeIcd10(code: string): boolean {
  if (code.length < 3 || code.length > 7) return false;
  const first = code.charCodeAt(0);
  const second = code.charCodeAt(1);
  if (first < 65 || first > 90 || second < 48 || second > 57) return false;
  for (let i = 2; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** ICD-10-CM code as sent → upper case without a dot or blanks. */
export function cleanDiagnosis(code: string): string {
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return code.replace(/[.\s]/g, '').toUpperCase();
  }
  return code;
}

/** How `code` differs from what `cleanDiagnosis` makes of it: "without the decimal point", "in upper case"… */
export function diagnosisFormatReason(code: string): string {
  const reasons: string[] = [];
  if (code.includes('.')) reasons.push('without the decimal point (it is implied)');
  if (/\s/.test(code)) reasons.push('without blanks');
  if (code !== code.toUpperCase()) reasons.push('in upper case');
  return reasons.join(' and ');
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

/**
 * Decimals drugclaim writes in a quantity: three, as the NDC quantity edit allows for (the 837I TR3 restricts SV205
 * beyond R 1/15; CTP04 is R 1/15 alone). @see core/edits/ndc-quantity.ts; X12 RFI 1924.
 */
export const QUANTITY_DECIMALS = 3;

/** A quantity as an 837 writes it (`text`), the quantity in plain decimals (`value`), and why they differ. */
export interface X12Quantity {
  text: string;
  value: string;
  /**
   * Undefined when `text` is the quantity. `decimals`: more than `QUANTITY_DECIMALS`, rounded half up; `digits`:
   * more than `QUANTITY_DIGITS`, decimals rounded off to fit; `zero`: a quantity that rounds to 0; `too-long`: more
   * than `QUANTITY_DIGITS` before the point, written whole (X12 cannot hold it); `not-finite`: nothing written.
   */
  trouble?: 'decimals' | 'digits' | 'zero' | 'too-long' | 'not-finite';
}

/** |n| as decimal digits without an exponent (its shortest round-trip form, as a user or a JSON file wrote it). */
function plainDecimal(abs: number): [whole: string, fraction: string] {
  const text = String(abs);
  const e = text.indexOf('e');
  if (e === -1) {
    const dot = text.indexOf('.');
    return dot === -1 ? [text, ''] : [text.substring(0, dot), text.substring(dot + 1)];
  }
  const mantissa = text.substring(0, e).replace('.', '');
  const point = Number(text.substring(e + 1)) + 1; // digits before the point
  if (point <= 0) return ['0', '0'.repeat(-point) + mantissa];
  if (point >= mantissa.length) return [mantissa + '0'.repeat(point - mantissa.length), ''];
  return [mantissa.substring(0, point), mantissa.substring(point)];
}

/**
 * A quantity → X12 decimal text ("1", "2.5", "-0.125"): exact when it has at most `QUANTITY_DECIMALS` decimals and
 * `QUANTITY_DIGITS` digits; otherwise its nearest value X12 holds, and `trouble` says why. Decimal arithmetic on the
 * digits, never `n * 1000` (1.2345 stays 1.2345 → 1.235; 123456789012345 is not 123456789012344.98).
 */
export function x12Quantity(n: number): X12Quantity {
  // Whole numbers that fit, as most unit counts are: no string work.
  if (Number.isInteger(n) && n < 1e15 && n > -1e15) {
    const text = String(n);
    return { text, value: text };
  }
  if (!Number.isFinite(n)) return { text: '', value: String(n), trouble: 'not-finite' };
  const sign = n < 0 ? '-' : '';
  const [whole, fraction] = plainDecimal(Math.abs(n));
  const value = `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
  const wholeDigits = whole === '0' ? 0 : whole.length;
  const keep = Math.max(0, Math.min(QUANTITY_DECIMALS, QUANTITY_DIGITS - wholeDigits));
  if (fraction.length <= keep && wholeDigits <= QUANTITY_DIGITS) return { text: value, value };
  // Round half up at `keep` decimals, on the digits as a whole number.
  let digits = BigInt(whole + fraction.substring(0, keep));
  if (fraction.charCodeAt(keep) >= 53) digits += 1n;
  const all = digits.toString().padStart(keep + 1, '0');
  const w = all.substring(0, all.length - keep);
  const f = all.substring(all.length - keep).replace(/0+$/, '');
  const rounded = `${w}${f === '' ? '' : `.${f}`}`;
  const zero = digits === 0n;
  const text = zero ? '0' : `${sign}${rounded}`;
  // A carry can add a digit before the point: 999999999999999.9 → 1000000000000000.
  const trouble =
    wholeDigits > QUANTITY_DIGITS || w.length > QUANTITY_DIGITS
      ? 'too-long'
      : zero
        ? 'zero'
        : keep < QUANTITY_DECIMALS
          ? 'digits'
          : 'decimals';
  // A float's own noise (0.1 + 0.2 = 0.30000000000000004) is not a rounding worth a report.
  if (trouble === 'decimals' && Math.abs(n - Number(text)) < 1e-9) return { text, value: text };
  return { text, value, trouble };
}

/** `x12Quantity(n).text`: where a rounded quantity needs no report (a weight or height converted to lb or in). */
export function toX12Quantity(n: number): string {
  return x12Quantity(n).text;
}
