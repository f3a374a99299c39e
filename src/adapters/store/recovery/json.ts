/**
 * The JSON records the CLI prints and the HTTP service returns for recovery findings — one shape for both.
 * Dollar fields are exact decimal strings ("7500.00"); each has a `…Cents` integer twin. Keys are stable camelCase.
 */
import { formatCents } from '../../../core/money.ts';
import { UPPER_BOUND } from '../../../core/recovery/analyze.ts';
import type { DenialFinding, Finding, UnderpaymentFinding } from '../../../core/recovery/model.ts';
import { ageDays } from '../../../core/recovery/worklist.ts';
import type { IsoDate } from '../../../core/reference/model.ts';
import { findingAge, type FindingRow, type PackagedLineRow } from './store.ts';

export const dollars = (cents: number): string => formatCents(cents);

/** The next step for a worklist item: the denial's, or an appeal of the amount for an underpayment. */
export function findingNext(f: Finding): string {
  return f.kind === 'denial'
    ? f.classification.next
    : 'Appeal the payment amount with the fee schedule or contract rate (see the expected-payment steps).';
}

/**
 * What a finding's recoverable amount is when it is no expected payment: "upper bound, no expected rate: …" (the
 * denied amount), "estimate: …" (an APC rate); null for an expected payment and for underpayments. Denials stored
 * before the note existed: basis `adjustment-amount` is the upper bound.
 */
export function recoverableNote(f: Finding): string | null {
  if (f.kind !== 'denial') return null;
  return f.recoverableNote ?? (f.recoverableBasis === 'adjustment-amount' ? UPPER_BOUND : null);
}

/**
 * The marks of a recoverable amount that is no expected payment, what each means, and the note it answers (by its
 * first words): one list for the table cells and the footnotes under them.
 */
export const RECOVERABLE_MARKS = [
  {
    mark: '≤',
    notePrefix: UPPER_BOUND,
    means: `${UPPER_BOUND}: the denied amount (the charge), not a payment the payer would make`,
  },
  {
    mark: '~',
    notePrefix: 'estimate',
    means:
      "estimate: the expected payment at the national unadjusted OPPS (APC) rate, before the hospital's wage index",
  },
] as const;

/** The mark of a finding's recoverable amount (`RECOVERABLE_MARKS`); '' for an expected payment. */
export function recoverableMark(f: Finding): string {
  const note = recoverableNote(f);
  return note === null ? '' : (RECOVERABLE_MARKS.find((m) => note.startsWith(m.notePrefix))?.mark ?? '');
}

/** The recoverable amount as a text table shows it: "≤150.00" for an upper bound, "~36.17" for an estimate. */
export function recoverableCell(row: FindingRow): string {
  return `${recoverableMark(row.finding)}${dollars(row.recoverableCents)}`;
}

/** The leading fields of the `denials --json` and `underpaid --json` records: who, which claim and line. */
function findingHead(row: FindingRow) {
  return {
    id: row.id,
    payer: row.payer,
    payerId: row.payerId,
    payerKind: row.payerKind,
    claimId: row.claimId,
    payerClaimControlNumber: row.finding.payerClaimControlNumber ?? null,
    line: row.line,
  };
}

/** What a biller said was recovered when marking the item recovered (on top of `recovered`); null when nothing. */
function recoveredByHand(row: FindingRow): {
  recoveredByHand: string | null;
  recoveredByHandCents: number | null;
} {
  return {
    recoveredByHand: row.recoveredByHandCents === null ? null : dollars(row.recoveredByHandCents),
    recoveredByHandCents: row.recoveredByHandCents,
  };
}

/** The `denials --json` record. Dollar fields are exact decimal strings; each has a `…Cents` integer twin. */
export function denialJson(row: FindingRow, asOf: IsoDate): Record<string, unknown> {
  const f = row.finding as DenialFinding;
  return {
    ...findingHead(row),
    lineMatched: f.lineMatched,
    code: row.code,
    modifiers: f.modifiers,
    units: f.units ?? null,
    ndc: f.ndc ?? null,
    serviceDate: row.serviceDate,
    groupCode: row.groupCode,
    carc: row.carc,
    rarc: row.rarc,
    rootCause: row.rootCause,
    kind: f.classification.kind,
    action: row.action,
    next: f.classification.next,
    edits: f.classification.edits,
    basis: f.classification.basis,
    amount: dollars(row.amountCents),
    amountCents: row.amountCents,
    recoverable: dollars(row.recoverableCents),
    recoverableCents: row.recoverableCents,
    recovered: dollars(row.recoveredCents),
    recoveredCents: row.recoveredCents,
    ...recoveredByHand(row),
    recoverableBasis: f.recoverableBasis,
    recoverableNote: recoverableNote(f),
    // The line's expected payment on the units billed (an estimate when recoverableNote says so); null when none
    // could be computed, and for denials analysed before it was stored (remit reconcile --all adds it).
    expected: f.expectedCents === undefined ? null : dollars(f.expectedCents),
    expectedCents: f.expectedCents ?? null,
    remitDate: row.remitDate,
    deadline: row.deadline,
    deadlineKind: f.deadline?.kind ?? null,
    deadlineRule: f.deadline?.rule ?? null,
    deadlineCitation: f.deadline?.citation ?? null,
    status: row.status,
    ageDays: findingAge(row, asOf),
  };
}

