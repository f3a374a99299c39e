/**
 * Matching a remittance claim (835 CLP loop / FHIR EOB) to the submitted claim, and its service lines (SVC) to
 * the submitted lines. Nothing is dropped: a remittance claim or line that finds no partner says so.
 *
 * Claim keys, strongest first:
 * 1. payer claim control number (CLP07) = the claim's REF*F8 (replacement/void claims carry it);
 * 2. patient control number (CLP01) = CLM01. Several submitted claims may share it (a resubmission, or a
 *    practice that reuses account numbers: see the dental 835 sample, 9 CLPs with the same CLP01); then the
 *    candidates are ranked by total charge (CLP03 = CLM02), member id, statement dates and line codes, and only a
 *    unique best is accepted.
 *
 * Line keys, strongest first (each submitted line is used at most once):
 * 1. REF*6R line item control number = the claim line's REF*6R;
 * 2. when the claim lines carry no 6R, a numeric 6R equal to the line sequence (LX) with the same code;
 * 3. code + service date + units + charge; 4. code + date + charge; 5. code + charge; 6. code + date; 7. code.
 *    The code is SVC06 (the submitted code) when the payer changed it, units are SVC07 when given.
 *    @see X12 835 TR3 (005010X221A1) loop 2110: SVC01 adjudicated procedure, SVC06 submitted procedure when
 *    different, SVC07 original units, REF*6R line item control number.
 */
import type { Claim, ClaimLine, RemittanceClaim, RemittanceServiceLine } from '../claim/model.ts';
import type { ClaimMatch, ClaimMatchMethod, LineMatch, LineMatchMethod } from './model.ts';

const norm = (s: string | undefined): string => (s ?? '').trim().toUpperCase();

/** The code the provider submitted for a remittance line (SVC06 when the payer changed it, else SVC01). */
export function submittedCode(line: RemittanceServiceLine): string {
  return norm(line.originalProcedure?.code ?? line.procedure.code);
}

/** The units the provider submitted for a remittance line (SVC07 when given, else SVC05, else 1 as X12 defaults). */
export function submittedUnits(line: RemittanceServiceLine): number {
  return line.originalUnits ?? line.units ?? 1;
}

/**
 * The units billed on a remittance line, for pricing it: SVC07 when given, else the units of the submitted line it
 * matched, else SVC05 (else 1). SVC07 is required only when the payer changed the units, and some payers leave it
 * out: the claim line still says what was billed.
 * @see X12 835 TR3 (005010X221A1) loop 2110 SVC07: "required when the paid units of service differ from the
 * submitted units".
 */
export function billedUnits(
  line: RemittanceServiceLine,
  claimLine: Pick<ClaimLine, 'units'> | undefined,
): number {
  const claimed = claimLine !== undefined && claimLine.units > 0 ? claimLine.units : undefined;
  return line.originalUnits ?? claimed ?? line.units ?? 1;
}

/** An index of submitted claims by patient control number and payer claim control number. */
export class ClaimIndex {
  readonly claims: readonly Claim[];
  private readonly byPcn = new Map<string, number[]>();
  private readonly byPccn = new Map<string, number[]>();

  constructor(claims: readonly Claim[]) {
    this.claims = claims;
    claims.forEach((c, i) => {
      push(this.byPcn, norm(c.id), i);
      if (c.payerClaimControlNumber) push(this.byPccn, norm(c.payerClaimControlNumber), i);
    });
  }

  byPatientControlNumber(pcn: string): number[] {
    return this.byPcn.get(norm(pcn)) ?? [];
  }

