/**
 * Appeal letters for a denied line, drafted from data: a Markdown template with {{placeholders}}
 * (rules/appeals/templates/*.md) and per-root-cause rebuttal text, enclosures and requested action
 * (rules/appeals/rebuttals.yaml). The facts the letter cites come from the reference store (HCPCS record and
 * billing unit, ASP limit, MUE with its adjudication indicator, NDC crosswalk, ICD-10-CM, OPPS status) and, when
 * given, label dosing statements — each with the release it came from. The deadline comes from the denial date.
 *
 * The template decides the layout; this module only fills fields. A placeholder the template uses that this
 * module does not know is reported as a problem (never silently left in the letter).
 */
import { formatDollars } from '../money.ts';
import type { Problem, Result } from '../problem.ts';
import { codeStatus } from '../reference/as-of.ts';
import type { IsoDate } from '../reference/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import { labelDosingForCode, type LabelDrug } from '../dosing/label-dosing.ts';
import {
  fromNumber,
  gt,
  max,
  mul,
  parseRational,
  toDecimalString,
  type Rational,
} from '../dosing/rational.ts';
import { formatMills } from './arith.ts';
import { ROOT_CAUSES, type Deadline, type DenialFinding, type RootCause } from './model.ts';
import { validateCorrectedClaimText, type CorrectedClaimText } from './corrected-claim.ts';
import { validateUnderpaymentText, type UnderpaymentText } from './underpayment-letter.ts';
import {
  bullets,
  capitalize,
  cite,
  deadlineFields,
  denialReasons,
  fillTemplate,
  formatNdc,
  lineFields,
  type LetterParties,
  withTimeliness,
  type Evidence,
} from './letter-parts.ts';
import { Checker } from './validate.ts';

export { fillTemplate, type Evidence };

export interface Rebuttal {
  /** One sentence: what is appealed. */
  appealed: string;
  /** Paragraphs of the argument (may use placeholders). */
  rebuttal: string[];
  /** Fixed citations (manual sections, regulations) for this cause. */
  citations: string[];
  enclosures: string[];
  requestedAction: string;
}

export interface RebuttalSet {
  default: Rebuttal;
  causes: Partial<Record<RootCause, Rebuttal>>;
  /** The letter for an underpayment (./underpayment-letter.ts); absent in older rules folders. */
  underpayment?: UnderpaymentText;
  /** The worksheet for a correct-and-resubmit denial (./corrected-claim.ts); absent in older rules folders. */
  correctedClaim?: CorrectedClaimText;
}

export function validateRebuttals(data: unknown, file = 'rebuttals.yaml'): Result<RebuttalSet> {
  const c = new Checker(file);
  const root = c.object(data, '(root)');
  if (!root) return { ok: false, problems: c.problems };
  c.onlyKeys(root, ['version', 'default', 'causes', 'underpayment', 'correctedClaim'], '');
  c.number(root['version'], 'version', { integer: true, min: 1 });
  const one = (raw: unknown, path: string): Rebuttal | undefined => {
    const o = c.object(raw, path);
    if (!o) return undefined;
    c.onlyKeys(o, ['appealed', 'rebuttal', 'citations', 'enclosures', 'requestedAction'], path);
    const appealed = c.string(o['appealed'], `${path}.appealed`);
    const rebuttal = c.stringList(o['rebuttal'], `${path}.rebuttal`);
    const citations = c.stringList(o['citations'] ?? [], `${path}.citations`);
    const enclosures = c.stringList(o['enclosures'], `${path}.enclosures`);
    const requestedAction = c.string(o['requestedAction'], `${path}.requestedAction`);
    if (!appealed || !rebuttal || !citations || !enclosures || !requestedAction) return undefined;
    return { appealed, rebuttal, citations, enclosures, requestedAction };
  };
  const def = one(root['default'], 'default');
  const causes: Partial<Record<RootCause, Rebuttal>> = {};
  const causesObj = c.object(root['causes'] ?? {}, 'causes');
  if (causesObj) {
    for (const [k, v] of Object.entries(causesObj)) {
      const cause = c.oneOf(k, ROOT_CAUSES, `causes.${k}`);
      const r = one(v, `causes.${k}`);
      if (cause && r) causes[cause] = r;
    }
  }
  const underpayment =
    root['underpayment'] === undefined ? undefined : validateUnderpaymentText(c, root['underpayment']);
  const correctedClaim =
    root['correctedClaim'] === undefined ? undefined : validateCorrectedClaimText(c, root['correctedClaim']);
  if (c.problems.length > 0 || !def) return { ok: false, problems: c.problems };
  const value: RebuttalSet = { default: def, causes };
  if (underpayment) value.underpayment = underpayment;
  if (correctedClaim) value.correctedClaim = correctedClaim;
  return { ok: true, value, problems: [] };
}

