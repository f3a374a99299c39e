/**
 * Memoises a pure function of (reference data, date): built once per pair, held while the reference data object
 * lives (a reload makes a new one) and for the most recent `maxDates` dates of each (a long-running service asks
 * about many dates).
 */
import type { IsoDate } from './model.ts';
import type { ReferenceData } from './port.ts';

export function memoByReferenceAndDate<T>(
  build: (ref: ReferenceData, date: IsoDate) => T,
  maxDates = 8,
): (ref: ReferenceData, date: IsoDate) => T {
  const memo = new WeakMap<ReferenceData, Map<IsoDate, T>>();
  return (ref, date) => {
    let perRef = memo.get(ref);
    if (!perRef) {
      perRef = new Map();
      memo.set(ref, perRef);
    }
    if (perRef.has(date)) return perRef.get(date) as T;
    const value = build(ref, date);
    if (perRef.size >= maxDates) {
      const oldest = perRef.keys().next().value;
      if (oldest !== undefined) perRef.delete(oldest);
    }
    perRef.set(date, value);
    return value;
  };
}
