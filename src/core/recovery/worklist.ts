/**
 * The worklist state machine: which status changes are allowed, and the age of an item. Every change (and every
 * note added without a change) is kept as history by the store.
 *
 *   new ─┬─> in-progress ─┬─> appealed ────┬─> recovered
 *        │                ├─> resubmitted ─┤
 *        └────────────────┴────────────────┴─> written-off
 * recovered / written-off can be reopened (→ in-progress), e.g. a partial recovery or a reversed payment;
 * appealed → appealed records the next appeal level; the same status with a note only adds a note.
 * reversed is set by reconciliation when the payer reverses the adjudication (835 CLP02 22), from any open status;
 * it is closed, and can be reopened (→ in-progress) by hand. recovered is also set by reconciliation when a later
 * remittance pays the line (shareLaterPayment).
 *
 * One item per submitted claim line + kind + adjustment group + CARC (findingItemKey): the same adjudication on
 * another 835 (a new TRN, new payer claim numbers) is the same item, not a second one.
 */
import type { Problem } from '../problem.ts';
import type { IsoDate } from '../reference/model.ts';
import { toleranceCents } from './expected.ts';
import {
  WORKLIST_STATUSES,
  type Finding,
  type StatusChange,
  type Tolerance,
  type WorklistStatus,
} from './model.ts';

export const WORKLIST_TRANSITIONS: Readonly<Record<WorklistStatus, readonly WorklistStatus[]>> = {
  new: ['in-progress', 'appealed', 'resubmitted', 'recovered', 'written-off'],
  'in-progress': ['appealed', 'resubmitted', 'recovered', 'written-off'],
  appealed: ['appealed', 'in-progress', 'resubmitted', 'recovered', 'written-off'],
  resubmitted: ['in-progress', 'appealed', 'recovered', 'written-off'],
  recovered: ['in-progress'],
  'written-off': ['in-progress'],
  reversed: ['in-progress'],
};

export const OPEN_STATUSES: readonly WorklistStatus[] = ['new', 'in-progress', 'appealed', 'resubmitted'];

export function isWorklistStatus(s: string): s is WorklistStatus {
  return (WORKLIST_STATUSES as readonly string[]).includes(s);
}

export function isOpen(status: WorklistStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Checks a status change; the same status is allowed only to add a note. */
export function changeStatus(
  current: WorklistStatus,
  to: WorklistStatus,
  at: string,
  note?: string,
): { ok: true; change: StatusChange } | { ok: false; problem: Problem } {
  const allowed =
    WORKLIST_TRANSITIONS[current].includes(to) ||
    (to === current && note !== undefined && note.trim() !== '');
  if (!allowed) {
    return {
      ok: false,
      problem: {
        code: 'recovery.worklist.transition',
        severity: 'error',
        message:
          to === current
            ? `the item is already ${current}; to add a note, set the same status with a note`
            : `cannot go from ${current} to ${to} (allowed: ${WORKLIST_TRANSITIONS[current].join(', ')})`,
        data: { from: current, to },
      },
    };
  }
  const change: StatusChange = { from: current, to, at };
  if (note !== undefined && note.trim() !== '') change.note = note.trim();
  return { ok: true, change };
}

/** Whole days from `from` to `asOf` (0 on the same day). */
export function ageDays(from: IsoDate, asOf: IsoDate): number {
  const a = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  const b = Date.UTC(Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7)) - 1, Number(asOf.slice(8, 10)));
  return Math.round((b - a) / 86_400_000);
}

/**
 * What a finding is about, for the one-item rule: the stored submitted claim it matched (its row), or, when it
 * matched none, the payer and the patient control number (CLP01).
 */
export type FindingSubject = { claimRow: number } | { payer: string; patientControlNumber: string };

/**
 * The worklist item a finding belongs to: the submitted claim line (or the SVC position when the line did not
 * match, or the claim for a claim-level adjustment) + denial group and CARC, or underpayment. Two remittances that
 * say the same thing about a line give one key; the remittance's own numbers (TRN, CLP07) are not part of it.
 */
export function findingItemKey(f: Finding, subject: FindingSubject): string {
  const where =
    'claimRow' in subject
      ? ['claim', subject.claimRow]
      : ['remit', subject.payer, subject.patientControlNumber];
  const line = f.line === null ? ['claim-level'] : [f.lineMatched ? 'line' : 'svc', f.line];
  const what =
    f.kind === 'denial' ? ['denial', f.groupCode.toUpperCase(), f.carc.toUpperCase()] : ['underpayment'];
  return JSON.stringify([...where, ...line, ...what]);
}

/** An open item of a line, with what it was found recoverable. */
export interface LineItem {
  id: number;
  recoverableCents: number;
}

/** How much of a later payment goes to an item, and whether that closes it as recovered. */
export interface LineItemShare {
  id: number;
  recoveredCents: number;
  recovered: boolean;
}

/**
 * Spreads what later remittances paid on a line over the line's open items, in order (oldest first), each up to
 * its recoverable amount. An item is recovered when what is left of it is within the tolerance (the larger of
 * $1.00 and 1% of its recoverable amount by default): the line was paid at the expected payment. A payment below
 * that only lowers what is left to recover.
 */
export function shareLaterPayment(
  items: readonly LineItem[],
  laterPaidCents: number,
  tolerance: Tolerance,
): LineItemShare[] {
  let left = Math.max(0, laterPaidCents);
  return items.map((it) => {
    const recoveredCents = Math.min(left, Math.max(0, it.recoverableCents));
    left -= recoveredCents;
    const rest = it.recoverableCents - recoveredCents;
    return {
      id: it.id,
      recoveredCents,
      recovered: recoveredCents > 0 && rest <= toleranceCents(it.recoverableCents, tolerance),
    };
  });
}
