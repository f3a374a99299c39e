/**
 * `drugclaim ndc NDC [--date YYYY-MM-DD] [--json]`: an NDC's normalised forms, its HCPCS code(s) and the billing
 * units per package from the ASP NDC-HCPCS crosswalk. An unhyphenated 10-digit NDC is ambiguous unless the
 * crosswalk knows exactly one of its three readings: drugclaim says so and never guesses.
 */
import type { Command } from 'commander';
import { hyphenateNdc11, type NdcPackageFacts } from '../../../core/reference/code-facts.ts';
import type { IsoDate, Sourced } from '../../../core/reference/model.ts';
import { normaliseNdc, type NdcCandidate } from '../../../core/reference/ndc.ts';
import type { ReferenceIndex } from '../../../core/reference/reference-index.ts';
import {
  describeSource,
  EXIT_ERROR,
  EXIT_NO,
  formatTable,
  loadReferenceForCli,
  parseDateOption,
  printJson,
  println,
  today,
} from '../output.ts';

export interface NdcReport {
  input: string;
  date: IsoDate;
  /** ok: one 11-digit NDC; ambiguous: several readings (see candidates); invalid: not an NDC. */
  result: 'ok' | 'ambiguous' | 'invalid';
  normalised: (NdcCandidate & { resolvedBy?: 'lookup' }) | null;
  /** For an ambiguous NDC: every reading and whether the crosswalk knows it. */
  candidates: (NdcCandidate & { inCrosswalk: boolean })[];
  /** Crosswalk rows of the normalised NDC (one per HCPCS code it maps to); null when not in the crosswalk. */
  packages: Sourced<NdcPackageFacts[]> | null;
  message: string;
}

export function ndcReport(ref: ReferenceIndex, input: string, date: IsoDate): NdcReport {
  const known = (ndc11: string): boolean => ref.ndcPackages(ndc11, date) !== undefined;
  const n = normaliseNdc(input, known);
  if (n.kind === 'invalid') {
    return {
      input,
      date,
      result: 'invalid',
      normalised: null,
      candidates: [],
      packages: null,
      message: `"${input}" is not an NDC: ${n.reason}.`,
    };
  }
  if (n.kind === 'ambiguous') {
    const candidates = n.candidates.map((c) => ({ ...c, inCrosswalk: known(c.ndc11) }));
    return {
      input,
      date,
      result: 'ambiguous',
      normalised: null,
      candidates,
      packages: null,
      message: `${input} is ambiguous: ${n.reason}.`,
    };
  }
  const { kind: _kind, ...normalised } = n;
  const found = ref.ndcPackages(n.ndc11, date);
  let packages: Sourced<NdcPackageFacts[]> | null = null;
  if (found) {
    const value = found.value.map((p) => {
      const d = ref.descriptor(p.code, date)?.value;
      const unit = d?.kind === 'parsed' ? d.billingUnit : undefined;
      return {
        ...p,
        ndcHyphenated: hyphenateNdc11(p.ndc11),
        amountPerPackage:
          unit && p.billingUnitsPerPackage !== null
            ? { amount: Math.round(p.billingUnitsPerPackage * unit.amount * 1e6) / 1e6, unit: unit.unit }
            : null,
      };
    });
    packages =
      found.note === undefined
        ? { value, source: found.source, inForce: found.inForce }
        : { value, source: found.source, inForce: found.inForce, note: found.note };
  }
  const resolved =
    n.resolvedBy === 'lookup' ? ' (an unhyphenated 10-digit NDC; the crosswalk knows only this reading)' : '';
  const message = packages
    ? `${n.hyphenated}${resolved} maps to ${[...new Set(packages.value.map((p) => p.code))].join(', ')}.`
    : `${n.hyphenated} is not in the ASP NDC-HCPCS crosswalk${ref.releaseOn('ndc-crosswalk', date) ? '' : ' (no crosswalk in the store)'}.`;
  return { input, date, result: 'ok', normalised, candidates: [], packages, message };
}

export function register(program: Command): void {
  program
    .command('ndc')
    .description('Normalise an NDC and show its HCPCS code(s) and billing units per package')
    .argument('<ndc>', 'NDC in any form: 00310-4500-12, 0310-4500-12, 00310450012, 0310450012')
    .option('--date <YYYY-MM-DD>', 'date of service (default: today)', parseDateOption)
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (input: string, opts: { date?: string; json?: boolean }) => {
      const ref = await loadReferenceForCli();
      if (!ref) return;
      const report = ndcReport(ref, input, opts.date ?? today());
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
    const rows = [
      ['HCPCS', 'drug', 'labeler', 'dosage', 'pkg size', 'pkg qty', 'units/item', 'units/pkg', 'amount/pkg'],
    ];
    for (const p of r.packages.value) {
      rows.push([
        p.code,
        p.drugName,
        p.labelerName,
        p.hcpcsDosage,
        String(p.packageSize ?? '—'),
        String(p.packageQuantity ?? '—'),
        String(p.billingUnitsPerItem ?? '—'),
        String(p.billingUnitsPerPackage ?? '—'),
        p.amountPerPackage ? `${p.amountPerPackage.amount} ${p.amountPerPackage.unit}` : '—',
      ]);
    }
    for (const line of formatTable(rows)) println(`  ${line}`);
    if (r.packages.note !== undefined) println(`  note: ${r.packages.note}`);
    println(`Source: ${describeSource(r.packages.source)}`);
  }
}
