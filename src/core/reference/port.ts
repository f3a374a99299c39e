import type {
  AddOnCodeEdit,
  AdjustmentReasonCode,
  AspLimit,
  DescriptorParse,
  HcpcsRecord,
  Icd10Code,
  IsoDate,
  Mue,
  MueSetting,
  NdcPackage,
  OppsRate,
  Release,
  SearchHit,
  Sourced,
} from './model.ts';

/**
 * The one question everything stands on: what is this code, its unit, NDCs, MUE and payment limit on a date?
 *
 * Synchronous and in memory on purpose: a claim check looks facts up for every line and must never pay a
 * database round trip per line. The store adapter builds an implementation from its releases
 * (`ReferenceIndex` in ./reference-index.ts); tests build one from literal records.
 *
 * Every answer is for a date of service and says which release it used.
 */
export interface ReferenceData {
  releases(): readonly Release[];
  /** HCPCS procedure or modifier record from the HCPCS release in force on `date`. */
  hcpcs(code: string, date: IsoDate): Sourced<HcpcsRecord> | undefined;
  /** Drug name and billing unit derived from the long descriptor (never guessed). */
  descriptor(code: string, date: IsoDate): Sourced<DescriptorParse> | undefined;
  aspLimit(code: string, date: IsoDate): Sourced<AspLimit> | undefined;
  /** NDC packages the crosswalk in force on `date` maps to this HCPCS code. */
  ndcPackagesForCode(code: string, date: IsoDate): Sourced<NdcPackage[]> | undefined;
  /** Crosswalk rows for an 11-digit NDC (no hyphens). */
  ndcPackages(ndc11: string, date: IsoDate): Sourced<NdcPackage[]> | undefined;
  mue(code: string, setting: MueSetting, date: IsoDate): Sourced<Mue> | undefined;
  /** ICD-10-CM code without the dot. */
  icd10(code: string, date: IsoDate): Sourced<Icd10Code> | undefined;
  carc(code: string): Sourced<AdjustmentReasonCode> | undefined;
  rarc(code: string): Sourced<AdjustmentReasonCode> | undefined;
  /** All CARCs in the store (for coverage checks of the denial mapping). */
  allCarcs(): Sourced<AdjustmentReasonCode>[];
  opps(code: string, date: IsoDate): Sourced<OppsRate> | undefined;
  /** Add-on code edits where `addOnCode` is the add-on. */
  addOnEdits(addOnCode: string, date: IsoDate): Sourced<AddOnCodeEdit[]> | undefined;
  /** Every HCPCS code (procedure and modifier) in the release in force on `date`. */
  allHcpcs(date: IsoDate): Sourced<HcpcsRecord>[];
  /** Ranked search by code, NDC (any form), brand/drug name or descriptor words. */
  search(text: string, options?: { limit?: number; date?: IsoDate }): SearchHit[];
}
