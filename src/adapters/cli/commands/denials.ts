/**
 * `drugclaim denials [--payer NAME|ID] [--cause CAUSE] [--status S...|all] [--open] [--limit N] [--offset N]
 * [--json|--csv]`: denied drug lines from the imported remittances, with root cause, next action, amount, recoverable
 * dollars and appeal deadline; all of them unless --limit/--offset ask for a page (as `worklist`).
 *
 * Also the helpers the other recovery commands share (session opening, options, CSV). The JSON records are in
 * ../../store/recovery/json.ts (the HTTP service returns the same shapes).
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { WorklistStatus } from '../../../core/recovery/model.ts';
import { ROOT_CAUSES, WORKLIST_STATUSES } from '../../../core/recovery/model.ts';
import { isOpen, isWorklistStatus, OPEN_STATUSES } from '../../../core/recovery/worklist.ts';
import { formatDollars } from '../../../core/money.ts';
import {
  dollars,
  denialJson,
  packagedJson,
  recoverableCell,
  recoverableLegend,
} from '../../store/recovery/json.ts';
import { listedIds } from '../../store/accounts/index.ts';
import type { PackagedLineRow } from '../../store/recovery/store.ts';
import { RecoverySession } from '../../store/recovery/session.ts';
import { EXIT_ERROR, EXIT_NO, eprintln, formatTable, printJson, println, today } from '../output.ts';
import { auditCli } from './audit.ts';

/** Opens the recovery session for a command, or prints why not (exit 2) and returns undefined. */
export function openSessionForCli(
  options: { toleranceCents?: number; tolerancePercent?: number } = {},
): RecoverySession | undefined {
  const tolerance =
    options.toleranceCents !== undefined || options.tolerancePercent !== undefined
      ? { cents: options.toleranceCents ?? 100, percent: options.tolerancePercent ?? 1 }
      : undefined;
  const s = RecoverySession.open(tolerance ? { tolerance } : {});
  if (!s.ok) {
    for (const p of s.problems) eprintln(`drugclaim: ${p.message}`);
    process.exitCode = EXIT_ERROR;
    return undefined;
  }
  return s.value;
}

/** Commander parser for --tolerance-cents / --tolerance-percent: a non-negative number. */
export function parseNonNegative(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new InvalidArgumentError(`expected a non-negative number, got "${value}"`);
  return Number(value);
}

/** Adds the underpayment tolerance options to a command that analyses remittances. */
export function toleranceOptions(cmd: Command): Command {
  return cmd
    .option(
      '--tolerance-cents <n>',
      'flag underpayments above this many cents (default 100 = $1.00)',
      parseNonNegative,
    )
    .option(
      '--tolerance-percent <p>',
      'and above this percent of the expected payment (default 1); the larger applies',
      parseNonNegative,
    );
}

/**
 * Commander parser for `--status` (denials, underpaid, worklist): statuses, repeated or comma-separated; `all` is
 * every status (the HTTP route's `status=all`). Each status once.
 */
export function parseStatus(value: string, previous: WorklistStatus[] = []): WorklistStatus[] {
  const out = new Set(previous);
  for (const part of value.split(',')) {
    const s = part.trim();
    if (s === 'all') for (const x of WORKLIST_STATUSES) out.add(x);
    else if (isWorklistStatus(s)) out.add(s);
    else throw new InvalidArgumentError(`unknown status "${s}" (${WORKLIST_STATUSES.join(', ')}, or all)`);
  }
  return [...out];
}

/** --limit and --offset (denials, underpaid, worklist): a whole number, 0 or more (--limit 0: no limit). */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value))
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

/** Adds --limit and --offset, worded for the rows a command lists. */
export function pageOptions(cmd: Command, rows: string): Command {
  return cmd
    .option('--limit <n>', `at most this many ${rows} (default all)`, parseCount)
    .option('--offset <n>', `skip this many ${rows} first (default 0)`, parseCount);
}

export function parseCause(value: string): string {
  if (!(ROOT_CAUSES as readonly string[]).includes(value) && value !== 'underpayment') {
    throw new InvalidArgumentError(`unknown root cause "${value}" (${ROOT_CAUSES.join(', ')})`);
  }
  return value;
}

/** A plain decimal number ("-25.00", "7500", "0.5"): a spreadsheet reads it as a number, never as a formula. */
const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (first character `=`, `+`, `-`, `@`, tab or CR) gets a
 * leading `'` so it is shown as text: claim fields such as CLP01 come from the payer and could carry
 * `=HYPERLINK(…)` (CWE-1236, OWASP "CSV Injection"). Numbers, negative amounts included, are left as numbers.
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
  const s = typeof v !== 'number' && /^[=+\-@\t\r]/.test(raw) && !NUMERIC.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV of flat records (arrays joined with ";", objects as JSON), header from the given columns. */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return (
    [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n'
  );
}

