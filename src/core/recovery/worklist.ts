/**
 * The worklist state machine: which status changes are allowed, and the age of an item. Every change (and every
 * note added without a change) is kept as history by the store.
 *
 *   new ─┬─> in-progress ─┬─> appealed ────┬─> recovered
 *        │                ├─> resubmitted ─┤
 *        └────────────────┴────────────────┴─> written-off
 * recovered / written-off can be reopened (→ in-progress), e.g. a partial recovery or a reversed payment;
 * appealed → appealed records the next appeal level; the same status with a note only adds a note.
 *
 * Set by reconciliation only (RECONCILE_STATUSES), never by hand:
 * - reversed: the payer reverses the adjudication (835 CLP02 22), from any open status; closed, can be reopened
 *   (→ in-progress) by hand;
 * - corrected-claim-sent: a corrected claim (837 CLM05-3 7) answers the item's claim; open, worked like resubmitted;
 * - withdrawn: the claim was voided (CLM05-3 8), or the payer's answer to the corrected claim denied the line (that
 *   denial is its own item); closed, can be reopened by hand.
 * recovered is also set by reconciliation when a later remittance pays the line (shareLaterPayment), and undone
 * by it when the payer reverses that payment (laterPaymentStatus, reopenedStatus).
 *
 * One item per submitted claim line + kind + adjustment group + CARC (findingItemKey): the same adjudication on
 * another 835 (a new TRN, new payer claim numbers) is the same item, not a second one.
 */
import { formatDollars } from '../money.ts';
import type { Problem } from '../problem.ts';
import { daysBetween } from '../reference/as-of.ts';
import type { IsoDate } from '../reference/model.ts';
import { toleranceCents } from './expected.ts';
import {
  WORKLIST_STATUSES,
  type Finding,
  type PackagedLine,
  type StatusChange,
  type Tolerance,
  type WorklistStatus,
} from './model.ts';

export const WORKLIST_TRANSITIONS: Readonly<Record<WorklistStatus, readonly WorklistStatus[]>> = {
  new: ['in-progress', 'appealed', 'resubmitted', 'recovered', 'written-off'],
  'in-progress': ['appealed', 'resubmitted', 'recovered', 'written-off'],
  appealed: ['appealed', 'in-progress', 'resubmitted', 'recovered', 'written-off'],
  resubmitted: ['in-progress', 'appealed', 'recovered', 'written-off'],
  'corrected-claim-sent': ['in-progress', 'appealed', 'resubmitted', 'recovered', 'written-off'],
  recovered: ['in-progress'],
  'written-off': ['in-progress'],
  reversed: ['in-progress'],
  withdrawn: ['in-progress'],
};

/** Items still to work: the worklist's default view and the dashboard's open totals. */
export const OPEN_STATUSES: readonly WorklistStatus[] = [
  'new',
  'in-progress',
  'appealed',
  'resubmitted',
  'corrected-claim-sent',
];

/** Statuses only reconciliation sets (no transition leads to them). */
export const RECONCILE_STATUSES: readonly WorklistStatus[] = [
  'corrected-claim-sent',
  'reversed',
  'withdrawn',
];

export function isWorklistStatus(s: string): s is WorklistStatus {
  return (WORKLIST_STATUSES as readonly string[]).includes(s);
}

