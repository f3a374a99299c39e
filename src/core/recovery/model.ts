/**
 * Revenue recovery, the vocabulary: what an adjustment on a remittance means for a biller (root cause, kind of
 * money, next action), what a line should have paid, and the findings a biller works (denials, underpayments).
 *
 * Pure types. Money is integer cents; dates are ISO YYYY-MM-DD.
 */
import type { PayerKind } from '../claim/model.ts';
import type { IsoDate, SourceRef } from '../reference/model.ts';

/**
 * Root causes billers act on. The mapping from CARC/RARC to these is data (rules/denials/mapping.yaml); the
 * list itself is code because the worklist, the appeal templates and the dashboard key on it.
 */
export const ROOT_CAUSES = [
  'prior-authorization',
  'modifier',
  'ndc',
  'units-mue',
  'diagnosis-medical-necessity',
  'coding',
  'documentation',
  'duplicate',
  'timely-filing',
  'eligibility',
  'coordination-of-benefits',
  'provider-enrollment',
  'bundling',
  'non-covered',
  'benefit-limit',
  'contractual',
  'patient-responsibility',
  'sequestration',
  'payment-adjustment',
  /** The payer took back a payment (835 CLP02 22) and sent no new adjudication of the line (./analyze.ts takebackFindings). */
  'payment-reversed',
  'other',
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

/**
 * What kind of money an adjustment is. Only `denial` is money the provider may recover from the payer;
 * `contractual` is the agreed write-off, `patient-responsibility` is billed to the patient, `sequestration` is the
 * 2% federal reduction (CARC 253) and `informational` covers interest, withholds, offsets and the like.
 * `packaged` is a bundling adjustment (CO-97 …) on a line whose code Medicare OPPS packages (status indicator N) on
 * a hospital outpatient claim: the expected adjudication, nothing to work (./classify.ts `packagedUnderOpps`).
 */
export const ADJUSTMENT_KINDS = [
  'denial',
  'contractual',
  'patient-responsibility',
  'sequestration',
  'informational',
  'packaged',
] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/**
 * The kinds the mapping data may give a CARC or a root cause. `packaged` is not one of them: it depends on the
 * line's code, date and claim (OPPS status indicator N on a type of bill 13x), never on the CARC alone.
 */
export const MAPPED_ADJUSTMENT_KINDS: readonly AdjustmentKind[] = ADJUSTMENT_KINDS.filter(
  (k) => k !== 'packaged',
);

/**
 * The next action: `appeal` (the decision can be appealed), `correct-resubmit` (no appeal rights: send a corrected
 * or new claim, e.g. RARC MA130 "unprocessable"), `bill-other-payer`, `bill-patient`, `review` (a person decides),
 * `none`.
 */
export const NEXT_ACTIONS = [
  'appeal',
  'correct-resubmit',
  'bill-other-payer',
  'bill-patient',
  'review',
  'none',
] as const;
export type NextAction = (typeof NEXT_ACTIONS)[number];

export interface RootCauseInfo {
  title: string;
  /** Default kind for CARCs mapped to this cause (a CARC entry may override it). */
  kind: AdjustmentKind;
  action: NextAction;
  /** Plain-words next step shown in the worklist. */
  next: string;
  /** Pre-submission edit ids (src/core/edits registry) that catch this cause before the claim goes out. */
  edits: string[];
}

/** One CARC's mapping. */
export interface CarcRule {
  cause: RootCause;
  kind?: AdjustmentKind;
  action?: NextAction;
  next?: string;
  /** A generic CARC (16, 96, A1, 252 …) whose remark codes say the real cause: the first mapped RARC refines it. */
  refine?: boolean;
  edits?: string[];
}

/** One RARC's mapping: a cause used to refine generic CARCs, and/or an action it forces (MA130 → correct-resubmit). */
export interface RarcRule {
  cause?: RootCause;
  /**
   * The action when this RARC refines a generic CARC (default: the cause's): CO-16 + M53 is units to correct and
   * resubmit, where the units cause's own action is an appeal. A CARC rule's action still wins.
   */
  action?: NextAction;
  /** Overrides the action of every adjustment it accompanies (used for "no appeal rights" remarks). */
  forceAction?: NextAction;
  next?: string;
  edits?: string[];
}

/** The CARC/RARC → root cause mapping, as loaded from rules/denials/mapping.yaml and validated. */
export interface DenialMapping {
  version: number;
  /** Which CARC/RARC list the mapping was written against (for the coverage test). */
  source: string;
  rootCauses: Record<RootCause, RootCauseInfo>;
  carc: Record<string, CarcRule>;
  rarc: Record<string, RarcRule>;
}

/** An adjustment with its meaning. */
export interface Classification {
  group: string;
  carc: string;
  rarc: string[];
  cause: RootCause;
  kind: AdjustmentKind;
  action: NextAction;
  next: string;
  /** Edit ids that would have caught it before submission. */
  edits: string[];
  /** How the classification was reached, step by step ("CARC 16 → documentation", "RARC M119 refines → ndc"). */
  basis: string[];
  /** False when the CARC is not in the mapping (then cause `other`, action `review`). */
  known: boolean;
  /**
   * The kind group PR moved to the patient (`denial` for PR-96, PR-204…: the payer denied the service and the
   * patient is liable). Absent when the group did not change the kind (PR-1/2/3 are the patient's by their CARC).
   */
  shiftedFrom?: 'denial' | 'contractual';
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

export type ClaimMatchMethod =
  'payer-claim-control-number' | 'patient-control-number' | 'patient-control-number+disambiguated';

export type LineMatchMethod =
  | 'line-item-control-number'
  | 'line-item-control-number-as-sequence'
  | 'code-date-units-charge'
  | 'code-date-charge'
  | 'code-charge'
  | 'code-date'
  | 'code';

export interface LineMatch {
  /** 0-based index of the SVC in the remittance claim. */
  remitLine: number;
  /** Sequence of the submitted claim line, or undefined when unmatched. */
  claimLine: number | undefined;
  method: LineMatchMethod | undefined;
}

export type ClaimMatch =
  | {
      matched: true;
      claimIndex: number;
      method: ClaimMatchMethod;
      lines: LineMatch[];
      unmatchedClaimLines: number[];
    }
  | { matched: false; reason: 'no-claim' | 'ambiguous'; candidates: number; lines: LineMatch[] };

// ---------------------------------------------------------------------------------------------------------------
// Expected payment

export type ExpectedBasis = 'medicare-asp' | 'medicare-opps' | 'contract';

/** One labelled step of an expected-payment computation, e.g. { label: "allowed = min(charge, 75 × $86.270)", cents }. */
export interface ExpectedStep {
  label: string;
  cents: number;
}

export interface ExpectedPayment {
  basis: ExpectedBasis;
  allowedCents: number;
  expectedCents: number;
  steps: ExpectedStep[];
  /** The releases the rates came from (ASP quarter, OPPS update) or the contract id. */
  sources: (SourceRef | { contract: string; file?: string })[];
  /** False when a rate came from a release not in force on the date of service, or the figure is an `estimate` (see notes). */
  certain: boolean;
  notes: string[];
  /** Medicare OPPS: the Addendum B status indicator the computation used (K, G, N, S, T, …). */
  statusIndicator?: string;
  /**
   * Set (to the reason) when the figure is an estimate that only bounds a denial's recoverable dollars and is no
   * payment to compare a paid line with: an APC-paid service (OPPS status indicator S, T, V, J1, Q1 …) priced at the
   * national unadjusted rate, which the hospital's wage index adjusts (and multiple-procedure discounting or
   * conditional packaging may lower). No underpayment is flagged on such a figure.
   */
  estimate?: string;
}

/** Why no expectation could be computed (no rate for the code/date, unknown payer kind, packaged…). */
export interface NoExpectation {
  reason: string;
}

export interface Tolerance {
  /** Absolute tolerance in cents (default 100 = $1.00). */
  cents: number;
  /** Relative tolerance in percent of the expected payment (default 1). */
  percent: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { cents: 100, percent: 1 };

// ---------------------------------------------------------------------------------------------------------------
// Deadlines

export interface Deadline {
  date: IsoDate;
  /** What the deadline is for ("redetermination request", "corrected claim (timely filing)"). */
  kind: string;
  /** Plain words: "120 days from receipt of the initial determination (receipt presumed 5 days after the notice)". */
  rule: string;
  citation: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Findings

export interface FindingPayer {
  name: string;
  id?: string;
  kind: PayerKind;
}

interface FindingBase {
  /**
   * Stable natural key of this finding on this remittance claim (remittance claim key + line + adjustment), so
   * re-running the analysis never duplicates. Several such keys (the same adjudication on several 835s) can belong to
   * one worklist item (./worklist.ts findingItemKey).
   */
  key: string;
  claimId: string;
  /** Payer claim control number (CLP07). */
  payerClaimControlNumber?: string;
  /** Submitted line sequence when matched, else the 1-based SVC position; null for claim-level adjustments. */
  line: number | null;
  /** Whether `line` is the submitted claim's line (true) or only the SVC position (false). */
  lineMatched: boolean;
  code: string;
  modifiers: string[];
  units?: number;
  ndc?: string;
  serviceDate?: IsoDate;
  payer: FindingPayer;
  /** Date of the remittance (the initial determination): BPR16 or the production date. */
  remitDate?: IsoDate;
  chargeCents: number;
  paidCents: number;
  deadline?: Deadline;
}

export interface DenialFinding extends FindingBase {
  kind: 'denial';
  groupCode: string;
  carc: string;
  rarc: string[];
  classification: Classification;
  /** The adjustment amount as reported on the 835. */
  amountCents: number;
  /** What overturning it should bring in: the expected payment for the denied part when computable, else the amount. */
  recoverableCents: number;
  /**
   * The line's expected payment on the units billed, when one could be computed (an OPPS estimate too, which
   * `recoverableNote` says); absent when none could, and on findings analysed before 2026-11-25.
   */
  expectedCents?: number;
  recoverableBasis: ExpectedBasis | 'adjustment-amount';
  /**
   * What the recoverable amount is when it is not an expected payment: "upper bound, no expected rate: …" (basis
   * `adjustment-amount`: the denied amount itself), or "estimate: …" (an APC rate, ExpectedPayment.estimate).
   * Absent on findings stored before 2026-11-24 (read `adjustment-amount` as the upper bound).
   */
  recoverableNote?: string;
}

export interface UnderpaymentFinding extends FindingBase {
  kind: 'underpayment';
  /**
   * Set when the payer paid fewer units (SVC05) than were billed (`units`: SVC07, else the claim line) with no denial
   * adjustment explaining the cut: the units paid. The expectation is on `units`.
   */
  paidUnits?: number;
  expected: ExpectedPayment;
  expectedCents: number;
  gapCents: number;
  toleranceCents: number;
}

export type Finding = DenialFinding | UnderpaymentFinding;

/**
 * A line adjustment that looks like a denial but is the expected adjudication, so it is no finding and no worklist
 * item: a bundling adjustment (CO-97 "payment included in the allowance for another service") on a Medicare hospital
 * outpatient claim (type of bill 13x) whose code OPPS packages (status indicator N). Kept for the counts ("N
 * packaged lines not worked") and for anyone who wants to see them.
 */
export interface PackagedLine extends FindingBase {
  kind: 'packaged';
  groupCode: string;
  carc: string;
  rarc: string[];
  /** The classification, kind `packaged`, with the step that made it so in `basis`. */
  classification: Classification;
  amountCents: number;
  statusIndicator: string;
  /** The OPPS Addendum B release the status indicator came from. */
  source: SourceRef;
  /** False when that release was not in force on the date of service. */
  certain: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Worklist

/**
 * Three statuses are set by reconciliation, never by hand:
 * - `reversed`: the payer reversed the adjudication the item came from (835 CLP02 22), so it is closed; any
 *   corrected adjudication is judged as its own item;
 * - `corrected-claim-sent`: a corrected claim (837 CLM05-3 frequency 7, replacement) answers the item's claim; the
 *   item stays open until the payer answers that claim (its payment closes the item as `recovered`);
 * - `withdrawn`: the claim was voided (CLM05-3 8), or the payer denied the corrected claim, whose denial is then its
 *   own item, or after a reversal the payer denied the line again for another reason (./worklist.ts
 *   supersedingDenial), that denial being its own item; closed.
 * `recovered` is set by hand or by reconciliation (a later payment); one set by reconciliation is reopened when the
 * payer reverses that payment.
 */
export const WORKLIST_STATUSES = [
  'new',
  'in-progress',
  'appealed',
  'resubmitted',
  'corrected-claim-sent',
  'recovered',
  'written-off',
  'reversed',
  'withdrawn',
] as const;
export type WorklistStatus = (typeof WORKLIST_STATUSES)[number];

export interface StatusChange {
  from: WorklistStatus | null;
  to: WorklistStatus;
  at: string;
  note?: string;
  /** Who changed it by hand: a user name, or `cli:<OS user>`; absent when drugclaim did (import, reconcile). */
  by?: string;
}