  byPayerClaimControlNumber(pccn: string): number[] {
    return this.byPccn.get(norm(pccn)) ?? [];
  }
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  if (key === '') return;
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** Scores how well a submitted claim fits a remittance claim (used only among claims with the same CLP01). */
function fitScore(claim: Claim, remit: RemittanceClaim): number {
  let score = 0;
  if (claim.totalChargeCents === remit.chargeCents) score += 8;
  const member = norm(remit.patient?.memberId);
  if (
    member !== '' &&
    (norm(claim.subscriber?.memberId) === member || norm(claim.patient.memberId) === member)
  )
    score += 4;
  const claimFrom = claim.statementFrom ?? claim.lines[0]?.serviceDate;
  const remitFrom = remit.statementFrom ?? remit.serviceLines[0]?.serviceDate;
  if (claimFrom !== undefined && remitFrom !== undefined && claimFrom === remitFrom) score += 2;
  const codes = new Set(claim.lines.map((l) => norm(l.procedure.code)));
  const remitCodes = remit.serviceLines.map(submittedCode);
  if (remitCodes.length > 0 && remitCodes.every((c) => codes.has(c))) score += 1;
  return score;
}

/** Matches one remittance claim against the index; lines are matched when a claim is found. */
export function matchRemittanceClaim(remit: RemittanceClaim, index: ClaimIndex): ClaimMatch {
  let candidates: number[] = [];
  let method: ClaimMatchMethod | undefined;
  if (remit.payerClaimControlNumber) {
    candidates = index.byPayerClaimControlNumber(remit.payerClaimControlNumber);
    if (candidates.length > 0) method = 'payer-claim-control-number';
  }
  if (candidates.length === 0) {
    candidates = index.byPatientControlNumber(remit.patientControlNumber);
    if (candidates.length > 0) method = 'patient-control-number';
  }
  const unmatchedLines = (): LineMatch[] =>
    remit.serviceLines.map((_, i) => ({ remitLine: i, claimLine: undefined, method: undefined }));
  if (candidates.length === 0 || method === undefined)
    return { matched: false, reason: 'no-claim', candidates: 0, lines: unmatchedLines() };
  let chosen: number;
  if (candidates.length === 1) {
    chosen = candidates[0] as number;
  } else {
    const scored = candidates
      .map((i) => ({ i, score: fitScore(index.claims[i] as Claim, remit) }))
      .sort((a, b) => b.score - a.score || b.i - a.i);
    const best = scored[0];
    const second = scored[1];
    // A tie between a claim and its own later resubmission (same lines, same charge) goes to the latest one.
    if (
      !best ||
      (second &&
        second.score === best.score &&
        !sameClaimContent(index.claims[best.i], index.claims[second.i]))
    ) {
      return { matched: false, reason: 'ambiguous', candidates: candidates.length, lines: unmatchedLines() };
    }
    chosen = best.i;
    if (method === 'patient-control-number') method = 'patient-control-number+disambiguated';
  }
  const claim = index.claims[chosen] as Claim;
  const { lines, unmatchedClaimLines } = matchLines(remit, claim);
  return { matched: true, claimIndex: chosen, method, lines, unmatchedClaimLines };
}

function sameClaimContent(a: Claim | undefined, b: Claim | undefined): boolean {
  if (!a || !b) return false;
  if (a.totalChargeCents !== b.totalChargeCents || a.lines.length !== b.lines.length) return false;
  return a.lines.every((l, i) => {
    const o = b.lines[i];
    return (
      o !== undefined &&
      norm(o.procedure.code) === norm(l.procedure.code) &&
      o.units === l.units &&
      o.chargeCents === l.chargeCents &&
      o.serviceDate === l.serviceDate
    );
  });
}

type LineKey = (r: RemittanceServiceLine, c: ClaimLine, remit: RemittanceClaim) => boolean;

function dateOf(r: RemittanceServiceLine, remit: RemittanceClaim): string | undefined {
  return r.serviceDate ?? remit.statementFrom;
}

const sameCode: LineKey = (r, c) => submittedCode(r) === norm(c.procedure.code);
const sameDate: LineKey = (r, c, remit) => {
  const d = dateOf(r, remit);
  return d === undefined || c.serviceDate === undefined || d === c.serviceDate;
};
const sameUnits: LineKey = (r, c) => submittedUnits(r) === c.units;
const sameCharge: LineKey = (r, c) => r.chargeCents === c.chargeCents;

const PASSES: readonly { method: LineMatchMethod; keys: LineKey[] }[] = [
  { method: 'code-date-units-charge', keys: [sameCode, sameDate, sameUnits, sameCharge] },
  { method: 'code-date-charge', keys: [sameCode, sameDate, sameCharge] },
  { method: 'code-charge', keys: [sameCode, sameCharge] },
  { method: 'code-date', keys: [sameCode, sameDate] },
  { method: 'code', keys: [sameCode] },
];

/** Matches the SVC lines of a remittance claim to the lines of the submitted claim. */
export function matchLines(
  remit: RemittanceClaim,
  claim: Claim,
): { lines: LineMatch[]; unmatchedClaimLines: number[] } {
  const result: LineMatch[] = remit.serviceLines.map((_, i) => ({
    remitLine: i,
    claimLine: undefined,
    method: undefined,
  }));
  const used = new Set<number>();
  const assign = (ri: number, cl: ClaimLine, method: LineMatchMethod): void => {
    result[ri] = { remitLine: ri, claimLine: cl.sequence, method };
    used.add(cl.sequence);
  };
  // 1. REF*6R.
  const by6r = new Map<string, ClaimLine>();
  for (const l of claim.lines) if (l.lineItemControlNumber) by6r.set(norm(l.lineItemControlNumber), l);
  remit.serviceLines.forEach((r, ri) => {
    const key = norm(r.lineItemControlNumber);
    const cl = key === '' ? undefined : by6r.get(key);
    if (cl && !used.has(cl.sequence)) assign(ri, cl, 'line-item-control-number');
  });
  // 2. 6R as the line sequence, only when the submitted lines carry no 6R of their own.
  if (by6r.size === 0) {
    remit.serviceLines.forEach((r, ri) => {
      if (result[ri]?.claimLine !== undefined) return;
      const key = norm(r.lineItemControlNumber);
      if (!/^\d+$/.test(key)) return;
      const cl = claim.lines.find((l) => l.sequence === Number(key));
      if (cl && !used.has(cl.sequence) && sameCode(r, cl, remit))
        assign(ri, cl, 'line-item-control-number-as-sequence');
    });
  }
  // 3-7. Content keys, strictest first.
  for (const pass of PASSES) {
    remit.serviceLines.forEach((r, ri) => {
      if (result[ri]?.claimLine !== undefined) return;
      const cl = claim.lines.find((l) => !used.has(l.sequence) && pass.keys.every((k) => k(r, l, remit)));
      if (cl) assign(ri, cl, pass.method);
    });
  }
  const unmatchedClaimLines = claim.lines.filter((l) => !used.has(l.sequence)).map((l) => l.sequence);
  return { lines: result, unmatchedClaimLines };
}
