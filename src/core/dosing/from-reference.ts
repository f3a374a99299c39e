/**
 * Assembles the engine's inputs for a code on a date from the ReferenceData port, then runs the engine. Still
 * pure: the port is an interface, and every fact used (descriptor, crosswalk rows, ASP limit, modifier records,
 * MUE) is read through it for the date of service. Text inputs (as typed on the CLI or found on a claim) are
 * parsed here, with problems that say what is wrong.
 */
import type { NdcUnit } from '../claim/model.ts';
import type { Problem, Result } from '../problem.ts';
import type { HcpcsRecord, IsoDate, MueSetting, NdcPackage, Sourced } from '../reference/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import { activeCodesOfProduct } from '../guides/replacements.ts';
import { codeStatus, isIsoDate } from '../reference/as-of.ts';
import {
  containerEntriesForCode,
  containerTypeFor,
  normalizeNdc11,
  type ContainerType,
} from '../reference/container-types.ts';
import {
  EXACT_LIMIT_TEXT,
  parseConcentration,
  parseDose,
  parseHeight,
  parseWeight,
  type BsaFormula,
  type DoseSpec,
  type PatientMeasures,
  type Sex,
} from './dose.ts';
import { convert, parseQuantity, unitKind, type Quantity } from './quantity.ts';
import {
  beyondExact,
  eq,
  fromNumber,
  isPositive,
  mul,
  parseRational,
  toDecimalString,
  toNumber,
  toRational,
} from './rational.ts';
import { problem } from './rules.ts';
import {
  computeUnits,
  type Modifier340b,
  type ModifierFact,
  type OpenedInput,
  type PackageInput,
  type UnitsInput,
  type UnitsResult,
} from './units.ts';

/** A units question as text, the way the CLI and claim notes carry it. */
export interface UnitsRequest {
  code: string;
  /** Date of service, YYYY-MM-DD. */
  date: IsoDate;
  /** "1500 mg", "1.8mg/kg", "375 mg/m2", "AUC 5", "20 mL". */
  dose: string;
  weight?: string;
  height?: string;
  /** Body surface area in m², when known. */
  bsa?: string;
  bsaFormula?: BsaFormula;
  /** GFR / creatinine clearance in mL/min (Calvert). */
  gfr?: string;
  /** Serum creatinine in mg/dL, age in years and sex, for Cockcroft-Gault when no GFR is given. */
  scr?: string;
  age?: string;
  sex?: string;
  /** "10mg/mL" or "120mg/2.4mL". */
  concentration?: string;
  /** Package sizes to choose from instead of the crosswalk's: "30mg,140mg". */
  vials?: string;
  /** What was opened: "500mg,120mg,120mg", "3x120mg", "7x00310-4500-12". */
  opened?: string;
  modifier340b?: string;
  container?: ContainerType;
  ndcUnit?: NdcUnit;
  /** MUE setting for the units check (default practitioner). */
  setting?: MueSetting;
  checkLabel?: boolean;
}

/** One entry of a package list: a size and/or an NDC, and a count. */
export interface PackageListItem {
  count: number;
  size?: Quantity;
  ndc11?: string;
}

/**
 * Parses "500mg,120mg,120mg", "3x120mg", "120mg x3", "120mg*3", "7x00310-4500-12" (NDC, with or without hyphens).
 */
export function parsePackageList(
  text: string,
): { ok: true; value: PackageListItem[] } | { ok: false; problem: Problem } {
  const items: PackageListItem[] = [];
  for (const raw of text.split(/[,;+]/)) {
    const part = raw.trim();
    if (part === '') continue;
    let count = 1;
    let body = part;
    const lead = /^(\d+)\s*[x×*]\s*(.+)$/i.exec(part);
    const trail = /^(.+?)\s*[x×*]\s*(\d+)$/i.exec(part);
    if (lead?.[1] && lead[2]) {
      count = Number(lead[1]);
      body = lead[2];
    } else if (trail?.[1] && trail[2]) {
      count = Number(trail[2]);
      body = trail[1];
    }
    const ndc = /^\d{5}-?\d{4}-?\d{2}$/.test(body.trim()) ? normalizeNdc11(body) : undefined;
    const size = ndc ? undefined : parseQuantity(body);
    if ((size && beyondExact(size.amount)) || !Number.isSafeInteger(count)) {
      return {
        ok: false,
        problem: problem(
          'opened.unparsed',
          `"${part}" is too large: its count or size is above ${EXACT_LIMIT_TEXT}`,
          { text: part, limit: Number.MAX_SAFE_INTEGER },
        ),
      };
    }
    if ((!ndc && !size) || count < 1) {
      return {
        ok: false,
        problem: problem(
          'opened.unparsed',
          `"${part}" is not a package: write a size ("120mg"), a count and size ("3x120mg") or an NDC ("7x00310-4500-12")`,
          { text: part },
        ),
      };
    }
    const item: PackageListItem = { count };
    if (size) item.size = size;
    if (ndc) item.ndc11 = ndc;
    items.push(item);
  }
  if (items.length === 0)
    return { ok: false, problem: problem('opened.unparsed', 'the package list is empty', { text }) };
  return { ok: true, value: items };
}

