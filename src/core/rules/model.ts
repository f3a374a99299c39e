/**
 * Payer rules as data: what a payer requires of a drug claim beyond the national code sets. One rules file
 * (rules/payers/*.yaml) describes one payer (or a class of payers, e.g. "Medicare Part B") for a period, with
 * program-wide settings (JW/JZ, MUE, NDC, timely filing, expected payment) and drug policies (prior
 * authorization, covered diagnoses, biomarker documentation, dose and frequency limits, step therapy…), each
 * versioned with effective dates.
 *
 * These are the validated, typed rules; src/adapters/rules reads and validates the YAML, and ./evaluate.ts
 * answers "which rules apply to this claim on this date". Nothing here does I/O.
 */
import type { PayerKind } from '../claim/model.ts';
import type { Denial, FindingSeverity } from '../findings/model.ts';
import type { IsoDate } from '../reference/model.ts';

/** How strictly a payer applies a national edit: as a denial (error), as advice (warning), or not at all. */
export type EditLevel = FindingSeverity | 'off';

export interface PayerMatch {
  /** Claim payer kinds this file covers (from SBR09 / Coverage type). */
  payerKinds?: readonly PayerKind[];
  /** Payer ids (2010BB NM109 / Coverage.payor identifier), compared after trimming, ignoring case. */
  payerIds?: readonly string[];
  /**
   * Payer names, compared ignoring case as whole words: the payer name equals the entry or starts with it at a
   * word boundary ("acme" matches "Acme Health", not "Pacmed Insurance").
   */
  payerNames?: readonly string[];
  /** The file applies to claims that no other file matches. */
  fallback?: boolean;
}

export interface JwJzProgram {
  level: EditLevel;
  /** First date of service JW/JZ is required on single-dose container drugs (CMS: 2023-07-01). */
  requiredFrom: IsoDate;
  /** First date a line without JW or JZ is returned as unprocessable (CMS claim edits: 2023-10-01). */
  returnedFrom: IsoDate;
  source: string;
}

export interface MueProgram {
  level: EditLevel;
  source: string;
}

export interface NdcProgram {
  /** Every drug line must carry an NDC (LIN03 with N4) and its quantity and unit (CTP04/CTP05). */
  required: boolean;
  /** From when (e.g. Medicaid under the Deficit Reduction Act: 2007-01-01). */
  requiredFrom?: IsoDate;
  /** Check the NDC against the ASP NDC-HCPCS crosswalk; a mismatch is this level. */
  crosswalk: EditLevel;
  source: string;
}

export interface ExpectedPayment {
  /** Payment per billing unit is `percent` % of the ASP payment limit of the quarter (Medicare: 100 % = ASP + 6 %). */
  basis: 'asp-payment-limit';
  percent: number;
  /**
   * Codes paid at a fixed rate per billing unit instead of the percent (a contract's per-code rates): dollars with
   * up to 3 decimals, as written ("65.000").
   */
  rates?: { codes: string[]; ratePerUnit: string }[];
  source: string;
}

/** The program settings a file may set; one it leaves out is inherited (./evaluate.ts `resolve`). */
export type ProgramKey = 'jwJz' | 'mue' | 'ndc' | 'timelyFiling' | 'expectedPayment' | 'modifier340b';
export const PROGRAM_KEYS: readonly ProgramKey[] = [
  'jwJz',
  'mue',
  'ndc',
  'timelyFiling',
  'expectedPayment',
  'modifier340b',
];

/** Which file (and version) a program setting of a claim's rules came from, for findings' `source` and `data`. */
export interface ProgramOrigin {
  file: string;
  id: string;
  version: string;
}

export interface ProgramRules {
  jwJz: JwJzProgram | null;
  mue: MueProgram | null;
  ndc: NdcProgram | null;
  /** Days after the date of service a claim may still be filed. */
  timelyFilingDays: number | null;
  timelyFilingSource: string | null;
  expectedPayment: ExpectedPayment | null;
  /** Payer accepts 340B modifiers (JG until 2024-12-31, TB) and checks them. */
  modifier340b: EditLevel;
  /** Set on a claim's resolved settings: the file each setting came from. */
  origin?: Partial<Record<ProgramKey, ProgramOrigin>>;
}

export interface PriorAuthRule {
  required: boolean;
  /** Days an authorization stays valid from its first use (or its start date when the authorization is known). */
  validDays?: number;
  denialMissing?: Denial;
  denialExpired?: Denial;
}

