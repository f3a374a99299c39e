/** Section 1: what the code is on the date, from the HCPCS, ASP, crosswalk, OPPS and MUE releases. */
import { codeStatus } from '../reference/as-of.ts';
import type { BillingUnit, MueSetting } from '../reference/model.ts';
import { crosswalkKnownFor, fact, searchedSource, unknown, type GuideContext } from './context.ts';
import { datasetInForce, notLoadedReason } from '../reference/not-loaded.ts';
import type { DefinitionSection, Fact, Known, LevelIICategory, MueValue, NdcPackageFact } from './model.ts';
import {
  ACTION_CODES,
  COVERAGE_CODES,
  LEVEL_II_SECTIONS,
  OPPS_STATUS_INDICATORS,
  PRICING_INDICATORS,
  PUB,
  releaseSource,
} from './sources.ts';

export const SECTION_TITLES = {
  definition: 'Definition and billing unit',
  clinical: 'Clinical context',
  modifiers: 'Modifiers',
  documentation: 'Documentation checklist',
  denials: 'Common denial reasons',
  commercial: 'Commercial payer considerations',
  similar: 'Similar codes',
} as const;

const MUE_SETTINGS: readonly MueSetting[] = ['practitioner', 'outpatient-hospital', 'dme'];

export function levelIICategory(code: string): LevelIICategory | undefined {
  const c = code.toUpperCase();
  return LEVEL_II_SECTIONS.find((s) => c >= s.from && c <= s.to);
}

export function ndc542(ndc11: string): string {
  return /^\d{11}$/.test(ndc11) ? `${ndc11.slice(0, 5)}-${ndc11.slice(5, 9)}-${ndc11.slice(9)}` : ndc11;
}

