/**
 * Every rule the dose → units engine applies, and every problem code it can report, with the source each rests
 * on. The result lists the rules it used (`rulesApplied`) so a biller can see why each number is what it is.
 * docs/dosing.md documents the same ids; a test proves the two lists match both ways.
 */
import type { Problem, Severity } from '../problem.ts';

/** The CMS and other sources, named once so every rule cites them the same way. */
export const SOURCES = {
  discardedDrugs:
    'CMS Pub. 100-04 (Medicare Claims Processing Manual), ch. 17 (Drugs and Biologicals), §40 Discarded Drugs and Biologicals',
  jwJzFaq:
    'CMS "Discarded Drugs and Biologicals – JW Modifier and JZ Modifier Policy" FAQ (JZ required from 2023-07-01)',
  macUnits:
    'MAC drug-billing guidance (e.g. Noridian, Palmetto GBA, Novitas "billing units" articles): report the HCPCS units that match the dose, rounding up to the next whole billing unit',
  hcpcsModifiers:
    'CMS HCPCS Level II modifier records (alpha-numeric file): JW, JZ, JG (terminated 2024-12-31), TB',
  cms340b:
    'CMS 340B modifier instructions (CY 2023 OPPS final rule; Part B inflation-rebate guidance): JG or TB on every line of a 340B-acquired drug; from 2025-01-01 TB only',
  x12Ndc:
    'ASC X12 005010X222A1 (837P) loop 2410 LIN03/CTP04/CTP05-1: NDC, quantity and unit of measure (F2, GR, ME, ML, UN)',
  nistPound: 'NIST Handbook 44 / international yard and pound agreement (1959): 1 lb = 0.45359237 kg exactly',
  mosteller: 'Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317:1098',
  dubois:
    'Du Bois D, Du Bois EF. A formula to estimate the approximate surface area. Arch Intern Med 1916;17:863-71',
  calvert:
    'Calvert AH et al. J Clin Oncol 1989;7:1748-56; carboplatin prescribing information, DOSAGE AND ADMINISTRATION: dose (mg) = target AUC × (GFR + 25)',
  cockcroftGault:
    'Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. Nephron 1976;16:31-41',
  carboplatinGfrCap:
    'FDA/NCI CTEP carboplatin dosing communication (2010): cap the estimated GFR at 125 mL/min in the Calvert formula',
  crosswalk:
    'CMS ASP NDC-HCPCS crosswalk (PKG SIZE, PKG QTY, BILLUNITS, BILLUNITSPKG) for the quarter of the date of service',
  aspLimit: 'CMS ASP Medicare Part B payment-limit file for the quarter of the date of service',
  mue: 'CMS NCCI Medically Unlikely Edits for the setting (practitioner / outpatient hospital)',
  drugclaim: 'drugclaim method (see docs/dosing.md)',
} as const;

export interface RuleInfo {
  title: string;
  source: string;
}