export interface BiomarkerRule {
  /** e.g. "PD-L1". */
  name: string;
  /**
   * The result is required only when one of the claim's diagnoses matches one of these ICD-10-CM patterns
   * (`C34*` = lung cancer); absent = required for every diagnosis.
   */
  requiredFor?: readonly string[];
  /**
   * Words that, found in a claim or line note (NTE) or given as documentation, show the result is on file; a
   * mention negated next to it ("PD-L1 not done", "no PD-L1", "CPS pending") does not count.
   */
  evidence: readonly string[];
  /** ICD-10-CM codes that state the result themselves (e.g. a code for a tested mutation): they count as evidence. */
  evidenceDiagnoses?: readonly string[];
  denial?: Denial;
}

export interface QuantityLimit {
  /** Maximum billing units, summed over the period (exactly one of maxUnits and maxAmount). */
  maxUnits?: number;
  /**
   * Maximum drug amount (e.g. 6 mg), summed over the period: converted to billing units with the code's billing
   * unit from the reference data when the edit runs.
   */
  maxAmount?: { amount: number; unit: 'mg' | 'mcg' | 'g' };
  /** `service-day` = one date of service; `days` = any rolling window of `days` days. */
  per: 'line' | 'service-day' | 'days';
  days?: number;
  denial?: Denial;
}

export interface DoseLimit {
  /** Maximum dose per kg of body weight, in the unit given (mg, mcg, g). */
  maxPerKg?: { amount: number; unit: 'mg' | 'mcg' | 'g' };
  /** Minimum days between two administrations (e.g. 21 for q21d). */
  minIntervalDays?: number;
  /** Days of tolerance the payer allows before `minIntervalDays` (e.g. 3). */
  intervalToleranceDays?: number;
  /** Maximum number of administrations (cycles). */
  maxCycles?: number;
  denial?: Denial;
}

export interface DurationCap {
  /** Months of treatment allowed from the first administration. */
  months: number;
  denial?: Denial;
}

export interface StepTherapyRule {
  /** Codes the patient must have tried first (e.g. biosimilars). */
  preferredCodes: readonly string[];
  /** Note words that document an exception or the earlier trial (e.g. "STEP THERAPY EXCEPTION"). */
  exceptionEvidence: readonly string[];
  /**
   * A prior authorization number on the claim counts as an approved exception (default true: the claim carries
   * only the number, not what it authorizes, so a number is taken as the payer's approval of this drug).
   */
  priorAuthSatisfies: boolean;
  denial?: Denial;
}

export interface PlaceOfServiceRule {
  /** Place-of-service codes (837P CLM05-1 / SV105) where the drug is covered; empty = any. */
  allowed?: readonly string[];
  /** Place-of-service codes where it is not covered (e.g. 19/22 outpatient hospital under a site-of-care policy). */
  denied?: readonly string[];
  denial?: Denial;
}

export interface DiagnosisRule {
  /**
   * ICD-10-CM codes without the dot; a trailing `*` matches every code that starts with the rest
   * (`C34*` = all lung cancer codes).
   */
  covered: readonly string[];
  denial?: Denial;
}

export interface DrugRule {
  /** HCPCS codes the rule covers. */
  codes: readonly string[];
  priorAuth?: PriorAuthRule;
  diagnoses?: DiagnosisRule;
  biomarker?: BiomarkerRule;
  quantityLimit?: QuantityLimit;
  dose?: DoseLimit;
  durationCap?: DurationCap;
  stepTherapy?: StepTherapyRule;
  ndcRequired?: boolean;
  placeOfService?: PlaceOfServiceRule;
  notes?: string;
}

export interface Policy {
  id: string;
  title: string;
  version: string;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  /** The policy document this encodes (payer, number, date). */
  source: string;
  drugs: readonly DrugRule[];
}

/** One validated rules file. */
export interface PayerRules {
  /** Stable id of the rule set; several files may hold different versions of one id. */
  id: string;
  name: string;
  version: string;
  /**
   * The program settings the file itself sets; the others are inherited from less specific matching files and the
   * fallback files. Absent = every setting in `program` is the file's own.
   */
  programKeys?: readonly ProgramKey[];
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  source: string;
  appliesTo: PayerMatch;
  program: ProgramRules;
  policies: readonly Policy[];
  /** The file it was read from (for findings' `source`). */
  file: string;
}

/** A drug rule that applies to a line, with the policy and file it comes from. */
export interface AppliedDrugRule {
  rules: PayerRules;
  policy: Policy;
  rule: DrugRule;
  /** "rules/payers/example-health-plan.yaml policy pdl1-inhibitors v2026.1". */
  source: string;
}

/** A prior authorization on file, when the caller knows its dates (API; the claim itself carries only a number). */
export interface Authorization {
  number: string;
  /** Codes it covers; empty = any. */
  codes?: readonly string[];
  from: IsoDate;
  to: IsoDate;
  /** Units approved over the whole authorization, if limited. */
  units?: number;
}
