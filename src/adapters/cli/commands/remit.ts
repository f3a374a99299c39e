/**
 * `drugclaim remit import FILE... [--json]`: imports remittances (835, FHIR ExplanationOfBenefit) idempotently, then
 * matches them to submitted claims and classifies every adjustment.
 * `drugclaim remit reconcile [--all] [--json]`: re-runs matching/analysis (after new reference data or rules).
 * `drugclaim remit unmatched [--limit N] [--offset N] [--json]`: remittance claims and lines with no submitted partner, and claims no
 * remittance has answered yet.
 *
 * Exit codes: 0 imported (or already there); 1 a file could not be read (nothing from it imported), or some of its
 * claims had a read error inside them and were not imported (listed with their positions); 2 usage.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { AuditEntry } from '../../store/accounts/index.ts';
import {
  importErrors,
  type ImportSummary,
  type ReconcileSummary,
  type UnreconciledFile,
} from '../../store/recovery/store.ts';
import { importRecoveryFile, type RecoverySession } from '../../store/recovery/session.ts';
import { EXIT_NO, eprintln, formatTable, printJson, println, withReference } from '../output.ts';
import { dollars } from '../../store/recovery/json.ts';
import { auditCli, cliAuditEntry } from './audit.ts';
import { openSessionForCli, packagedSentence, toleranceOptions, unreconciledFileWords } from './denials.ts';
import { parseCount } from './paged-table.ts';

export interface ImportRow extends Partial<Omit<ImportSummary, 'status'>> {
  file: string;
  status: ImportSummary['status'] | 'rejected';
  errors?: string[];
}

/**
 * Imports files of one kind (claims or remittances), then reconciles. Shared by `claims import` and `remit import`.
 * Also when nothing is new but an earlier import's reconcile had not finished (`unreconciled`, its process killed
 * between storing its file and filing the findings): a re-run of that import is how a biller repairs it.
 */
export async function importFiles(
  session: RecoverySession,
  files: readonly string[],
  kind: 'claims' | 'remittances',
  options: { progress?: boolean } = {},
): Promise<{ rows: ImportRow[]; reconcile?: ReconcileSummary; unreconciled: UnreconciledFile[] }> {
  const unreconciled = session.store.unreconciledFiles();
  const rows: ImportRow[] = [];
  // Each stored file's own row, in its import transaction: the command's row comes after every file and the
  // reconcile, and a full disk or a crash may stop it, leaving claims nobody is recorded as importing.
  const audit = (stored: ImportSummary): AuditEntry =>
    cliAuditEntry({
      action: kind === 'claims' ? 'claims.import' : 'remits.import',
      command: kind === 'claims' ? 'claims import' : 'remit import',
      resource: `file sha256:${stored.sha256.slice(0, 12)} items:${stored.items} added:${stored.added}`,
    });
  for (const path of files) {
    const bar = options.progress ? progressBar(path, kind) : undefined;
    let r: ReturnType<typeof importRecoveryFile>;
    try {
      r = importRecoveryFile(session.store, path, kind, {
        audit,
        ...(bar ? { onProgress: (p) => bar.update(p.bytesRead, { claims: p.claims }) } : {}),
      });
    } finally {
      bar?.stop();
    }
    if (!r.ok) {
      rows.push({ file: path, status: 'rejected', errors: r.errors });
      continue;
    }
    const row: ImportRow = { ...r.summary, file: path };
    const errors = importErrors(r.summary, r.problems);
    if (errors.length > 0) row.errors = errors;
    rows.push(row);
  }
  const anyNew = rows.some((r) => r.status === 'imported' && (r.added ?? 0) > 0);
  if (!anyNew && unreconciled.length === 0) return { rows, unreconciled };
  const reconcile = await withReference(async () => session.store.reconcile(await session.analysisContext()));
  return reconcile ? { rows, reconcile, unreconciled } : { rows, unreconciled };
}

