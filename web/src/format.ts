/** Display helpers: money is integer cents (or mills) from the server; never summed as floats here. */
import { showControls } from '../../src/core/visible-text.ts';

export function dollarsFromCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Mills (1/1000 dollar, as CMS publishes payment limits) with 3 decimals: "$86.270". */
export function dollarsFromMills(mills: number | null | undefined): string {
  if (mills === null || mills === undefined) return '—';
  const sign = mills < 0 ? '-' : '';
  const abs = Math.abs(Math.round(mills));
  const whole = String(Math.floor(abs / 1000)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${whole}.${String(abs % 1000).padStart(3, '0')}`;
}

/** Short money for chart labels: $1.2k, $35k, $1.4M. */
export function shortDollars(cents: number): string {
  const d = cents / 100;
  if (Math.abs(d) >= 1e6) return `$${(d / 1e6).toFixed(1)}M`;
  if (Math.abs(d) >= 1e4) return `$${Math.round(d / 1e3)}k`;
  if (Math.abs(d) >= 1e3) return `$${(d / 1e3).toFixed(1)}k`;
  return `$${Math.round(d)}`;
}

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export function humanize(id: string): string {
  const s = id.replace(/[-_]+/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * An amount for display: whole numbers as they are, others to 2 decimals (4 significant digits below 1), so a
 * converted weight-based dose reads "725.75 mg", not "725.747792 mg". The exact figure stays in the data.
 */
export function roundAmount(amount: number): string {
  if (Number.isInteger(amount)) return amount.toLocaleString('en-US');
  if (Math.abs(amount) < 1) return String(Number(amount.toPrecision(4)));
  return amount.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/**
 * Text from a claim file as shown (a claim id, a payer or patient name): control and bidirectional characters as
 * `\u202E`, as the CLI and the reports show them, so a right-to-left override at the end of a claim id cannot turn
 * "X1005 · 1" into "X10051 ·". React already escapes HTML; this is about what the text looks like.
 */
export function visible(text: string): string {
  return showControls(text);
}

/**
 * A server time (UTC, ISO 8601) in the browser's time zone, with the zone said: "2026-11-24 02:07 HST". Without the
 * zone, a UTC time read in Honolulu is ten hours off, and an evening change carries tomorrow's date.
 */
export function localTime(iso: string, options: { seconds?: boolean } = {}): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(d);
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
  const time = `${p('hour')}:${p('minute')}${options.seconds ? `:${p('second')}` : ''}`;
  return `${p('year')}-${p('month')}-${p('day')} ${time} ${p('timeZoneName')}`;
}

/** The day of a server time in the browser's time zone ("2026-11-24"). */
export function localDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso.slice(0, 10);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
