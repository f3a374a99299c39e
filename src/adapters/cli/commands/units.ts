/**
 * `drugclaim units --code J9309 --dose 1.8mg/kg --weight 80kg [--height 180cm] [--date YYYY-MM-DD]
 *  [--vials 30mg,140mg] [--opened ...] [--340b JG|TB] [--json]`: a dose → billing units, the JW/JZ lines, the
 * least-waste package plan and every rule applied with its source (engine: src/core/dosing, see docs/dosing.md).
 *
 * Exit codes: 0 lines computed without error-level problems; 1 the answer is "no" (unknown code, an opened amount
 * below the dose, or an error-level problem such as JG after 2024-12-31); 2 usage (unreadable or too large dose, weight,
 * package list or a missing input the dose needs) or no reference data.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { NdcUnit } from '../../../core/claim/model.ts';
import {
  formatQuantity,
  labelRangeText,
  planUnits,
  rational,
  type AmountOut,
  type UnitsRequest,
  type UnitsResult,
} from '../../../core/dosing/index.ts';
import type { Problem } from '../../../core/problem.ts';
import type { MueSetting } from '../../../core/reference/model.ts';
import {
  EXIT_ERROR,
  EXIT_NO,
  EXIT_OK,
  eprintln,
  formatTable,
  loadReferenceForCli,
  parseDateOption,
  printJson,
  println,
  today,
} from '../output.ts';

interface UnitsOptions {
  code: string;
  dose?: string;
  auc?: string;
  weight?: string;
  height?: string;
  bsa?: string;
  bsaFormula?: 'mosteller' | 'dubois';
  gfr?: string;
  scr?: string;
  age?: string;
  sex?: string;
  concentration?: string;
  date?: string;
  vials?: string;
  opened?: string;
  '340b'?: string;
  container?: 'single-dose' | 'multi-dose';
  ndcUnit?: NdcUnit;
  setting?: MueSetting;
  labelCheck?: boolean;
  json?: boolean;
}

/** Problems that mean the command line itself needs fixing (exit 2). */
const USAGE = new Set([
  'dose.unparsed',
  'dose.not-positive',
  'dose.too-large',
  'packages.too-large',
  'measure.unparsed',
  'opened.unparsed',
  'modifier.340b-invalid',
  'dose.needs-weight',
  'dose.needs-height',
  'dose.needs-gfr',
  'dose.needs-concentration',
  'dose.unit-mismatch',
  'dose.auc-not-carboplatin',
]);

export function register(program: Command): void {
  program
    .command('units')
    .description(
      'Dose → billing units: rounding, least-waste vials, JW/JZ and 340B lines, NDC quantity, label dose check',
    )
    .requiredOption('--code <HCPCS>', 'HCPCS code, e.g. J9309')
    .option('--dose <dose>', 'dose: "1500mg", "0.5g", "400mcg", "1.8mg/kg", "375mg/m2", "AUC5", "20mL"')
    .option(
      '--auc <AUC>',
      'carboplatin target AUC (mg/mL·min), instead of --dose; needs --gfr or --scr/--age/--sex/--weight',
    )
    .option('--weight <weight>', 'patient weight with unit: "80kg" or "176lb"')
    .option('--height <height>', 'patient height with unit: "180cm", "1.8m" or "71in"')
    .option('--bsa <m2>', 'body surface area in m² (instead of height and weight)')
    .addOption(
      new Option('--bsa-formula <formula>', 'BSA formula')
        .choices(['mosteller', 'dubois'])
        .default('mosteller'),
    )
    .option('--gfr <mL/min>', 'GFR or creatinine clearance for the Calvert formula')
    .option('--scr <mg/dL>', 'serum creatinine, for Cockcroft-Gault when no --gfr')
    .option('--age <years>', 'age in years, for Cockcroft-Gault')
    .addOption(new Option('--sex <F|M>', 'sex, for Cockcroft-Gault').choices(['F', 'M', 'f', 'm']))
    .option('--concentration <amount/mL>', 'concentration for a dose in mL: "10mg/mL" or "120mg/2.4mL"')
    .option('--date <YYYY-MM-DD>', 'date of service (default: today)', parseDateOption)
    .option('--vials <sizes>', 'package sizes to choose from instead of the crosswalk: "30mg,140mg"')
    .option(
      '--opened <packages>',
      'what was opened (billing follows it): "500mg,120mg,120mg", "3x120mg", "7x00310-4500-12"',
    )
    .addOption(
      new Option('--340b <modifier>', '340B-acquired drug: put JG or TB on each line').argParser(parse340b),
    )
    .addOption(
      new Option('--container <type>', 'container type when the label table does not know it').choices([
        'single-dose',
        'multi-dose',
      ]),
    )
    .addOption(
      new Option(
        '--ndc-unit <unit>',
        'unit of measure for the NDC quantity (default ML when the volume is known, else UN)',
      ).choices(['UN', 'ML', 'ME', 'GR', 'F2']),
    )
    .addOption(
      new Option('--setting <setting>', 'MUE setting for the units check')
        .choices(['practitioner', 'outpatient-hospital'])
        .default('practitioner'),
    )
    .option('--no-label-check', 'skip the comparison with the FDA label dosing table')
    .option('--json', 'print JSON (shape in docs/dosing.md)')
    .action(async (opts: UnitsOptions) => {
      if ((opts.dose === undefined) === (opts.auc === undefined)) {
        eprintln('drugclaim: give exactly one of --dose or --auc');
        process.exitCode = EXIT_ERROR;
        return;
      }
      const ref = await loadReferenceForCli();
      if (!ref) return;
      const request: UnitsRequest = {
        code: opts.code,
        date: opts.date ?? today(),
        dose: opts.dose ?? `AUC ${opts.auc}`,
      };
      const copy = <K extends keyof UnitsRequest>(key: K, value: UnitsRequest[K] | undefined): void => {
        if (value !== undefined) request[key] = value;
      };
      copy('weight', opts.weight);
      copy('height', opts.height);
      copy('bsa', opts.bsa);
      copy('bsaFormula', opts.bsaFormula);
      copy('gfr', opts.gfr);
      copy('scr', opts.scr);
      copy('age', opts.age);
      copy('sex', opts.sex);
      copy('concentration', opts.concentration);
      copy('vials', opts.vials);
      copy('opened', opts.opened);
      copy('modifier340b', opts['340b']);
      copy('container', opts.container);
      copy('ndcUnit', opts.ndcUnit);
      copy('setting', opts.setting);
      if (opts.labelCheck === false) request.checkLabel = false;

      const result = planUnits(ref, request);
      if (!result.ok) {
        const usage = result.problems.some((p) => p.severity === 'error' && USAGE.has(p.code));
        if (opts.json)
          printJson({
            code: request.code.trim().toUpperCase(),
            date: request.date,
            ok: false,
            errors: result.problems,
          });
        else for (const p of result.problems) eprintln(`drugclaim: ${p.severity}: ${p.message}`);
        process.exitCode = usage ? EXIT_ERROR : EXIT_NO;
        return;
      }
      const v = result.value;
      if (opts.json) printJson(v);
      else printText(v, ref.hcpcs(v.code, request.date)?.value.longDescription);
      process.exitCode = v.warnings.some((w) => w.severity === 'error') ? EXIT_NO : EXIT_OK;
    });
}