function outOfForce(what: string, s: Sourced<unknown> | undefined): Problem[] {
  if (!s || s.inForce) return [];
  return [
    problem(
      'reference.out-of-force',
      `${what}: ${s.note ?? `no ${s.source.dataset} release covers the date; ${s.source.label} used`}`,
      { dataset: s.source.dataset, release: s.source.releaseId },
    ),
  ];
}

/** Matches the descriptor parser's reason for NOC codes (src/core/reference/descriptor.ts). */
const NOC_REASON = /^not otherwise classified/;

/** An error when the code is not valid on `date`, naming the HCPCS cross-reference codes when the file gives any. */
function validityProblems(ref: ReferenceData, record: HcpcsRecord, date: IsoDate): Problem[] {
  const status = codeStatus(record, date);
  if (status === 'active') return [];
  const why =
    status === 'terminated'
      ? `terminated ${record.terminationDate ?? '?'}`
      : `added ${record.addedDate ?? '?'}`;
  // HCPCS field 15 "Cross Reference Code": a deleted code crosswalked to a valid current code.
  const xrefs = record.crossReferences.filter((x) => x.trim() !== '');
  const instead = xrefs.length > 0 ? `; the HCPCS file cross-references it to ${xrefs.join(', ')}` : '';
  // Else the codes of the same product valid on the date, as the guide and the fact checker name them.
  const current =
    xrefs.length > 0 ? [] : activeCodesOfProduct(ref, record.code, date).codes.map((e) => e.code);
  const active =
    current.length > 0 ? `; codes of ${record.code}'s drug valid on ${date}: ${current.join(', ')}` : '';
  return [
    problem(
      'code.not-valid-on-date',
      `${record.code} is not valid on ${date}: ${why}; a claim line with it is denied (CARC 181)${instead}${active}`,
      {
        code: record.code,
        date,
        status,
        addedDate: record.addedDate,
        terminationDate: record.terminationDate,
        crossReferences: xrefs,
        activeCodes: current,
        carc: '181',
      },
    ),
  ];
}

function modifierFact(ref: ReferenceData, modifier: string, date: IsoDate): ModifierFact | undefined {
  const rec = ref.hcpcs(modifier, date);
  if (!rec || rec.value.kind !== 'modifier') return undefined;
  return {
    effectiveFrom: rec.value.addedDate,
    terminationDate: rec.value.terminationDate,
    source: `HCPCS modifier ${modifier} record, ${rec.source.label}`,
  };
}

/**
 * Answers a units request from reference data: billing unit from the descriptor, packages from the crosswalk (or
 * the caller's --vials), container types from the curated label table, the ASP payment limit, JG/TB/JZ records
 * and the MUE for the setting.
 */
