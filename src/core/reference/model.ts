/**
 * The reference facts drugclaim knows, each tied to the release (file) it came from.
 * These are plain records; the store adapter fills them from the CMS files, and the core reads them
 * through the `ReferenceData` port (./port.ts) without any I/O.
 */

/** ISO calendar date, YYYY-MM-DD. */
export type IsoDate = string;

export type DatasetKind =
  | 'hcpcs'
  | 'asp'
  | 'ndc-crosswalk'
  | 'mue-practitioner'
  | 'mue-outpatient-hospital'
  | 'mue-dme'
  | 'icd10cm'
  | 'carc'
  | 'rarc'
  | 'opps'
  | 'ncci-aoc';

/** One imported file = one release with its effective period. Importing a new one never destroys an old one. */
export interface Release {
  /** Stable id, e.g. "asp:2026-01-01:2374d611" (dataset, effective start, hash prefix). */
  id: string;
  dataset: DatasetKind;
  fileName: string;
  sha256: string;
  /** The date the publisher put on the file (e.g. 2025-12-17 for the January 2026 ASP file), when known. */
  releaseDate: IsoDate | null;
  effectiveFrom: IsoDate;
  /** Last day in force when the file says so (ASP quarter, ICD-10-CM fiscal year); null = until superseded. */
  effectiveTo: IsoDate | null;
  /** Human label, e.g. "ASP payment limits January 2026". */
  label: string;
  recordCount: number;
  importedAt: string;
}

/** What a fact cites: enough to find the file again. */
export interface SourceRef {
  releaseId: string;
  dataset: DatasetKind;
  fileName: string;
  releaseDate: IsoDate | null;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  label: string;
}

/**
 * A fact with its source. `inForce` is false when no release of the dataset covers the date asked about and the
 * answer comes from the nearest release instead; `note` then says so in plain words. Callers must not treat an
 * out-of-force fact as certain.
 */
export interface Sourced<T> {
  value: T;
  source: SourceRef;
  inForce: boolean;
  note?: string;
}

export type HcpcsKind = 'procedure' | 'modifier';

/** One HCPCS Level II record (procedure or modifier) as published in the CMS alpha-numeric file. */
export interface HcpcsRecord {
  code: string;
  kind: HcpcsKind;
  longDescription: string;
  shortDescription: string;
  /** Up to 4 pricing indicators; "51" = drugs paid at ASP. */
  pricingIndicators: string[];
  multiplePricingIndicator: string;
  /** C, D, I, M or S (see the record layout). */
  coverageCode: string;
  betos: string;
  typesOfService: string[];
  processingNote: string;
  crossReferences: string[];
  addedDate: IsoDate | null;
  actionEffectiveDate: IsoDate | null;
  terminationDate: IsoDate | null;
  /** A add, B, C, D discontinue, F, N no maintenance, P, R reactivate, S, T. */
  actionCode: string;
}

export type CodeStatus = 'active' | 'not-yet-valid' | 'terminated';

/** Units a billing unit or a dose can be expressed in. Mass units convert; the others do not. */
export type MeasureUnit =
  | 'g'
  | 'mg'
  | 'mcg'
  | 'ng'
  | 'mL'
  | 'L'
  | 'units'
  | 'international-units'
  | 'meq'
  | 'mmol'
  | 'mci'
  | 'vial'
  | 'each'
  | 'dose'
  | 'kit'
  | 'sq-cm'
  | 'other';

/** The quantity one HCPCS billing unit stands for ("Injection, durvalumab, 10 mg" → 10 mg). */
export interface BillingUnit {
  amount: number;
  unit: MeasureUnit;
  /** The words of the descriptor the unit was read from, e.g. "10 mg". */
  text: string;
}

/** Facts derived from a descriptor, never guessed: an unparsed descriptor says so. */
export type DescriptorParse =
  | { kind: 'parsed'; drugName: string; billingUnit: BillingUnit }
  | { kind: 'unparsed'; drugName: string | null; reason: string };