function parse340b(value: string): string {
  const v = value.trim().toUpperCase();
  if (v !== 'JG' && v !== 'TB') throw new InvalidArgumentError('expected JG or TB');
  return v;
}

const ndcText = (ndc11: string): string => `${ndc11.slice(0, 5)}-${ndc11.slice(5, 9)}-${ndc11.slice(9)}`;
/** Amounts in text use the engine's one display rule (formatQuantity: up to 4 decimals), as the Dose line does. */
const amount = (a: AmountOut): string =>
  formatQuantity({ amount: rational.fromNumber(a.amount), unit: a.unit });
const usd = (cents: number): string =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function wasteText(v: UnitsResult): string {
  if (v.warnings.some((w) => w.code === 'opps.packaged'))
    return 'packaged under OPPS (status indicator N): no separate payment, JW/JZ not required';
  switch (v.containerType) {
    case 'single-dose':
      return v.discardedUnits > 0
        ? `${v.discardedUnits} unit(s) billed on the JW line`
        : 'no whole unit discarded (JZ)';
    case 'multi-dose':
      return 'kept in the multiple-dose vial: not billed as waste (no JW/JZ)';
    case 'unknown':
    case 'mixed':
      return 'JW/JZ undecided: container type not known (see warnings)';
  }
}

/** Units of the measures `measure.implausible` names (src/core/dosing/dose.ts measureWarnings). */
const MEASURE_UNITS: Record<string, string> = { weight: 'kg', height: 'cm', BSA: 'm²' };

/** The label line; it never says "within" when a warning says the dose or the measures behind it are off. */
function labelSummary(v: UnitsResult): string {
  const p = v.plausibility;
  if (!p) return '';
  // The engine's wording, which says when an end of the range is a dose reduction, not a recommended dose.
  const range = labelRangeText(p.range);
  const cap = p.aboveMaxDose ? ` up to ${p.aboveMaxDose.maxDoseMg} mg` : '';
  let verdict: string;
  if (p.aboveMaxDose)
    verdict = `ABOVE THE LABEL CAP (${p.aboveMaxDose.doseMg} mg > ${p.aboveMaxDose.maxDoseMg} mg)`;
  else if (p.weightTier)
    verdict = `NOT THE DOSE FOR THE WEIGHT (${p.weightTier.labelDoseMg} mg ${p.weightTier.range}, not ${p.weightTier.doseMg} mg)`;
  else if (!p.within) verdict = 'OUTSIDE';
  else {
    const recommended = p.range.doses;
    const lo = recommended[0];
    const hi = recommended.at(-1);
    verdict =
      lo !== undefined && p.value < lo
        ? 'within, as a reduced dose'
        : hi !== undefined && p.value > hi
          ? 'within, as an escalated dose'
          : 'within';
  }
  // A per-kg or per-m² comparison is only as good as the weight/BSA it used.
  const used = p.basis === 'per-kg' ? ['weight'] : p.basis === 'per-m2' ? ['BSA', 'weight', 'height'] : [];
  const doubtful = v.warnings
    .filter((w) => w.code === 'measure.implausible' && used.includes(String(w.data?.['what'])))
    .map((w) =>
      `${String(w.data?.['what'])} ${String(w.data?.['value'])} ${MEASURE_UNITS[String(w.data?.['what'])] ?? ''}`.trim(),
    );
  if (doubtful.length > 0) verdict += ` — but ${doubtful.join(', ')} is implausible (see warnings)`;
  return `${p.brand} ${p.value} ${p.range.unit} — label ${range}${cap}: ${verdict}`;
}