/**
 * What a reconcile finished of imports that had not been reconciled (`unreconciled`, read before it): for a file
 * imported again, "already imported; its reconcile had not finished: done now"; for others, their names.
 */
export function unreconciledDoneLines(
  unreconciled: readonly UnreconciledFile[],
  rows: readonly ImportRow[],
  reconcile: ReconcileSummary,
): string[] {
  if (unreconciled.length === 0) return [];
  const found = `${reconcile.denials} denial(s) and ${reconcile.underpayments} underpayment(s) found (${reconcile.findingsAdded} new, ${reconcile.findingsRemoved} removed)`;
  const same = (f: UnreconciledFile, r: ImportRow): boolean => f.sha256 === r.sha256 && f.kind === r.kind;
  const again = rows.filter((r) => r.status === 'already-imported' && unreconciled.some((f) => same(f, r)));
  const others = unreconciled.filter((f) => !again.some((r) => same(f, r)));
  return [
    ...again.map((r) => `${r.file}: already imported; its reconcile had not finished: done now, ${found}.`),
    ...(others.length > 0
      ? [
          `The reconcile of ${others.length === 1 ? 'an earlier import' : `${others.length} earlier imports`} had not finished (its process stopped before matching): done now: ${unreconciledFileWords(others)}.`,
        ]
      : []),
  ];
}

/** Files this big get a progress bar on a terminal (the import is synchronous: cli-progress redraws on update). */
const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;

function progressBar(path: string, kind: 'claims' | 'remittances'): cliProgress.SingleBar | undefined {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined; // the import says why the file cannot be read
  }
  if (size < PROGRESS_MIN_BYTES) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      format: `importing ${basename(path)} [{bar}] {percentage}%${kind === 'claims' ? ' | {claims} claims' : ''}`,
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(size, 0, { claims: 0 });
  return bar;
}

/** What a reconcile did to the worklist beyond new findings, one sentence each (nothing when nothing happened). */
export function worklistChanges(r: ReconcileSummary): string[] {
  const out: string[] = [];
  if (r.reversalsLinked > 0)
    out.push(
      `${r.reversalsLinked} reversal(s) (CLP02 22) closed ${r.findingsReversed} open finding(s) of the adjudications they reverse.`,
    );
  if (r.findingsRecovered > 0) out.push(`${r.findingsRecovered} item(s) recovered by a later payment.`);
  if (r.findingsReopened > 0)
    out.push(
      `${r.findingsReopened} recovered item(s) reopened: the payer reversed the payment that recovered them.`,
    );
  if (r.correctionsLinked > 0)
    out.push(
      `${r.correctionsLinked} corrected claim(s) (CLM05-3 7/8) tied to the claim they replace or void; ${r.findingsCorrected} item(s) now corrected-claim-sent.`,
    );
  if (r.findingsWithdrawn > 0)
    out.push(
      `${r.findingsWithdrawn} item(s) withdrawn (the claim was voided, the payer denied its corrected claim, or after a reversal it denied the line again for another reason).`,
    );
  if (r.findingsTakenBack > 0)
    out.push(
      `${r.findingsTakenBack} payment(s) taken back (CLP02 22) with no new adjudication: now item(s) of root cause payment-reversed.`,
    );
  if (r.packagedLines > 0) out.push(packagedSentence(r.packagedLines));
  return out;
}

