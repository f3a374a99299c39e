/**
 * `drugclaim ndc NDC [--date YYYY-MM-DD] [--json]`: an NDC's normalised forms, its HCPCS code(s) and the billing
 * units per package from the ASP NDC-HCPCS crosswalk. An unhyphenated 10-digit NDC is ambiguous unless the
 * crosswalk knows exactly one of its three readings: drugclaim says so and never guesses.
 */
import type { Command } from 'commander';
import type { NdcPackageFacts } from '../../../core/reference/code-facts.ts';
import { ndcReport, type NdcReport } from '../../../core/reference/ndc-report.ts';
import {
  describeSource,
  EXIT_ERROR,
  EXIT_NO,
  formatTable,
  parseDateOption,
  printJson,
  println,
  today,
} from '../output.ts';
import { referenceForLookup } from './store-access.ts';

/** The package columns `ndc` and `code` print for a crosswalk row. */
export const PACKAGE_HEADINGS = ['pkg size', 'pkg qty', 'units/item', 'units/pkg', 'amount/pkg'];

export function packageCells(p: NdcPackageFacts): string[] {
  return [
    String(p.packageSize ?? '—'),
    String(p.packageQuantity ?? '—'),
    String(p.billingUnitsPerItem ?? '—'),
    String(p.billingUnitsPerPackage ?? '—'),
    p.amountPerPackage ? `${p.amountPerPackage.amount} ${p.amountPerPackage.unit}` : '—',
  ];
}

/**
 * Labels and invoices often print an NDC's segments with spaces (00310 4500 12): read them as the hyphens they
 * stand for. Anything else is left as typed, for the NDC reader to judge.
 */
export function spacesAsHyphens(input: string): string {
  return /^\d+(?:\s*[-\s]\s*\d+)+$/.test(input) ? input.replace(/\s*-\s*|\s+/g, '-') : input;
}

export function register(program: Command): void {
  program
    .command('ndc')
    .description('Normalise an NDC and show its HCPCS code(s) and billing units per package')
    .argument(
      '<ndc...>',
      'NDC in any form: 00310-4500-12, 0310-4500-12, 00310450012, 0310450012, "00310 4500 12"',
    )
    .option('--date <YYYY-MM-DD>', 'date of service (default: today)', parseDateOption)
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (parts: string[], opts: { date?: string; json?: boolean }) => {
      const input = parts.join(' ').trim();
      const ref = await referenceForLookup();
      if (!ref) return;
      const report = { ...ndcReport(ref, spacesAsHyphens(input), opts.date ?? today()), input };
      if (opts.json) printJson(report);
      else printReport(report);
      process.exitCode =
        report.result === 'invalid'
          ? EXIT_ERROR
          : report.result === 'ambiguous' || !report.packages
            ? EXIT_NO
            : 0;
    });
}

function printReport(r: NdcReport): void {
  println(r.message);
  if (r.normalised) {
    println(`  11-digit   ${r.normalised.ndc11}`);
    println(`  5-4-2      ${r.normalised.hyphenated}`);
    println(
      `  read as    ${r.normalised.from}${r.normalised.resolvedBy ? ' (resolved by the crosswalk)' : ''}`,
    );
  }
  if (r.candidates.length > 0) {
    println('  readings:');
    for (const c of r.candidates)
      println(
        `    ${c.from}  ${c.hyphenated}  ${c.inCrosswalk ? 'in the crosswalk' : 'not in the crosswalk'}`,
      );
  }
  if (r.packages) {
    const rows = [['HCPCS', 'drug', 'labeler', 'dosage', ...PACKAGE_HEADINGS]];
    for (const p of r.packages.value) {
      rows.push([p.code, p.drugName, p.labelerName, p.hcpcsDosage, ...packageCells(p)]);
    }
    for (const line of formatTable(rows)) println(`  ${line}`);
    if (r.packages.note !== undefined) println(`  note: ${r.packages.note}`);
    println(`Source: ${describeSource(r.packages.source)}`);
  }
}
