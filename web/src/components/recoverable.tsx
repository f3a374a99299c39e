/** The qualifier under a recoverable total, as the CLI prints it under its tables (`≤` upper bounds, `~` estimates). */
import { dollarsFromCents, plural } from '../format.ts';

/** How much of a recoverable total is no expected payment (the API's `upperBound` and `estimate`). */
export type RecoverableQualifiers = Record<
  'upperBound' | 'estimate',
  { items: number; recoverableCents: number }
>;

/**
 * The footnote under a recoverable total, as the CLI prints under its tables: how much of it is an upper bound (a
 * denied charge with no expected rate) or an estimate (the national OPPS rate). Nothing when it is all expected.
 */
export function RecoverableFootnote({ totals }: { totals: Partial<RecoverableQualifiers> }) {
  const upper = totals.upperBound;
  const estimate = totals.estimate;
  if (!upper?.items && !estimate?.items) return null;
  return (
    <ul className="muted small stats-note" aria-label="About the recoverable total">
      {upper && upper.items > 0 && (
        <li>
          ≤ {dollarsFromCents(upper.recoverableCents)} of it ({plural(upper.items, 'item')}) is an upper
          bound: with no expected rate, a denial counts at the denied amount (the charge), not a payment the
          payer would make.
        </li>
      )}
      {estimate && estimate.items > 0 && (
        <li>
          ~ {dollarsFromCents(estimate.recoverableCents)} of it ({plural(estimate.items, 'item')}) is an
          estimate: the expected payment at the national unadjusted OPPS (APC) rate, before the hospital's
          wage index.
        </li>
      )}
    </ul>
  );
}
