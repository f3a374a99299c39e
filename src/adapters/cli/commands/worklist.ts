/**
 * The recovery worklist: open denials and underpayments with amount, root cause, age, deadline, status and notes.
 *
 *   drugclaim worklist [--status S...] [--kind denial|underpayment] [--payer P] [--cause C]
 *                      [--sort [-]KEY] [--limit N] [--offset N] [--json|--csv]
 *   drugclaim worklist set ID[,ID...] STATUS [--note TEXT] [--amount DOLLARS] [--json]
 *   drugclaim worklist show ID [--json]                 (the item with its status history)
 *   drugclaim worklist summary [--by cause|payer|code|month|status|action] [--all] [--json]
 *
 * Without --status the list shows open items (new, in-progress, appealed, resubmitted, corrected-claim-sent), all of
 * them unless --limit/--offset ask for a page. Exit 1 when a status change is refused (unknown item, transition not
 * allowed); exit 2 for an --amount that cannot be taken (negative, not with "recovered", several items). An amount
 * above what is left to recover (interest, an overpayment) is recorded as typed, and the output says by how much.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { formatDollars, parseCents } from '../../../core/money.ts';
import { OPEN_STATUSES, recoveredAbove } from '../../../core/recovery/worklist.ts';
import {
  isWorklistSort,
  WORKLIST_SORT_KEYS,
  type TotalsDimension,
  type WorklistSort,
} from '../../store/recovery/store.ts';
import { EXIT_ERROR, eprintln, formatTable, parseDateOption, printJson, println, today } from '../output.ts';
import { dollars, recoverableCell, worklistItemJson } from '../../store/recovery/json.ts';
import { listedIds } from '../../store/accounts/index.ts';
import { auditCli, cliActor } from './audit.ts';
import { answerNo, AS_OF_HELP, openSessionForCli, parseCause, parseStatus } from './denials.ts';
import {
  listOptions,
  pageCount,
  pageOf,
  printPage,
  recoverableFootnote,
  type ListOptions,
} from './paged-table.ts';

const CSV_COLUMNS = [
  'id',
  'kind',
  'payer',
  'claimId',
  'line',
  'code',
  'rootCause',
  'action',
  'amount',
  'recoverable',
  'ageDays',
  'deadline',
  'daysToDeadline',
  'status',
  'notes',
];
const DIMENSIONS: readonly TotalsDimension[] = [
  'cause',
  'payer',
  'code',
  'month',
  'status',
  'kind',
  'action',
];

function parseIds(value: string): number[] {
  const ids = value.split(',').map((s) => s.trim());
  if (ids.some((s) => !/^\d+$/.test(s)))
    throw new InvalidArgumentError(`expected an item id or ids like 12,13 (got "${value}")`);
  return ids.map(Number);
}

function parseSort(value: string): WorklistSort {
  if (!isWorklistSort(value))
    throw new InvalidArgumentError(
      `expected one of ${WORKLIST_SORT_KEYS.join(', ')}, with "-" before it for descending (got "${value}")`,
    );
  return value;
}

/** --amount: dollars ("123.45", "$1,234.50") to cents; never negative. */
function parseAmount(value: string): number {
  const cents = parseCents(value);
  // Whole cents: "12.345" is a typo, not an amount to round. A comma only between thousands: "3,36" is refused.
  if (cents === undefined || /\.\d{3,}/.test(value))
    throw new InvalidArgumentError(
      `expected dollars like 123.45 or 1,234.56, a comma only between thousands (got "${value}")`,
    );
  if (cents < 0) throw new InvalidArgumentError(`the amount recovered cannot be negative (got "${value}")`);
  return cents;
}

