/**
 * MUE with adjudication indicator 1 (line edit): units on one line above the MUE for the setting are denied for
 * that line. Units may be split over lines only with a modifier that truthfully makes them distinct (anatomic
 * modifiers, 76/77, 91, XE/XS/XP/XU or 59) — never just to get under the MUE.
 */
import { outOfForceNote } from '../facts.ts';
import { minutesNotComparable, mueUnits, unitsText } from '../mue-units.ts';
import { DENIALS, SOURCES, levelSeverity, soften } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const mueLine: LineEdit = {
  id: 'mue-line',
  title: 'Units over the MUE on one line (MAI 1)',
  severity: 'error',
  scope: 'line',
  needs: ['reference', 'rules'],
  source: SOURCES.mue,
  denials: [DENIALS.mue],
  fixes: [],
  check({ claim, line, report }) {
    const severity = levelSeverity(claim.program.mue?.level);
    if (severity === null || claim.setting === null || line.dos === null) return;
    const mue = line.facts?.mue(claim.setting);
    if (!mue || mue.value.mai !== 1) return;
    const units = mueUnits(line);
    if (!units.ok) {
      report({
        severity: 'info',
        denial: null,
        ...minutesNotComparable(line, units.minutes, mue.value.value, claim.setting),
      });
      return;
    }
    if (units.units <= mue.value.value) return;
    const note = outOfForceNote(mue);
    report({
      severity: soften(severity, note === null),
      field: 'units',
      message: `Line ${line.line.sequence} bills ${unitsText(units)} of ${line.code}; the ${claim.setting} MUE is ${mue.value.value} per line (MAI 1), so the line would be denied.`,
      why: `MUE adjudication indicator 1 is a claim-line edit: units above the MUE on a line deny the line. Report more units on another line only with a modifier that makes them a distinct service (e.g. anatomic modifiers, 76, 91, XE/XS/XU or 59) when that is true; this can be corrected and resubmitted rather than appealed. Rationale: ${mue.value.rationale}.${note ?? ''}`,
      source: `${SOURCES.mue}; ${mue.source.label}`,
      data: {
        units: units.units,
        mue: mue.value.value,
        mai: 1,
        setting: claim.setting,
        ...(units.minutes === undefined
          ? {}
          : { minutes: units.minutes, minutesPerUnit: units.minutesPerUnit }),
      },
      doubts: 'units',
    });
  },
};
