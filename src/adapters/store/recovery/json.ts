/**
 * The JSON records the CLI prints and the HTTP service returns for recovery findings — one shape for both.
 * Dollar fields are exact decimal strings ("7500.00"); each has a `…Cents` integer twin. Keys are stable camelCase.
 */
import { formatCents } from '../../../core/money.ts';
import type { DenialFinding, Finding, UnderpaymentFinding } from '../../../core/recovery/model.ts';
import { ageDays } from '../../../core/recovery/worklist.ts';
import type { IsoDate } from '../../../core/reference/model.ts';
import { findingAge, type FindingRow } from './store.ts';

export const dollars = (cents: number): string => formatCents(cents);

/** The next step for a worklist item: the denial's, or an appeal of the amount for an underpayment. */
export function findingNext(f: Finding): string {
  return f.kind === 'denial'
    ? f.classification.next
    : 'Appeal the payment amount with the fee schedule or contract rate (see the expected-payment steps).';
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
    recoverableBasis: f.recoverableBasis,
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
    recovered: dollars(row.recoveredCents),
    recoveredCents: row.recoveredCents,
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
