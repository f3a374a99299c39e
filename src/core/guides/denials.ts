/**
 * Section 5: the denials a line of this code commonly draws, each with its CARC/RARC (described from the
 * store's X12 releases) and the drugclaim edit that catches it before submission. A reason is listed only
 * when it can happen to this code (no MUE → no MUE reason; multiple-dose containers → no missing-JW/JZ reason).
 */
import { codeStatus } from '../reference/as-of.ts';
import { fact, inForceName, searchedSource, type GuideContext } from './context.ts';
import { datasetInForce, notLoadedReason } from '../reference/not-loaded.ts';
import { SECTION_TITLES } from './definition.ts';
import { payerNames, payerRulesForCode, ruleSource, type CodeRule } from './commercial.ts';
import {
  isUnknown,
  type AdjustmentCodeFact,
  type DenialReason,
  type DenialsSection,
  type EditRef,
  type Fact,
  type FactSource,
  type ModifiersSection,
} from './model.ts';
import { PUB, releaseSource, type Publication } from './sources.ts';
import { ndcsNotInTable } from './modifiers.ts';
import { hasOwnLabel } from './clinical.ts';

/** Whether the code may have packages the label table does not cover: other NDCs, or a crosswalk not loaded. */
function hasOtherNdcs(ctx: GuideContext): boolean {
  const others = ndcsNotInTable(ctx);
  return others.ndcs > 0 || !others.crosswalkKnown;
}

const capitalize = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

export interface DenialSpec {
  id: string;
  reason: string;
  /** Edit ids (src/core/edits/registry.ts) that catch it; the ones in the registry are named. */
  editIds: readonly string[];
  /** Adjustment codes when no named edit predicts a denial (the edits' own denials win). */
  carc: readonly string[];
  rarc: readonly string[];
  rule: Publication | null;
}

/**
 * The denial reasons and their usual adjustment codes.
 * @see X12 CARC/RARC lists (descriptions are read from the store, never written here); each reason's `rule`.
 */