/** The `underpaid --json` record. */
export function underpaymentJson(row: FindingRow, asOf: IsoDate): Record<string, unknown> {
  const f = row.finding as UnderpaymentFinding;
  return {
    ...findingHead(row),
    code: row.code,
    units: f.units ?? null,
    // The units the payer paid when fewer than `units` (billed) with no denial adjustment explaining the cut; null
    // when it paid the units billed.
    paidUnits: f.paidUnits ?? null,
    serviceDate: row.serviceDate,
    charge: dollars(f.chargeCents),
    chargeCents: f.chargeCents,
    paid: dollars(f.paidCents),
    paidCents: f.paidCents,
    expected: dollars(f.expectedCents),
    expectedCents: f.expectedCents,
    gap: dollars(f.gapCents),
    gapCents: f.gapCents,
    recovered: dollars(row.recoveredCents),
    recoveredCents: row.recoveredCents,
    ...recoveredByHand(row),
    tolerance: dollars(f.toleranceCents),
    toleranceCents: f.toleranceCents,
    basis: f.expected.basis,
    certain: f.expected.certain,
    steps: f.expected.steps.map((s) => ({ label: s.label, amount: dollars(s.cents), cents: s.cents })),
    notes: f.expected.notes,
    remitDate: row.remitDate,
    deadline: row.deadline,
    status: row.status,
    ageDays: findingAge(row, asOf),
  };
}

/** The worklist record (`worklist --json`): one item with its age, deadline countdown, status and notes. */
export function worklistItemJson(row: FindingRow, asOf: string, notes: string[]): Record<string, unknown> {
  const f = row.finding;
  return {
    id: row.id,
    kind: row.kind,
    payer: row.payer,
    payerKind: row.payerKind,
    claimId: row.claimId,
    line: row.line,
    code: row.code,
    groupCode: row.groupCode,
    carc: row.carc,
    rarc: row.rarc,
    rootCause: row.rootCause,
    action: row.action,
    next: findingNext(f),
    amount: dollars(row.amountCents),
    amountCents: row.amountCents,
    recoverable: dollars(row.recoverableCents),
    recoverableCents: row.recoverableCents,
    recoverableNote: recoverableNote(f),
    recovered: dollars(row.recoveredCents),
    recoveredCents: row.recoveredCents,
    ...recoveredByHand(row),
    serviceDate: row.serviceDate,
    remitDate: row.remitDate,
    ageDays: findingAge(row, asOf),
    deadline: row.deadline,
    daysToDeadline: row.deadline === null ? null : ageDays(asOf, row.deadline),
    status: row.status,
    statusAt: row.statusAt,
    correctedClaim: row.correctedClaim,
    notes,
  };
}

/**
 * The `denials --packaged --json` record: a bundling adjustment on a line OPPS packages (status indicator N), the
 * expected adjudication (no worklist item).
 */
export function packagedJson(row: PackagedLineRow): Record<string, unknown> {
  const p = row.packaged;
  return {
    id: row.id,
    kind: 'packaged',
    payer: row.payer,
    payerId: row.payerId,
    claimId: row.claimId,
    payerClaimControlNumber: p.payerClaimControlNumber ?? null,
    line: row.line,
    lineMatched: p.lineMatched,
    code: row.code,
    modifiers: p.modifiers,
    units: p.units ?? null,
    serviceDate: row.serviceDate,
    groupCode: row.groupCode,
    carc: row.carc,
    rarc: p.rarc,
    statusIndicator: row.statusIndicator,
    source: p.source.label,
    certain: p.certain,
    amount: dollars(row.amountCents),
    amountCents: row.amountCents,
    next: p.classification.next,
    basis: p.classification.basis,
    remitDate: row.remitDate,
  };
}
