/**
 * From one remittance claim (and the submitted claim it matched, if any) to the findings a biller works:
 * a denial per denial-kind adjustment, and an underpayment per line paid below its expected payment.
 *
 * - Every adjustment is classified (./classify.ts); only kind `denial` becomes a denial finding. Contractual,
 *   patient responsibility, sequestration and informational adjustments are returned as classified adjustments
 *   (for totals) but are not findings.
 * - A bundling adjustment (CO-97 …) on a Medicare hospital outpatient claim (type of bill 13x) whose code OPPS
 *   packages (status indicator N) is the expected adjudication: classified `packaged` (./classify.ts
 *   packagedUnderOpps), returned in `packaged`, no finding.
 * - Recoverable dollars of a denied line = its expected payment on the submitted units minus what was paid,
 *   split over the line's denial adjustments in proportion to their amounts; when no expectation can be computed,
 *   the adjustment amount itself, noted as an upper bound ("upper bound, no expected rate"). An estimate (an APC
 *   rate, ExpectedPayment.estimate) caps it the same way as an expected payment, noted as an estimate.
 * - A line with no denial adjustment is checked for underpayment: expected payment on the paid units (SVC05) vs
 *   SVC03 paid; flagged when the gap exceeds the tolerance (the larger of $1.00 and 1% of expected by default).
 *   When the payer paid fewer units than were billed (SVC07, else the matched claim line) with no denial adjustment
 *   explaining the cut, the expectation is on the units billed, with a note saying so.
 *   An estimate is never compared with a payment.
 *   A denial that group PR put on the patient (PR-96 + N130) counts as a denial here: no underpayment, no finding
 *   (the adjustment is classified patient-responsibility, action bill-patient).
 * - Reversals (CLP02 = 22) and negative adjustments never create findings.
 */
import type {
  Claim,
  ClaimLine,
  PayerKind,
  Remittance,
  RemittanceClaim,
  RemittanceServiceLine,
} from '../claim/model.ts';
import type { IsoDate } from '../reference/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import { splitProportionally } from './arith.ts';
import { classifyAdjustment, packagedUnderOpps } from './classify.ts';
import { contractPayerKind, type Contract } from './contracts.ts';
import { deadlineFor, deadlinePolicyFor, type DeadlinePolicy } from './deadlines.ts';
import {
  expectedPayment,
  isNoExpectation,
  oppsPackaging,
  toleranceCents,
  type CareSetting,
} from './expected.ts';
import { billedUnits, submittedCode, submittedUnits } from './match.ts';
import type {
  Classification,
  ClaimMatch,
  DenialFinding,
  DenialMapping,
  Finding,
  FindingPayer,
  PackagedLine,
  Tolerance,
  UnderpaymentFinding,
} from './model.ts';

export interface AnalysisContext {
  mapping: DenialMapping;
  reference: ReferenceData;
  contracts: readonly Contract[];
  deadlines: readonly DeadlinePolicy[];
  tolerance: Tolerance;
}

export interface RemittanceClaimInput {
  /** The 835 (or EOB) the claim came in: payer, payment date. */
  remittance: Pick<Remittance, 'payer' | 'payment' | 'productionDate' | 'format'>;
  claim: RemittanceClaim;
  /** Stable key of this remittance claim (the store's natural key), the prefix of every finding key. */
  key: string;
  submitted?: Claim | undefined;
  match?: ClaimMatch | undefined;
}

export interface ClassifiedAdjustment {
  /** SVC index (0-based) or null for a claim-level CAS. */
  remitLine: number | null;
  group: string;
  carc: string;
  amountCents: number;
  quantity?: number;
  classification: Classification;
}

export interface RemittanceClaimAnalysis {
  findings: Finding[];
  adjustments: ClassifiedAdjustment[];
  /** Bundling adjustments on OPPS-packaged lines (status indicator N): the expected adjudication, not findings. */
  packaged: PackagedLine[];
  payer: FindingPayer;
  remitDate?: IsoDate;
}

/** X12 CLP06 claim filing indicator → payer kind. @see X12 835 TR3 CLP06 code list (MA, MB Medicare; MC Medicaid). */
export function payerKindFromFilingIndicator(code: string | undefined): PayerKind | undefined {
  switch ((code ?? '').trim().toUpperCase()) {
    case 'MA':
    case 'MB':
      return 'medicare';
    case 'MC':
      return 'medicaid';
    case '':
      return undefined;
    case 'ZZ':
      return 'unknown';
    default:
      return 'commercial';
  }
}

