/**
 * `drugclaim denials [--payer NAME|ID] [--cause CAUSE] [--status S...|all] [--open] [--limit N] [--offset N]
 * [--json|--csv]`: denied drug lines from the imported remittances, with root cause, next action, amount, recoverable
 * dollars and appeal deadline; all of them unless --limit/--offset ask for a page (as `worklist`).
 *
 * Also the helpers the other recovery commands share (session opening, statuses, causes); paged lists, CSV and
 * totals are in ./paged-table.ts. The JSON records are in ../../store/recovery/json.ts (the HTTP service returns
 * the same shapes).
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { WorklistStatus } from '../../../core/recovery/model.ts';
import { ROOT_CAUSES, WORKLIST_STATUSES } from '../../../core/recovery/model.ts';
import { isWorklistStatus, OPEN_STATUSES } from '../../../core/recovery/worklist.ts';
import { dollars, denialJson, packagedJson, recoverableCell } from '../../store/recovery/json.ts';
import { listedIds } from '../../store/accounts/index.ts';
import type { PackagedLineRow, UnreconciledFile } from '../../store/recovery/store.ts';
import { RecoverySession } from '../../store/recovery/session.ts';
import { EXIT_ERROR, EXIT_NO, eprintln, parseDateOption, println, today } from '../output.ts';
import { auditCli } from './audit.ts';
import {
  listOptions,
  pageCount,
  pageOf,
  printPage,
  recoverableFootnote,
  totalsSentence,
  type ListOptions,
} from './paged-table.ts';

/**
 * Opens the recovery session for a command, or prints why not (exit 2) and returns undefined. A command that reads
 * the findings (`use` 'read') says on stderr when an import's reconcile has not finished (`warnUnreconciled`); the
 * imports and `remit reconcile` ('reconcile') finish it instead.
 */
export function openSessionForCli(
  options: { toleranceCents?: number; tolerancePercent?: number } = {},
  use: 'read' | 'reconcile' = 'read',
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
  if (use === 'read') warnUnreconciled(s.value.store.unreconciledFiles());
  return s.value;
}

/** "r1.835 (remittances, imported 2026-07-01T09:00:00.000Z)", the first few of `files`, and how many more. */
export function unreconciledFileWords(files: readonly UnreconciledFile[]): string {
  const SHOWN = 3;
  const named = files
    .slice(0, SHOWN)
    .map((f) => `${f.name} (${f.kind}, imported ${f.importedAt})`)
    .join(', ');
  return files.length > SHOWN ? `${named} and ${files.length - SHOWN} more` : named;
}

/**
 * Says loudly (stderr, so --json stays clean) that the findings are incomplete while an import's reconcile has not
 * finished (schema 012), and what to run. A read does not reconcile itself: that takes the write lock and seconds
 * under whoever only looks, and the marker is also there while an import in another process is reconciling now.
 */