export function planUnits(ref: ReferenceData, request: UnitsRequest): Result<UnitsResult> {
  const code = request.code.trim().toUpperCase();
  const date = request.date;
  const problems: Problem[] = [];
  const fail = (p: Problem[]): Result<UnitsResult> => ({ ok: false, problems: [...problems, ...p] });
  // Checked first: "02/01/2026" or "2026-2-1" would otherwise be compared as text with the releases' dates and
  // answer for a date nobody meant.
  if (!isIsoDate(date))
    return fail([
      problem('date.invalid', `date must be a real date written YYYY-MM-DD, not "${date}"`, {
        parameter: 'date',
        value: date,
      }),
    ]);

  // A modifier is not a drug code: say so rather than "billing unit could not be read".
  const record = ref.hcpcs(code, date);
  if (record?.value.kind === 'modifier') {
    return fail([
      problem(
        'code.is-modifier',
        `${code} is a modifier, not a drug code: give the drug's HCPCS code with --code (see \`drugclaim guide ${code}\`)`,
        { code },
      ),
    ]);
  }

  // Billing unit from the HCPCS descriptor in force on the date.
  const descriptor = ref.descriptor(code, date);
  if (!descriptor) {
    return fail([
      problem('code.unknown', `${code} is not in the HCPCS file in force on ${date}`, { code, date }),
    ]);
  }
  problems.push(...outOfForce(`HCPCS descriptor for ${code}`, descriptor));

  // A code not valid on the date of service is denied whatever its units (CARC 181); the units are still worked
  // out so everything else is reported in the same run. @see codeStatus (HCPCS added / termination dates)
  if (record) problems.push(...validityProblems(ref, record.value, date));

  if (descriptor.value.kind !== 'parsed') {
    if (NOC_REASON.test(descriptor.value.reason))
      return fail([
        problem(
          'billing-unit.not-otherwise-classified',
          `${code} is a not-otherwise-classified code: its billing unit is not set by the code, so units cannot be computed from a dose. Bill it per the payer's instructions for unclassified drugs (the drug name, strength, dose and NDC in the line description, 837P loop 2400 SV101-7 / CMS-1500 item 19), or use the drug's own HCPCS code if it has one (\`drugclaim search <drug>\`)`,
          { code },
        ),
      ]);
    return fail([
      problem(
        'billing-unit.unknown',
        `${code}: the billing unit could not be read from its descriptor (${descriptor.value.reason})`,
        { code },
      ),
    ]);
  }
  const bu = descriptor.value.billingUnit;

  // Dose and the patient measures it needs.
  const dose = parseDose(request.dose);
  if (!dose.ok) return fail([dose.problem]);
  // The Calvert formula is carboplatin's (its label); on any other drug it produces a confident wrong dose.
  if (dose.value.basis === 'auc' && !/\bcarboplatin\b/i.test(descriptor.value.drugName)) {
    return fail([
      problem(
        'dose.auc-not-carboplatin',
        `AUC dosing (the Calvert formula) is for carboplatin only; ${code} is ${descriptor.value.drugName}: give its dose with --dose (mg, mg/kg or mg/m²)`,
        { code, drug: descriptor.value.drugName },
      ),
    ]);
  }
  const measures: PatientMeasures = {};
  // A flat dose needs no weight or height: one given without its unit ("80": kg or lb?) is set aside with a
  // warning, not a refusal. A dose per kg or per m² (or AUC, through Cockcroft-Gault) needs it: still refused.
  const setAside = (what: 'weight' | 'height', p: Problem): boolean => {
    if (dose.value.basis !== 'flat' || p.data?.['missingUnit'] !== true) return false;
    const text = String(p.data['text']);
    const example = what === 'weight' ? '"80kg" or "176lb"' : '"180cm" or "71in"';
    problems.push(
      problem(
        'measure.not-used',
        `${what} "${text}" has no unit, so it was not used: the flat dose ${dose.value.text} does not need it (write it as ${example} for the label dose check to use it)`,
        { what, text },
      ),
    );
    return true;
  };
  if (request.weight !== undefined) {
    const w = parseWeight(request.weight);
    if (w.ok) {
      measures.weightKg = w.value;
      measures.weightText = request.weight;
    } else if (!setAside('weight', w.problem)) return fail([w.problem]);
  }
  if (request.height !== undefined) {
    const h = parseHeight(request.height);
    if (h.ok) {
      measures.heightCm = h.value;
      measures.heightText = request.height;
    } else if (!setAside('height', h.problem)) return fail([h.problem]);
  }
  const num = (
    text: string | undefined,
    what: string,
  ): { ok: true; value: ReturnType<typeof parseRational> } | { ok: false; problem: Problem } => {
    if (text === undefined) return { ok: true, value: undefined };
    const v = parseRational(text.replace(/\s*(m2|m²|ml\/min|mg\/dl|years?|y)$/i, ''));
    if (!v || !isPositive(v))
      return {
        ok: false,
        problem: problem('measure.unparsed', `${what} "${text}" is not a positive number`, { text }),
      };
    if (beyondExact(v))
      return {
        ok: false,
        problem: problem(
          'measure.unparsed',
          `${what} "${text}" is too large: its number is above ${EXACT_LIMIT_TEXT}`,
          { text, limit: Number.MAX_SAFE_INTEGER },
        ),
      };
    return { ok: true, value: v };
  };
  for (const [key, text, what] of [
    ['bsaM2', request.bsa, 'BSA'],
    ['gfrMlMin', request.gfr, 'GFR'],
    ['serumCreatinineMgDl', request.scr, 'serum creatinine'],
    ['ageYears', request.age, 'age'],
  ] as const) {
    const v = num(text, what);
    if (!v.ok) return fail([v.problem]);
    if (v.value) measures[key] = v.value;
  }
  if (request.sex !== undefined) {
    const s = request.sex.trim().toUpperCase();
    if (s !== 'F' && s !== 'M')
      return fail([
        problem('measure.unparsed', `sex "${request.sex}" must be F or M (Cockcroft-Gault)`, {
          text: request.sex,
        }),
      ]);
    measures.sex = s as Sex;
  }
  if (request.bsaFormula) measures.bsaFormula = request.bsaFormula;

  // Concentration: the caller's, else the label concentration when every labelled product of the code agrees.
  let concentration: UnitsInput['concentration'];
  if (request.concentration !== undefined) {
    const c = parseConcentration(request.concentration);
    if (!c.ok) return fail([c.problem]);
    concentration = { perMl: c.value, source: `--concentration ${request.concentration}` };
  } else if (dose.value.basis === 'flat' && unitKind(dose.value.unit) === 'volume') {
    const entries = containerEntriesForCode(code);
    const concs = new Set(entries.map((e) => e.concentrationMgPerMl));
    const only = [...concs][0];
    if (entries.length > 0 && concs.size === 1 && typeof only === 'number') {
      concentration = {
        perMl: { amount: fromNumber(only), unit: 'mg' },
        source: `label: ${entries[0]?.source.label}`,
      };
    }
  }

  // Packages: the crosswalk rows for the code on the date, narrowed to --vials when given.
  const crosswalk = ref.ndcPackagesForCode(code, date);
  problems.push(...outOfForce(`NDC crosswalk for ${code}`, crosswalk));
  // A crosswalk row that disagrees with its label matters only if that package is opened: said then, not always.
  const sizeNotes = new Map<string, Problem>();
  const fromCrosswalk = (crosswalk?.value ?? []).flatMap((row) =>
    packageFromRow(row, bu.amount, bu.unit, sizeNotes),
  );
  let packages: PackageInput[] = fromCrosswalk;
  if (request.vials !== undefined) {
    const list = parsePackageList(request.vials);
    if (!list.ok) return fail([list.problem]);
    packages = [];
    for (const item of list.value) {
      const matches = fromCrosswalk.filter((p) =>
        item.ndc11 ? p.ndc11 === item.ndc11 : item.size !== undefined && sameAmount(p, item.size),
      );
      if (matches.length > 0) {
        packages.push(...matches);
      } else if (item.size) {
        packages.push(packageFromSize(code, item.size));
      } else {
        return fail([notInCrosswalk(ref, item.ndc11 ?? '', code, date)]);
      }
    }
  }

  // What was opened.
  let opened: OpenedInput[] | undefined;
  if (request.opened !== undefined && request.vials !== undefined)
    problems.push(
      problem(
        'packages.vials-ignored',
        '--opened says what was opened, so that is billed as it is; --vials only limits the sizes the least-waste comparison (avoidable waste) looks at',
        { vials: request.vials },
      ),
    );
  if (request.opened !== undefined) {
    const list = parsePackageList(request.opened);
    if (!list.ok) return fail([list.problem]);
    opened = [];
    for (const item of list.value) {
      if (item.size) {
        const o: OpenedInput = {
          amount: { amount: item.size.amount, unit: item.size.unit },
          count: item.count,
        };
        opened.push(o);
        if (!packages.some((p) => sameAmount(p, item.size as Quantity)))
          packages.push(packageFromSize(code, item.size));
      } else {
        const pkg = fromCrosswalk.find((p) => p.ndc11 === item.ndc11);
        if (!pkg) return fail([notInCrosswalk(ref, item.ndc11 ?? '', code, date)]);
        opened.push({ amount: pkg.amount, count: item.count, ndc11: item.ndc11 as string });
        if (!packages.includes(pkg)) packages.push(pkg);
      }
    }
  }

  // 340B modifier and the modifier records in force.
  let modifier340b: Modifier340b | undefined;
  if (request.modifier340b !== undefined && request.modifier340b !== '') {
    const m = request.modifier340b.trim().toUpperCase();
    if (m !== 'JG' && m !== 'TB')
      return fail([
        problem('modifier.340b-invalid', `--340b must be JG or TB (got "${request.modifier340b}")`, {
          text: request.modifier340b,
        }),
      ]);
    modifier340b = m;
  }
  const modifierFacts: UnitsInput['modifierFacts'] = {};
  for (const m of ['JG', 'TB', 'JZ'] as const) {
    const fact = modifierFact(ref, m, date);
    if (fact) modifierFacts[m] = fact;
  }

  const asp = ref.aspLimit(code, date);
  problems.push(...outOfForce(`ASP payment limit for ${code}`, asp));

  const input: UnitsInput = {
    code,
    date,
    billingUnit: { amount: bu.amount, unit: bu.unit, text: bu.text },
    dose: dose.value,
    measures,
    packages,
    paymentLimitMills: asp?.value.paymentLimitMills ?? null,
    modifierFacts,
  };
  if (concentration) input.concentration = concentration;
  if (opened) input.opened = opened;
  if (request.container) input.container = request.container;
  const note = containerNote(code);
  if (note) input.containerNote = note;
  if (modifier340b) input.modifier340b = modifier340b;
  if (request.ndcUnit) input.ndcUnit = request.ndcUnit;
  if (request.checkLabel === false) input.checkLabel = false;
  // In the hospital outpatient department a drug with OPPS status indicator N is packaged (CMS JW/JZ FAQ: JW/JZ
  // are not required on drugs that are not separately payable).
  const opps = request.setting === 'outpatient-hospital' ? ref.opps(code, date) : undefined;
  if (opps?.value.statusIndicator === 'N')
    input.packaged = `${code} is packaged under OPPS (status indicator N, ${opps.source.label})`;

  const result = computeUnits(input);
  if (!result.ok) return fail(result.problems.map((p) => cartonHint(p, request.opened, crosswalk?.value)));

  // MUE for the setting: administered + discarded units on the date.
  const setting = request.setting ?? 'practitioner';
  const mue = ref.mue(code, setting, date);
  const total = result.value.administeredUnits + result.value.discardedUnits;
  if (mue && total > mue.value.value) {
    result.value.warnings.push(
      problem(
        'mue.exceeded',
        `${total} units (administered + discarded) exceed the ${setting} MUE of ${mue.value.value} for ${code} (${mue.value.maiText}; ${mue.source.label})`,
        { code, units: total, mue: mue.value.value, mai: mue.value.mai, setting },
      ),
    );
  }
  problems.push(...outOfForce(`MUE for ${code}`, mue));
  for (const o of result.value.opened)
    for (const ndc of [o.ndc, ...(o.ndcOptions ?? [])]) {
      const note = ndc === undefined ? undefined : sizeNotes.get(ndc);
      if (note && !problems.includes(note)) problems.push(note);
    }
  result.value.warnings.unshift(...problems);
  return { ok: true, value: result.value, problems: result.value.warnings };
}

