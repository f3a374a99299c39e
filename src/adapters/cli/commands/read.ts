/**
 * `drugclaim read FILE [--json] [--max-errors N]`: reads an 837P/837I/835, FHIR R4 JSON, claim JSON or claim CSV
 * file and prints what was read: a readable summary, or with --json
 * `{ claims, remittances, transactions, errors, summary }` where summary is
 * `{ transactions, claims, serviceLines, remittanceClaims, remittanceServiceLines, payments, errors, warnings }`,
 * plus `passedOver`: the X12 segments the claim model does not carry, counted by kind and loop ("PWK (2300)").
 * X12 files are streamed (claims are printed as they are read), so any size works in constant memory.
 *
 * Exit codes: 0 read without errors; 1 read, with errors; 2 nothing could be read.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Claim, Remittance } from '../../../core/claim/model.ts';
import { formatDollars } from '../../../core/money.ts';
import { formatPosition } from '../../../core/problem.ts';
import type { Problem } from '../../../core/problem.ts';
import { describePassedOver, streamClaims } from '../../claim-files/index.ts';
import type { ClaimStreamSummary } from '../../claim-files/index.ts';
import {
  EXIT_ERROR,
  EXIT_NO,
  EXIT_OK,
  eprintln,
  formatTable,
  parsePositiveInt,
  println,
  OutputWriter,
  shownJson,
} from '../output.ts';

interface ReadOptions {
  json?: boolean;
  maxErrors: number;
  progress?: boolean;
}

/** One problem in the --json `errors` list (flat, stable keys). */
export function problemJson(p: Problem): Record<string, unknown> {
  const at = p.at ?? {};
  return {
    code: p.code,
    severity: p.severity,
    message: p.message,
    segmentIndex: at.segmentIndex ?? null,
    segmentId: at.segmentId ?? null,
    element: at.element ?? null,
    loop: at.loop ?? null,
    line: at.line ?? null,
    path: at.path ?? null,
    file: at.file ?? null,
  };
}

export interface ReadSummaryJson {
  transactions: number;
  claims: number;
  serviceLines: number;
  remittanceClaims: number;
  remittanceServiceLines: number;
  payments: number;
  errors: number;
  warnings: number;
}

export function summaryJson(s: ClaimStreamSummary, remittances: readonly Remittance[]): ReadSummaryJson {
  return {
    transactions: s.transactions.length,
    claims: s.claims,
    serviceLines: s.serviceLines,
    remittanceClaims: remittances.reduce((n, r) => n + r.claims.length, 0),
    remittanceServiceLines: remittances.reduce(
      (n, r) => n + r.claims.reduce((m, c) => m + c.serviceLines.length, 0),
      0,
    ),
    payments: remittances.length,
    errors: s.problemTotals.error,
    warnings: s.problemTotals.warning,
  };
}

const indent = (json: string, by: string): string => json.replace(/\n/g, `\n${by}`);

function lineSummary(c: Claim): string {
  return c.lines
    .slice(0, 4)
    .map(
      (l) =>
        `${l.procedure.code}${l.procedure.modifiers.length > 0 ? `-${l.procedure.modifiers.join('-')}` : ''} ×${l.units}${l.drug ? ` (NDC ${l.drug.ndc}${l.drug.quantity === undefined ? '' : ` ${l.drug.quantity}${l.drug.unit ?? ''}`})` : ''}`,
    )
    .join(', ')
    .concat(c.lines.length > 4 ? `, +${c.lines.length - 4} more` : '');
}

export function register(program: Command): void {
  program
    .command('read')
    .description(
      'Read an 837P/837I/835, FHIR R4, claim JSON or CSV file and show what it holds (with positioned errors)',
    )
    .argument('<file>', 'claim or remittance file')
    .option('--json', 'print { claims, remittances, transactions, errors, summary } as JSON')
    .option('--max-errors <n>', 'list at most N problems (all are counted)', parsePositiveInt, 1000)
    .option('--no-progress', 'no progress bar for big files')
    .action(async (file: string, options: ReadOptions) => {
      process.exitCode = await runRead(file, options);
    });
}

