/**
 * Money is integer cents; CMS payment limits (3 decimals) are integer mills (1/1000 dollar).
 * Never sum floats. Parsing is from the decimal text so "86.270" is exactly 86270 mills.
 */

/**
 * Parses a decimal dollar amount ("1500", "-12.5", "$85.120", "1,234.56") to an integer number of 10^-scale units.
 * A comma is read only as a thousands separator, between well-formed groups of three digits ("3,365.04", "1,000"):
 * "3,36" may be a decimal comma or a typo, and reading it as 336 dollars would record ten times the money, so it is
 * no amount (undefined), and so are spaces inside the digits ("1 145,35") and a first group with a leading zero
 * ("0,500" is a decimal comma, not 500 dollars).
 */
export function parseDecimal(text: string, scale: number): number | undefined {
  const m = /^([+-]?)\$?\s*([+-]?)([1-9]\d{0,2}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[1] !== '' && m[2] !== '')) return undefined;
  const digits = (m[3] ?? '').replaceAll(',', '');
  if (digits === '' && (m[4] === undefined || m[4] === '')) return undefined;
  return decimalValue(m[1] || m[2] || '', digits, m[4] ?? '', scale);
}

/** `sign`, whole digits and fraction digits → 10^-scale units, rounded half up on the digit after `scale`. */
function decimalValue(signText: string, wholeText: string, fracText: string, scale: number): number {
  const sign = signText === '-' ? -1 : 1;
  const whole = wholeText === '' ? 0 : Number(wholeText);
  const kept = fracText.slice(0, scale).padEnd(scale, '0');
  const next = fracText.charCodeAt(scale) - 48;
  let value = whole * 10 ** scale + (scale > 0 ? Number(kept) : 0);
  if (next >= 5 && next <= 9) value += 1;
  return sign * value;
}

export const parseCents = (text: string): number | undefined => parseDecimal(text, 2);
export const parseMills = (text: string): number | undefined => parseDecimal(text, 3);

/** Formats integer cents as a dollar string with 2 decimals ("1234.50"); X12 writers strip trailing zeros themselves. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function formatDollars(cents: number): string {
  const s = formatCents(cents);
  const [whole = '0', frac = '00'] = s.replace('-', '').split('.');
  return `${cents < 0 ? '-' : ''}$${groupThousands(whole)}.${frac}`;
}

/** "1234567" → "1,234,567": whole dollars as billers read them. */
export function groupThousands(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** mills × a whole or fractional quantity → cents, rounded half up once at the end. */
export function millsTimesToCents(mills: number, quantity: number): number {
  return Math.round((mills * quantity) / 10);
}
