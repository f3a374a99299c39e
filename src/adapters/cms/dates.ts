/**
 * The date forms found in CMS files, all turned into ISO YYYY-MM-DD. Each parser returns undefined for text
 * that is not a real calendar date (20260231 is rejected), never a guess.
 */
import type { IsoDate } from '../../core/reference/model.ts';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** ISO date from parts, or undefined when the day does not exist. */
export function isoFromParts(year: number, month: number, day: number): IsoDate | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return undefined;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** "20190101" (HCPCS record layout) → "2019-01-01". */
export function isoFromYmd(text: string): IsoDate | undefined {
  if (!/^\d{8}$/.test(text)) return undefined;
  return isoFromParts(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8)));
}

/** "01/01/1995" or "1/1/1995" (X12 code lists) → "1995-01-01". */
export function isoFromMdy(text: string): IsoDate | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!m) return undefined;
  return isoFromParts(Number(m[3]), Number(m[1]), Number(m[2]));
}

/**
 * CMS Julian "YYYYDDD" (NCCI AOC file: 2013091 = 2013-04-01) → ISO.
 * @see shared/data/PROVENANCE.md §5
 */
export function isoFromJulian(text: string): IsoDate | undefined {
  if (!/^\d{7}$/.test(text)) return undefined;
  const year = Number(text.slice(0, 4));
  const dayOfYear = Number(text.slice(4));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (year < 1900 || dayOfYear < 1 || dayOfYear > (leap ? 366 : 365)) return undefined;
  const d = new Date(Date.UTC(year, 0, dayOfYear));
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** 1-12 for "January", "JAN", "Sept"…; undefined otherwise. */
export function monthNumber(name: string): number | undefined {
  const key = name.trim().toLowerCase();
  if (key.length < 3) return undefined;
  const i = MONTHS.indexOf(key.slice(0, 3));
  if (i === -1) return undefined;
  const full =
    [
      'january',
      'february',
      'march',
      'april',
      'may',
      'june',
      'july',
      'august',
      'september',
      'october',
      'november',
      'december',
    ][i] ?? '';
  // Accept the 3-letter form, "sept", or a prefix of the full name; reject "Janxyz".
  if (!full.startsWith(key) && !(key === 'sept' && i === 8)) return undefined;
  return i + 1;
}

/** "January 1, 2026" → "2026-01-01". */
export function isoFromLongDate(text: string): IsoDate | undefined {
  const m = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const month = monthNumber(m[1] ?? '');
  if (month === undefined) return undefined;
  return isoFromParts(Number(m[3]), month, Number(m[2]));
}

/** The last day of the calendar quarter that contains `iso` ("2025-10-01" → "2025-12-31"). */
export function quarterEnd(iso: IsoDate): IsoDate {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const endMonth = Math.ceil(month / 3) * 3;
  const lastDay = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  return `${year}-${pad2(endMonth)}-${pad2(lastDay)}`;
}

/** The first day of quarter `q` (1-4) of `year`. */
export function quarterStart(year: number, q: number): IsoDate {
  return `${year}-${pad2((q - 1) * 3 + 1)}-01`;
}

/** What the banner line of an ASP file says: its two dates, a date that does not exist, or no such line. */
export type BannerDates =
  { kind: 'ok'; from: IsoDate; to: IsoDate } | { kind: 'bad-date'; text: string } | { kind: 'none' };

/**
 * The "Effective January 1, 2026 through March 31, 2026" banner of the ASP files → the two dates, or which date
 * is not a calendar date ("February 30, 2026"). The order of the two is the caller's to check.
 * @see shared/data/PROVENANCE.md §2 (row 3 of the payment-limit file), §3 (row 2 of the crosswalk)
 */
export function bannerDates(text: string): BannerDates {
  const m =
    /Effective\s+([A-Za-z]+\.?\s+\d{1,2},?\s+\d{4})\s+(?:through|thru|to|-)\s+([A-Za-z]+\.?\s+\d{1,2},?\s+\d{4})/i.exec(
      text,
    );
  if (!m) return { kind: 'none' };
  const fromText = m[1] ?? '';
  const toText = m[2] ?? '';
  const from = isoFromLongDate(fromText);
  if (from === undefined) return { kind: 'bad-date', text: fromText };
  const to = isoFromLongDate(toText);
  if (to === undefined) return { kind: 'bad-date', text: toText };
  return { kind: 'ok', from, to };
}

/** The two dates of the banner, or undefined when the line is absent or a date does not exist. */
export function effectivePeriodFromBanner(text: string): { from: IsoDate; to: IsoDate } | undefined {
  const dates = bannerDates(text);
  return dates.kind === 'ok' ? { from: dates.from, to: dates.to } : undefined;
}