async function runRead(file: string, options: ReadOptions): Promise<number> {
  const out = new OutputWriter();
  const remittances: Remittance[] = [];
  const shown: Claim[] = [];
  let first = true;
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    size = 0;
  }
  const bar =
    options.progress !== false && !options.json && process.stderr.isTTY && size > 50e6
      ? new cliProgress.SingleBar(
          {
            format: `reading ${basename(file)} [{bar}] {percentage}% | {claims} claims`,
            hideCursor: true,
            clearOnComplete: true,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(size, 0, { claims: 0 });
  if (options.json) out.write('{\n  "claims": [');
  let chargeCents = 0;
  const summary = await streamClaims(
    file,
    (claim) => {
      chargeCents += claim.totalChargeCents;
      if (options.json) {
        out.write(
          `${first ? '\n    ' : ',\n    '}${indent(shownJson(JSON.stringify(claim, null, 2)), '    ')}`,
        );
        first = false;
      } else if (shown.length < 20) shown.push(claim);
    },
    (p) => {
      bar?.update(p.bytesRead, { claims: p.claims });
    },
    {
      maxProblems: options.maxErrors,
      onRemittance: (r) => remittances.push(r),
      keepRemittances: false,
      pace: () => out.flush(),
    },
  );
  bar?.stop();
  const readable = summary.claims > 0 || remittances.length > 0;
  const code = !readable ? EXIT_ERROR : summary.problemTotals.error > 0 ? EXIT_NO : EXIT_OK;
  const s = summaryJson(summary, remittances);
  if (options.json) {
    out.write(first ? '],\n' : '\n  ],\n');
    const rest = {
      remittances,
      transactions: summary.transactions.map((t) => ({
        type: t.type,
        version: t.version,
        control: t.control,
      })),
      errors: summary.problems.map(problemJson),
      format: summary.format,
      summary: s,
      passedOver: summary.passedOver,
    };
    const body = JSON.stringify(rest, null, 2);
    out.write(`${shownJson(body.substring(2))}\n`);
    await out.flush(true);
    return code;
  }

  const name = basename(file);
  const types = [...new Set(summary.transactions.map((t) => t.type))].join(', ');
  println(
    `${name}: ${summary.format}${summary.transactions.length > 0 ? ` — ${s.transactions} transaction set${s.transactions === 1 ? '' : 's'} (${types})` : ''}`,
  );
  if (s.claims > 0)
    println(
      `  ${s.claims} claim${s.claims === 1 ? '' : 's'}, ${s.serviceLines} service line${s.serviceLines === 1 ? '' : 's'}, total charges ${formatDollars(chargeCents)}`,
    );
  if (remittances.length > 0) {
    const paid = remittances.reduce((n, r) => n + r.payment.amountCents, 0);
    println(
      `  ${s.payments} payment${s.payments === 1 ? '' : 's'} totalling ${formatDollars(paid)}; ${s.remittanceClaims} claim payment${s.remittanceClaims === 1 ? '' : 's'}, ${s.remittanceServiceLines} service line${s.remittanceServiceLines === 1 ? '' : 's'}`,
    );
  }
  println(
    `  ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`,
  );
  const left = describePassedOver(summary.passedOver, 8);
  if (left !== undefined)
    println(`  not carried into the claims (the claim model has no place for them): ${left}`);
  if (shown.length > 0) {
    println();
    const rows = [['claim', 'service date', 'charge', 'lines']];
    for (const c of shown)
      rows.push([
        c.id,
        c.lines[0]?.serviceDate ?? c.statementFrom ?? '',
        formatDollars(c.totalChargeCents),
        lineSummary(c),
      ]);
    for (const r of formatTable(rows)) println(`  ${r}`);
    if (s.claims > shown.length) println(`  … ${s.claims - shown.length} more claims (use --json for all)`);
  }
  for (const r of remittances.slice(0, 5)) {
    println();
    println(
      `  payment ${formatDollars(r.payment.amountCents)}${r.payment.method ? ` by ${r.payment.method}` : ''}${r.payment.date ? ` on ${r.payment.date}` : ''}${r.payment.traceNumber ? `, trace ${r.payment.traceNumber}` : ''} — payer ${r.payer.name ?? r.payer.id ?? '?'}`,
    );
    const rows = [['claim', 'status', 'charge', 'paid', 'patient', 'lines']];
    for (const c of r.claims.slice(0, 20))
      rows.push([
        c.patientControlNumber,
        c.status,
        formatDollars(c.chargeCents),
        formatDollars(c.paidCents),
        formatDollars(c.patientResponsibilityCents),
        String(c.serviceLines.length),
      ]);
    for (const row of formatTable(rows)) println(`    ${row}`);
    if (r.claims.length > 20) println(`    … ${r.claims.length - 20} more`);
  }
  if (summary.problems.length > 0) {
    println();
    println(
      `problems${summary.problems.length < s.errors + s.warnings ? ` (first ${summary.problems.length})` : ''}:`,
    );
    for (const p of summary.problems.slice(0, 50)) {
      const { file: _file, ...where } = p.at ?? {};
      const position = formatPosition(where);
      println(`  ${p.severity.padEnd(7)} ${p.code}${position === '' ? '' : `  ${position}`}: ${p.message}`);
    }
    if (summary.problems.length > 50)
      println(`  … ${summary.problems.length - 50} more (use --json for all)`);
  }
  if (!readable)
    eprintln(
      `drugclaim: nothing could be read from ${name}${
        summary.problems.length === 0 && summary.transactions.length > 0
          ? `: its ${summary.transactions.length === 1 ? 'transaction set holds' : `${summary.transactions.length} transaction sets hold`} no claim or remittance (no CLM segment)`
          : ''
      }`,
    );
  return code;
}