export function printImport(
  rows: readonly ImportRow[],
  reconcile: ReconcileSummary | undefined,
  json: boolean | undefined,
  unreconciled: readonly UnreconciledFile[] = [],
): void {
  if (json) {
    // unreconciled: the imports whose reconcile had not finished before this command (done now when reconcile is).
    printJson({ files: rows, reconcile: reconcile ?? null, unreconciled });
  } else {
    const table = [
      // CLAIMS for both kinds: a remittance file's items are its remittance claims.
      ['FILE', 'STATUS', 'FORMAT', 'CLAIMS', 'NEW', 'NOT IMPORTED', 'LINES', 'PROBLEMS'],
      ...rows.map((r) => [
        r.file,
        r.status === 'already-imported'
          ? `already imported${r.previousName && r.previousName !== r.file ? ` (as ${r.previousName})` : ''}`
          : r.status,
        r.format ?? '-',
        String(r.items ?? 0),
        String(r.added ?? 0),
        String(r.notStored?.length ?? 0),
        String(r.lines ?? 0),
        String(r.problems ?? r.errors?.length ?? 0),
      ]),
    ];
    for (const line of formatTable(table)) println(line);
    for (const r of rows) for (const e of r.errors ?? []) eprintln(`${r.file}: ${e}`);
    if (reconcile) {
      const done = unreconciledDoneLines(unreconciled, rows, reconcile);
      if (done.length > 0) println();
      for (const line of done) println(line);
      println(
        `\nMatched ${reconcile.matched} remittance claim(s), ${reconcile.unmatched} without a submitted claim, ${reconcile.ambiguous} ambiguous; ` +
          `${reconcile.denials} denial(s) and ${reconcile.underpayments} underpayment(s) found (${reconcile.findingsAdded} new).`,
      );
      for (const line of worklistChanges(reconcile)) println(line);
    }
  }
  // A file, or some of its items, not imported: the biller has to look (exit 1), whatever else was imported.
  if (rows.some((r) => r.status === 'rejected' || (r.notStored?.length ?? 0) > 0)) process.exitCode = EXIT_NO;
}

/** `claims import` / `remit import`: import files of one kind, reconcile, print the table (or JSON). */
export function importCommand(
  parent: Command,
  kind: 'claims' | 'remittances',
  description: string,
  filesHelp: string,
): void {
  toleranceOptions(
    parent
      .command('import')
      .description(description)
      .argument('<files...>', filesHelp)
      .option('--json', 'print JSON')
      .option('--no-progress', 'no progress bar for big files'),
  ).action(
    async (
      files: string[],
      opts: { json?: boolean; progress?: boolean; toleranceCents?: number; tolerancePercent?: number },
    ) => {
      const session = openSessionForCli(opts, 'reconcile');
      if (!session) return;
      try {
        const { rows, reconcile, unreconciled } = await importFiles(session, files, kind, {
          progress: opts.progress !== false && process.stderr.isTTY === true,
        });
        // As /api/claims/import records it: which file (digest) and how much of it, never its name or claim ids.
        auditCli(session.store.db, {
          action: kind === 'claims' ? 'claims.import' : 'remits.import',
          command: kind === 'claims' ? 'claims import' : 'remit import',
          resource: rows
            .map(
              (r) =>
                `${r.status} sha256:${r.sha256?.slice(0, 12) ?? '-'} items:${r.items ?? 0} added:${r.added ?? 0}`,
            )
            .join(','),
          status: rows.every((r) => r.status === 'rejected') ? 422 : 200,
        });
        printImport(rows, reconcile, opts.json, unreconciled);
      } finally {
        session.close();
      }
    },
  );
}

