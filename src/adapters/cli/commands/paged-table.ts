/**
 * The shape the recovery list commands share (denials, denials --packaged, underpaid, worklist): one page of rows
 * (--limit/--offset) as JSON, CSV or a text table, and under the table the totals of every page with the footnote
 * that qualifies them.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { formatDollars } from '../../../core/money.ts';
import type { WorklistStatus } from '../../../core/recovery/model.ts';
import { isOpen } from '../../../core/recovery/worklist.ts';
import { RECOVERABLE_MARKS, recoverableMark } from '../../store/recovery/json.ts';
import type { FindingRow, RecoveryStore } from '../../store/recovery/store.ts';
import { formulaSafe } from '../../claim-files/csv.ts';
import { formatTable, printJson, println } from '../output.ts';

/** The options every recovery list command takes. */
export interface ListOptions {
  payer?: string;
  status?: WorklistStatus[];
  asOf?: string;
  limit?: number;
  offset?: number;
  json?: boolean;
  csv?: boolean;
}

/** --limit and --offset (denials, underpaid, worklist, remit unmatched): a whole number, 0 or more (--limit 0: no limit). */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError(`expected a whole number, 0 or more (got "${value}")`);
  return Number(value);
}

/** `--limit`/`--offset` as a store page: all rows without --limit (or with --limit 0). */
export function pageOf(opts: { limit?: number; offset?: number }): { limit?: number; offset: number } {
  return {
    ...(opts.limit !== undefined && opts.limit > 0 ? { limit: opts.limit } : {}),
    offset: opts.offset ?? 0,
  };
}

/** Adds --limit, --offset, --json and --csv, worded for the rows a command lists. */
export function listOptions(cmd: Command, rows: string): Command {
  return cmd
    .option('--limit <n>', `at most this many ${rows} (default all)`, parseCount)
    .option('--offset <n>', `skip this many ${rows} first (default 0)`, parseCount)
    .option('--json', 'print JSON (see docs/recovery.md)')
    .option('--csv', 'print CSV');
}

/**
 * One CSV cell, formula-safe (formulaSafe: claim fields such as CLP01 come from the payer and could carry
 * `=HYPERLINK(…)`); arrays joined with ";", objects as JSON, numbers left as numbers.
 */
export function csvCell(v: unknown): string {
  const raw =
    v === null || v === undefined
      ? ''
      : Array.isArray(v)
        ? v.join(';')
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  const s = typeof v === 'number' ? raw : formulaSafe(raw);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV of flat records (arrays joined with ";", objects as JSON), header from the given columns. */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return (
    [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n'
  );
}

/** One page of a list command's rows and how to print them. */
export interface Page<R> {
  rows: readonly R[];
  /** The row's JSON record (docs/recovery.md), also the CSV row. */
  record: (row: R) => Record<string, unknown>;
  csvColumns: readonly string[];
  /** Where the page starts (--offset). */
  offset: number;
  /** What the rows are, plural: "No denials from --offset 20: the list is shorter." */
  many: string;
  /** Said when the list is empty. */
  empty: string;
  header: readonly string[];
  cells: (row: R, record: Record<string, unknown>) => string[];
  /** The lines under the table (the totals of every page), asked for only when the table is printed. */
  footer: () => readonly string[];
}

/** Prints a page as --json, --csv or a text table with its footer; the empty message when there are no rows. */
export function printPage<R>(page: Page<R>, opts: { json?: boolean; csv?: boolean }): void {
  const records = page.rows.map(page.record);
  if (opts.json) return printJson(records);
  if (opts.csv) return void process.stdout.write(toCsv(records, page.csvColumns));
  if (records.length === 0)
    return println(
      page.offset > 0 ? `No ${page.many} from --offset ${page.offset}: the list is shorter.` : page.empty,
    );
  const table = [page.header, ...page.rows.map((row, i) => page.cells(row, records[i] ?? {}))];
  for (const line of formatTable(table)) println(line);
  const [first, ...rest] = page.footer();
  if (first !== undefined) println(`\n${first}`);
  for (const line of rest) println(line);
}

/** "5 denials", or "Denials 3–4 of 5" when the page holds fewer rows than all pages do. */
export function pageCount(
  total: number,
  page: { offset: number; shown: number } | undefined,
  one: string,
  many: string,
): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (page === undefined || page.shown === total) return `${n(total)} ${total === 1 ? one : many}`;
  const name = `${many.charAt(0).toUpperCase()}${many.slice(1)}`;
  return `${name} ${n(page.offset + 1)}–${n(page.offset + page.shown)} of ${n(total)}`;
}

/** What a recovery list totals, over every row the filters match (all pages). */
export interface ListTotals {
  items: number;
  openItems: number;
  /** The dollars of the open items only. */
  cents: number;
}

/**
 * "5 denials (3 open), $12,345.67 recoverable on the open ones.": closed items (recovered, written off, withdrawn…)
 * are listed when asked for but never add to what is still to win back, as in `worklist`.
 */
export function totalSentence<T extends { status: WorklistStatus }>(
  rows: readonly T[],
  one: string,
  many: string,
  cents: (row: T) => number,
  what: string,
): string {
  const open = rows.filter((r) => isOpen(r.status));
  return totalsSentence(
    { items: rows.length, openItems: open.length, cents: open.reduce((s, r) => s + cents(r), 0) },
    one,
    many,
    what,
  );
}

/**
 * `totalSentence` from totals the store summed, so a page says what all the pages hold: "Denials 1–50 of 120 (90
 * open), $12,345.67 recoverable on the open ones (all pages)." when `page` shows fewer rows than there are.
 */
export function totalsSentence(
  t: ListTotals,
  one: string,
  many: string,
  what: string,
  page?: { offset: number; shown: number },
): string {
  const total = formatDollars(t.cents);
  const counted = pageCount(t.items, page, one, many);
  const pages = page !== undefined && page.shown !== t.items ? ' (all pages)' : '';
  if (t.openItems === t.items) return `${counted}, ${total} ${what}${pages}.`;
  return `${counted} (${t.openItems.toLocaleString('en-US')} open), ${total} ${what} on the open ${t.openItems === 1 ? 'one' : 'ones'}${pages}.`;
}

/** How much of a recoverable total is no expected payment (`RecoveryStore.recoverableQualifiers`, all pages). */
export type RecoverableQualifiers = ReturnType<RecoveryStore['recoverableQualifiers']>;

/**
 * The footnote under a recoverable total, for its `≤` (upper bound) and `~` (estimate) parts: decided from the
 * qualifiers of the same filter over every page, as the total is, not from the rows shown (a page of exact amounts
 * can stand over a total that holds estimates). A mark the page shows only on closed items, which the total leaves
 * out, is still explained.
 */
export function recoverableFootnote(q: RecoverableQualifiers, shown: readonly FindingRow[]): string[] {
  const parts = { '≤': q.upperBound, '~': q.estimate };
  return RECOVERABLE_MARKS.flatMap(({ mark, means }) => {
    const part = parts[mark];
    if (part.items > 0)
      return [`${mark} ${means} — ${part.items} item(s), ${formatDollars(part.recoverableCents)}.`];
    if (shown.some((r) => recoverableMark(r.finding) === mark))
      return [`${mark} ${means} — on closed items only, not in the total.`];
    return [];
  });
}