export interface EvidenceInput {
  code: string;
  modifiers: string[];
  units?: number | undefined;
  ndc?: string | undefined;
  serviceDate?: IsoDate | undefined;
  setting: 'practitioner' | 'outpatient-hospital';
  diagnoses: string[];
  cause: RootCause;
}

/** Facts from the reference store that bear on the denial's root cause. Never invents one: missing data is omitted. */
export function gatherEvidence(reference: ReferenceData, input: EvidenceInput): Evidence[] {
  const out: Evidence[] = [];
  const date = input.serviceDate;
  if (date === undefined || input.code === '') return out;
  const code = input.code.toUpperCase();
  const hcpcs = reference.hcpcs(code, date);
  if (hcpcs) {
    const status = codeStatus(hcpcs.value, date);
    out.push({
      statement: `HCPCS ${code} — "${hcpcs.value.longDescription}" — is ${status === 'active' ? 'valid' : status.replace(/-/g, ' ')} on the date of service ${date}${hcpcs.value.addedDate ? ` (added ${hcpcs.value.addedDate}` : ''}${hcpcs.value.terminationDate ? `, terminated after ${hcpcs.value.terminationDate})` : hcpcs.value.addedDate ? ')' : ''}.`,
      source: cite(hcpcs),
    });
  }
  const desc = reference.descriptor(code, date);
  if (desc && desc.value.kind === 'parsed') {
    const bu = desc.value.billingUnit;
    const total =
      input.units === undefined
        ? ''
        : ` ${input.units} units = ${trimNumber(input.units * bu.amount)} ${bu.unit} administered.`;
    out.push({ statement: `One billing unit of ${code} is ${bu.text}.${total}`, source: cite(desc) });
  }
  const mueSetting = input.setting;
  const wantsUnits =
    input.cause === 'units-mue' || input.cause === 'benefit-limit' || input.cause === 'prior-authorization';
  if (wantsUnits) {
    const mue = reference.mue(code, mueSetting, date);
    if (mue) {
      const m = mue.value;
      const billed =
        input.units === undefined
          ? ''
          : ` The line bills ${input.units} units${input.units <= m.value ? ', within the MUE' : ', above the MUE'}.`;
      const appealability =
        m.mai === 1
          ? ' MAI 1 is a per-line edit: units above it may be reported on separate lines with an appropriate modifier.'
          : m.mai === 3
            ? ' MAI 3 is a clinical date-of-service edit: units above it may be paid on appeal with documentation of medical necessity.'
            : ' MAI 2 is a policy date-of-service edit: units above it are not payable.';
      out.push({
        statement: `MUE for ${code} (${mueSetting.replace('-', ' ')}): ${m.value} units, ${m.maiText || `MAI ${m.mai}`}, rationale "${m.rationale}".${billed}${appealability}`,
        source: cite(mue),
      });
    }
  }
  if (input.cause === 'ndc' || input.ndc !== undefined) {
    const packages = reference.ndcPackagesForCode(code, date);
    if (input.ndc !== undefined) {
      const ndc11 = input.ndc.replace(/\D/g, '');
      const row = packages?.value.find((p) => p.ndc11 === ndc11);
      if (row && packages) {
        out.push({
          statement: `NDC ${formatNdc(ndc11)} (${row.drugName}, ${row.labelerName}) is listed for ${code} in the ASP NDC-HCPCS crosswalk: ${row.billingUnitsPerPackage ?? '?'} billing units per package.`,
          source: cite(packages),
        });
      } else if (packages && input.cause === 'ndc') {
        out.push({
          statement: `NDC ${formatNdc(ndc11)} is not listed for ${code} in the ASP NDC-HCPCS crosswalk; the listed NDCs are ${packages.value
            .slice(0, 6)
            .map((p) => formatNdc(p.ndc11))
            .join(', ')}${packages.value.length > 6 ? ', …' : ''}.`,
          source: cite(packages),
        });
      }
    }
  }
  if (input.cause === 'modifier') {
    for (const mod of input.modifiers) {
      const rec = reference.hcpcs(mod, date);
      if (rec) {
        out.push({
          statement: `Modifier ${mod} — "${rec.value.longDescription}" — is ${codeStatus(rec.value, date) === 'active' ? 'valid' : codeStatus(rec.value, date).replace(/-/g, ' ')} on ${date}.`,
          source: cite(rec),
        });
      }
    }
  }
  if (input.cause === 'diagnosis-medical-necessity' || input.cause === 'coding') {
    for (const dx of input.diagnoses) {
      const rec = reference.icd10(dx, date);
      if (rec)
        out.push({
          statement: `ICD-10-CM ${formatIcd(dx)} "${rec.value.description}" is a valid billable code on ${date}.`,
          source: cite(rec),
        });
    }
  }
  const wantsLabel =
    wantsUnits || input.cause === 'diagnosis-medical-necessity' || input.cause === 'non-covered';
  const label = wantsLabel ? labelDosingForCode(code) : undefined;
  if (label) {
    const source = `${label.source.label}, ${label.source.section} (${label.source.version})`;
    for (const form of label.forms) {
      out.push({
        statement: `Label dosing for ${label.brand} (${label.drug}): ${form.schedule}${form.population ? ` — ${form.population}` : ''}; the label's range for this basis is ${form.min === form.max ? form.min : `${form.min}–${form.max}`} ${form.unit}.`,
        source,
      });
    }
    if (input.cause === 'diagnosis-medical-necessity' && label.indications.length > 0) {
      out.push({
        statement: `Labeled indications of ${label.brand}: ${label.indications.map((i) => (i.regimen ? `${i.name} (${i.regimen})` : i.name)).join('; ')}.`,
        source: `${label.source.label} (${label.source.version})`,
      });
    }
  }
  const asp = reference.aspLimit(code, date);
  if (asp && asp.value.paymentLimitMills !== null && input.setting === 'practitioner') {
    out.push({
      statement: `Medicare Part B payment limit for ${code}: ${formatMills(asp.value.paymentLimitMills)} per ${asp.value.dosage}.`,
      source: cite(asp),
    });
  }
  if (input.setting === 'outpatient-hospital') {
    const opps = reference.opps(code, date);
    if (opps)
      out.push({
        statement: `OPPS status indicator for ${code}: ${opps.value.statusIndicator} (APC ${opps.value.apc || '—'}).`,
        source: cite(opps),
      });
  }
  return out;
}

function trimNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

function formatIcd(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

export interface AppealInput extends LetterParties {
  /** The denials of one line (same claim, same line), at least one. */
  denials: readonly DenialFinding[];
  evidence: readonly Evidence[];
  rebuttals: RebuttalSet;
  template: string;
  letterDate: IsoDate;
  /**
   * What later remittances paid toward these denials (the worklist items' `recoveredCents`): the letter disputes
   * only what is left of the recoverable amount. 0 or absent: nothing paid since.
   */
  recoveredCents?: number | undefined;
}

export interface AppealLetter {
  markdown: string;
  fields: Record<string, string>;
  cause: RootCause;
  deadline?: Deadline;
  problems: Problem[];
}

export function draftAppeal(input: AppealInput): Result<AppealLetter> {
  const first = input.denials[0];
  if (!first)
    return {
      ok: false,
      problems: [
        { code: 'recovery.appeal.none', severity: 'error', message: 'no denial to appeal on this line' },
      ],
    };
  const problems: Problem[] = [];
  // The cause with the most money decides the argument; all denial reasons are quoted.
  const main = [...input.denials].sort((a, b) => b.amountCents - a.amountCents)[0] ?? first;
  const cause = main.classification.cause;
  const r = input.rebuttals.causes[cause] ?? input.rebuttals.default;
  const amount = input.denials.reduce((s, d) => s + d.amountCents, 0);
  const found = input.denials.reduce((s, d) => s + d.recoverableCents, 0);
  const recovered = Math.min(found, Math.max(0, input.recoveredCents ?? 0));
  const recoverable = found - recovered;
  const codes = input.denials.map((d) => `${d.groupCode}-${d.carc}`);
  const rarcs = [...new Set(input.denials.flatMap((d) => d.rarc))];
  const reasons = denialReasons(input.denials, rarcs, input.descriptions, problems, false);
  const deadline = main.deadline;
  const due = deadlineFields(deadline, input.letterDate, 'appeal', problems);
  const fields: Record<string, string> = {
    title: `${capitalize(deadline?.kind ?? 'appeal')}${due.daysLate > 0 ? ' after the deadline' : ''} — claim ${first.claimId}, line ${first.line ?? 'claim level'}`,
    ...lineFields(first, input),
    ...due.fields,
    adjustmentCodes: [...codes, ...rarcs].join(', '),
    amount: formatDollars(amount),
    recoverable: formatDollars(recoverable),
    dispute: disputeText(input.denials, amount, found, recovered),
    rootCause: cause,
  };
  // Rebuttal text may itself use the fields above.
  const rebuttalText = r.rebuttal.map((p) => fillTemplate(p, fields, problems)).join('\n\n');
  fields['appealed'] = fillTemplate(r.appealed, fields, problems);
  fields['denialReasons'] = bullets(reasons);
  fields['rebuttal'] = rebuttalText;
  fields['evidence'] = bullets([
    ...input.evidence.map((e) => `${e.statement} (Source: ${e.source}.)`),
    ...r.citations.map((cit) => fillTemplate(cit, fields, problems)),
  ]);
  fields['enclosures'] = bullets([
    ...r.enclosures.map((e) => `[ ] ${fillTemplate(e, fields, problems)}`),
    ...(due.daysLate > 0 ? ['[ ] Evidence of the reason for the late filing'] : []),
  ]);
  fields['requestedAction'] = fillTemplate(r.requestedAction, fields, problems);
  const markdown = fillTemplate(withDispute(withTimeliness(input.template)), fields, problems);
  const letter: AppealLetter = { markdown, fields, cause, problems };
  if (deadline) letter.deadline = deadline;
  return problems.some((p) => p.severity === 'error')
    ? { ok: false, problems }
    : { ok: true, value: letter, problems };
}

/**
 * What the letter disputes (`{{dispute}}`): the amount denied and what overturning it should pay, less what later
 * remittances paid since. The expected payment is stated only when it is one: a recoverable amount that is only an
 * upper bound (no expected rate: the denied amount itself, basis `adjustment-amount`) is never presented to the payer
 * as what it would pay, and an estimate (an APC rate before the wage index) is called one.
 */
export function disputeText(
  denials: readonly DenialFinding[],
  amountCents: number,
  recoverableCents: number,
  recoveredCents: number,
): string {
  const upperBound = denials.some(
    (d) => d.recoverableBasis === 'adjustment-amount' || (d.recoverableNote ?? '').startsWith('upper bound'),
  );
  const estimate = denials.some((d) => (d.recoverableNote ?? '').startsWith('estimate'));
  const since = recoveredCents > 0 ? `, less the ${formatDollars(recoveredCents)} paid since` : '';
  if (upperBound) {
    // The denied amount is all that is known: the payer's own allowance decides what it pays.
    return recoveredCents > 0
      ? `${formatDollars(recoverableCents - recoveredCents)} (the amount denied, ${formatDollars(amountCents)}${since})`
      : `${formatDollars(amountCents)} (the amount denied)`;
  }
  const expected = `${estimate ? 'estimated payment' : 'expected payment'} if overturned: ${formatDollars(recoverableCents)}${since}`;
  return recoveredCents > 0
    ? `${formatDollars(recoverableCents - recoveredCents)} still unpaid (${expected})`
    : `${formatDollars(amountCents)} (${expected})`;
}

/**
 * Templates written before {{dispute}} existed state "{{amount}} (expected payment if overturned: {{recoverable}})":
 * that becomes {{dispute}}, so an older template never calls an upper bound the expected payment, nor disputes money
 * paid since.
 */
export function withDispute(template: string): string {
  return template.replace(
    /\{\{\s*amount\s*\}\}\s*\(expected payment if overturned:\s*\{\{\s*recoverable\s*\}\}\)/g,
    '{{dispute}}',
  );
}

/** Milligrams per billing-unit measure, for the units a label dose in mg can be compared with. */
const MG_PER: Readonly<Record<string, string>> = { g: '1000', mg: '1', mcg: '0.001' };

/**
 * The largest dose in mg any dosing form of the label allows, when every form bounds it: a flat form by its `max`,
 * a weight- or BSA-based form only by its cap (`maxDoseMg`, e.g. Keytruda "2 mg/kg (up to 200 mg)") or its largest
 * BSA (`maxBsaM2` × the largest rate). Undefined when a form has no such bound (Opdivo 6 mg/kg: a heavier patient
 * gets more than any flat dose), since a billed dose can then not be said to exceed the label.
 */
export function labelMaxDoseMg(label: LabelDrug): Rational | undefined {
  let out: Rational | undefined;
  for (const form of label.forms) {
    const bound =
      form.basis === 'flat'
        ? parseRational(form.max)
        : form.maxDoseMg !== undefined
          ? parseRational(form.maxDoseMg)
          : form.basis === 'per-m2' && form.maxBsaM2 !== undefined
            ? mulText(form.max, form.maxBsaM2)
            : undefined;
    if (bound === undefined) return undefined;
    out = out === undefined ? bound : max(out, bound);
  }
  return out;
}

function mulText(a: string, b: string): Rational | undefined {
  const x = parseRational(a);
  const y = parseRational(b);
  return x === undefined || y === undefined ? undefined : mul(x, y);
}

/** Billed units whose dose is above the label's largest dose (`labelMaxDoseMg`): a letter must not vouch for them. */
export interface AboveLabel {
  code: string;
  units: number;
  /** The billed dose: units × the billing unit, in mg. */
  doseMg: string;
  labelMaxMg: string;
  brand: string;
  drug: string;
  source: string;
}

/**
 * Whether the line's billed units give a dose above the largest the FDA label allows (the label dosing the letter
 * quotes, src/core/dosing/label-dosing.ts, each entry naming its label and section; the billing unit from the HCPCS
 * descriptor). Undefined when it is not above, or when it cannot be told (no label entry, a form without an mg bound,
 * a billing unit not in mg/mcg/g, no units).
 */
export function billedAboveLabel(
  reference: ReferenceData,
  line: { code: string; units?: number | undefined; serviceDate?: IsoDate | undefined },
): AboveLabel | undefined {
  if (line.units === undefined || line.serviceDate === undefined || line.code === '') return undefined;
  const code = line.code.toUpperCase();
  const label = labelDosingForCode(code);
  if (!label) return undefined;
  const cap = labelMaxDoseMg(label);
  const desc = reference.descriptor(code, line.serviceDate);
  if (cap === undefined || !desc || desc.value.kind !== 'parsed') return undefined;
  const bu = desc.value.billingUnit;
  const perMg = MG_PER[bu.unit];
  if (perMg === undefined) return undefined;
  const perUnit = parseRational(perMg);
  if (perUnit === undefined) return undefined;
  const doseMg = mul(mul(fromNumber(line.units), fromNumber(bu.amount)), perUnit);
  if (!gt(doseMg, cap)) return undefined;
  return {
    code,
    units: line.units,
    doseMg: toDecimalString(doseMg),
    labelMaxMg: toDecimalString(cap),
    brand: label.brand,
    drug: label.drug,
    source: `${label.source.label}, ${label.source.section} (${label.source.version})`,
  };
}