function printText(v: UnitsResult, descriptor: string | undefined): void {
  println(`${v.code}${descriptor ? ` — ${descriptor}` : ''} · date of service ${v.date ?? 'not given'}`);
  // Error-level problems (code not valid on the date, JG after 2024) come before the lines they invalidate.
  const errors = v.warnings.filter((w: Problem) => w.severity === 'error');
  for (const e of errors) println(`error: ${e.message}`);
  const doseSteps = v.rulesApplied.filter((r) => r.id.startsWith('dose.')).map((r) => r.detail);
  println(`Dose:    ${doseSteps.length > 0 ? `${doseSteps.join('; ')}` : v.dose.text}`);
  println(
    `Units:   ${amount(v.doseAmount)} ÷ ${v.billingUnit.text} → ${v.administeredUnits} unit(s) administered (rounded up)`,
  );
  if (v.opened.length > 0) {
    const opened = v.opened
      .map(
        (o) =>
          `${o.count} × ${amount(o.size)}${o.ndc ? ` (NDC ${ndcText(o.ndc)})` : o.ndcOptions ? ` (${o.ndcOptions.length} NDCs of this size)` : ''}`,
      )
      .join(' + ');
    const by = v.openedBy === 'caller' ? 'opened (as given)' : 'least waste';
    println(
      `Vials:   ${opened} = ${v.openedAmount ? amount(v.openedAmount) : '?'} — ${by}; container: ${v.containerType}`,
    );
    if (v.wasteAmount) println(`Waste:   ${amount(v.wasteAmount)} left → ${wasteText(v)}`);
  }
  println('Bill:');
  const rows = [['line', 'units', 'NDC quantity']];
  for (const l of v.lines) {
    rows.push([
      `${l.code}${l.modifiers.map((m) => `-${m}`).join('')}`,
      String(l.units),
      l.ndc ? `N4 ${l.ndc.ndc11} ${l.ndc.unit}${l.ndc.quantity}` : '—',
    ]);
  }
  for (const line of formatTable(rows)) println(`  ${line}`);
  const m = v.money;
  if (m.paymentLimitMills !== null && m.administeredCents !== null) {
    let money = `Money:   ASP limit $${(m.paymentLimitMills / 1000).toFixed(3)}/unit: administered ${usd(m.administeredCents)}`;
    if (m.discardedCents) money += `, discarded ${usd(m.discardedCents)}`;
    if (m.avoidableWasteUnits)
      money += `; avoidable waste ${m.avoidableWasteUnits} unit(s) = ${m.avoidableWasteCents === null ? '?' : usd(m.avoidableWasteCents)}`;
    println(money);
  } else {
    // No payment limit (code not in the ASP file): said in the text too, not only in --json.
    const none = v.warnings.find((w: Problem) => w.code === 'money.no-payment-limit');
    if (none) println(`Money:   ${none.message}`);
  }
  if (v.alternatives.length > 1) {
    println('Plans considered:');
    const alt = [['vials', 'total', 'waste', 'note']];
    for (const a of v.alternatives) {
      const note = [a.optimal ? 'least waste' : '', a.chosen ? 'billed' : ''].filter(Boolean).join(', ');
      const units = v.containerType === 'single-dose' ? ` (${a.wasteUnits} u)` : '';
      alt.push([
        a.packages.map((p) => `${p.count} × ${amount(p.size)}`).join(' + '),
        amount(a.total),
        `${amount(a.waste)}${units}`,
        note,
      ]);
    }
    for (const line of formatTable(alt)) println(`  ${line}`);
  }
  if (v.plausibility) println(`Label:   ${labelSummary(v)}`);
  else {
    // Not compared (a basis the label does not use, or a measure missing): said, never left as silence.
    const notCompared = v.warnings.find((w: Problem) => w.code === 'plausibility.not-compared');
    if (notCompared) println(`Label:   not compared — ${notCompared.message}`);
  }
  const shown = v.warnings.filter(
    (w: Problem) => w.severity === 'warning' || (w.severity === 'info' && w.code === 'opps.packaged'),
  );
  if (shown.length > 0) {
    println('Warnings:');
    for (const w of shown) println(`  ${w.severity}: ${w.message}`);
  }
  println('Rules applied:');
  for (const r of v.rulesApplied) println(`  - ${r.title}: ${r.detail}`);
  println('(sources of each rule: --json → rulesApplied[].source; see docs/dosing.md)');
}
