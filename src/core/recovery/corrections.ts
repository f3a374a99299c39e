/**
 * Corrected claims: an 837 claim sent again to replace (CLM05-3 claim frequency 7) or void (8) a claim the payer has
 * adjudicated, naming that adjudication's payer claim control number in REF*F8. Which stored claim a correction
 * replaces, which of its lines answer which original line, and which stored claims a later remittance may answer
 * once a correction exists. Pure: the store gathers the candidates and keeps the links.
 *
 * @see ASC X12 005010X222A1 (837P) and 005010X223A2 (837I) TR3, loop 2300: CLM05-3 Claim Frequency Type Code (NUBC
 *   codes: 1 original, 7 replacement of prior claim, 8 void/cancel of prior claim); REF*F8 Payer Claim Control
 *   Number, sent with CLM05-3 7 or 8: the payer's number for the claim being replaced or voided. The 835 for the
 *   corrected claim may reverse the original adjudication (CLP02 22, 835 TR3 1.10.2.8).
 */
import type { Claim, ClaimLine } from '../claim/model.ts';
import type { IsoDate } from '../reference/model.ts';

export type CorrectionKind = 'replacement' | 'void';

const norm = (s: string | undefined): string => (s ?? '').trim().toUpperCase();

/** A replacement (CLM05-3 7) or a void (8); undefined for an original claim (1) or any other frequency. */
export function claimCorrection(claim: Pick<Claim, 'frequencyCode'>): CorrectionKind | undefined {
  switch ((claim.frequencyCode ?? '').trim()) {
    case '7':
      return 'replacement';
    case '8':
      return 'void';
    default:
      return undefined;
  }
}

/** The corrected claim, as far as choosing what it replaces goes. */
export interface CorrectedClaimRef {
  /** CLM01. */
  claimId: string;
  /** REF*F8: the payer claim control number of the adjudication it corrects. */
  payerClaimControlNumber?: string;
  payerId?: string;
  payerName?: string;
  /** First date of service. */
  serviceFrom?: IsoDate;
}

/** A stored claim the correction might replace. */
export interface ReplacedCandidate {
  claimId: string;
  payerId?: string;
  payerName?: string;
  serviceFrom?: IsoDate;
  /** Itself a correction (a void is never replaced). */
  correction?: CorrectionKind;
  /** CLP07 of the remittance claims (not reversals) matched to it: the payer's numbers for its adjudications. */
  adjudicatedAs: readonly string[];
  /** Its own REF*F8, when it is itself a correction of the same payer claim. */
  payerClaimControlNumber?: string;
  /** Stored before the corrected claim. */
  before: boolean;
}

export type ReplacedChoice =
  | { found: true; index: number; method: 'payer-claim-control-number' | 'patient-control-number' }
  | { found: false };

function samePayer(a: { payerId?: string; payerName?: string }, b: typeof a): boolean {
  if (norm(a.payerId) !== '' && norm(b.payerId) !== '') return norm(a.payerId) === norm(b.payerId);
  if (norm(a.payerName) !== '' && norm(b.payerName) !== '') return norm(a.payerName) === norm(b.payerName);
  return true;
}

/** Of several fits, the latest stored before the correction (a chain of corrections ends there), else the first after. */
function latest(fits: readonly { c: ReplacedCandidate; i: number }[]): number | undefined {
  const before = fits.filter((f) => f.c.before);
  return before.length > 0 ? before[before.length - 1]?.i : fits[0]?.i;
}

/**
 * The claim a correction replaces or voids, among `candidates` (in stored order), from the same payer and not
 * itself a void:
 * 1. the claim whose adjudication carried the REF*F8 as its payer claim control number (CLP07), or an earlier
 *    correction of the same payer claim (the chain goes on from it);
 * 2. else the claim with the same patient control number (CLM01) and, when both say, the same first date of
 *    service (a practice reusing account numbers has other claims under it).
 * Of several, the latest stored before the correction.
 */
export function chooseReplacedClaim(
  corrected: CorrectedClaimRef,
  candidates: readonly ReplacedCandidate[],
): ReplacedChoice {
  const usable = candidates
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.correction !== 'void' && samePayer(c, corrected));
  const f8 = norm(corrected.payerClaimControlNumber);
  if (f8 !== '') {
    const index = latest(
      usable.filter(
        ({ c }) => c.adjudicatedAs.some((a) => norm(a) === f8) || norm(c.payerClaimControlNumber) === f8,
      ),
    );
    if (index !== undefined) return { found: true, index, method: 'payer-claim-control-number' };
  }
  const index = latest(
    usable.filter(
      ({ c }) =>
        norm(c.claimId) === norm(corrected.claimId) &&
        (c.serviceFrom === undefined ||
          corrected.serviceFrom === undefined ||
          c.serviceFrom === corrected.serviceFrom),
    ),
  );
  return index !== undefined ? { found: true, index, method: 'patient-control-number' } : { found: false };
}