export function isOpen(status: WorklistStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * The statuses an item can be set to by hand: its transitions, then its own status, which only adds a note (and so
 * needs one) unless it is a transition too (appealed → appealed, the next level). One list for the HTTP item's
 * `allowedStatuses` and the CLI's refusals, so the two say the same.
 */
export function allowedStatuses(current: WorklistStatus): WorklistStatus[] {
  return [...new Set([...WORKLIST_TRANSITIONS[current], current])];
}

/** Checks a status change; the same status is allowed only to add a note. */
export function changeStatus(
  current: WorklistStatus,
  to: WorklistStatus,
  at: string,
  note?: string,
): { ok: true; change: StatusChange } | { ok: false; problem: Problem } {
  const transition = WORKLIST_TRANSITIONS[current].includes(to);
  const allowed = transition || (to === current && note !== undefined && note.trim() !== '');
  if (!allowed) {
    const noteOnly = WORKLIST_TRANSITIONS[current].includes(current) ? '' : `; ${current} again with a note`;
    return {
      ok: false,
      problem: {
        code: 'recovery.worklist.transition',
        severity: 'error',
        message:
          to === current
            ? `the item is already ${current}: setting ${current} again only adds a note, so give the note`
            : `cannot go from ${current} to ${to} (allowed: ${WORKLIST_TRANSITIONS[current].join(', ')}${noteOnly})`,
        data: { from: current, to, allowed: allowedStatuses(current) },
      },
    };
  }
  const change: StatusChange = { from: current, to, at };
  if (note !== undefined && note.trim() !== '') change.note = note.trim();
  return { ok: true, change };
}

/** What an amount recovered by hand is checked against: what is left on the item and what later payments paid. */
export interface RecoverableLeft {
  /** Left to recover: the finding's recoverable amount less what later remittances paid. */
  recoverableCents: number;
  /** Paid on the line by later remittances, toward this item. */
  recoveredCents: number;
}

/**
 * Why an amount recovered by hand cannot be taken, if it cannot: only with status `recovered`, whole cents, not
 * negative. More than is left to recover is taken only when the caller says the payer paid more (`overpayment`:
 * interest on a late payment, or an overpayment the payer may take back); else it is refused as a likely typo.
 */
export function recoveredAmountProblem(
  item: RecoverableLeft,
  status: string,
  amount: number,
  options: { overpayment?: boolean } = {},
): Problem | undefined {
  const problem = (message: string): Problem => ({
    code: 'recovery.worklist.amount',
    severity: 'error',
    message,
    data: { amountCents: amount, recoverableCents: item.recoverableCents },
  });
  if (status !== 'recovered')
    return problem(`an amount recovered goes with status "recovered" only (not "${status}")`);
  if (!Number.isSafeInteger(amount)) return problem('the amount recovered must be whole cents');
  if (amount < 0) return problem(`the amount recovered cannot be negative (got ${formatDollars(amount)})`);
  if (amount > item.recoverableCents && options.overpayment !== true) {
    const paid =
      item.recoveredCents > 0
        ? ` (later remittances already paid ${formatDollars(item.recoveredCents)}; enter only what came on top of that)`
        : '';
    return problem(
      `the amount recovered (${formatDollars(amount)}) is more than the item's recoverable amount (${formatDollars(item.recoverableCents)})${paid}`,
    );
  }
  return undefined;
}

/** How much of an amount recovered by hand is above what was left to recover (interest, an overpayment); 0 if none. */
export function recoveredAbove(item: RecoverableLeft, amount: number): number {
  return Math.max(0, amount - Math.max(0, item.recoverableCents));
}

/**
 * The history note of an amount recovered by hand: "Recovered $X of $Y." (and the remittances' part, if any); an
 * amount above what was left says by how much, so interest or an overpayment is on record, not capped.
 */
export function recoveredNote(item: RecoverableLeft, amount: number): string {
  const left = item.recoverableCents;
  const paidBefore = item.recoveredCents;
  const over = recoveredAbove(item, amount);
  const above =
    over > 0 ? ` (${formatDollars(over)} more than was left to recover: interest or an overpayment)` : '';
  return paidBefore > 0
    ? `Recovered ${formatDollars(amount)} of the ${formatDollars(left)} left${above}; later remittances had paid ${formatDollars(paidBefore)}: ${formatDollars(amount + paidBefore)} of ${formatDollars(left + paidBefore)} in all.`
    : `Recovered ${formatDollars(amount)} of ${formatDollars(left)}${above}.`;
}

/** Whole days from `from` to `asOf` (0 on the same day). */
export function ageDays(from: IsoDate, asOf: IsoDate): number {
  return daysBetween(from, asOf);
}

/**
 * What a finding is about, for the one-item rule: the stored submitted claim it matched (its row), or, when it
 * matched none, the payer and the patient control number (CLP01).
 */
export type FindingSubject = { claimRow: number } | { payer: string; patientControlNumber: string };

/**
 * The worklist item a finding belongs to: the submitted claim line (or the SVC position when the line did not
 * match, or the claim for a claim-level adjustment) + denial group and CARC, or underpayment. Two remittances that
 * say the same thing about a line give one key; the remittance's own numbers (TRN, CLP07) are not part of it. A
 * packaged line (no item) gets its key the same way, so a re-sent 835 does not count it twice.
 */
export function findingItemKey(f: Finding | PackagedLine, subject: FindingSubject): string {
  const where =
    'claimRow' in subject
      ? ['claim', subject.claimRow]
      : ['remit', subject.payer, subject.patientControlNumber];
  const line = f.line === null ? ['claim-level'] : [f.lineMatched ? 'line' : 'svc', f.line];
  const what =
    f.kind === 'underpayment' ? ['underpayment'] : [f.kind, f.groupCode.toUpperCase(), f.carc.toUpperCase()];
  return JSON.stringify([...where, ...line, ...what]);
}

/**
 * Whether a finding of another remittance claim is the same adjudication as the item's (a re-sent 835, or the same
 * adjudication re-issued under new payer claim numbers), to count once: the same figures (charge, paid amount, units
 * and the denied amount or the gap). A supplemental payment under a new payer claim number has other figures: it is
 * a later payment of the line, not a copy.
 */
export function sameAdjudication(a: Finding, b: Finding): boolean {
  if (a.paidCents !== b.paidCents || a.chargeCents !== b.chargeCents || a.units !== b.units) return false;
  if (a.kind === 'denial' && b.kind === 'denial') return a.amountCents === b.amountCents;
  if (a.kind === 'underpayment' && b.kind === 'underpayment')
    return a.gapCents === b.gapCents && a.expectedCents === b.expectedCents;
  return false;
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

/**
 * The status an item closed as `recovered` by reconciliation goes back to when the payer reverses the payment that
 * closed it: the open status it had before (e.g. appealed, corrected-claim-sent), else in-progress. Never `new`: a
 * reopened item has a history, and the analysis drops untouched `new` items it no longer produces.
 */
export function reopenedStatus(history: readonly StatusChange[]): WorklistStatus {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h === undefined || h.to !== 'recovered' || h.from === 'recovered') continue;
    return h.from !== null && h.from !== 'new' && isOpen(h.from) ? h.from : 'in-progress';
  }
  return 'in-progress';
}