export function warnUnreconciled(files: readonly UnreconciledFile[]): void {
  if (files.length === 0) return;
  eprintln(
    `drugclaim: warning: denials and underpayments are incomplete: the reconcile of ${files.length === 1 ? 'an import' : `${files.length} imports`} did not finish: ${unreconciledFileWords(files)}. ` +
      'Unless such an import is running now, its process stopped before matching (killed, or no reference data): run `drugclaim remit reconcile`.',
  );
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
 * `--as-of` of denials, underpaid and worklist: a real date (2026-02-31 is refused, exit 2, as `appeal --date`).
 * It is the day ages, days to deadline and "due soon" are counted to, not a snapshot of the store on that day:
 * statuses and recoverable dollars are as they are now, payments of later remittances included.
 */
export const AS_OF_HELP =
  'the day ages, days to deadline and "due soon" are counted to (default today); not a snapshot: statuses and recoverable dollars are as they are now, later payments included';

/** Adds `--as-of` (AS_OF_HELP) to a recovery list command. */
export function asOfOption(cmd: Command): Command {
  return cmd.option('--as-of <YYYY-MM-DD>', AS_OF_HELP, parseDateOption);
}

/**
 * What `denials` says when it lists none: an empty store is told to import remittances; imported remittances with
 * no denial say so, and options that leave out every denial say that instead (QA: "Import remittances" was printed
 * after two 835s had been imported).
 */
export function noDenialsSentence(counts: {
  remitClaims: number;
  denials: number;
  filtered: boolean;
}): string {
  if (counts.remitClaims === 0)
    return 'No denials: no remittance has been imported. Import remittances with: drugclaim remit import FILE...';
  const claims = `${counts.remitClaims} remittance claim${counts.remitClaims === 1 ? '' : 's'}`;
  if (counts.filtered && counts.denials > 0)
    return `No denials match these options (the imported remittances have ${counts.denials} denial${counts.denials === 1 ? '' : 's'} in all).`;
  return `No denials: none of the imported remittances (${claims}) has a denial.`;
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

export function parseCause(value: string): string {
  if (!(ROOT_CAUSES as readonly string[]).includes(value) && value !== 'underpayment') {
    throw new InvalidArgumentError(`unknown root cause "${value}" (${ROOT_CAUSES.join(', ')})`);
  }
  return value;
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
  printPage(
    {
      rows,
      record: packagedJson,
      csvColumns: PACKAGED_CSV_COLUMNS,
      offset,
      many: 'packaged lines',
      empty: 'No packaged lines (bundling adjustments on codes OPPS packages, status indicator N).',
      header: ['ID', 'CLAIM', 'LINE', 'CODE', 'PAYER', 'ADJ', 'SI', 'AMOUNT', 'SERVICE DATE', 'REMIT DATE'],
      cells: (r) => [
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
      ],
      footer: () => [
        `${pageCount(total, { offset, shown: rows.length }, 'packaged line', 'packaged lines')} (OPPS status indicator N), not worked: the expected adjudication on a hospital outpatient claim, nothing to recover.`,
      ],
    },
    opts,
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
    .option('--open', 'only open items (new, in-progress, appealed, resubmitted, corrected-claim-sent)');
  asOfOption(denials);
  denials.option(
    '--packaged',
    'list instead the packaged lines: bundling adjustments (CO-97) on codes Medicare OPPS packages (status indicator N), not worked',
  );
  listOptions(denials, 'lines').action(
    (opts: ListOptions & { cause?: string; open?: boolean; packaged?: boolean }) => {
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
        printPage(
          {
            rows,
            record: (r) => denialJson(r, asOf),
            csvColumns: DENIAL_CSV_COLUMNS,
            offset: page.offset,
            many: 'denials',
            empty:
              rows.length > 0 || page.offset > 0
                ? ''
                : noDenialsSentence({
                    remitClaims: session.store.counts().remitClaims,
                    denials: session.store.findingSummary({ kind: 'denial' }, asOf).items,
                    filtered: Object.keys(filter).length > 0,
                  }),
            header: [
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
            cells: (r) => [
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
            ],
            // The totals are of every denial the filters match, also when only a page of them is listed.
            footer: () => {
              // The qualifiers count open denials alone, so the kind changes nothing for them.
              const t = session.store.findingSummary({ ...filter, kind: 'denial' }, asOf);
              const sums = { items: t.items, openItems: t.openItems, cents: t.recoverableCents };
              const shown = { offset: page.offset, shown: rows.length };
              return [
                totalsSentence(sums, 'denial', 'denials', 'recoverable', shown),
                ...recoverableFootnote(t.qualifiers, rows),
              ];
            },
          },
          opts,
        );
        // After the list (or after "No denials."), in text only: the JSON and CSV are the denials alone.
        if (opts.json || opts.csv || !withPackaged) return;
        const n = session.store.packagedTotals(payer).lines;
        if (n > 0) println(`\n${packagedSentence(n)}`);
      } finally {
        session.close();
      }
    },
  );
}

/** Exit 1 with a message (the answer is "no"). */
export function answerNo(message: string): void {
  eprintln(`drugclaim: ${message}`);
  process.exitCode = EXIT_NO;
}
