/**
 * buildGuide: the billing guide of one HCPCS code on one date, as a typed model (./model.ts). Pure: the
 * reference data and the other inputs come in as arguments.
 */
import type { LabelDrug } from '../dosing/label-dosing.ts';
import type { Problem } from '../problem.ts';
import { codeStatus, isIsoDate } from '../reference/as-of.ts';
import type { IsoDate } from '../reference/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import { catalogue } from './catalogue.ts';
import { buildClinical, resolveRoutes } from './clinical.ts';
import { buildCommercial } from './commercial.ts';
import type { GuideContext } from './context.ts';
import { buildDefinition } from './definition.ts';
import { buildDenials } from './denials.ts';
import { buildDocumentation } from './documentation.ts';
import { drugNameParts } from './drug-names.ts';
import { resolveInputs, type GuideInputs } from './inputs.ts';
import type { Guide, GuideNote } from './model.ts';
import { buildModifiers } from './modifiers.ts';
import { activeCodesOfProduct } from './replacements.ts';
import { buildSimilar } from './similar.ts';
import { releaseSource } from './sources.ts';

export const HCPCS_CODE = /^[A-V]\d{4}$/;

function labelFor(labels: readonly LabelDrug[], code: string): LabelDrug | undefined {
  return labels.find((l) => l.hcpcs.some((h) => h.code === code));
}

/**
 * Builds the guide, or returns a Problem: `guide-bad-code` (not a HCPCS Level II procedure code), `guide-bad-date`,
 * `guide-unknown-code` (not in the HCPCS release in force on the date), `guide-modifier` (a modifier, not a code).
 */
export function buildGuide(
  ref: ReferenceData,
  codeIn: string,
  date: IsoDate,
  inputs: GuideInputs = {},
): Guide | Problem {
  const code = codeIn.trim().toUpperCase();
  if (!isIsoDate(date))
    return {
      code: 'guide-bad-date',
      severity: 'error',
      message: `"${date}" is not a date (YYYY-MM-DD).`,
      data: { date },
    };
  if (/^[A-Z0-9]{2}$/.test(code) && ref.hcpcs(code, date)?.value.kind === 'modifier') {
    return {
      code: 'guide-modifier',
      severity: 'error',
      message: `${code} is a HCPCS modifier, not a procedure code: guides are for drug codes (e.g. J9173).`,
      data: { code },
    };
  }
  if (!HCPCS_CODE.test(code)) {
    return {
      code: 'guide-bad-code',
      severity: 'error',
      message: `"${codeIn}" is not a HCPCS Level II code (a letter A–V and four digits, e.g. J9173).`,
      data: { code: codeIn },
    };
  }
  const record = ref.hcpcs(code, date);
  if (!record) {
    return {
      code: 'guide-unknown-code',
      severity: 'error',
      message: `${code} is not in the HCPCS release in force on ${date}.`,
      data: { code, date },
    };
  }
  if (record.value.kind !== 'procedure') {
    return {
      code: 'guide-modifier',
      severity: 'error',
      message: `${code} is a HCPCS modifier, not a procedure code.`,
      data: { code },
    };
  }
  const resolved = resolveInputs(inputs);
  const notes: GuideNote[] = [];
  const status = codeStatus(record.value, date);
  const cat = catalogue(ref, date);
  if (status === 'terminated')
    notes.push({
      severity: 'warning',
      message: `${code} was terminated on ${record.value.terminationDate ?? '?'}: it is not valid on ${date}. ${replacementText(ref, code, date)}`,
    });
  if (status === 'not-yet-valid')
    notes.push({
      severity: 'warning',
      message: `${code} is not valid until ${record.value.addedDate ?? '?'}.`,
    });
  const label = labelFor(resolved.labelDosing, code);
  const containers = resolved.containers(code);
  const hs = releaseSource(record);
  const partial: Omit<GuideContext, 'routes'> = {
    ref,
    code,
    date,
    record,
    hs,
    parts: cat.byCode.get(code)?.parts ?? drugNameParts(record.value.longDescription),
    descriptor: ref.descriptor(code, date),
    cat,
    entry: cat.byCode.get(code),
    inputs: resolved,
    label,
    containers,
    notes,
  };
  const ctx: GuideContext = { ...partial, routes: resolveRoutes(partial) };

  const definition = buildDefinition(ctx);
  const clinical = buildClinical(ctx);
  const modifiers = buildModifiers(ctx);
  const documentation = buildDocumentation(ctx, modifiers);
  const denials = buildDenials(ctx, modifiers);
  const commercial = buildCommercial(ctx);
  const similar = buildSimilar(ctx);

  for (const s of [
    record,
    ref.aspLimit(code, date),
    ref.ndcPackagesForCode(code, date),
    ref.opps(code, date),
    ref.mue(code, 'practitioner', date),
    ref.mue(code, 'outpatient-hospital', date),
  ]) {
    if (s && !s.inForce)
      notes.push({
        severity: 'warning',
        message: `${s.source.label}: ${s.note ?? `not in force on ${date}; the nearest release was used`}`,
      });
  }
  return {
    schemaVersion: 1,
    code,
    date,
    title: `${code} — ${record.value.longDescription}`,
    definition,
    clinical,
    modifiers,
    documentation,
    denials,
    commercial,
    similar,
    notes: dedupeNotes(notes),
  };
}

/**
 * Where a terminated code's drug is billed now: the active codes of the same product (replacements.ts), else that
 * there is none and "Similar codes" lists the other products of the drug (J9098 cytarabine liposome is not J9100).
 */
function replacementText(ref: ReferenceData, code: string, date: IsoDate): string {
  const { product, codes } = activeCodesOfProduct(ref, code, date);
  if (product === null) return 'See "Similar codes" for codes that may apply.';
  return codes.length > 0
    ? `Active codes of ${product} on ${date}: ${codes.map((e) => e.code).join(', ')} ("Similar codes" tells them apart).`
    : `No active code of the same product (${product}) on ${date}; "Similar codes" lists other products of the drug, which are not interchangeable with it.`;
}

function dedupeNotes(notes: GuideNote[]): GuideNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => (seen.has(n.message) ? false : (seen.add(n.message), true)));
}

export const isProblem = (x: Guide | Problem): x is Problem => !('schemaVersion' in x);