/**
 * What the label table says about a code's products, for when the vials used are not known to be among them:
 * the table covers some labelers only (J9045: Hospira and Teva), so it informs the biller but decides nothing.
 */
function containerNote(code: string): string | undefined {
  const entries = containerEntriesForCode(code);
  const kinds = new Set(entries.map((e) => e.container));
  const kind = [...kinds][0];
  if (kinds.size !== 1 || kind === undefined) return undefined;
  const names = [...new Set(entries.map((e) => e.labeler))];
  const listed = names.join(' and ');
  const either = names.join(' or ');
  const kindText = kind === 'multi-dose' ? 'multiple-dose' : 'single-dose';
  const consequence = kind === 'multi-dose' ? 'no JW/JZ' : 'JW/JZ apply';
  return `drugclaim's label table lists ${code} products from ${listed} only, all ${kindText} containers; other labelers' NDCs are not in it. If the vials used are from ${either}: ${consequence} (name them with --opened <NDC>, or give --container ${kind})`;
}

/**
 * `--opened 1x<NDC>` counts items (vials, syringes), and some NDCs are cartons of several (Faslodex 00310-0720-10:
 * two 250 mg syringes). When too little was opened, say so, so that "1 carton" is not read as "1 syringe" silently.
 */
function cartonHint(
  p: Problem,
  opened: string | undefined,
  rows: readonly NdcPackage[] | undefined,
): Problem {
  if (p.code !== 'opened.insufficient' || opened === undefined) return p;
  const cartons = (rows ?? []).filter(
    (r) => r.packageQuantity !== null && r.packageQuantity > 1 && opened.replace(/-/g, '').includes(r.ndc11),
  );
  const first = cartons[0];
  if (!first) return p;
  return {
    ...p,
    message: `${p.message}. --opened counts items: NDC ${first.ndc11} is a package of ${first.packageQuantity} items, so give ${first.packageQuantity}x${first.ndc11} for one whole package`,
  };
}

