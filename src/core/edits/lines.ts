/**
 * Small pure helpers the engine and the edits share: code shapes, drug lines, MUE setting, patient and provider
 * keys, dates. Each fact used here names its source.
 */
import type { Claim, ClaimLine } from '../claim/model.ts';
import type { IsoDate, MueSetting } from '../reference/model.ts';
import { TwoKeyMemo } from '../memo.ts';
import type { ClaimView, LineView } from './types.ts';

/**
 * HCPCS Level II: a letter A–V and four digits (J9173, Q5103, C9399).
 * @see CMS HCPCS record layout (HCPC2026_recordlayout.txt), field 1 "HCPCS code"
 */
export function isLevel2Code(code: string): boolean {
  if (code.length !== 5) return false;
  const first = code.charCodeAt(0);
  return first >= 65 && first <= 86 && digitsFrom(code, 1);
}

/** True when every character of `text` from `start` is a digit 0–9. */
function digitsFrom(text: string, start: number): boolean {
  return digitsBetween(text, start, text.length);
}

/** True when every character of `text` in [start, end) is a digit 0–9. */
function digitsBetween(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * CPT (AMA): five digits (Category I), four digits + F (Category II), + T (Category III), + U (PLA).
 * drugclaim has no CPT code set (AMA licence), so CPT codes are not checked for validity.
 */
export function isCptCode(code: string): boolean {
  if (code.length !== 5 || !digitsBetween(code, 0, 4)) return false;
  const last = code.charCodeAt(4);
  return (last >= 48 && last <= 57) || last === 70 /* F */ || last === 84 /* T */ || last === 85; /* U */
}

/** J-codes are the HCPCS Level II section for drugs administered other than oral method and chemotherapy drugs. */
export const isJCode = (code: string): boolean =>
  code.length === 5 && code.charCodeAt(0) === 74 /* J */ && digitsFrom(code, 1);

/** An 11-digit NDC without hyphens. */
export const isNdc11 = (text: string): boolean => text.length === 11 && digitsFrom(text, 0);

/**
 * Oral drugs (J8499–J8999: oral anti-emetics, oral chemotherapy) need no administration code and no JW/JZ.
 * @see HCPCS Level II J8499 "Prescription drug, oral, non chemotherapeutic, NOS" through J8999 "Prescription drug, oral, chemotherapeutic, NOS"
 */
export const isOralDrugCode = (code: string): boolean => code >= 'J8499' && code <= 'J8999';

export function normaliseCode(code: string): string {
  // Fast path: already trimmed upper-case letters and digits (what readers produce).
  let clean = code.length > 0;
  for (let i = 0; i < code.length && clean; i++) {
    const c = code.charCodeAt(i);
    clean = (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  }
  return clean ? code : code.trim().toUpperCase();
}

/** True when `text` is non-empty and only upper-case letters and digits (trim and upper case leave it as it is). */
function isCleanToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** `text.trim().toUpperCase()`, without a new string when it is already clean (the usual case). */
export function upperTrimmed(text: string): string {
  return isCleanToken(text) ? text : text.trim().toUpperCase();
}

export function normaliseModifiers(mods: readonly string[]): readonly string[] {
  let clean = true;
  for (const m of mods) {
    if (isCleanToken(m)) continue;
    if (m === '' || m !== m.trim().toUpperCase()) {
      clean = false;
      break;
    }
  }
  if (clean) return mods;
  return mods.map((m) => m.trim().toUpperCase()).filter((m) => m !== '');
}

/**
 * The line's date of service: its own (DTP*472), else the claim's statement start. Not on an outpatient bill whose
 * statement period spans more than one day: which of those days an undated line is for is not known, so it has no
 * date (date-of-service-missing reports it) rather than the first day of the period.
 * @see X12 837I TR3 005010X223A2 loop 2400 DTP*472 (required on outpatient claims when the statement period spans
 * more than one day); Pub 100-04 ch.25 §75.5 (FL 45: a line item date of service on every outpatient line)
 */
export function lineDos(line: ClaimLine, claim: Claim): IsoDate | null {
  if (line.serviceDate !== undefined) return line.serviceDate;
  const from = claim.statementFrom;
  if (from === undefined) return null;
  if (spansDays(claim) && billKind(claim) === 'outpatient') return null;
  return from;
}

/** True when the claim's statement period (DTP*434) runs over more than one day. */
export const spansDays = (claim: Claim): boolean =>
  claim.statementFrom !== undefined &&
  claim.statementTo !== undefined &&
  claim.statementTo !== claim.statementFrom;

/**
 * What kind of bill a claim is, where the rules differ:
 * - `professional`: an 837P, or any claim without a type of bill;
 * - `inpatient`: a bill for a stay that is paid as a whole (Medicare Part A: a DRG, a per diem), not line by line
 *   under Part B: facility types 1–6 (hospital, SNF, home health, religious nonmedical, intermediate care) with
 *   bill classification 1 (inpatient, Part A), 5 or 6 (intermediate care level I/II) or 8 (swing bed) — 11x,
 *   18x, 21x, 28x… — and hospice (81x, 82x);
 * - `outpatient`: every other institutional bill, paid line by line: classification 2 (inpatient, Part B only),
 *   3 (outpatient) or 4 (other, Part B) of those facility types (12x, 13x, 14x, 22x, 23x, 34x…), clinics (7x),
 *   ambulatory surgery centres (83x), critical access hospitals (85x); an 837I without a type of bill.
 * The type of bill is read without its leading 0: its first digit is the facility type, the second the bill
 * classification, the third the frequency.
 * @see NUBC UB-04 Data Specifications, FL 4 type of bill; Pub 100-04 ch.25 §75.1 (FL 4)
 */
export type BillKind = 'professional' | 'outpatient' | 'inpatient';

/** The type of bill without its leading 0 ("0131" → "131"); "" when the claim has none. */
function typeOfBillDigits(claim: Claim): string {
  return claim.typeOfBill?.replace(/^0/, '') ?? '';
}

export function billKind(claim: Claim): BillKind {
  const tob = typeOfBillDigits(claim);
  if (tob === '') return claim.format === '837I' ? 'outpatient' : 'professional';
  const facility = tob.charAt(0);
  const classification = tob.charAt(1);
  if (facility >= '1' && facility <= '6')
    return classification === '1' ||
      classification === '5' ||
      classification === '6' ||
      classification === '8'
      ? 'inpatient'
      : 'outpatient';
  if (facility === '8' && (classification === '1' || classification === '2')) return 'inpatient';
  return 'outpatient';
}

/**
 * A bill paid under the Medicare hospital outpatient prospective payment system: hospital bills of classification
 * 2, 3 or 4 (12x, 13x, 14x). Critical access hospitals (85x) are paid on cost, not OPPS.
 * @see 42 CFR 419.20 (hospitals subject to OPPS; critical access hospitals are excluded)
 */
export function isOppsBill(claim: Claim): boolean {
  const tob = typeOfBillDigits(claim);
  return tob.charAt(0) === '1' && (tob.charAt(1) === '2' || tob.charAt(1) === '3' || tob.charAt(1) === '4');
}

/**
 * The MUE setting of a claim. Practitioner MUEs apply to professional claims (837P); outpatient hospital MUEs to
 * hospital outpatient bills (837I type of bill 12x, 13x, 14x and critical access hospitals 85x).
 * Inpatient bills (11x) and other facility types have no MUE here.
 * @see NCCI Policy Manual for Medicare Services, ch.I V (MUE) — practitioner, outpatient hospital and DME MUE files
 * @see NUBC UB-04 type of bill (first two digits: facility type and bill classification)
 */
export function mueSetting(claim: Claim): MueSetting | null {
  if (claim.format === '837P') return 'practitioner';
  const tob = typeOfBillDigits(claim);
  if (claim.format === '837I' || tob !== '') {
    if (tob === '') return 'outpatient-hospital';
    const kind = tob.slice(0, 2);
    return kind === '12' || kind === '13' || kind === '14' || kind === '85' ? 'outpatient-hospital' : null;
  }
  return 'practitioner';
}

/** An opaque key for "the same patient" across claims: member id, name and birth date. Never displayed. */
export function patientKey(claim: Claim): string {
  const p = claim.patient;
  return patientKeyOf(claim.subscriber?.memberId ?? p.memberId ?? '', p.lastName, p.firstName, p.birthDate);
}

/**
 * False when the claim names no patient at all: no member id (subscriber's or patient's), no name, no birth date (a
 * CSV without patient columns). Such claims cannot be told apart, so none is taken for another's patient.
 */
export function hasPatientIdentity(claim: Claim): boolean {
  const p = claim.patient;
  return (
    nonBlank(claim.subscriber?.memberId ?? p.memberId) ||
    nonBlank(p.lastName) ||
    nonBlank(p.firstName) ||
    nonBlank(p.birthDate)
  );
}

const nonBlank = (text: string | undefined): boolean => text !== undefined && text.trim() !== '';

/** `patientKey` from its parts: member id (subscriber's, else patient's), names and birth date. */
export function patientKeyOf(
  member: string,
  lastName: string | undefined,
  firstName: string | undefined,
  birthDate: string | undefined,
): string {
  // Joined into one flat string (a run keeps one per patient; a template literal would keep a tree of pieces).
  return [member, (lastName ?? '').toUpperCase(), (firstName ?? '').toUpperCase(), birthDate ?? ''].join(
    '\u0000',
  );
}

export function billingProviderKey(claim: Claim): string {
  const b = claim.billingProvider;
  return b.npi ?? b.tin ?? (b.name ?? b.lastName ?? '').toUpperCase();
}

/**
 * The provider an MUE counts per: the rendering practitioner (line, else claim, else billing) for practitioner
 * MUEs, the facility (billing provider) for outpatient hospital MUEs.
 * @see NCCI Policy Manual for Medicare Services ch.I V: practitioner MUEs are per beneficiary, per date of service, per provider
 */
export function mueProviderKey(claim: ClaimView, line: LineView): string {
  if (claim.setting === 'practitioner') {
    const npi = line.line.renderingProvider?.npi ?? claim.claim.renderingProvider?.npi;
    if (npi !== undefined) return npi;
  }
  return claim.providerKey;
}

export function hasModifier(line: LineView, modifier: string): boolean {
  return line.modifiers.includes(modifier);
}

/**
 * Up to this many lines (a claim or two, a patient's day) a loop over them is cheapest; above it, edits and the
 * engine group or index them once, so that their work does not grow with the square of the lines.
 */
export const FEW_LINES = 16;

const monthsLater = new TwoKeyMemo<number, IsoDate, IsoDate>((months, date) =>
  computeAddMonths(date, months),
);

/** The ISO date `months` calendar months after `date` (clamped to the month's last day); remembered, a batch has few. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return monthsLater.get(months, date);
}

function computeAddMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** "line 2" / "the claim". */
export const lineLabel = (line: LineView | null | undefined): string =>
  line ? `line ${line.line.sequence}` : 'the claim';

/** "J9173-JW" (code with modifiers). */
export function codeWithModifiers(line: LineView): string {
  return line.modifiers.length > 0 ? `${line.code}-${line.modifiers.join('-')}` : line.code;
}

/** Words of a text, upper case, for evidence matching in notes. */
export function notesText(claim: Claim, line?: ClaimLine): string {
  const parts = [...claim.notes, ...(line ? line.notes : [])];
  if (line?.dose?.text) parts.push(line.dose.text);
  return parts.join(' \u0000 ').toUpperCase();
}

/** True when any of `words` appears (case-insensitive) in the claim's or the line's notes. */
export function notesMention(
  claim: Claim,
  line: ClaimLine | undefined,
  words: readonly string[],
): string | null {
  if (words.length === 0) return null;
  let text: string | undefined;
  for (const w of words) {
    const word = w.toUpperCase();
    // A word with no separator character and no space at either end can only be found inside one of the texts
    // that `notesText` joins: each is searched as it is (no joined copy per line); other words search the join.
    if (word !== '' && !word.includes('\u0000') && word.charCodeAt(0) !== 32 && !word.endsWith(' ')) {
      if (partsInclude(claim, line, word)) return w;
    } else if ((text ??= notesText(claim, line)).includes(word)) return w;
  }
  return null;
}

/** True when one of the texts `notesText` joins holds `word` (upper case), compared in upper case. */
function partsInclude(claim: Claim, line: ClaimLine | undefined, word: string): boolean {
  for (const n of claim.notes) if (upper(n).includes(word)) return true;
  if (line) {
    for (const n of line.notes) if (upper(n).includes(word)) return true;
    const dose = line.dose?.text;
    if (dose && upper(dose).includes(word)) return true;
  }
  return false;
}

/** `text.toUpperCase()`, without a new string when it has no lower-case letter and is plain ASCII (notes mostly are). */
function upper(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || c > 127) return text.toUpperCase();
  }
  return text;
}

/** Integer-cent split of a charge: `part` of `total` units, rounded half up; the rest goes to the other line. */
export function splitCharge(chargeCents: number, part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((chargeCents * part) / total);
}

/** The whole-number check CMS applies to units of service (no fractions on a claim line). */
export const isWholePositive = (n: number): boolean => Number.isFinite(n) && n > 0 && Number.isInteger(n);

/** Sum of units, exact for whole numbers. */
export function sumUnits(lines: readonly { line: LineView }[]): number {
  let total = 0;
  for (const l of lines) total += l.line.line.units;
  return total;
}