function careSetting(
  claim: Claim | undefined,
  remitClaim: RemittanceClaim,
  line: RemittanceServiceLine,
): CareSetting {
  if (claim) {
    if (claim.format === '837I' || claim.typeOfBill !== undefined) {
      return (claim.typeOfBill ?? '').startsWith('13') ? 'outpatient-hospital' : 'institutional-other';
    }
    return 'professional';
  }
  // No submitted claim: an institutional remittance carries revenue codes; CLP08 is then the type of bill's first two digits.
  const institutional = line.revenueCode !== undefined || line.procedure.qualifier.toUpperCase() === 'NU';
  if (!institutional) return 'professional';
  return remitClaim.facilityCode === '13' ? 'outpatient-hospital' : 'institutional-other';
}

function payerOf(
  input: RemittanceClaimInput,
  contracts: readonly Contract[],
  date: IsoDate | undefined,
): FindingPayer {
  const p = input.remittance.payer;
  const name = p.name ?? input.submitted?.payer.name ?? p.id ?? 'unknown payer';
  const id = p.id ?? input.submitted?.payer.id;
  let kind: PayerKind | undefined = input.submitted?.payer.kind;
  if (kind === undefined || kind === 'unknown')
    kind = payerKindFromFilingIndicator(input.claim.claimFilingIndicator) ?? kind;
  if (kind === undefined || kind === 'unknown')
    kind = contractPayerKind(contracts, { id, name }, date) ?? kind;
  const payer: FindingPayer = { name, kind: kind ?? 'unknown' };
  if (id !== undefined) payer.id = id;
  return payer;
}

/** Why a paid line is priced on more units than the payer paid (ExpectedPayment.notes of its underpayment). */
function unitsCutNote(svc: RemittanceServiceLine, paid: number, billed: number): string {
  const where =
    svc.originalUnits !== undefined
      ? `SVC05 ${paid}, SVC07 ${billed}`
      : `SVC05 ${paid}; the claim line billed ${billed}`;
  return `the payer paid ${paid} of the ${billed} units billed (${where}) and no denial adjustment explains the other ${billed - paid}: the expected payment is on the ${billed} units billed`;
}

/** How a recoverable amount that is no expected payment is labelled (DenialFinding.recoverableNote). */
export const UPPER_BOUND = 'upper bound, no expected rate';

const sumWhere = (
  adjs: readonly { group: string; carc: string; amountCents: number }[],
  pred: (g: string, c: string) => boolean,
): number =>
  adjs.reduce((s, a) => (pred(a.group.toUpperCase(), a.carc.toUpperCase()) ? s + a.amountCents : s), 0);

