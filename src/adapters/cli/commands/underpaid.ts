/**
 * `drugclaim underpaid [--payer NAME|ID] [--status S...|all] [--limit N] [--offset N] [--json|--csv]`: lines paid
 * below their expected payment (Medicare ASP/OPPS or the contract table) by more than the tolerance, with the dollar
 * gap and the arithmetic; all of them unless --limit/--offset ask for a page (as `worklist`).
 */
import type { Command } from 'commander';
import type { WorklistStatus } from '../../../core/recovery/model.ts';
import { formatTable, println, today } from '../output.ts';
import { underpaymentJson } from '../../store/recovery/json.ts';
import { listedIds } from '../../store/accounts/index.ts';
import { auditCli } from './audit.ts';
import {
  openSessionForCli,
  pageOf,
  pageOptions,
  parseStatus,
  printedWithoutTable,
  totalsSentence,
} from './denials.ts';

const CSV_COLUMNS = [
  'id',
  'payer',
  'claimId',
  'line',
  'code',
  'units',
  'serviceDate',
  'paid',
  'expected',
  'gap',
  'basis',
  'certain',
  'remitDate',
  'deadline',
  'status',
  'ageDays',
];

export function register(program: Command): void {
  const underpaid = program
    .command('underpaid')
    .description(
      'Drug lines paid below the expected payment (ASP, OPPS or contract) by more than the tolerance',
    )
    .option('--payer <name-or-id>', 'only this payer (name contains, or exact payer id)')
    .option(
      '--status <status>',
      'only these worklist statuses (repeat or comma-separate; "all" for every status)',
      parseStatus,
    )
    .option('--as-of <YYYY-MM-DD>', 'date ages are counted to (default today)');
  pageOptions(underpaid, 'lines')
    .option('--json', 'print JSON (see docs/recovery.md)')
    .option('--csv', 'print CSV')
    .action(
      (opts: {
        payer?: string;
        status?: WorklistStatus[];
        asOf?: string;
        limit?: number;
        offset?: number;
        json?: boolean;
        csv?: boolean;
      }) => {
        const session = openSessionForCli();
        if (!session) return;
        try {
          const page = pageOf(opts);
          const filter = {
            ...(opts.payer !== undefined ? { payer: opts.payer } : {}),
            ...(opts.status !== undefined ? { status: opts.status } : {}),
          };
          const rows = session.store.underpayments(filter, page);
          auditCli(session.store.db, {
            action: 'underpayments.list',
            command: 'underpaid',
            resource: listedIds('worklist', rows),
          });
          const asOf = opts.asOf ?? today();
          const records = rows.map((r) => underpaymentJson(r, asOf));
          const empty =
            page.offset > 0
              ? `No underpaid lines from --offset ${page.offset}: the list is shorter.`
              : 'No underpaid lines.';
          if (printedWithoutTable(records, opts, CSV_COLUMNS, empty)) return;
          const table = [
            [
              'ID',
              'CLAIM',
              'LINE',
              'CODE',
              'PAYER',
              'PAID',
              'EXPECTED',
              'GAP',
              'BASIS',
              'DEADLINE',
              'STATUS',
            ],
            ...records.map((r) => [
              String(r['id']),
              String(r['claimId']),
              String(r['line'] ?? '-'),
              String(r['code']),
              String(r['payer']),
              String(r['paid']),
              String(r['expected']),
              String(r['gap']),
              `${String(r['basis'])}${r['certain'] ? '' : ' (uncertain)'}`,
              String(r['deadline'] ?? '-'),
              String(r['status']),
            ]),
          ];
          for (const line of formatTable(table)) println(line);
          // The totals are of every underpaid line the filters match, also when only a page is listed.
          const kind = { ...filter, kind: 'underpayment' as const };
          const totals = session.store.findingTotals(kind, asOf);
          const sums = {
            items: totals.items,
            openItems: totals.openItems,
            cents: session.store.openAmountCents(kind),
          };
          println(
            `\n${totalsSentence(sums, 'underpaid line', 'underpaid lines', 'below expected', {
              offset: page.offset,
              shown: rows.length,
            })}`,
          );
        } finally {
          session.close();
        }
      },
    );
}