export const DENIAL_SPECS: readonly DenialSpec[] = [
  {
    id: 'code-not-valid',
    reason: 'Code not valid on the date of service (not yet added, or terminated)',
    editIds: ['code-not-valid-on-dos'],
    carc: ['181'],
    rarc: [],
    rule: PUB.recordLayoutAction,
  },
  {
    id: 'noc-description',
    reason: 'Not-otherwise-classified code without the drug described (name, strength, dose, NDC)',
    editIds: [],
    carc: ['16'],
    rarc: ['N350'],
    rule: PUB.x12Tr3,
  },
  {
    id: 'non-covered',
    reason: 'Code not covered by Medicare (HCPCS coverage code)',
    editIds: [],
    carc: ['96'],
    rarc: [],
    rule: PUB.recordLayoutCoverage,
  },
  {
    id: 'units-over-mue',
    reason: 'Units over the Medically Unlikely Edit (MUE) for the setting',
    editIds: ['mue-line', 'mue-date-of-service'],
    carc: ['151'],
    rarc: ['N362'],
    rule: PUB.mue,
  },
  {
    id: 'units-not-supported',
    reason: 'Units zero, fractional, or not matching the documented dose and the billing unit',
    editIds: ['units-vs-documented-dose', 'units-invalid'],
    carc: ['16'],
    rarc: ['M53'],
    rule: PUB.medicalReview,
  },
  {
    id: 'jw-jz-missing',
    reason: 'Single-dose container drug billed with neither JW nor JZ (returned as unprocessable)',
    editIds: ['jw-jz-missing', 'jw-jz-container-unknown'],
    carc: ['16'],
    rarc: ['N822', 'MA130'],
    rule: PUB.jwjzFaq,
  },
  {
    id: 'jw-jz-same-line',
    reason: 'JW and JZ on the same line',
    editIds: ['jw-jz-same-line'],
    carc: ['4'],
    rarc: ['N519'],
    rule: PUB.jwjzFaq,
  },
  {
    id: 'jw-jz-not-applicable',
    reason: 'JW/JZ on a multiple-dose container or packaged drug',
    editIds: ['jw-jz-not-applicable'],
    carc: ['4'],
    rarc: [],
    rule: PUB.jwjzFaq,
  },
  {
    id: 'jw-line',
    reason: 'JW line without its administered line, or JW units beyond what the opened packages hold',
    editIds: ['jw-without-administered-line', 'jw-units-implausible'],
    carc: ['16'],
    rarc: ['N823'],
    rule: PUB.ch17Discarded,
  },
  {
    id: 'modifier-invalid',
    reason:
      'Modifier not valid on the date of service, or a 340B modifier misused (e.g. JG after its termination)',
    editIds: ['modifier-not-valid-on-dos', 'modifier-340b'],
    carc: ['182'],
    rarc: [],
    rule: PUB.tb340b,
  },
  {
    id: 'modifier-25',
    reason: 'Modifier 25 on the drug line',
    editIds: ['modifier-25-on-drug-line'],
    carc: ['4'],
    rarc: [],
    rule: PUB.modifier25,
  },
  {
    id: 'ndc',
    reason: 'NDC missing, malformed, or not crosswalked to this code for the quarter',
    editIds: ['ndc-missing', 'ndc-not-in-crosswalk', 'ndc-format', 'ndc-unit-invalid'],
    carc: ['16'],
    rarc: ['M119'],
    rule: PUB.medicaidNdc,
  },
  {
    id: 'diagnosis',
    reason: 'Diagnosis invalid, not pointed to, or not a covered indication',
    editIds: ['policy-diagnosis', 'diagnosis-invalid', 'diagnosis-pointer-missing'],
    carc: ['11', '50'],
    rarc: [],
    rule: PUB.medicalReview,
  },
  {
    id: 'prior-auth',
    reason: 'Prior authorization absent or expired',
    editIds: ['policy-prior-auth'],
    carc: ['197'],
    rarc: [],
    rule: null,
  },
  {
    id: 'payer-limits',
    reason: "Over the payer's quantity, dose, frequency or duration limit",
    editIds: ['policy-quantity-limit', 'policy-dose-limit', 'policy-frequency', 'policy-duration-cap'],
    carc: ['119'],
    rarc: [],
    rule: null,
  },
  {
    id: 'step-therapy',
    reason: 'Step therapy: preferred product not tried first',
    editIds: ['policy-step-therapy'],
    carc: ['272'],
    rarc: [],
    rule: null,
  },
  {
    id: 'biomarker',
    reason: 'Required biomarker result not documented',
    editIds: ['policy-biomarker'],
    carc: ['16'],
    rarc: [],
    rule: null,
  },
  {
    id: 'packaged',
    reason: 'Packaged under OPPS: no separate payment on the hospital outpatient claim',
    editIds: [],
    carc: ['97'],
    rarc: [],
    rule: PUB.oppsAddendumD1,
  },
  {
    id: 'duplicate',
    reason: 'Duplicate line (same code, date, units and modifiers)',
    editIds: ['duplicate-line'],
    carc: ['18'],
    rarc: [],
    rule: null,
  },
];

function adjustmentFacts(
  ctx: GuideContext,
  codes: readonly string[],
  kind: 'carc' | 'rarc',
  sources: FactSource[],
): AdjustmentCodeFact[] {
  return codes.map((code) => {
    const s = kind === 'carc' ? ctx.ref.carc(code) : ctx.ref.rarc(code);
    if (s) {
      if (!sources.some((x) => x.kind === 'release' && x.release.releaseId === s.source.releaseId))
        sources.push(releaseSource(s));
      return { code, kind, description: s.value.description, status: s.value.status };
    }
    const searched = searchedSource(ctx.ref, kind, ctx.date);
    if (!sources.some((x) => JSON.stringify(x) === JSON.stringify(searched))) sources.push(searched);
    return { code, kind, description: '', status: 'not-in-store' as const };
  });
}