/**
 * The JSON and CSV output of a recovery list command, and its message when the list is empty. Returns true when it
 * printed (the command is done), false when the command is to print its table.
 */
export function printedWithoutTable(
  records: readonly Record<string, unknown>[],
  opts: { json?: boolean; csv?: boolean },
  csvColumns: readonly string[],
  emptyMessage: string,
): boolean {
  if (opts.json) printJson(records);
  else if (opts.csv) process.stdout.write(toCsv(records, csvColumns));
  else if (records.length === 0) println(emptyMessage);
  else return false;
  return true;
}

export const DENIAL_CSV_COLUMNS = [
  'id',
  'payer',
  'claimId',
  'line',
  'code',
  'modifiers',
  'units',
  'ndc',
  'serviceDate',
  'groupCode',
  'carc',
  'rarc',
  'rootCause',
  'action',
  'amount',
  'recoverable',
  'remitDate',
  'deadline',
  'status',
  'ageDays',
  'edits',
  'recoverableNote',
] as const;

export const PACKAGED_CSV_COLUMNS = [
  'id',
  'payer',
  'claimId',
  'line',
  'code',
  'units',
  'serviceDate',
  'groupCode',
  'carc',
  'rarc',
  'statusIndicator',
  'amount',
  'remitDate',
  'source',
] as const;

/**
 * "2 packaged lines (OPPS status indicator N) not worked: …" — bundling adjustments (CO-97) on codes Medicare OPPS
 * packages are the expected adjudication on a hospital outpatient claim (docs/recovery.md, Packaged lines).
 */
export function packagedSentence(n: number): string {
  return `${n} packaged line${n === 1 ? '' : 's'} (OPPS status indicator N) not worked: a bundling adjustment (CO-97) on a packaged code is the expected adjudication (drugclaim denials --packaged lists them).`;
}

/** `denials --packaged`: the packaged lines (OPPS SI N + bundling adjustment), not worked; `total` of all pages. */
function printPackaged(
  rows: readonly PackagedLineRow[],
  total: number,
  offset: number,
  opts: { json?: boolean; csv?: boolean },
): void {
  if (
    printedWithoutTable(
      rows.map(packagedJson),
      opts,
      PACKAGED_CSV_COLUMNS,
      offset > 0
        ? `No packaged lines from --offset ${offset}: the list is shorter.`
        : 'No packaged lines (bundling adjustments on codes OPPS packages, status indicator N).',
    )
  )
    return;
  const table = [
    ['ID', 'CLAIM', 'LINE', 'CODE', 'PAYER', 'ADJ', 'SI', 'AMOUNT', 'SERVICE DATE', 'REMIT DATE'],
    ...rows.map((r) => [
      String(r.id),
      r.claimId,
      r.line === null ? '-' : String(r.line),
      r.code,
      r.payer,
      `${r.groupCode}-${r.carc}`,
      r.statusIndicator,
      dollars(r.amountCents),
      r.serviceDate ?? '-',
      r.remitDate ?? '-',
    ]),
  ];
  for (const line of formatTable(table)) println(line);
  const count =
    rows.length === total
      ? `${total} packaged line${total === 1 ? '' : 's'}`
      : `Packaged lines ${offset + 1}–${offset + rows.length} of ${total}`;
  println(
    `\n${count} (OPPS status indicator N), not worked: the expected adjudication on a hospital outpatient claim, nothing to recover.`,
  );
}