export function register(program: Command): void {
  const remit = program
    .command('remit')
    .description('Remittances (835, FHIR EOB): import, reconcile, unmatched');

  importCommand(
    remit,
    'remittances',
    'Import remittance files (835 or FHIR ExplanationOfBenefit); the same file twice adds nothing',
    'remittance files',
  );

  toleranceOptions(
    remit
      .command('reconcile')
      .description(
        'Match remittances to claims and re-analyse (all of them with --all, e.g. after new reference data, rules or tolerance)',
      )
      .option('--all', 're-analyse everything, not only new or unmatched remittances')
      .option('--json', 'print JSON'),
  ).action(
    async (opts: { all?: boolean; json?: boolean; toleranceCents?: number; tolerancePercent?: number }) => {
      const session = openSessionForCli(opts, 'reconcile');
      if (!session) return;
      try {
        const unreconciled = session.store.unreconciledFiles();
        const summary = await withReference(async () =>
          session.store.reconcile(await session.analysisContext(), { all: opts.all ?? false }),
        );
        if (!summary) return;
        auditCli(session.store.db, {
          action: 'remits.reconcile',
          command: 'remit reconcile',
          resource: `${opts.all ? 'all ' : ''}analysed:${summary.remitClaimsAnalyzed} findings-added:${summary.findingsAdded} findings-removed:${summary.findingsRemoved}`,
        });
        if (opts.json) printJson(summary);
        else {
          println(
            `Analysed ${summary.remitClaimsAnalyzed} remittance claim(s): ${summary.matched} matched, ${summary.unmatched} unmatched, ${summary.ambiguous} ambiguous; ${summary.findingsAdded} new finding(s), ${summary.findingsRemoved} removed.`,
          );
          for (const line of worklistChanges(summary)) println(line);
          if (unreconciled.length > 0)
            println(
              `This finished the reconcile of ${unreconciled.length === 1 ? 'an import' : `${unreconciled.length} imports`} whose process had stopped before matching: ${unreconciledFileWords(unreconciled)}.`,
            );
        }
      } finally {
        session.close();
      }
    },
  );

  remit
    .command('unmatched')
    .description(
      'Remittance claims/lines with no submitted claim, and submitted claims with no remittance yet',
    )
    .option('--limit <n>', `at most this many of each list (default ${UNMATCHED_LIMIT}; 0 = all)`, parseCount)
    .option('--offset <n>', 'skip this many of each list first (paging)', parseCount)
    .option('--json', 'print JSON')
    .action((opts: { limit?: number; offset?: number; json?: boolean }) => {
      const session = openSessionForCli();
      if (!session) return;
      try {
        const limit = opts.limit ?? UNMATCHED_LIMIT;
        const offset = opts.offset ?? 0;
        const u = session.store.unmatched({ ...(limit > 0 ? { limit } : {}), offset });
        auditCli(session.store.db, {
          action: 'claims.unmatched',
          command: 'remit unmatched',
          resource: `rows:${u.remitClaims.length + u.remitLines.length + u.claimsWithoutRemittance.length} offset:${offset}`,
        });
        if (opts.json) return printJson({ ...u, limit: limit > 0 ? limit : null, offset });
        // A store can hold hundreds of thousands of unanswered claims: a page, and how many more there are.
        const more = (shown: number, total: number): void => {
          const left = total - offset - shown;
          if (left > 0)
            println(`  … and ${left} more (--limit N, --offset ${offset + shown}, or --limit 0 for all)`);
        };
        println(`Remittance claims without a submitted claim: ${u.totals.remitClaims}`);
        for (const r of u.remitClaims)
          println(
            `  ${r.patientControlNumber}  payer claim ${r.payerClaimControlNumber ?? '-'}  charge $${dollars(r.chargeCents)}  paid $${dollars(r.paidCents)}  (${r.reason})`,
          );
        more(u.remitClaims.length, u.totals.remitClaims);
        println(`Remittance lines without a submitted line: ${u.totals.remitLines}`);
        for (const r of u.remitLines)
          println(
            `  ${r.patientControlNumber} SVC ${r.svcIndex + 1}  ${r.code}  charge $${dollars(r.chargeCents)}  paid $${dollars(r.paidCents)}`,
          );
        more(u.remitLines.length, u.totals.remitLines);
        println(`Submitted claims with no remittance yet: ${u.totals.claimsWithoutRemittance}`);
        for (const c of u.claimsWithoutRemittance)
          println(`  ${c.claimId}  ${c.serviceFrom ?? '-'}  charge $${dollars(c.totalChargeCents)}`);
        more(u.claimsWithoutRemittance.length, u.totals.claimsWithoutRemittance);
      } finally {
        session.close();
      }
    });
}

/** Lines of each unmatched list `remit unmatched` prints unless told otherwise. */
const UNMATCHED_LIMIT = 50;
