/**
 * What several edits share: the denials they predict (CAS group + CARC + RARC, each code current in the X12 lists
 * of shared/data/carc-rarc) and the sources they cite. Facts only; no logic beyond small helpers.
 */
import type { Denial, DenialGroup, FindingSeverity } from '../findings/model.ts';
import type { EditLevel } from '../rules/model.ts';
import { FEW_LINES } from './lines.ts';
import type { ClaimView, LineView } from './types.ts';

export const denial = (group: DenialGroup, carc: string, ...rarc: string[]): Denial =>
  Object.freeze({ group, carc, rarc: Object.freeze(rarc) });

/**
 * Denials, by the X12 code lists (CARC list updated 11/1/2025; RARC list with starts up to 03/01/2026).
 * @see shared/data/carc-rarc/carc_from_x12_html.csv and rarc_split.csv
 */
export const DENIALS = {
  /** 16 lacks information / billing error + M20 missing/incomplete/invalid HCPCS. */
  invalidHcpcs: denial('CO', '16', 'M20'),
  /** 181 procedure code was invalid on the date of service. */
  codeInvalidOnDos: denial('CO', '181'),
  /** 182 procedure modifier was invalid on the date of service. */
  modifierInvalidOnDos: denial('CO', '182'),
  /** 16 + N823 incomplete/invalid procedure modifier(s). */
  invalidModifier: denial('CO', '16', 'N823'),
  /** 16 + N822 missing procedure modifier(s), MA130 unprocessable (no appeal rights; resubmit). */
  missingModifier: denial('CO', '16', 'N822', 'MA130'),
  /** 4 procedure code inconsistent with the modifier used + N519 invalid combination of HCPCS modifiers. */
  modifierCombination: denial('CO', '4', 'N519'),
  /** 4 procedure code inconsistent with the modifier used. */
  modifierInconsistent: denial('CO', '4'),
  /** 16 + M53 missing/incomplete/invalid days or units of service. */
  invalidUnits: denial('CO', '16', 'M53'),
  /** 151 information does not support this many/frequency of services + N362 units exceed our acceptable maximum. */
  mue: denial('CO', '151', 'N362'),
  /** 16 + M119 missing/incomplete/invalid/deactivated/withdrawn NDC. */
  ndc: denial('CO', '16', 'M119'),
  /** 16 + M76 missing/incomplete/invalid diagnosis or condition. */
  invalidDiagnosis: denial('CO', '16', 'M76'),
  /** 11 the diagnosis is inconsistent with the procedure. */
  diagnosisInconsistent: denial('CO', '11'),
  /** 50 non-covered: not deemed a medical necessity by the payer (a policy may choose it instead of 11). */
  medicalNecessity: denial('CO', '50'),
  /** 107 related or qualifying claim/service not identified + N122 add-on code cannot be billed by itself. */
  addOnAlone: denial('CO', '107', 'N122'),
  /** 197 precertification/authorization absent. */
  priorAuthMissing: denial('CO', '197'),
  /**
   * 284 authorization number may be valid but does not apply to the billed services + N54 inconsistent with
   * authorized services. (CARC 15 "authorization number missing/invalid" was deactivated 05/01/2018.)
   */
  priorAuthNotApplicable: denial('CO', '284', 'N54'),
  /** 272 coverage/program guidelines were not met. */
  guidelinesNotMet: denial('CO', '272'),
  /** 273 coverage/program guidelines were exceeded + N640 exceeds number/frequency within time period. */
  guidelinesExceeded: denial('CO', '273', 'N640'),
  /** 119 benefit maximum for this time period or occurrence has been reached + N640. */
  benefitMaximum: denial('CO', '119', 'N640'),
  /** 151 + N640 exceeds number/frequency approved/allowed within time period. */
  frequency: denial('CO', '151', 'N640'),
  /** 16 + N463 missing support data for claim. */
  missingSupport: denial('CO', '16', 'N463'),
  /** 58 inappropriate or invalid place of service + M77 missing/incomplete/invalid/inappropriate place of service. */
  placeOfService: denial('CO', '58', 'M77'),
  /** 18 exact duplicate claim/service (use with group OA). */
  duplicate: denial('OA', '18'),
  /** 16 + M79 missing/incomplete/invalid charge. */
  invalidCharge: denial('CO', '16', 'M79'),
  /** 16 + M54 missing/incomplete/invalid total charges. */
  invalidTotal: denial('CO', '16', 'M54'),
  /** 29 the time limit for filing has expired. */
  timelyFiling: denial('CO', '29'),
  /** 110 billing date predates service date. */
  billedBeforeService: denial('CO', '110'),
  /** 16 + N301 missing/incomplete/invalid procedure date(s). */
  missingDate: denial('CO', '16', 'N301'),
  /** 16 + M47 missing/incomplete/invalid payer claim control number (ICN, CCN, DCN of the original claim). */
  originalClaimNumber: denial('CO', '16', 'M47'),
  /** 16 + M44 missing/incomplete/invalid condition code. */
  conditionCode: denial('CO', '16', 'M44'),
  /** 96 non-covered charge(s) + N425 statutorily excluded service(s). */
  statutorilyExcluded: denial('CO', '96', 'N425'),
} as const;