export function analyzeRemittanceClaim(
  input: RemittanceClaimInput,
  ctx: AnalysisContext,
): RemittanceClaimAnalysis {
  const { claim: rc, submitted } = input;
  const remitDate = input.remittance.payment.date ?? input.remittance.productionDate;
  const firstDate =
    rc.serviceLines[0]?.serviceDate ??
    rc.statementFrom ??
    submitted?.statementFrom ??
    submitted?.lines[0]?.serviceDate;
  const payer = payerOf(input, ctx.contracts, firstDate);
  const policy = deadlinePolicyFor(ctx.deadlines, payer);
  const findings: Finding[] = [];
  const adjustments: ClassifiedAdjustment[] = [];
  const packaged: PackagedLine[] = [];
  const reversal = rc.status.trim() === '22';
  const claimLines = new Map<number, ClaimLine>();
  for (const l of submitted?.lines ?? []) claimLines.set(l.sequence, l);

  const base = {
    claimId: rc.patientControlNumber,
    payer,
    ...(rc.payerClaimControlNumber !== undefined
      ? { payerClaimControlNumber: rc.payerClaimControlNumber }
      : {}),
    ...(remitDate !== undefined ? { remitDate } : {}),
  };

  // Claim-level adjustments (CLP-level CAS).
  rc.adjustments.forEach((a, ai) => {
    const classification = classifyAdjustment(ctx.mapping, a.group, a.carc, rc.remarkCodes);
    adjustments.push({
      remitLine: null,
      group: a.group,
      carc: a.carc,
      amountCents: a.amountCents,
      ...(a.quantity !== undefined ? { quantity: a.quantity } : {}),
      classification,
    });
    if (reversal || classification.kind !== 'denial' || a.amountCents <= 0) return;
    const serviceDate = rc.statementFrom ?? submitted?.statementFrom ?? firstDate;
    const deadline = deadlineFor(policy, classification.action, { remitDate, serviceDate });
    const finding: DenialFinding = {
      ...base,
      kind: 'denial',
      key: `${input.key}:C:${ai}`,
      line: null,
      lineMatched: false,
      code: '',
      modifiers: [],
      chargeCents: rc.chargeCents,
      paidCents: rc.paidCents,
      groupCode: classification.group,
      carc: classification.carc,
      rarc: [...rc.remarkCodes],
      classification,
      amountCents: a.amountCents,
      recoverableCents: a.amountCents,
      recoverableBasis: 'adjustment-amount',
      recoverableNote: `${UPPER_BOUND}: a claim-level adjustment`,
      ...(serviceDate !== undefined ? { serviceDate } : {}),
      ...(deadline !== undefined ? { deadline } : {}),
    };
    findings.push(finding);
  });

  // A payer may split one billed line into pieces (50 + 25 units), each carrying the line's SVC07, and the matcher
  // ties only one of them to the claim line. Only a line that is alone with its code and date on the remittance
  // claim is held to its units billed; pieces (and lines that could be) keep their own units.
  const pieceKey = (svc: RemittanceServiceLine): string => `${submittedCode(svc)}|${svc.serviceDate ?? ''}`;
  const pieces = new Map<string, number>();
  for (const svc of rc.serviceLines) pieces.set(pieceKey(svc), (pieces.get(pieceKey(svc)) ?? 0) + 1);

  rc.serviceLines.forEach((svc, li) => {
    const lm = input.match?.lines[li];
    const claimLine = lm?.claimLine !== undefined ? claimLines.get(lm.claimLine) : undefined;
    const whole = claimLine !== undefined && pieces.get(pieceKey(svc)) === 1;
    const code = submittedCode(svc);
    const modifiers = svc.originalProcedure?.modifiers ?? svc.procedure.modifiers;
    const units = whole ? billedUnits(svc, claimLine) : submittedUnits(svc);
    const serviceDate =
      svc.serviceDate ?? claimLine?.serviceDate ?? rc.statementFrom ?? submitted?.statementFrom;
    const ndc = claimLine?.drug?.ndc ?? svc.ndc;
    const remarks = [...svc.remarkCodes, ...rc.remarkCodes.filter((r) => !svc.remarkCodes.includes(r))];
    const classified = svc.adjustments.map((a) => {
      const classification = classifyAdjustment(ctx.mapping, a.group, a.carc, remarks);
      const ca: ClassifiedAdjustment = {
        remitLine: li,
        group: a.group,
        carc: a.carc,
        amountCents: a.amountCents,
        classification,
      };
      if (a.quantity !== undefined) ca.quantity = a.quantity;
      adjustments.push(ca);
      return ca;
    });
    if (reversal) return;
    const lineBase = {
      ...base,
      line: claimLine?.sequence ?? li + 1,
      lineMatched: claimLine !== undefined,
      code,
      modifiers: [...modifiers],
      units,
      chargeCents: svc.chargeCents,
      paidCents: svc.paidCents,
      ...(ndc !== undefined ? { ndc } : {}),
      ...(serviceDate !== undefined ? { serviceDate } : {}),
    };
    const deductible = sumWhere(svc.adjustments, (g, c) => g === 'PR' && c === '1');
    const patientResp = sumWhere(svc.adjustments, (g) => g === 'PR');
    const setting = careSetting(submitted, rc, svc);
    const expect = (u: number) =>
      serviceDate === undefined
        ? { reason: 'no date of service' }
        : expectedPayment(
            {
              code,
              serviceDate,
              units: u,
              chargeCents: svc.chargeCents,
              payer,
              setting,
              deductibleCents: deductible,
              patientResponsibilityCents: patientResp,
            },
            ctx,
          );

    let denials = classified.filter((a) => a.classification.kind === 'denial' && a.amountCents > 0);
    if (denials.length > 0) {
      const full = expect(units);
      const packaging = oppsPackaging(full);
      if (packaging) {
        for (const d of denials) {
          const classification = packagedUnderOpps(d.classification, packaging);
          if (!classification) continue;
          d.classification = classification;
          packaged.push({
            ...lineBase,
            kind: 'packaged',
            key: `${input.key}:L${li}:${classified.indexOf(d)}`,
            groupCode: classification.group,
            carc: classification.carc,
            rarc: remarks,
            classification,
            amountCents: d.amountCents,
            statusIndicator: packaging.statusIndicator,
            source: packaging.source,
            certain: packaging.certain,
          });
        }
        denials = denials.filter((d) => d.classification.kind === 'denial');
        // Packaged and nothing else denied: expected 0 and nothing to compare a payment with.
        if (denials.length === 0) return;
      }
      const recoverable = isNoExpectation(full)
        ? denials.map((d) => d.amountCents)
        : splitProportionally(
            Math.max(0, full.expectedCents - svc.paidCents),
            denials.map((d) => d.amountCents),
          );
      const note = isNoExpectation(full)
        ? `${UPPER_BOUND}: the denied amount (${full.reason})`
        : full.estimate !== undefined
          ? `estimate: ${full.estimate}`
          : undefined;
      denials.forEach((d, di) => {
        const deadline = deadlineFor(policy, d.classification.action, { remitDate, serviceDate });
        const adjIndex = classified.indexOf(d);
        findings.push({
          ...lineBase,
          kind: 'denial',
          key: `${input.key}:L${li}:${adjIndex}`,
          groupCode: d.classification.group,
          carc: d.classification.carc,
          rarc: remarks,
          classification: d.classification,
          amountCents: d.amountCents,
          recoverableCents: recoverable[di] ?? d.amountCents,
          recoverableBasis: isNoExpectation(full) ? 'adjustment-amount' : full.basis,
          ...(note !== undefined ? { recoverableNote: note } : {}),
          ...(isNoExpectation(full) ? {} : { expectedCents: full.expectedCents }),
          ...(deadline !== undefined ? { deadline } : {}),
        });
      });
      return;
    }

    // A service the payer denied and put on the patient (PR-96, PR-204…) was not underpaid: the payer owes nothing
    // on it, the provider bills the patient (the adjustment is classified bill-patient). Only deductible,
    // coinsurance and copay (PR-1/2/3) enter the expected payment of a paid line.
    if (classified.some((a) => a.classification.shiftedFrom === 'denial' && a.amountCents > 0)) return;

    // Units the payer cut with no denial adjustment to say why (only CO-45, PR-2, CO-253 …) are still owed: the
    // line is held to the units billed, as a denial's recoverable dollars are (QA: 50 of 75 units paid under CO-45
    // left $1,690.90 on no worklist).
    // Not when a remark says why (N362 units over the payer's maximum, M53 …: a units denial to work as such), nor on
    // a piece of a split line.
    const paidUnits = svc.units ?? units;
    const unitsExplained = remarks.some((r) => ctx.mapping.rarc[r]?.cause === 'units-mue');
    const unitsCut = whole && !unitsExplained && paidUnits < units;
    const expected = expect(unitsCut ? units : paidUnits);
    // An estimate (an APC rate before the wage index) is no payment to hold a paid line to.
    if (isNoExpectation(expected) || expected.estimate !== undefined) return;
    if (unitsCut) expected.notes.unshift(unitsCutNote(svc, paidUnits, units));
    const gap = expected.expectedCents - svc.paidCents;
    const tol = toleranceCents(expected.expectedCents, ctx.tolerance);
    if (gap <= tol) return;
    const deadline = deadlineFor(policy, 'underpayment', { remitDate, serviceDate });
    const finding: UnderpaymentFinding = {
      ...lineBase,
      units: unitsCut ? units : paidUnits,
      ...(unitsCut ? { paidUnits } : {}),
      kind: 'underpayment',
      key: `${input.key}:L${li}:under`,
      expected,
      expectedCents: expected.expectedCents,
      gapCents: gap,
      toleranceCents: tol,
      ...(deadline !== undefined ? { deadline } : {}),
    };
    findings.push(finding);
  });

  const out: RemittanceClaimAnalysis = { findings, adjustments, packaged, payer };
  if (remitDate !== undefined) out.remitDate = remitDate;
  return out;
}