export function buildDefinition(ctx: GuideContext): DefinitionSection {
  const { ref, code, date, record, hs } = ctx;
  const r = record.value;

  let billingUnit: Known<BillingUnit>;
  const d = ctx.descriptor;
  if (d && d.value.kind === 'parsed') {
    billingUnit = fact(
      d.value.billingUnit,
      [releaseSource(d)],
      `read from the descriptor words "${d.value.billingUnit.text}"`,
    );
  } else {
    const why = d && d.value.kind === 'unparsed' ? d.value.reason : 'no descriptor parse';
    billingUnit = unknown(
      `The descriptor names no billing unit drugclaim can read (${why}); the payer's instructions for this code decide what one unit is.`,
      [hs],
    );
  }

  const cat = levelIICategory(code);
  const category: Known<LevelIICategory> = cat
    ? fact({ ...cat }, [PUB.hcpcsSections])
    : unknown(`${code} falls in no HCPCS Level II section drugclaim lists.`, [PUB.hcpcsSections]);

  const status = fact(
    {
      status: codeStatus(r, date),
      addedDate: r.addedDate,
      actionEffectiveDate: r.actionEffectiveDate,
      terminationDate: r.terminationDate,
      actionCode: r.actionCode,
      actionMeaning: ACTION_CODES[r.actionCode] ?? `action code ${r.actionCode}`,
    },
    [hs, PUB.recordLayoutAction],
  );

  const packages = ref.ndcPackagesForCode(code, date);
  // A code missing from a release in force is a fact; with no release for the date, the absence is not known.
  const crosswalkKnown = crosswalkKnownFor(ref, packages, date);
  const brands = ctx.entry?.brands ?? [];
  const labelers = [
    ...new Set((packages?.value ?? []).map((p) => p.labelerName.trim()).filter((s) => s !== '')),
  ];
  const drugName = d ? (d.value.kind === 'parsed' ? d.value.drugName : d.value.drugName) : ctx.parts.name;
  const drug: Fact<DefinitionSection['drug']['value']> = fact(
    { drugName: drugName ?? null, brands, labelers, productsKnown: crosswalkKnown },
    packages ? [hs, releaseSource(packages)] : [hs, searchedSource(ref, 'ndc-crosswalk', date)],
    packages && packages.value.length > 0
      ? 'drug name from the descriptor; product names and labelers from the ASP NDC-HCPCS crosswalk'
      : crosswalkKnown
        ? 'drug name from the descriptor; the crosswalk lists no NDC for this code on the date'
        : `drug name from the descriptor; products and labelers not known: no ASP NDC-HCPCS crosswalk for ${date} is loaded`,
  );

  const coverageMeaning = COVERAGE_CODES[r.coverageCode];
  const coverage = coverageMeaning
    ? fact({ code: r.coverageCode, meaning: coverageMeaning }, [hs, PUB.recordLayoutCoverage])
    : unknown(`The HCPCS record carries no coverage code drugclaim knows ("${r.coverageCode}").`, [hs]);

  const pricingIndicators = fact(
    r.pricingIndicators.map((p) => ({ code: p, meaning: PRICING_INDICATORS[p] ?? `pricing indicator ${p}` })),
    [hs, PUB.recordLayoutPricing],
  );

  const o = ref.opps(code, date);
  const opps = o
    ? fact(
        {
          statusIndicator: o.value.statusIndicator,
          meaning:
            OPPS_STATUS_INDICATORS[o.value.statusIndicator] ?? `status indicator ${o.value.statusIndicator}`,
          apc: o.value.apc,
          paymentRateCents: o.value.paymentRateCents,
          paymentRateMills: o.value.paymentRateMills,
        },
        [releaseSource(o), PUB.oppsAddendumD1],
      )
    : unknown(
        datasetInForce(ref, 'opps', date)
          ? `${code} has no row in the OPPS Addendum B release in force.`
          : notLoadedReason(ref, 'opps', date, `The OPPS status indicator of ${code}`),
        [searchedSource(ref, 'opps', date)],
      );

  const a = ref.aspLimit(code, date);
  const aspLimit = a
    ? fact(
        {
          paymentLimitMills: a.value.paymentLimitMills,
          dosage: a.value.dosage,
          coinsurancePercent: a.value.coinsurancePercent,
          notes: a.value.notes,
        },
        [releaseSource(a)],
      )
    : unknown(
        datasetInForce(ref, 'asp', date)
          ? `${code} has no row in the ASP payment limit file in force; Medicare prices it another way (or not at all) this quarter.`
          : notLoadedReason(ref, 'asp', date, `The ASP payment limit of ${code}`),
        [searchedSource(ref, 'asp', date)],
      );

  const mue: Known<MueValue>[] = [];
  for (const setting of MUE_SETTINGS) {
    const m = ref.mue(code, setting, date);
    if (m) {
      mue.push(
        fact(
          {
            setting,
            value: m.value.value,
            mai: m.value.mai,
            maiText: m.value.maiText,
            rationale: m.value.rationale,
          },
          [releaseSource(m), PUB.mue],
        ),
      );
    } else if (setting !== 'dme') {
      const dataset = setting === 'practitioner' ? 'mue-practitioner' : 'mue-outpatient-hospital';
      mue.push(
        unknown(
          datasetInForce(ref, dataset, date)
            ? `No ${setting} MUE for ${code} in the release in force.`
            : notLoadedReason(ref, dataset, date, `The ${setting} MUE of ${code}`),
          [searchedSource(ref, dataset, date)],
        ),
      );
    }
  }

  const ndcPackages: Known<NdcPackageFact[]> =
    packages && packages.value.length > 0
      ? fact(
          packages.value.map((p) => ({
            ndc11: p.ndc11,
            ndc: ndc542(p.ndc11),
            labelerName: p.labelerName,
            drugName: p.drugName,
            billingUnitsPerPackage: p.billingUnitsPerPackage,
            billingUnitsPerItem: p.billingUnitsPerItem,
            packageQuantity: p.packageQuantity,
          })),
          [releaseSource(packages)],
        )
      : unknown(
          crosswalkKnown
            ? `The ASP NDC-HCPCS crosswalk in force lists no NDC for ${code}.`
            : notLoadedReason(ref, 'ndc-crosswalk', date, `Which NDC packages the crosswalk maps to ${code}`),
          [searchedSource(ref, 'ndc-crosswalk', date)],
        );

  return {
    id: 'definition',
    title: SECTION_TITLES.definition,
    code: fact(code, [hs]),
    longDescription: fact(r.longDescription, [hs]),
    shortDescription: fact(r.shortDescription, [hs]),
    billingUnit,
    category,
    status,
    drug,
    coverage,
    pricingIndicators,
    opps,
    aspLimit,
    mue,
    ndcPackages,
  };
}