type RegistryEdit = NonNullable<GuideContext['inputs']['edits']>[number];

function editsFor(ctx: GuideContext, spec: DenialSpec): RegistryEdit[] {
  const registry = ctx.inputs.edits;
  let ids = spec.editIds;
  if (spec.id === 'units-over-mue') {
    // MAI 1 is a line edit; MAI 2/3 sum the date of service.
    const mai =
      ctx.ref.mue(ctx.code, 'practitioner', ctx.date)?.value.mai ??
      ctx.ref.mue(ctx.code, 'outpatient-hospital', ctx.date)?.value.mai;
    ids = mai === 1 ? ['mue-line'] : ['mue-date-of-service'];
  }
  // The container-unknown edit fires only when the container type is not in the table.
  if (spec.id === 'jw-jz-missing' && ctx.containers.length > 0) ids = ['jw-jz-missing'];
  return ids.map((id) => registry.find((e) => e.id === id)).filter((e): e is RegistryEdit => e !== undefined);
}

/** Why the reason is relevant to this code, or null when it cannot happen to it. */
function relevance(
  ctx: GuideContext,
  spec: DenialSpec,
  modifiers: ModifiersSection,
): { text: string; sources: FactSource[] } | null {
  const r = ctx.record.value;
  switch (spec.id) {
    case 'noc-description':
      return ctx.parts.notOtherwiseClassified
        ? {
            text: `${ctx.code} is a not-otherwise-classified code: the claim must say which drug (name, strength, dose given, NDC), and a drug with its own HCPCS code is billed with that code instead.`,
            sources: [ctx.hs],
          }
        : null;
    case 'code-not-valid': {
      const status = codeStatus(r, ctx.date);
      const dates = [
        r.addedDate ? `added ${r.addedDate}` : null,
        r.terminationDate ? `terminated ${r.terminationDate}` : null,
      ].filter((x) => x !== null);
      const words = { active: 'active', terminated: 'terminated', 'not-yet-valid': 'not yet valid' }[status];
      return {
        text: `${ctx.code} is ${words} on ${ctx.date}${dates.length > 0 ? ` (${dates.join(', ')})` : ''}.`,
        sources: [ctx.hs],
      };
    }
    case 'non-covered':
      return r.coverageCode === 'I' || r.coverageCode === 'M' || r.coverageCode === 'S'
        ? { text: `HCPCS coverage code ${r.coverageCode}.`, sources: [ctx.hs] }
        : null;
    case 'units-over-mue': {
      const found = (['practitioner', 'outpatient-hospital'] as const).map((s) => ({
        s,
        m: ctx.ref.mue(ctx.code, s, ctx.date),
      }));
      const known = found.filter((x) => x.m !== undefined);
      // No MUE is a fact only from the MUE releases in force; without them the MUE is not known, not absent.
      const notLoaded = found.filter(
        (x) => x.m === undefined && !datasetInForce(ctx.ref, `mue-${x.s}`, ctx.date),
      );
      if (known.length === 0 && notLoaded.length === 0) return null;
      if (known.length === 0)
        return {
          text: notLoaded
            .map((x) => notLoadedReason(ctx.ref, `mue-${x.s}`, ctx.date, `The ${x.s} MUE of ${ctx.code}`))
            .join(' '),
          sources: notLoaded.map((x) => searchedSource(ctx.ref, `mue-${x.s}`, ctx.date)),
        };
      return {
        text:
          known
            .map(
              ({ s, m }) =>
                `${s}: ${m?.value.value} units per ${m?.value.mai === 1 ? 'line' : 'date of service'} (MAI ${m?.value.mai})`,
            )
            .join('; ') + '.',
        sources: known.map(({ m }) => releaseSource(m as NonNullable<typeof m>)),
      };
    }
    case 'units-not-supported': {
      const d = ctx.descriptor;
      return d && d.value.kind === 'parsed'
        ? { text: `1 unit of ${ctx.code} = ${d.value.billingUnit.text}.`, sources: [releaseSource(d)] }
        : { text: `The billing unit of ${ctx.code} is not readable from its descriptor.`, sources: [ctx.hs] };
    }
    case 'jw-jz-missing': {
      const c = modifiers.container;
      if (isUnknown(c))
        return {
          text: 'Whether this code comes in single-dose containers is not in the data.',
          sources: c.sources,
        };
      if (c.value.kind === 'multi-dose') {
        const others = ndcsNotInTable(ctx);
        if (!others.crosswalkKnown)
          return {
            text: `The labels drugclaim holds (${others.tableLabelers}) are multiple-dose containers; ${notLoadedReason(ctx.ref, 'ndc-crosswalk', ctx.date, `Whether other NDCs of ${ctx.code} (maybe single-dose containers) exist`)}`,
            sources: [...c.sources, searchedSource(ctx.ref, 'ndc-crosswalk', ctx.date)],
          };
        if (others.ndcs === 0) return null;
        return {
          text: `The labels drugclaim holds (${others.tableLabelers}) are multiple-dose containers; ${others.ndcs} other NDC${others.ndcs === 1 ? '' : 's'} of this code have no label fact here and may be single-dose containers.`,
          sources: [...c.sources, ...others.sources],
        };
      }
      return {
        text:
          c.value.kind === 'mixed'
            ? 'Some products of this code are single-dose containers.'
            : hasOtherNdcs(ctx)
              ? 'The products of this code that drugclaim holds labels for are single-dose containers; other NDCs have no label fact here.'
              : 'The products of this code are single-dose containers.',
        sources: c.sources,
      };
    }
    case 'jw-jz-same-line': {
      const c = modifiers.container;
      if (!isUnknown(c) && c.value.kind === 'multi-dose') return null;
      return { text: 'JW and JZ are mutually exclusive on a line.', sources: c.sources };
    }
    case 'jw-jz-not-applicable': {
      const c = modifiers.container;
      const o = ctx.ref.opps(ctx.code, ctx.date);
      if (!isUnknown(c) && c.value.kind === 'multi-dose')
        return {
          text: !hasOtherNdcs(ctx)
            ? 'The products of this code are multiple-dose containers: JW/JZ must not be used.'
            : 'The products of this code that drugclaim holds labels for are multiple-dose containers: JW/JZ must not be used on them.',
          sources: c.sources,
        };
      if (o?.value.statusIndicator === 'N')
        return {
          text: 'OPPS status indicator N (packaged): JW/JZ are not required on the hospital outpatient claim, and reporting them is not expected to be denied; CARC 4 is the denial for JW/JZ on a multiple-dose container.',
          sources: [releaseSource(o)],
        };
      if (isUnknown(c))
        return {
          text: 'Whether this code comes in multiple-dose containers is not in the data.',
          sources: c.sources,
        };
      return null;
    }
    case 'jw-line': {
      const c = modifiers.container;
      if (!isUnknown(c) && c.value.kind === 'multi-dose') return null;
      return {
        text: 'A JW line bills only the discarded whole units of packages actually opened, beside the administered line.',
        sources: c.sources,
      };
    }
    case 'payer-limits':
    case 'step-therapy':
    case 'biomarker': {
      const has = (r: CodeRule): boolean =>
        spec.id === 'payer-limits'
          ? r.rule.quantityLimit !== undefined ||
            r.rule.dose !== undefined ||
            r.rule.durationCap !== undefined
          : spec.id === 'step-therapy'
            ? r.rule.stepTherapy !== undefined
            : r.rule.biomarker !== undefined;
      const rules = payerRulesForCode(ctx).filter(has);
      if (rules.length === 0) return null;
      return { text: `Set by ${payerNames(rules)} (section 6).`, sources: rules.map(ruleSource) };
    }
    case 'modifier-invalid': {
      const jg = ctx.ref.hcpcs('JG', ctx.date);
      if (jg?.value.terminationDate && ctx.date > jg.value.terminationDate) {
        return {
          text: `JG was terminated on ${jg.value.terminationDate}; TB replaces it for 340B-acquired drugs.`,
          sources: [releaseSource(jg)],
        };
      }
      return {
        text: 'Each modifier must be valid in the HCPCS file on the date of service.',
        sources: [ctx.hs],
      };
    }
    case 'modifier-25':
      return { text: 'Modifier 25 belongs on the E/M line.', sources: [] };
    case 'ndc': {
      const p = ctx.ref.ndcPackagesForCode(ctx.code, ctx.date);
      const n = p?.value.length ?? 0;
      if (!p && !datasetInForce(ctx.ref, 'ndc-crosswalk', ctx.date))
        return {
          text: notLoadedReason(
            ctx.ref,
            'ndc-crosswalk',
            ctx.date,
            `Which NDCs the crosswalk maps to ${ctx.code}`,
          ),
          sources: [searchedSource(ctx.ref, 'ndc-crosswalk', ctx.date)],
        };
      return p && n > 0
        ? {
            text: `${capitalize(inForceName('crosswalk', p, ctx.date))} maps ${n} NDC package${n === 1 ? '' : 's'} to ${ctx.code}.`,
            sources: [releaseSource(p)],
          }
        : {
            text: `${capitalize(inForceName('crosswalk', p, ctx.date))} maps no NDC to ${ctx.code}.`,
            sources: [searchedSource(ctx.ref, 'ndc-crosswalk', ctx.date)],
          };
    }
    case 'diagnosis':
      return {
        text:
          ctx.label && hasOwnLabel(ctx)
            ? `Covered indications per the ${ctx.label.drug} label are listed in section 2.`
            : "Payers check the diagnosis against the drug's covered indications.",
        sources: [],
      };
    case 'prior-auth': {
      const rules = payerRulesForCode(ctx).filter((x) => x.rule.priorAuth?.required === true);
      if (rules.length === 0)
        return { text: 'Where the payer requires prior authorization for this drug.', sources: [] };
      return { text: `Required by ${payerNames(rules)}.`, sources: rules.map(ruleSource) };
    }
    case 'packaged': {
      const o = ctx.ref.opps(ctx.code, ctx.date);
      return o?.value.statusIndicator === 'N'
        ? { text: 'OPPS status indicator N (packaged).', sources: [releaseSource(o)] }
        : null;
    }
    case 'duplicate':
      return {
        text: 'Split JW and administered lines differ by modifier; true duplicates are denied.',
        sources: [],
      };
    default:
      return null;
  }
}