/**
 * What later remittances brought on a line whose item came from an adjudication the payer has since reversed
 * (CLP02 22): the later payments less what that adjudication had paid on the line. A re-adjudication (or a corrected
 * claim's answer) after a reversal pays the whole line again, and the reversal took back the first payment, so only
 * the difference is new money: paid $1,100.00, reversed, paid $1,150.00 → $50.00. Never below 0.
 */
export function netOfReversed(laterPaidCents: number, reversedPaidCents: number): number {
  return Math.max(0, laterPaidCents - Math.max(0, reversedPaidCents));
}

/** An item of a line, as far as superseding goes: its key, kind, status and the adjudication it shows. */
export interface LineItemRef {
  id: number;
  itemKey: string;
  kind: 'denial' | 'underpayment';
  open: boolean;
  /** Remittance date (and stored row) of the adjudication the item shows. */
  date: IsoDate | null;
  row: number;
}

const before = (
  a: { date: IsoDate | null; row: number },
  b: { date: IsoDate | null; row: number },
): boolean => (a.date !== null && b.date !== null && a.date !== b.date ? a.date < b.date : a.row < b.row);

/**
 * The open denial that takes over `item` after the payer reversed (CLP02 22) a payment or an adjudication of the
 * line and adjudicated it again with another group or CARC: the payer's new determination, with its own root cause,
 * action and deadline, is what to work, so the older item is withdrawn (one line, one open amount). The new denial
 * comes from an adjudication later than the item's, with a reversal of the line dated between the two (inclusive).
 * Of several, the latest. Undefined when none does.
 */
export function supersedingDenial(
  item: LineItemRef,
  others: readonly LineItemRef[],
  reversalDates: readonly IsoDate[],
): LineItemRef | undefined {
  let out: LineItemRef | undefined;
  for (const o of others) {
    if (o.id === item.id || o.kind !== 'denial' || !o.open || o.itemKey === item.itemKey) continue;
    if (!before(item, o)) continue;
    const between = reversalDates.some(
      (d) => (item.date === null || d >= item.date) && (o.date === null || d <= o.date),
    );
    if (between && (out === undefined || before(out, o))) out = o;
  }
  return out;
}

