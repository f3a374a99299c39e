/** Units of service that are zero, negative, fractional or not a number. */
import { isWholePositive } from '../lines.ts';
import { DENIALS, SOURCES } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const unitsInvalid: LineEdit = {
  id: 'units-invalid',
  title: 'Units zero, negative or fractional',
  severity: 'error',
  scope: 'line',
  needs: [],
  source: SOURCES.units,
  denials: [DENIALS.invalidUnits],
  fixes: [],
  check({ line, report }) {
    const units = line.line.units;
    if (isWholePositive(units)) return;
    // 837 unit types other than UN (MJ minutes) may be fractional only where the TR3 allows; drug units never are.
    const what = !Number.isFinite(units)
      ? 'not a number'
      : units === 0
        ? // Readers give 0 for units that are missing or unreadable (and report that as a read problem).
          'zero, missing or unreadable in the file'
        : units < 0
          ? 'negative'
          : 'a fraction';
    report({
      field: 'units',
      message: `Line ${line.line.sequence} bills ${Number.isFinite(units) ? units : String(units)} unit(s) of ${line.code}, which is ${what}.`,
      why: 'Units of service are whole numbers of the billing unit in the code descriptor, at least 1; doses between units round up to a whole unit.',
      data: { units },
    });
  },
};
