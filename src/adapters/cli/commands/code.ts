/**
 * `drugclaim code CODE[-MODIFIER…] [--date YYYY-MM-DD] [--json]`: what a HCPCS code (or modifier) is on a date of
 * service, and what the modifiers written after it (J9173-JW, J9173:JW) mean on that date.
 */
import type { Command } from 'commander';
import { PRICING_INDICATORS } from '../../../core/guides/sources.ts';
import {
  codeFacts,
  modifierFacts,
  type CodeFacts,
  type ModifierFacts,
} from '../../../core/reference/code-facts.ts';
import { parseCodeWithModifiers } from '../../../core/reference/code-with-modifiers.ts';
import type { DatasetKind, SourceRef, Sourced } from '../../../core/reference/model.ts';
import {
  describeSource,
  EXIT_ERROR,
  EXIT_NO,
  eprintln,
  formatMills,
  formatTable,
  parseDateOption,
  printJson,
  println,
  today,
} from '../output.ts';
import { formatIcd10, ICD10_SHAPE } from './icd10.ts';
import { packageCells, PACKAGE_HEADINGS } from './ndc.ts';
import { referenceForLookup } from './store-access.ts';

export type CodeArgument = { ok: true; code: string; modifiers: string[] } | { ok: false; message: string };

/**
 * "J9173", "jw", "J9173-JW", "J9173:JW", "J9173-JW-KX" → the code and its modifiers (the parser the API and the web
 * lookup use); or why it is not one, with a pointer to `drugclaim icd10` for what looks like a diagnosis code.
 */
export function parseCodeArgument(text: string): CodeArgument {
  const parsed = parseCodeWithModifiers(text);
  if (parsed.ok) return { ok: true, ...parsed.value };
  const problem = parsed.problems[0];
  const input = text.trim().toUpperCase();
  const icd =
    problem?.code === 'code.not-a-code' && ICD10_SHAPE.test(input)
      ? ` For an ICD-10-CM diagnosis code, run \`drugclaim icd10 ${input}\`.`
      : '';
  return { ok: false, message: `${problem?.message ?? `not a HCPCS code: "${text.trim()}".`}${icd}` };
}

const COVERAGE: Readonly<Record<string, string>> = {
  C: 'carrier judgment',
  D: 'special coverage instructions apply',
  I: 'not payable by Medicare',
  M: 'non-covered by Medicare',
  S: 'non-covered by Medicare statute',
};

export function register(program: Command): void {
  program
    .command('code')
    .description(
      'What a HCPCS code or modifier is on a date: descriptor, status, billing unit, ASP limit, MUE, OPPS, NDCs',
    )
    .argument(
      '<code>',
      'HCPCS Level II code, CPT code or modifier, e.g. J9173 or JW; modifiers may follow: J9173-JW, J9173:JW',
    )
    .option('--date <YYYY-MM-DD>', 'date of service (default: today)', parseDateOption)
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (text: string, opts: { date?: string; json?: boolean }) => {
      const parsed = parseCodeArgument(text);
      if (!parsed.ok) {
        eprintln(`drugclaim: ${parsed.message}`);
        process.exitCode = EXIT_ERROR;
        return;
      }
      const { code, modifiers: modifierCodes } = parsed;
      const ref = await referenceForLookup();
      if (!ref) return;
      const date = opts.date ?? today();
      const facts = codeFacts(ref, code, date);
      if (!facts) {
        const hcpcs = ref.releaseOn('hcpcs', date);
        const where = hcpcs
          ? `the HCPCS file in force on ${date} (${hcpcs.release.label})`
          : 'the store (no HCPCS release)';
        const icd = ref.icd10(code, date);
        const hint = icd
          ? ` ${code} is an ICD-10-CM diagnosis code (${formatIcd10(code)}: ${icd.value.description}); run \`drugclaim icd10 ${code}\`.`
          : '';
        const message = `Unknown code ${code}: not in ${where}, nor in the ASP, NDC crosswalk, MUE or OPPS files.${hint}`;
        if (opts.json) printJson({ error: 'unknown-code', code, date, message });
        else eprintln(`drugclaim: ${message}`);
        process.exitCode = EXIT_NO;
        return;
      }
      const modifiers = modifierCodes.map((m) => modifierFacts(ref, m, date));
      if (opts.json) printJson(modifierCodes.length > 0 ? { ...facts, modifiers } : facts);
      else printFacts(facts, modifiers);
      // The code is known; a modifier the HCPCS file does not list makes the combination a "no".
      if (modifiers.some((m) => !m.known)) process.exitCode = EXIT_NO;
    });
}