export function register(program: Command): void {
  const denials = program
    .command('denials')
    .description(
      'Denied drug lines from imported remittances: root cause, next action, amount, recoverable dollars, appeal deadline',
    )
    .option('--payer <name-or-id>', 'only this payer (name contains, or exact payer id)')
    .option(
      '--cause <root-cause>',
      `only this root cause (${ROOT_CAUSES.slice(0, 6).join(', ')}, …)`,
      parseCause,
    )
    .option(
      '--status <status>',
      'only these worklist statuses (repeat or comma-separate; "all" for every status)',
      parseStatus,
    )
    .option('--open', 'only open items (new, in-progress, appealed, resubmitted, corrected-claim-sent)')
    .option('--as-of <YYYY-MM-DD>', 'date ages are counted to (default today)')
    .option(
      '--packaged',
      'list instead the packaged lines: bundling adjustments (CO-97) on codes Medicare OPPS packages (status indicator N), not worked',
    );
  pageOptions(denials, 'lines')
    .option('--json', 'print JSON (see docs/recovery.md)')
    .option('--csv', 'print CSV')
    .action(
      (opts: {
        payer?: string;
        cause?: string;
        status?: WorklistStatus[];
        open?: boolean;
        asOf?: string;
        packaged?: boolean;
        limit?: number;
        offset?: number;
        json?: boolean;
        csv?: boolean;
      }) => {
        const session = openSessionForCli();
        if (!session) return;
        try {
          const page = pageOf(opts);
          const payer = opts.payer !== undefined ? { payer: opts.payer } : {};
          const withPackaged = opts.cause === undefined || opts.cause === 'bundling';
          if (opts.packaged) {
            const packaged = withPackaged ? session.store.packagedLines(payer, page) : [];
            auditCli(session.store.db, {
              action: 'packaged.list',
              command: 'denials --packaged',
              resource: listedIds('packaged', packaged),
            });
            const total = withPackaged ? session.store.packagedTotals(payer).lines : 0;
            return printPackaged(packaged, total, page.offset, opts);
          }
          // Said after the list (or after "No denials."), in text only: the JSON and CSV are the denials alone.
          const packagedNote = (): void => {
            if (opts.json || opts.csv || !withPackaged) return;
            const n = session.store.packagedTotals(payer).lines;
            if (n > 0) println(`\n${packagedSentence(n)}`);
          };
          const status = opts.open ? OPEN_STATUSES : opts.status;
          const filter = {
            ...payer,
            ...(opts.cause !== undefined ? { cause: opts.cause } : {}),
            ...(status !== undefined ? { status } : {}),
          };
          const rows = session.store.denials(filter, page);
          auditCli(session.store.db, {
            action: 'denials.list',
            command: 'denials',
            resource: listedIds('worklist', rows),
          });
          const asOf = opts.asOf ?? today();
          const records = rows.map((r) => denialJson(r, asOf));
          if (
            printedWithoutTable(
              records,
              opts,
              DENIAL_CSV_COLUMNS,
              page.offset > 0
                ? `No denials from --offset ${page.offset}: the list is shorter.`
                : 'No denials. Import remittances with: drugclaim remit import FILE...',
            )
          )
            return packagedNote();
          const table = [
            [
              'ID',
              'CLAIM',
              'LINE',
              'CODE',
              'PAYER',
              'ADJ',
              'RARC',
              'ROOT CAUSE',
              'ACTION',
              'AMOUNT',
              'RECOVERABLE',
              'DEADLINE',
              'STATUS',
            ],
            ...rows.map((r) => [
              String(r.id),
              r.claimId,
              r.line === null ? '-' : String(r.line),
              r.code || '-',
              r.payer,
              `${r.groupCode ?? ''}-${r.carc ?? ''}`,
              r.rarc.join(' ') || '-',
              r.rootCause,
              r.action,
              dollars(r.amountCents),
              recoverableCell(r),
              r.deadline ?? '-',
              r.status,
            ]),
          ];
          for (const line of formatTable(table)) println(line);
          // The totals are of every denial the filters match, also when only a page of them is listed.
          const t = session.store.findingTotals({ ...filter, kind: 'denial' }, asOf);
          const sums = { items: t.items, openItems: t.openItems, cents: t.recoverableCents };
          const shown = { offset: page.offset, shown: rows.length };
          println(`\n${totalsSentence(sums, 'denial', 'denials', 'recoverable', shown)}`);
          for (const line of recoverableLegend(rows)) println(line);
          packagedNote();
        } finally {
          session.close();
        }
      },
    );
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
  const paged = page !== undefined && page.shown !== t.items;
  const counted = paged
    ? `${many.charAt(0).toUpperCase()}${many.slice(1)} ${page.offset + 1}–${page.offset + page.shown} of ${t.items}`
    : `${t.items} ${t.items === 1 ? one : many}`;
  const pages = paged ? ' (all pages)' : '';
  if (t.openItems === t.items) return `${counted}, ${total} ${what}${pages}.`;
  return `${counted} (${t.openItems} open), ${total} ${what} on the open ${t.openItems === 1 ? 'one' : 'ones'}${pages}.`;
}

/** Exit 1 with a message (the answer is "no"). */
export function answerNo(message: string): void {
  eprintln(`drugclaim: ${message}`);
  process.exitCode = EXIT_NO;
}