export function register(program: Command): void {
  const worklist = program
    .command('worklist')
    .description('Open denials and underpayments to work: amount, root cause, age, deadline, status, notes')
    .option(
      '--status <status>',
      'statuses to list (default: the open ones; "all" for every status, as the HTTP route); repeat or comma-separate',
      parseStatus,
    )
    .option('--kind <kind>', 'denial or underpayment')
    .option('--payer <name-or-id>', 'only this payer')
    .option('--cause <root-cause>', 'only this root cause', parseCause)
    .option('--as-of <YYYY-MM-DD>', AS_OF_HELP, parseDateOption)
    .option(
      '--sort <key>',
      `order: ${WORKLIST_SORT_KEYS.join(', ')} (default deadline); "-" before it for descending`,
      parseSort,
    );
  listOptions(worklist, 'items').action(
    (opts: ListOptions & { kind?: string; cause?: string; sort?: WorklistSort }) => {
      if (opts.kind !== undefined && opts.kind !== 'denial' && opts.kind !== 'underpayment') {
        answerNo(`--kind must be denial or underpayment (got ${opts.kind})`);
        return;
      }
      const session = openSessionForCli();
      if (!session) return;
      try {
        const filter = {
          ...(opts.status !== undefined ? { status: opts.status } : {}),
          ...(opts.kind !== undefined ? { kind: opts.kind as 'denial' | 'underpayment' } : {}),
          ...(opts.payer !== undefined ? { payer: opts.payer } : {}),
          ...(opts.cause !== undefined ? { cause: opts.cause } : {}),
        };
        const page = pageOf(opts);
        const rows = session.store.worklist(filter, {
          ...(opts.sort !== undefined ? { sort: opts.sort } : {}),
          ...page,
        });
        auditCli(session.store.db, {
          action: 'worklist.list',
          command: 'worklist',
          resource: listedIds('worklist', rows),
        });
        const asOf = opts.asOf ?? today();
        printPage(
          {
            rows,
            record: (r) =>
              worklistItemJson(
                r,
                asOf,
                session.store
                  .history(r.id)
                  .flatMap((h) => (h.note ? [`${h.at.slice(0, 10)} ${h.to}: ${h.note}`] : [])),
              ),
            csvColumns: CSV_COLUMNS,
            offset: page.offset,
            many: 'items',
            empty: 'The worklist is empty.',
            header: [
              'ID',
              'KIND',
              'CLAIM',
              'LINE',
              'CODE',
              'PAYER',
              'ROOT CAUSE',
              'ACTION',
              'RECOVERABLE',
              'AGE',
              'DEADLINE',
              'STATUS',
              'LAST NOTE',
            ],
            cells: (row, r) => [
              String(r['id']),
              String(r['kind']),
              String(r['claimId']),
              String(r['line'] ?? '-'),
              String(r['code'] || '-'),
              String(r['payer']),
              String(r['rootCause']),
              String(r['action']),
              recoverableCell(row),
              `${String(r['ageDays'])}d`,
              r['deadline'] === null ? '-' : `${String(r['deadline'])} (${String(r['daysToDeadline'])}d)`,
              String(r['status']),
              ((r['notes'] as string[]).at(-1) ?? '').slice(0, 40),
            ],
            // The totals are of every item the filters match, also when only a page of them is listed.
            footer: () => {
              const totalled = { ...filter, status: filter.status ?? OPEN_STATUSES };
              const totals = session.store.findingSummary(totalled, asOf);
              const shown = { offset: page.offset, shown: rows.length };
              const paged = rows.length !== totals.items;
              return [
                `${pageCount(totals.items, shown, 'item', 'items')}, ${formatDollars(totals.recoverableCents)} recoverable (open items only${paged ? ', all pages' : ''}).`,
                ...recoverableFootnote(totals.qualifiers, rows),
              ];
            },
          },
          opts,
        );
      } finally {
        session.close();
      }
    },
  );

  worklist
    .command('set')
    .description(
      'Change the status of items (in-progress, appealed, resubmitted, recovered, written-off; no item goes back to "new"; the item\'s own status with --note only adds a note; reconcile alone sets "corrected-claim-sent", "reversed" and "withdrawn", and a closed item can be reopened as in-progress); kept as history',
    )
    .argument('<ids>', 'item id, or ids separated by commas', parseIds)
    .argument('<status>', 'new status')
    .option('--note <text>', 'a note kept with the change')
    .option(
      '--amount <dollars>',
      'with "recovered", one item: the amount actually recovered, beyond what later remittances paid (default: the whole recoverable amount); more than is left (interest, an overpayment) is recorded as given, and said',
      parseAmount,
    )
    .option('--json', 'print the updated items as JSON')
    .action((ids: number[], status: string, own: { note?: string; amount?: number; json?: boolean }) => {
      // `--json` is also an option of `worklist` itself; commander may hand it to the parent.
      const opts = { ...own, json: own.json ?? (worklist.opts() as { json?: boolean }).json };
      if (opts.amount !== undefined && (status !== 'recovered' || ids.length !== 1)) {
        eprintln(
          status !== 'recovered'
            ? `drugclaim: --amount goes with status "recovered" only (not "${status}").`
            : 'drugclaim: --amount is the amount recovered on one item: give one item id.',
        );
        process.exitCode = EXIT_ERROR;
        return;
      }
      const session = openSessionForCli();
      if (!session) return;
      try {
        const updated: Record<string, unknown>[] = [];
        const asOf = today();
        const by = cliActor();
        for (const id of ids) {
          // The biller typed the amount that came in: more than was left (interest, an overpayment) is taken as
          // given and said below, never capped.
          const r = session.store.setStatus(id, status, {
            by,
            ...(opts.note !== undefined ? { note: opts.note } : {}),
            ...(opts.amount !== undefined ? { recoveredCents: opts.amount, overpayment: true } : {}),
          });
          const code = r.ok ? undefined : r.problems[0]?.code;
          // Refused changes too, as over HTTP; the note stays out of the audit (it may quote claim data).
          auditCli(session.store.db, {
            action: 'worklist.status',
            command: 'worklist set',
            resource: `worklist:${id}:${status}`,
            status:
              code === undefined
                ? 200
                : code === 'recovery.worklist.unknown'
                  ? 404
                  : code === 'recovery.worklist.amount'
                    ? 422
                    : 409,
          });
          if (!r.ok) {
            if (code === 'recovery.worklist.amount') {
              eprintln(`drugclaim: item ${id}: ${r.problems.map((p) => p.message).join('; ')}`);
              process.exitCode = EXIT_ERROR;
            } else answerNo(`item ${id}: ${r.problems.map((p) => p.message).join('; ')}`);
            continue;
          }
          updated.push({ ...worklistItemJson(r.value, asOf, []), history: session.store.history(id) });
          if (!opts.json) {
            // The row's recoverable amount is what was left before the change (an amount by hand is kept apart).
            const over = opts.amount !== undefined ? recoveredAbove(r.value, opts.amount) : 0;
            const above =
              over > 0
                ? ` (${formatDollars(over)} more than the ${formatDollars(r.value.recoverableCents)} left to recover: interest or an overpayment, recorded as paid)`
                : '';
            println(
              `Item ${id} (${r.value.claimId} line ${r.value.line ?? '-'} ${r.value.code}): ${r.value.status}${opts.amount !== undefined ? `, ${formatDollars(opts.amount)} recovered${above}` : ''}${opts.note ? ` — ${opts.note}` : ''}`,
            );
          }
        }
        if (opts.json) printJson(updated);
      } finally {
        session.close();
      }
    });

  worklist
    .command('show')
    .description('One item with its status history and notes')
    .argument('<id>', 'item id', (v: string) => parseIds(v)[0] ?? 0)
    .option('--json', 'print JSON')
    .action((id: number, own: { json?: boolean }) => {
      const opts = { json: own.json ?? (worklist.opts() as { json?: boolean }).json };
      const session = openSessionForCli();
      if (!session) return;
      try {
        const row = session.store.finding(id);
        auditCli(session.store.db, {
          action: 'worklist.read',
          command: 'worklist show',
          resource: `worklist:${id}`,
          status: row ? 200 : 404,
        });
        if (!row) return answerNo(`no worklist item ${id}`);
        const history = session.store.history(id);
        const item = { ...worklistItemJson(row, today(), []), history, finding: row.finding };
        if (opts.json) return printJson(item);
        println(
          `Item ${id}: ${row.kind} on claim ${row.claimId} line ${row.line ?? '-'} ${row.code} (${row.payer})`,
        );
        println(
          `  root cause ${row.rootCause}, action ${row.action}, amount ${formatDollars(row.amountCents)}, recoverable ${formatDollars(row.recoverableCents)}`,
        );
        println(`  deadline ${row.deadline ?? '-'}, status ${row.status}`);
        if (row.recoveredCents > 0 || row.recoveredByHandCents !== null)
          println(
            `  recovered ${formatDollars(row.recoveredCents + (row.recoveredByHandCents ?? 0))}${row.recoveredByHandCents !== null ? ` (${formatDollars(row.recoveredByHandCents)} entered by hand${row.recoveredCents > 0 ? `, ${formatDollars(row.recoveredCents)} paid by later remittances` : ''})` : ' (paid by later remittances)'}`,
          );
        const cc = row.correctedClaim;
        if (cc)
          println(
            `  corrected claim ${cc.claimId} (frequency ${cc.frequencyCode}, ${cc.kind} of payer claim ${cc.payerClaimControlNumber ?? 'not given'}), imported ${cc.date}`,
          );
        for (const h of history)
          println(
            `  ${h.at}  ${h.from ?? '—'} → ${h.to}${h.by ? `  by ${h.by}` : ''}${h.note ? `  ${h.note}` : ''}`,
          );
      } finally {
        session.close();
      }
    });

  worklist
    .command('summary')
    .description('Recoverable dollars by root cause, payer, code, month, status or action')
    .option('--by <dimension>', `one of ${DIMENSIONS.join(', ')} (default cause)`)
    .option('--all', 'include closed items (recovered, written off, reversed, withdrawn)')
    .option('--json', 'print JSON')
    .action((own: { by?: string; all?: boolean; json?: boolean }) => {
      const opts = { ...own, json: own.json ?? (worklist.opts() as { json?: boolean }).json };
      const by = (opts.by ?? 'cause') as TotalsDimension;
      if (!DIMENSIONS.includes(by)) return answerNo(`--by must be one of ${DIMENSIONS.join(', ')}`);
      const session = openSessionForCli();
      if (!session) return;
      try {
        const rows = session.store.totals(by, { openOnly: !opts.all });
        // Totals only, no claim: recorded like the dashboard.
        auditCli(session.store.db, {
          action: 'dashboard.read',
          command: 'worklist summary',
          resource: `by:${by}${opts.all ? ' all' : ''} rows:${rows.length}`,
        });
        if (opts.json)
          return printJson(
            rows.map((r) => ({
              ...r,
              amount: dollars(r.amountCents),
              recoverable: dollars(r.recoverableCents),
              recovered: dollars(r.recoveredCents),
            })),
          );
        const table = [
          [by.toUpperCase(), 'ITEMS', 'AMOUNT', 'RECOVERABLE', 'RECOVERED'],
          ...rows.map((r) => [
            r.key || '-',
            String(r.count),
            dollars(r.amountCents),
            dollars(r.recoverableCents),
            dollars(r.recoveredCents),
          ]),
        ];
        for (const line of formatTable(table)) println(line);
      } finally {
        session.close();
      }
    });
}