/** One row of the ASP Medicare Part B payment-limit file. */
export interface AspLimit {
  code: string;
  shortDescription: string;
  /** "HCPCS Code Dosage" column, e.g. "10 MG". */
  dosage: string;
  /** Payment limit per billing unit in mills (1/1000 dollar; CMS publishes 3 decimals). null for "N/A". */
  paymentLimitMills: number | null;
  coinsurancePercent: number | null;
  notes: string;
}

/** One row of the ASP NDC-HCPCS crosswalk: an NDC package and its billing units. */
export interface NdcPackage {
  code: string;
  /** 11-digit NDC without hyphens (5-4-2), e.g. "00310450012". */
  ndc11: string;
  shortDescription: string;
  labelerName: string;
  drugName: string;
  hcpcsDosage: string;
  /** Amount in one item, e.g. 2.4 (mL per vial). */
  packageSize: number | null;
  /** Items per package. */
  packageQuantity: number | null;
  /** Billing units per item (e.g. 12 = 120 mg of a 10 mg code). */
  billingUnitsPerItem: number | null;
  billingUnitsPerPackage: number | null;
}

export type MueSetting = 'practitioner' | 'outpatient-hospital' | 'dme';

export interface Mue {
  code: string;
  setting: MueSetting;
  /** Maximum units per line (MAI 1) or per date of service (MAI 2/3). */
  value: number;
  /** MUE adjudication indicator: 1 line edit, 2 date of service (policy), 3 date of service (clinical). */
  mai: 1 | 2 | 3;
  maiText: string;
  rationale: string;
}

export interface Icd10Code {
  /** Without the dot, e.g. "C3490". */
  code: string;
  description: string;
  /** The FY code file lists billable codes only. */
  billable: boolean;
}

export interface AdjustmentReasonCode {
  code: string;
  kind: 'carc' | 'rarc';
  status: 'current' | 'deactivated';
  description: string;
  startDate: IsoDate | null;
  lastModified: IsoDate | null;
  stopDate: IsoDate | null;
  notes: string;
}

/** One row of OPPS Addendum B. */
export interface OppsRate {
  code: string;
  shortDescriptor: string;
  /** K separately paid drug, N packaged, E1 not payable, … */
  statusIndicator: string;
  apc: string;
  relativeWeight: number | null;
  paymentRateCents: number | null;
  /** Payment rates carry 3 decimals in some rows; keep the exact figure too. */
  paymentRateMills: number | null;
  nationalUnadjustedCopayCents: number | null;
  minimumUnadjustedCopayCents: number | null;
}

/** One NCCI add-on code edit row. */
export interface AddOnCodeEdit {
  addOnCode: string;
  /** "CCCCC" for type 2 (contractor-defined primaries). */
  primaryCode: string;
  /** 1 only with listed primaries; 2 contractor-defined; 3 listed plus contractor-allowed. */
  editType: 1 | 2 | 3;
  effectiveFrom: IsoDate | null;
  deletedOn: IsoDate | null;
  addOnDeletedOn: IsoDate | null;
  primaryDeletedOn: IsoDate | null;
  notes: string;
}

export type SearchMatchKind = 'code' | 'ndc' | 'brand' | 'drug' | 'descriptor';

export interface SearchHit {
  code: string;
  kind: HcpcsKind;
  longDescription: string;
  /** Why it matched: the code itself, an NDC, a brand or drug name from the crosswalk, descriptor words. */
  matchedBy: SearchMatchKind;
  matchedText: string;
  score: number;
  /** Status on the date by the added and termination dates of the HCPCS release that answered. */
  status: CodeStatus;
  /**
   * False when no HCPCS release in the store covers the date and the nearest one answered: an "active" status is
   * then only what that release implies (a later release may have terminated the code), and `drugclaim code`
   * calls it unknown.
   */
  inForce: boolean;
  /** Set when the query as typed matched nothing and misspelt words were corrected: the query the hit answers. */
  correctedQuery?: string;
}