export const SOURCES = {
  hcpcsDates:
    'CMS HCPCS Level II quarterly file, record layout fields 27 (code added date) and 29 (termination date: last day the code may be used)',
  hcpcsFile: 'CMS HCPCS Level II quarterly file (procedure and modifier records)',
  cptModifiers: 'AMA CPT Appendix A (modifiers); CPT modifiers are not in the HCPCS Level II file',
  units:
    'X12 837P TR3 005010X222A1 SV104 / 837I SV205 (service unit count); Pub 100-04 ch.17 §70 (billing units per HCPCS descriptor)',
  mue: 'CMS NCCI Medically Unlikely Edits (practitioner / outpatient hospital MUE files); NCCI Policy Manual for Medicare Services ch.I §V; MUE adjudication indicators (MAI) 1, 2, 3',
  jwJz: 'CMS "Discarded Drugs and Biologicals – JW Modifier and JZ Modifier Policy" FAQ; Pub 100-04 ch.17 §40; HCPCS modifiers JW and JZ',
  modifier340b:
    'CMS 340B modifier requirements: JG (2018-01-01 – 2024-12-31, HCPCS modifier record) and TB (required on all 340B-acquired drugs from 2025-01-01)',
  modifier25:
    'AMA CPT Appendix A, modifier 25 (significant, separately identifiable E/M service by the same physician on the same day); NCCI Policy Manual for Medicare Services ch.XI',
  ndcX12:
    'X12 837 TR3 loop 2410: LIN02 N4 qualifier + LIN03 11-digit NDC (5-4-2, no hyphens), CTP04 quantity, CTP05-1 unit (F2, GR, ME, ML, UN)',
  crosswalk: 'CMS ASP NDC-HCPCS crosswalk (quarterly)',
  icd10:
    'ICD-10-CM Official Guidelines for Coding and Reporting FY2026 §I.B.3 (report codes to the highest number of characters available); CDC/NCHS ICD-10-CM FY2026 code file (billable codes)',
  icdTransition: '45 CFR 162.1002(c)(3): ICD-10-CM for services on or after 2015-10-01 (ICD-9-CM before)',
  pointers:
    'X12 837P TR3 005010X222A1 SV107 diagnosis code pointers (required: at least one, pointing to HI)',
  drugAdmin:
    'AMA CPT 96360–96379 (hydration, therapeutic/prophylactic/diagnostic injections and infusions) and 96401–96549 (chemotherapy and highly complex drug or biologic administration); Pub 100-04 ch.12 §30.5',
  aoc: 'CMS NCCI add-on code (AOC) edits; NCCI Policy Manual for Medicare Services ch.I (add-on codes are reported only with their primary codes)',
  duplicate: 'X12 CARC 18 (exact duplicate claim/service)',
  charge:
    'X12 837P TR3 SV102 / 837I SV203 line item charge amount; Pub 100-04 ch.1 §80.3 (claims lacking required information are unprocessable)',
  claimTotal:
    'X12 837P TR3 005010X222A1 / 837I 005010X223A2 loop 2300 CLM02: the total claim charge equals the sum of the service line charges',
  dates: 'X12 837P TR3 loop 2400 DTP*472 service date (required when not given at claim level)',
} as const;

/** Payer level → finding severity; null when the payer does not apply the edit. */
export function levelSeverity(level: EditLevel | undefined): FindingSeverity | null {
  return level === undefined || level === 'off' ? null : level;
}

/** Lowers an error to a warning (for facts taken from a release not in force on the date of service). */
export const soften = (severity: FindingSeverity, certain: boolean): FindingSeverity =>
  certain || severity !== 'error' ? severity : 'warning';

/**
 * True when another line of the claim with the same code and date of service passes `test` (no list built). `test`
 * is a function made once (module level): on a claim of more than a few lines, the lines passing it are counted per
 * code and date once per claim and test, so that a claim of thousands of lines is not gone through for each line.
 */
export function someSameCodeAndDate(
  claim: ClaimView,
  line: LineView,
  test: (l: LineView) => boolean,
): boolean {
  if (claim.lines.length <= FEW_LINES) {
    for (const l of claim.lines)
      if (l !== line && l.code === line.code && l.dos === line.dos && test(l)) return true;
    return false;
  }
  let byTest = passing.get(claim);
  if (byTest === undefined) {
    byTest = new Map();
    passing.set(claim, byTest);
  }
  let counts = byTest.get(test);
  if (counts === undefined) {
    counts = new Map();
    for (const l of claim.lines) {
      if (!test(l)) continue;
      const key = codeAndDate(l);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    byTest.set(test, counts);
  }
  // The line itself does not count.
  return (counts.get(codeAndDate(line)) ?? 0) - (test(line) ? 1 : 0) > 0;
}

/** Claims of more than a few lines: for each test, the lines passing it per code and date. */
const passing = new WeakMap<ClaimView, Map<(l: LineView) => boolean, Map<string, number>>>();

/** Code and date of service as one key (a line without a date matches only lines without one). */
const codeAndDate = (l: LineView): string => `${l.code}\u0000${l.dos ?? '\u0001'}`;

/** Formats a list for a sentence: "a, b and c". */
export function listWords(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1] ?? ''}`;
}

/** " in FILE" when `other` was read from another file than `claim` (claim ids repeat across files), else "". */
export function inOtherFile(other: ClaimView, claim: ClaimView): string {
  const file = other.claim.position?.file;
  return file !== undefined && file !== claim.claim.position?.file ? ` in ${file}` : '';
}