export function buildDenials(ctx: GuideContext, modifiers: ModifiersSection): DenialsSection {
  const reasons: Fact<DenialReason>[] = [];
  for (const spec of DENIAL_SPECS) {
    const rel = relevance(ctx, spec, modifiers);
    if (rel === null) continue;
    const sources: FactSource[] = [...rel.sources];
    if (spec.rule) sources.push(spec.rule);
    const edits = editsFor(ctx, spec);
    // The named edits' own predicted denials win over the table's codes, so the guide and `check` agree.
    const predicted = edits.flatMap((e) => e.denials);
    const carcCodes = predicted.length > 0 ? [...new Set(predicted.map((d) => d.carc))] : spec.carc;
    const rarcCodes = predicted.length > 0 ? [...new Set(predicted.flatMap((d) => d.rarc))] : spec.rarc;
    const carc = adjustmentFacts(ctx, carcCodes, 'carc', sources);
    const rarc = adjustmentFacts(ctx, rarcCodes, 'rarc', sources);
    const editRefs: EditRef[] = edits.map((e) => ({ id: e.id, title: e.title }));
    reasons.push(
      fact({ id: spec.id, reason: spec.reason, relevance: rel.text, carc, rarc, edits: editRefs }, sources),
    );
  }
  return { id: 'denials', title: SECTION_TITLES.denials, reasons };
}