/** A line of the corrected claim and the line of the replaced claim it answers (LX sequences). */
export interface CorrectedLine {
  line: number;
  original: number;
}

type LineKey = (c: ClaimLine, o: ClaimLine) => boolean;
const sameCode: LineKey = (c, o) => norm(c.procedure.code) === norm(o.procedure.code);
const sameDate: LineKey = (c, o) =>
  c.serviceDate === undefined || o.serviceDate === undefined || c.serviceDate === o.serviceDate;

/** Strictest first; the last pass pairs lines whose code itself was the correction. */
const LINE_PASSES: readonly LineKey[][] = [
  [
    (c, o) =>
      norm(c.lineItemControlNumber) !== '' && norm(c.lineItemControlNumber) === norm(o.lineItemControlNumber),
  ],
  [sameCode, sameDate, (c, o) => c.units === o.units],
  [sameCode, sameDate],
  [sameCode],
  [(c, o) => c.sequence === o.sequence, sameDate],
];

/**
 * Which original line each line of a corrected claim answers, each original line used once: the same REF*6R line
 * item control number; then the same code, date and units; code and date; code; then the same line number and
 * date (a corrected code). A corrected line with no partner is a line the original did not have.
 */
export function mapCorrectedLines(
  corrected: readonly ClaimLine[],
  original: readonly ClaimLine[],
): CorrectedLine[] {
  const pairs = new Map<number, number>();
  const used = new Set<number>();
  for (const pass of LINE_PASSES)
    for (const c of corrected) {
      if (pairs.has(c.sequence)) continue;
      const o = original.find((l) => !used.has(l.sequence) && pass.every((k) => k(c, l)));
      if (o === undefined) continue;
      pairs.set(c.sequence, o.sequence);
      used.add(o.sequence);
    }
  return corrected.flatMap((c) => {
    const o = pairs.get(c.sequence);
    return o === undefined ? [] : [{ line: c.sequence, original: o }];
  });
}

/** A stored claim a remittance claim could match, with what the correction links say about it. */
export interface AnswerCandidate {
  row: number;
  /** The claim rows it replaces or voids, nearest first (empty for a claim that corrects nothing). */
  replaces: readonly number[];
  correction?: CorrectionKind;
  /**
   * For a correction: the adjudication it answers, i.e. the earliest remittance claim (not a reversal) whose CLP07
   * is the correction's REF*F8 (row and remittance date), when one is on file.
   */
  corrects?: { remitRow: number; date?: IsoDate };
  /** For a correction: the day it was imported; used only when the adjudication it answers is not on file. */
  receivedDate?: IsoDate;
}

/** Whether a remittance claim cannot be the payer's answer to this correction: it came before the correction. */
function before(c: AnswerCandidate, remit: { row: number; date?: IsoDate }): boolean {
  if (c.correction === undefined) return false;
  if (c.corrects !== undefined)
    return (
      remit.row === c.corrects.remitRow ||
      (remit.date !== undefined && c.corrects.date !== undefined && remit.date <= c.corrects.date)
    );
  return remit.date !== undefined && c.receivedDate !== undefined && remit.date < c.receivedDate;
}

/**
 * The candidates a remittance claim may match, once corrections are linked (the rows kept, in order):
 * - an adjudication matched to a claim is never moved to a correction of that claim (re-analysing the original
 *   denial must not hand it to the replacement whose REF*F8 names its CLP07);
 * - the adjudication a correction answers (the earliest carrying its REF*F8 as CLP07), and any remittance dated
 *   on or before it, is not the answer to that correction; with that adjudication not on file, a remittance dated
 *   before the correction was imported is not either (a weaker sign: a backlog is imported late);
 * - of a claim and a correction of it, both left, the correction: a later remittance answers it.
 * Remittance dates (BPR16, else DTM*405) are the payer's; import dates are only when drugclaim saw a file.
 */
export function answerableCandidates(
  candidates: readonly AnswerCandidate[],
  remit: { row: number; date?: IsoDate; matchedRow?: number },
): number[] {
  const left = candidates.filter(
    (c) => !(remit.matchedRow !== undefined && c.replaces.includes(remit.matchedRow)) && !before(c, remit),
  );
  const replaced = new Set(left.flatMap((c) => c.replaces));
  return left.filter((c) => !replaced.has(c.row)).map((c) => c.row);
}
