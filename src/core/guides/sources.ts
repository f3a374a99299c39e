/**
 * Publications the guides cite, and the small fact tables written from them. Each table names its source;
 * the wording of meanings is ours (a paraphrase of the cited definition), never a copy of a longer text.
 */
import type { Sourced } from '../reference/model.ts';
import type { FactSource } from './model.ts';

export type Publication = Extract<FactSource, { kind: 'publication' }>;

const pub = (publisher: string, title: string, section?: string, url?: string): Publication => ({
  kind: 'publication',
  publisher,
  title,
  ...(section !== undefined ? { section } : {}),
  ...(url !== undefined ? { url } : {}),
});

/** A release-backed source from a `Sourced<T>` answer of the reference port. */
export function releaseSource(s: Pick<Sourced<unknown>, 'source' | 'inForce' | 'note'>): FactSource {
  return {
    kind: 'release',
    release: s.source,
    inForce: s.inForce,
    ...(s.note !== undefined ? { note: s.note } : {}),
  };
}

export const PUB = {
  /** @see https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system (HCPCS Level II: A–V sections) */
  hcpcsSections: pub(
    'CMS',
    'HCPCS Level II code set: sections by first letter and code range',
    undefined,
    'https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system',
  ),
  /** @see shared/data/hcpcs/HCPC2026_recordlayout.txt (CMS record layout "AS OF: 11/12/2025") */
  recordLayoutCoverage: pub('CMS', 'HCPCS alpha-numeric file record layout', 'field 16, coverage code'),
  recordLayoutPricing: pub('CMS', 'HCPCS alpha-numeric file record layout', 'field 9, pricing indicator'),
  recordLayoutAction: pub('CMS', 'HCPCS alpha-numeric file record layout', 'field 30, action code'),
  /** @see CMS OPPS Addendum D1, payment status indicators (published with each OPPS rule) */
  oppsAddendumD1: pub('CMS', 'OPPS Addendum D1: payment status indicators'),
  /** @see Pub 100-04 ch. 17 §40 and the CMS JW/JZ FAQ (JZ required from 2023-07-01; claims without it returned from 2023-10-01) */
  esaNcd: pub(
    'CMS',
    'National Coverage Determination (NCD) 110.21: Erythropoiesis Stimulating Agents (ESAs) in Cancer and Related Neoplastic Conditions',
    undefined,
    'https://www.cms.gov/medicare-coverage-database/',
  ),
  jwjzFaq: pub(
    'CMS',
    'Discarded Drugs and Biologicals – JW Modifier and JZ Modifier Policy: Frequently Asked Questions',
    undefined,
    'https://www.cms.gov/medicare/payment/part-b-drugs/discarded-drugs-and-biologicals',
  ),
  ch17Discarded: pub(
    'CMS',
    'Medicare Claims Processing Manual (Pub 100-04)',
    'ch. 17 §40, discarded drugs and biologicals',
  ),
  /** @see CMS CY2025 OPPS/PFS final rules: from 2025-01-01 all 340B-acquired drugs carry TB (JG retired 2024-12-31). */
  tb340b: pub('CMS', '340B-acquired drugs and biologicals: JG and TB modifiers (CY 2025 OPPS final rule)'),
  /** @see Pub 100-04 ch. 12 §30.6.6 B: modifier 25 marks a significant, separately identifiable E/M service. */
  modifier25: pub(
    'CMS',
    'Medicare Claims Processing Manual (Pub 100-04)',
    'ch. 12 §30.6.6 B, use of modifier 25',
  ),
  /** @see Pub 100-04 ch. 12 §30.5: chemotherapy and non-chemotherapy drug administration codes. */
  drugAdministration: pub(
    'CMS',
    'Medicare Claims Processing Manual (Pub 100-04)',
    'ch. 12 §30.5, drug administration services',
  ),
  /** @see AMA CPT drug administration guidelines: infusion codes are time-based (initial hour, each additional hour). */
  cptInfusionTime: pub('AMA', 'CPT drug administration guidelines', 'time-based infusion codes'),
  /** @see Pub 100-08 ch. 3 §3.3.2.4: signature requirements for orders and records. */
  signatures: pub(
    'CMS',
    'Medicare Program Integrity Manual (Pub 100-08)',
    'ch. 3 §3.3.2.4, signature requirements',
  ),
  /** @see Pub 100-08 ch. 3 §3.3.2: the medical record must support the service billed. */
  medicalReview: pub(
    'CMS',
    'Medicare Program Integrity Manual (Pub 100-08)',
    'ch. 3 §3.3.2, medical review documentation',
  ),
  /** @see ASC X12 005010X222A1 (837P) loop 2400 SV107 diagnosis code pointer; loop 2410 LIN03 NDC. */
  x12Tr3: pub(
    'ASC X12',
    '837 Professional implementation guide 005010X222A1',
    'loop 2400 SV107 diagnosis pointer; loop 2410 LIN/CTP drug identification',
  ),
  /** @see Social Security Act §1927(a)(7) (Deficit Reduction Act of 2005 §6002): NDCs on Medicaid physician-administered drug claims. */
  medicaidNdc: pub(
    'US Congress',
    'Social Security Act §1927(a)(7)',
    'NDC reporting for physician-administered drugs (Medicaid rebates)',
  ),
  /** @see CMS NCCI Medically Unlikely Edits (MUE) page: values per HCPCS code, per setting, with MAI. */
  mue: pub(
    'CMS',
    'Medicare NCCI Medically Unlikely Edits (MUE)',
    undefined,
    'https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medically-unlikely-edits',
  ),
  /** @see FDA prescribing information, Highlights: each product's Established Pharmacologic Class (EPC). */
  fdaEpc: pub('FDA', 'Established Pharmacologic Class (EPC) in the prescribing information of each product'),
  /** @see USAN Council naming: a four-letter suffix distinguishes biologics of one core name (FDA guidance on nonproprietary naming of biological products, 2017). */
  biologicSuffix: pub(
    'FDA',
    'Nonproprietary Naming of Biological Products (guidance for industry, 2017)',
    'four-letter suffix',
  ),
} as const;

