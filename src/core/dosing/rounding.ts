/**
 * The one place billing units are rounded. Administered units round UP (a dose that needs part of a unit bills
 * the whole unit; a dose below one unit bills 1); discarded units round DOWN (only whole discarded units are
 * billed on the JW line).
 * @see SOURCES.macUnits, SOURCES.discardedDrugs, SOURCES.jwJzFaq in ./rules.ts
 */
import { ceil, div, floor, isPositive, type Rational } from './rational.ts';

export type UnitRounding = 'administered' | 'discarded';

/** Whole billing units in `amount` (both in the same unit), rounded the way `method` requires. */
export function billingUnits(amount: Rational, billingUnit: Rational, method: UnitRounding): number {
  if (!isPositive(billingUnit)) throw new RangeError('the billing unit must be more than zero');
  if (!isPositive(amount)) return 0;
  const exact = div(amount, billingUnit);
  switch (method) {
    case 'administered': {
      const units = ceil(exact);
      return Number(units < 1n ? 1n : units);
    }
    case 'discarded':
      return Number(floor(exact));
  }
}