/** What reconciliation knows about one item of a line after adding up the later payments (shareLaterPayment). */
export interface LaterPaymentState {
  status: WorklistStatus;
  /** The current status was set by reconciliation, not by a biller. */
  bySystem: boolean;
  /** What later payments had brought the item before this run. */
  recoveredBefore: number;
  share: LineItemShare;
  /** The payer reversed (CLP02 22), in this run, a payment that had counted toward the line. */
  paymentReversed: boolean;
  /**
   * For an item waiting on a corrected claim, or one a reopening puts back to waiting (`reopenTo`):
   * `answered` when a remittance answered the corrected claim on this line, `denied` when that answer denied the
   * line (a denial item of the corrected claim); else `none`.
   */
  correction: 'none' | 'answered' | 'denied';
  /** Where the item goes when a reversal undoes its recovery (reopenedStatus of its history). */
  reopenTo: WorklistStatus;
}

/**
 * - `recovered`: paid up to what was recoverable; closed.
 * - `still-recovered`: closed as recovered by reconciliation, and still paid after a reversal and a new payment
 *   (or the amount changed): a note only.
 * - `reopened`: closed as recovered by reconciliation, but the payer took the payment back: open again (or, with
 *   `then`, on to where the answer to its corrected claim sends it).
 * - `partial`: what later payments brought changed, the item stays as it is.
 * - `answered`: the payer answered the corrected claim without paying it in full: back to in-progress.
 * - `superseded`: the payer denied the corrected claim: that denial is its own item, this one is withdrawn.
 */
export type LaterPaymentEvent =
  'none' | 'recovered' | 'still-recovered' | 'reopened' | 'partial' | 'answered' | 'superseded';

/**
 * Where an item waiting on a corrected claim goes once the payer answered that claim without paying the line in
 * full: withdrawn when the answer denied the line (that denial is the corrected claim's own item), else back to
 * in-progress. Undefined while no answer is on file.
 */
function correctionAnswered(
  correction: LaterPaymentState['correction'],
): { status: WorklistStatus; event: 'answered' | 'superseded' } | undefined {
  switch (correction) {
    case 'none':
      return undefined;
    case 'denied':
      return { status: 'withdrawn', event: 'superseded' };
    case 'answered':
      return { status: 'in-progress', event: 'answered' };
  }
}

/**
 * The status an item gets from what later remittances paid on its line: the net result decides. A reversal
 * (CLP02 22) followed by the same payment leaves a recovered item recovered; followed by a denial, or by nothing,
 * it reopens it. Statuses a biller set (recovered or written off by hand) are never changed.
 *
 * The result is settled: the same state with the status it gives gives `none` (another reconcile changes nothing).
 * So an item reopened to corrected-claim-sent whose corrected claim the payer has answered goes on, in the same
 * step, to where that answer sends it (`then`: in-progress, or withdrawn when the answer denied the line); the store
 * records both changes.
 */
export function laterPaymentStatus(s: LaterPaymentState): {
  status: WorklistStatus;
  event: LaterPaymentEvent;
  /** After `reopened`: the corrected claim's answer that then moved the item from `reopenTo` to `status`. */
  then?: 'answered' | 'superseded';
} {
  if (s.status === 'recovered') {
    if (!s.bySystem) return { status: s.status, event: 'none' };
    if (s.share.recovered)
      return {
        status: s.status,
        event: s.paymentReversed || s.share.recoveredCents !== s.recoveredBefore ? 'still-recovered' : 'none',
      };
    const answer = s.reopenTo === 'corrected-claim-sent' ? correctionAnswered(s.correction) : undefined;
    return answer === undefined
      ? { status: s.reopenTo, event: 'reopened' }
      : { status: answer.status, event: 'reopened', then: answer.event };
  }
  if (!isOpen(s.status)) return { status: s.status, event: 'none' };
  if (s.share.recovered) return { status: 'recovered', event: 'recovered' };
  const answer = s.status === 'corrected-claim-sent' ? correctionAnswered(s.correction) : undefined;
  if (answer !== undefined) return answer;
  if (s.share.recoveredCents !== s.recoveredBefore) return { status: s.status, event: 'partial' };
  return { status: s.status, event: 'none' };
}