/** The reversal (CLP02 22) that took a payment back, for takebackFindings. */
export interface TakebackReversal {
  /** Stable key of the reversal's remittance claim (the prefix of the findings' keys). */
  key: string;
  remittance: Pick<Remittance, 'payer' | 'payment' | 'productionDate' | 'format'>;
  /** The reversal's CLP07. */
  payerClaimControlNumber?: string;
}

/** The root cause of a payment the payer took back (CLP02 22) with no new adjudication (takebackFindings). */
export const TAKEBACK = { group: 'CLP02', carc: '22' } as const;

/**
 * A takeback: the payer reversed (835 CLP02 22) an adjudication that had paid lines, and sent no new adjudication
 * of them. The money left the practice's account, so each paid line that matched a submitted line becomes a denial
 * of root cause `payment-reversed` (group/CARC shown as CLP02-22: no CAS segment says why), recoverable = the line's
 * expected payment on its submitted units (what it is owed now that nothing is paid), or the payment taken back when
 * no expectation (or only an OPPS estimate) can be computed; deadline from the reversal's remittance date, the
 * payer's new determination. The store decides when there is no re-adjudication (RecoveryStore.reconcile).
 * `input` is the original (reversed) adjudication, with the submitted claim it matched.
 * @see ASC X12 005010X221A1 (835) TR3 section 1.10.2.8, Reversals and Corrections.
 */
