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
 * it is closed, and can be reopened (→ in-progress) by hand.
 */
import type { Problem } from '../problem.ts';
import type { IsoDate } from '../reference/model.ts';
import { WORKLIST_STATUSES, type StatusChange, type WorklistStatus } from './model.ts';

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
            ? `the item is already ${current}; give a --note to add a note`
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