/** An NDC given for the code that the crosswalk maps elsewhere (or nowhere): say where, so a wrong code shows. */
function notInCrosswalk(ref: ReferenceData, ndc11: string, code: string, date: IsoDate): Problem {
  const elsewhere = [...new Set((ref.ndcPackages(ndc11, date)?.value ?? []).map((p) => p.code))];
  const where =
    elsewhere.length > 0
      ? `; the crosswalk maps it to ${elsewhere.join(', ')}: check the code or the NDC`
      : '; check the NDC on the package, or give the package size instead (e.g. --opened 2x120mg)';
  return problem(
    'opened.not-in-crosswalk',
    `NDC ${ndc11} is not in the crosswalk for ${code} on ${date}${where}`,
    { ndc: ndc11, crosswalkCodes: elsewhere },
  );
}

function sameAmount(p: PackageInput, size: Quantity): boolean {
  const a = convert({ amount: toRational(p.amount.amount), unit: p.amount.unit }, size.unit);
  return a !== undefined && eq(a.amount, size.amount);
}

/** A crosswalk row → one package: drug per item = BILLUNITS × the billing unit. */
function packageFromRow(
  row: NdcPackage,
  buAmount: number,
  buUnit: PackageInput['amount']['unit'],
  sizeNotes: Map<string, Problem>,
): PackageInput[] {
  let perItem = row.billingUnitsPerItem;
  if (perItem === null && row.billingUnitsPerPackage !== null && row.packageQuantity)
    perItem = row.billingUnitsPerPackage / row.packageQuantity;
  if (perItem === null || !(perItem > 0)) return [];
  const amount = mul(fromNumber(perItem), fromNumber(buAmount));
  const pkg: PackageInput = {
    amount: { amount: toDecimalString(amount, 9), unit: buUnit },
    ndc11: row.ndc11,
    description: `${row.drugName.trim()} ${toDecimalString(amount, 4)} ${buUnit === 'mL' ? 'mL' : buUnit} (${row.labelerName.trim()})`,
  };
  const container = containerTypeFor({ ndc11: row.ndc11 });
  pkg.container = container.type;
  pkg.containerReason = container.reason;
  const entry = container.entry;
  if (entry?.selfAdministered !== undefined) pkg.presentation = 'self-administered';
  if (entry?.volumeMl != null) {
    pkg.volumeMl = entry.volumeMl;
    pkg.volumeSource = `label: ${entry.product}`;
    // PKG SIZE 1 often counts the item (one vial), not mL (Xgeva 120 mg/1.7 mL is listed with 1): not a disagreement.
    if (row.packageSize !== null && row.packageSize !== 1 && row.packageSize !== entry.volumeMl) {
      sizeNotes.set(
        row.ndc11,
        problem(
          'ndc.package-size-disagrees',
          `crosswalk PKG SIZE ${row.packageSize} for NDC ${row.ndc11} disagrees with the label volume ${entry.volumeMl} mL (${entry.product}); the label volume is used`,
          {
            ndc: row.ndc11,
            crosswalk: row.packageSize,
            label: entry.volumeMl,
          },
        ),
      );
    }
  } else if (!entry && row.packageSize !== null && row.packageSize > 0 && row.packageSize !== 1) {
    // Not in the label table: the crosswalk PKG SIZE is read as mL per item (it is 1 for most powders, so 1 is not trusted).
    pkg.volumeMl = row.packageSize;
    pkg.volumeSource = 'crosswalk PKG SIZE read as mL';
  }
  return [pkg];
}

/** A size the caller typed (no NDC): container type by code and strength from the label table, if it knows. */
function packageFromSize(code: string, size: Quantity): PackageInput {
  // The exact size: 12 decimals would make 0.000000000000001 mg a 0 mg package.
  const pkg: PackageInput = { amount: { amount: size.amount, unit: size.unit } };
  const mg = convert(size, 'mg');
  const answer = mg ? containerTypeFor({ hcpcs: code, strengthMg: toNumber(mg.amount, 9) }) : undefined;
  pkg.container = answer?.type ?? 'unknown';
  if (answer) pkg.containerReason = answer.reason;
  const entry = answer?.entry;
  if (entry?.volumeMl != null) {
    pkg.volumeMl = entry.volumeMl;
    pkg.volumeSource = `label: ${entry.product}`;
  }
  if (entry) pkg.description = entry.product;
  return pkg;
}

export type { DoseSpec };