export function takebackFindings(
  input: RemittanceClaimInput,
  reversal: TakebackReversal,
  ctx: AnalysisContext,
): DenialFinding[] {
  const { claim: rc, submitted } = input;
  if (!submitted || !input.match?.matched) return [];
  const remitDate = reversal.remittance.payment.date ?? reversal.remittance.productionDate;
  const firstDate = rc.serviceLines[0]?.serviceDate ?? rc.statementFrom ?? submitted.statementFrom;
  const payer = payerOf({ ...input, remittance: reversal.remittance }, ctx.contracts, firstDate);
  const info = ctx.mapping.rootCauses['payment-reversed'];
  const classification: Classification = {
    group: TAKEBACK.group,
    carc: TAKEBACK.carc,
    rarc: [],
    cause: 'payment-reversed',
    kind: 'denial',
    action: info.action,
    next: info.next,
    edits: [...info.edits],
    basis: ['835 CLP02 22: the payer reversed its payment of the line and sent no new adjudication'],
    known: true,
  };
  const policy = deadlinePolicyFor(ctx.deadlines, payer);
  const claimLines = new Map(submitted.lines.map((l) => [l.sequence, l]));
  return rc.serviceLines.flatMap((svc, li): DenialFinding[] => {
    const lm = input.match?.lines[li];
    const claimLine = lm?.claimLine !== undefined ? claimLines.get(lm.claimLine) : undefined;
    if (claimLine === undefined || svc.paidCents <= 0) return [];
    const code = submittedCode(svc);
    const units = submittedUnits(svc);
    const serviceDate =
      svc.serviceDate ?? claimLine.serviceDate ?? rc.statementFrom ?? submitted.statementFrom;
    const expected =
      serviceDate === undefined
        ? { reason: 'no date of service' }
        : expectedPayment(
            {
              code,
              serviceDate,
              units,
              chargeCents: svc.chargeCents,
              payer,
              setting: careSetting(submitted, rc, svc),
              deductibleCents: sumWhere(svc.adjustments, (g, c) => g === 'PR' && c === '1'),
              patientResponsibilityCents: sumWhere(svc.adjustments, (g) => g === 'PR'),
            },
            ctx,
          );
    const priced = !isNoExpectation(expected) && expected.estimate === undefined;
    const deadline = deadlineFor(policy, classification.action, { remitDate, serviceDate });
    const ndc = claimLine.drug?.ndc ?? svc.ndc;
    return [
      {
        kind: 'denial',
        key: `${reversal.key}:L${li}:takeback`,
        claimId: rc.patientControlNumber,
        ...(reversal.payerClaimControlNumber !== undefined
          ? { payerClaimControlNumber: reversal.payerClaimControlNumber }
          : {}),
        line: claimLine.sequence,
        lineMatched: true,
        code,
        modifiers: [...(svc.originalProcedure?.modifiers ?? svc.procedure.modifiers)],
        units,
        ...(ndc !== undefined ? { ndc } : {}),
        ...(serviceDate !== undefined ? { serviceDate } : {}),
        payer,
        ...(remitDate !== undefined ? { remitDate } : {}),
        chargeCents: svc.chargeCents,
        paidCents: 0,
        groupCode: TAKEBACK.group,
        carc: TAKEBACK.carc,
        rarc: [],
        classification,
        amountCents: svc.paidCents,
        recoverableCents: priced ? expected.expectedCents : svc.paidCents,
        recoverableBasis: priced ? expected.basis : 'adjustment-amount',
        ...(priced ? { expectedCents: expected.expectedCents } : {}),
        ...(priced ? {} : { recoverableNote: `${UPPER_BOUND}: the payment taken back` }),
        ...(deadline !== undefined ? { deadline } : {}),
      },
    ];
  });
}