/** Rule ids as they appear in `rulesApplied[].id`. */
export const RULES = {
  'dose.flat': { title: 'Flat dose used as written', source: SOURCES.drugclaim },
  'dose.unit-conversion': {
    title: 'Dose converted to the billing unit within its unit kind (g/mg/mcg/ng; L/mL)',
    source: SOURCES.drugclaim,
  },
  'dose.per-kg': { title: 'Weight-based dose: dose per kg × weight in kg', source: SOURCES.drugclaim },
  'dose.lb-to-kg': { title: 'Weight in pounds converted exactly to kg', source: SOURCES.nistPound },
  'dose.bsa-mosteller': {
    title: 'Body surface area by Mosteller: √(height cm × weight kg / 3600), rounded to 0.01 m²',
    source: SOURCES.mosteller,
  },
  'dose.bsa-dubois': {
    title: 'Body surface area by Du Bois: 0.007184 × W^0.425 × H^0.725, rounded to 0.01 m²',
    source: SOURCES.dubois,
  },
  'dose.bsa-given': { title: 'Body surface area as given by the caller', source: SOURCES.drugclaim },
  'dose.per-m2': { title: 'BSA-based dose: dose per m² × BSA', source: SOURCES.drugclaim },
  'dose.calvert': {
    title: 'Carboplatin by the Calvert formula: dose (mg) = AUC × (GFR + 25)',
    source: SOURCES.calvert,
  },
  'dose.cockcroft-gault': {
    title: 'GFR estimated as Cockcroft-Gault creatinine clearance',
    source: SOURCES.cockcroftGault,
  },
  'dose.concentration': {
    title: 'Volume converted to amount with the concentration',
    source: SOURCES.drugclaim,
  },
  'units.administered-round-up': {
    title: 'Administered units = dose ÷ billing unit, rounded up to a whole unit',
    source: `${SOURCES.macUnits}; ${SOURCES.jwJzFaq}`,
  },
  'units.minimum-one': { title: 'A dose below one billing unit bills 1 unit', source: SOURCES.macUnits },
  'packages.least-waste': {
    title:
      'Package choice: every combination of the available package sizes searched for the least waste, ties broken by fewest packages',
    source: `${SOURCES.discardedDrugs} (CMS asks that drugs be used as efficiently as is clinically appropriate); ${SOURCES.crosswalk}`,
  },
  'packages.opened': {
    title: 'Billing follows the packages actually opened and documented; the optimiser only advises',
    source: SOURCES.discardedDrugs,
  },
  'waste.discarded-round-down': {
    title: 'Discarded units = (amount opened − dose) ÷ billing unit, rounded down',
    source: `${SOURCES.discardedDrugs}; ${SOURCES.jwJzFaq}`,
  },
  'waste.within-opened': {
    title: 'Administered + discarded units never exceed the units in the amount opened',
    source: `${SOURCES.discardedDrugs} (the discarded amount is paid up to the amount on the vial or package label)`,
  },
  'modifier.jw': {
    title: 'JW line for the discarded amount (≥ 1 whole unit) from a single-dose container',
    source: `${SOURCES.discardedDrugs}; ${SOURCES.jwJzFaq}`,
  },
  'modifier.jz': {
    title: 'JZ on the single line when no billable amount was discarded from a single-dose container',
    source: SOURCES.jwJzFaq,
  },
  'modifier.jw-jz-exclusive': { title: 'JW and JZ never appear on the same line', source: SOURCES.jwJzFaq },
  'modifier.multi-dose-none': { title: 'No JW/JZ for multiple-dose containers', source: SOURCES.jwJzFaq },
  'modifier.packaged': {
    title: 'No JW/JZ and no separate payment for a drug packaged under OPPS (status indicator N)',
    source: SOURCES.jwJzFaq,
  },
  'modifier.340b': {
    title: '340B modifier on every line of the drug',
    source: `${SOURCES.cms340b}; ${SOURCES.hcpcsModifiers}`,
  },
  'ndc.quantity': {
    title: 'NDC quantity in the unit of measure, from the package size and concentration',
    source: `${SOURCES.x12Ndc}; ${SOURCES.crosswalk}`,
  },
  'money.waste': {
    title: 'Waste valued at the ASP payment limit: units × limit (mills) → cents',
    source: SOURCES.aspLimit,
  },
  'plausibility.label-range': {
    title: 'Dose compared with the FDA label dosing for the drug',
    source: 'FDA prescribing information (see the label dosing table)',
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export interface RuleApplied {
  id: RuleId;
  title: string;
  source: string;
  /** What the rule did with these numbers, e.g. "144 mg ÷ 1 mg = 144 units". */
  detail: string;
}

export function applied(id: RuleId, detail: string): RuleApplied {
  const rule: RuleInfo = RULES[id];
  return { id, title: rule.title, source: rule.source, detail };
}

/** Problem codes the dosing engine and its helpers emit, with their severity. */
export const PROBLEM_CODES = {
  'dose.unparsed': 'error',
  'dose.not-positive': 'error',
  'dose.too-large': 'error',
  'dose.needs-weight': 'error',
  'dose.needs-height': 'error',
  'dose.needs-gfr': 'error',
  'dose.needs-concentration': 'error',
  'dose.unit-mismatch': 'error',
  'dose.gfr-above-cap': 'warning',
  'dose.auc-not-carboplatin': 'error',
  'measure.unparsed': 'error',
  'measure.implausible': 'warning',
  'measure.not-used': 'warning',
  'billing-unit.unknown': 'error',
  'billing-unit.not-otherwise-classified': 'error',
  'date.invalid': 'error',
  'code.unknown': 'error',
  'code.is-modifier': 'error',
  'code.not-valid-on-date': 'error',
  'packages.none': 'warning',
  'packages.unit-mismatch': 'warning',
  'packages.not-positive': 'warning',
  'packages.too-large': 'error',
  'packages.search-bounded': 'warning',
  'packages.vials-ignored': 'warning',
  'opened.unparsed': 'error',
  'opened.insufficient': 'error',
  'opened.not-in-crosswalk': 'error',
  'waste.avoidable': 'warning',
  'waste.below-one-unit': 'info',
  'container.unknown': 'warning',
  'container.mixed': 'warning',
  'modifier.jg-terminated': 'error',
  'modifier.not-in-force': 'warning',
  'modifier.340b-invalid': 'error',
  'ndc.multiple': 'warning',
  'ndc.quantity-unavailable': 'info',
  'ndc.package-size-disagrees': 'warning',
  'opps.packaged': 'info',
  'money.no-payment-limit': 'info',
  'reference.out-of-force': 'warning',
  'mue.exceeded': 'warning',
  'plausibility.out-of-range': 'warning',
  'plausibility.above-max-dose': 'warning',
  'plausibility.weight-tier': 'warning',
  'plausibility.not-compared': 'info',
} as const satisfies Record<string, Severity>;

export type DosingProblemCode = keyof typeof PROBLEM_CODES;

export function problem(code: DosingProblemCode, message: string, data?: Record<string, unknown>): Problem {
  return data === undefined
    ? { code, severity: PROBLEM_CODES[code], message }
    : { code, severity: PROBLEM_CODES[code], message, data };
}