function printFacts(f: CodeFacts, modifiers: readonly ModifierFacts[] = []): void {
  const sources: SourceRef[] = [];
  const cite = (s: Sourced<unknown>): string => {
    let i = sources.findIndex((x) => x.releaseId === s.source.releaseId);
    if (i < 0) i = sources.push(s.source) - 1;
    return `[${i + 1}]${s.inForce ? '' : ' (not in force on this date)'}`;
  };
  const rows: string[][] = [];
  const h = f.hcpcs;
  const written = [f.code, ...modifiers.map((m) => m.code)].join('-');
  println(`${written}  ${h ? h.value.longDescription : '(not in the HCPCS Level II file)'}`);
  for (const m of modifiers) {
    const where =
      m.source === null ? '' : `  ${cite({ value: null, source: m.source, inForce: m.inForce ?? false })}`;
    rows.push([
      `modifier ${m.code}`,
      m.known ? `${m.description ?? ''}; ${m.statusText}${where}` : m.statusText,
    ]);
  }
  if (h) {
    const r = h.value;
    rows.push(['kind', r.kind]);
    rows.push(['short description', r.shortDescription]);
    rows.push([`status`, `${f.statusText}  ${cite(h)}`]);
    rows.push(['added', r.addedDate ?? '—']);
    rows.push(['termination', r.terminationDate ?? '— (none)']);
    rows.push([
      'action',
      `${r.actionCode}${r.actionEffectiveDate ? ` effective ${r.actionEffectiveDate}` : ''}`,
    ]);
    if (r.kind === 'procedure') {
      const d = f.descriptor;
      rows.push([
        'billing unit',
        d?.kind === 'parsed'
          ? `${d.billingUnit.amount} ${d.billingUnit.unit} ("${d.billingUnit.text}")`
          : `not parsed from the descriptor${d ? `: ${d.reason}` : ''}`,
      ]);
      if (d?.drugName) rows.push(['drug', d.drugName]);
      rows.push([
        'coverage code',
        r.coverageCode
          ? `${r.coverageCode} (${COVERAGE[r.coverageCode] ?? 'see the HCPCS record layout'})`
          : '—',
      ]);
      rows.push([
        'pricing indicator',
        r.pricingIndicators.length > 0
          ? r.pricingIndicators
              .map((p) => `${p} (${PRICING_INDICATORS[p] ?? 'see the HCPCS record layout'})`)
              .join(', ')
          : '—',
      ]);
    }
  } else {
    rows.push(['status', f.statusText]);
  }
  if (!h || h.value.kind === 'procedure') {
    rows.push([
      'ASP limit',
      f.asp
        ? f.asp.value.paymentLimitMills === null
          ? `N/A per ${f.asp.value.dosage}  ${cite(f.asp)}`
          : `$${formatMills(f.asp.value.paymentLimitMills)} per unit (${f.asp.value.dosage})${f.asp.value.notes ? `; ${f.asp.value.notes}` : ''}  ${cite(f.asp)}`
        : f.notKnown.includes('asp')
          ? '— (not known: see the note)'
          : '— (no row in the ASP file)',
    ]);
    const mue = (label: string, m: CodeFacts['mue']['practitioner'], dataset?: DatasetKind): void => {
      rows.push([
        `MUE ${label}`,
        m
          ? `${m.value.value} (MAI ${m.value.mai}: ${m.value.maiText.replace(/^\d\s*/, '')}; ${m.value.rationale})  ${cite(m)}`
          : dataset !== undefined && f.notKnown.includes(dataset)
            ? '— (not known: see the note)'
            : '—',
      ]);
    };
    mue('practitioner', f.mue.practitioner, 'mue-practitioner');
    mue('outpatient hosp.', f.mue.outpatientHospital, 'mue-outpatient-hospital');
    // `codeFacts` does not say the DME supplier MUE is unknown (drugs have none): a dash alone.
    mue('DME', f.mue.dme);
    rows.push([
      'OPPS',
      f.opps
        ? `SI ${f.opps.value.statusIndicator}${f.opps.value.apc ? `, APC ${f.opps.value.apc}` : ''}${f.opps.value.paymentRateMills !== null ? `, $${formatMills(f.opps.value.paymentRateMills)}` : ''}  ${cite(f.opps)}`
        : f.notKnown.includes('opps')
          ? '— (not known: see the note)'
          : '— (not in OPPS Addendum B)',
    ]);
  }
  for (const line of formatTable(rows)) println(`  ${line}`);
  if (f.ndcs && f.ndcs.value.length > 0) {
    println(`  NDCs (${f.ndcs.value.length})  ${cite(f.ndcs)}`);
    const table = [['NDC', 'drug', 'labeler', ...PACKAGE_HEADINGS]];
    for (const p of f.ndcs.value)
      table.push([p.ndcHyphenated, p.drugName, p.labelerName, ...packageCells(p)]);
    for (const line of formatTable(table)) println(`    ${line}`);
  } else if (!h || h.value.kind === 'procedure') {
    println('  NDCs  — (not in the ASP NDC-HCPCS crosswalk)');
  }
  for (const note of f.notes) println(`  note: ${note}`);
  println('Sources:');
  sources.forEach((s, i) => println(`  [${i + 1}] ${describeSource(s)}`));
}
