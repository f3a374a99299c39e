/**
 * `drugclaim underpaid [--payer NAME|ID] [--status S...|all] [--limit N] [--offset N] [--json|--csv]`: lines paid
 * below their expected payment (Medicare ASP/OPPS or the contract table) by more than the tolerance, with the dollar
 * gap and the arithmetic; all of them unless --limit/--offset ask for a page (as `worklist`).
 */
import type { Command } from 'commander';
import { today } from '../output.ts';
import { underpaymentJson } from '../../store/recovery/json.ts';
import { listedIds } from '../../store/accounts/index.ts';
import { auditCli } from './audit.ts';
import { asOfOption, openSessionForCli, parseStatus } from './denials.ts';
import { listOptions, pageOf, printPage, totalsSentence, type ListOptions } from './paged-table.ts';

/** `underpaid --csv`: `paidUnits` is blank where the payer paid the units billed (`units`). */
export const UNDERPAID_CSV_COLUMNS = [
  'id',
  'payer',
  'claimId',
  'line',
  'code',
  'units',
  'paidUnits',
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
    );
  asOfOption(underpaid);
  listOptions(underpaid, 'lines').action((opts: ListOptions) => {
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
      printPage(
        {
          rows,
          record: (r) => underpaymentJson(r, asOf),
          csvColumns: UNDERPAID_CSV_COLUMNS,
          offset: page.offset,
          many: 'underpaid lines',
          empty: 'No underpaid lines.',
          header: [
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
          cells: (_, r) => [
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
          ],
          // The totals are of every underpaid line the filters match, also when only a page is listed.
          footer: () => {
            const kind = { ...filter, kind: 'underpayment' as const };
            const totals = session.store.findingSummary(kind, asOf);
            const sums = { items: totals.items, openItems: totals.openItems, cents: totals.openAmountCents };
            const shown = { offset: page.offset, shown: rows.length };
            return [totalsSentence(sums, 'underpaid line', 'underpaid lines', 'below expected', shown)];
          },
        },
        opts,
      );
    } finally {
      session.close();
    }
  });
}