/**
 * HCPCS Level II sections: first code, last code, title. The J range is split as the code book splits it; the
 * section letter is the first letter of the range. @see PUB.hcpcsSections
 */
export const LEVEL_II_SECTIONS: readonly { letter: string; from: string; to: string; title: string }[] = (
  [
    ['A0000', 'A0999', 'Transportation services including ambulance'],
    ['A4000', 'A8999', 'Medical and surgical supplies'],
    ['A9000', 'A9999', 'Administrative, miscellaneous and investigational'],
    ['B4000', 'B9999', 'Enteral and parenteral therapy'],
    ['C1000', 'C9999', 'Outpatient PPS (temporary hospital outpatient codes)'],
    ['D0000', 'D9999', 'Dental procedures'],
    ['E0100', 'E9999', 'Durable medical equipment'],
    ['G0000', 'G9999', 'Procedures and professional services (temporary)'],
    ['H0001', 'H9999', 'Alcohol and drug abuse treatment and behavioral health services'],
    ['J0120', 'J8499', 'Drugs administered other than oral method'],
    ['J8501', 'J9999', 'Chemotherapy drugs'],
    ['K0000', 'K9999', 'Temporary codes for durable medical equipment MACs'],
    ['L0000', 'L9999', 'Orthotic and prosthetic procedures and devices'],
    ['M0000', 'M9999', 'Medical services'],
    ['P0000', 'P9999', 'Pathology and laboratory services'],
    ['Q0000', 'Q9999', 'Temporary codes'],
    ['R0000', 'R9999', 'Diagnostic radiology services'],
    ['S0000', 'S9999', 'Temporary national codes (non-Medicare)'],
    ['T1000', 'T9999', 'National codes established for state Medicaid agencies'],
    ['U0001', 'U9999', 'Coronavirus laboratory tests'],
    ['V0000', 'V2999', 'Vision services'],
    ['V5000', 'V5999', 'Hearing services'],
  ] as const
).map(([from, to, title]) => ({ letter: from.charAt(0), from, to, title }));

/** @see PUB.recordLayoutCoverage */
export const COVERAGE_CODES: Readonly<Record<string, string>> = {
  C: 'Carrier judgment',
  D: 'Special coverage instructions apply',
  I: 'Not payable by Medicare',
  M: 'Non-covered by Medicare',
  S: 'Non-covered by Medicare statute',
};

/** @see PUB.recordLayoutAction */
export const ACTION_CODES: Readonly<Record<string, string>> = {
  A: 'Added',
  B: 'Administrative data and long description changed',
  C: 'Long description changed',
  D: 'Discontinued',
  F: 'Administrative data changed',
  N: 'No maintenance',
  P: 'Payment change',
  R: 'Reactivated',
  S: 'Short description changed',
  T: 'Miscellaneous change (BETOS, type of service)',
};

/** @see PUB.recordLayoutPricing (the codes a drug record carries; others are named by number). */
export const PRICING_INDICATORS: Readonly<Record<string, string>> = {
  '00': 'Not separately priced by Part B',
  '13': 'Price established by the contractor',
  '46': 'Contractor priced',
  '51': 'Drugs',
  '52': 'Reasonable charge',
  '53': 'Statute',
  '54': 'Vaccinations',
  '57': 'Other carrier priced',
  '99': 'Value not established',
};

/** OPPS payment status indicators a drug code carries, in our words. @see PUB.oppsAddendumD1 */
export const OPPS_STATUS_INDICATORS: Readonly<Record<string, string>> = {
  A: 'Not paid under OPPS; paid under another fee schedule or payment system',
  B: 'Not recognised by OPPS on an outpatient Part B bill type (12x, 13x)',
  E1: 'Not paid by Medicare on outpatient claims (not covered or not eligible)',
  E2: 'Not paid by Medicare on outpatient claims (no payment rate established)',
  F: 'Paid at reasonable cost (corneal tissue, CRNA, certain vaccines)',
  G: 'Pass-through drug or biological: separate APC payment',
  H: 'Pass-through device category: separate cost-based payment',
  K: 'Non-pass-through drug or biological: separate APC payment',
  L: 'Influenza or pneumococcal vaccine: paid at reasonable cost',
  M: 'Not billable to the MAC; not paid under OPPS',
  N: 'Packaged: no separate payment, paid within the related services',
  R: 'Blood and blood products: separate APC payment',
};
