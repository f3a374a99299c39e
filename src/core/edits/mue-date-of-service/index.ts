/**
 * MUE with adjudication indicator 2 (policy) or 3 (clinical): the units of a code for the same patient, provider
 * and date of service are summed across lines AND claims; above the MUE, every line of that day is denied.
 * MAI 2 denials are not overturned on appeal (absolute, by policy or regulation); MAI 3 denials can be appealed
 * with medical records showing the units were medically necessary.
 */
import { outOfForceNote } from '../facts.ts';
import { lineLabel, mueProviderKey } from '../lines.ts';
import { DENIALS, SOURCES, levelSeverity, soften } from '../support.ts';
import type { Mue, Sourced } from '../../reference/model.ts';
import type { BatchLine, DayContext, DayEdit } from '../types.ts';

export const mueDateOfService: DayEdit = {
  id: 'mue-date-of-service',
  title: 'Units over the MUE for the date of service (MAI 2/3)',
  severity: 'error',
  scope: 'batch',
  needs: ['reference', 'rules', 'history'],
  source: SOURCES.mue,
  denials: [DENIALS.mue],
  fixes: [],
  checkDay(day, { report }) {
    for (let i = 0; i < day.length; i++) {
      const first = day[i] as BatchLine;
      const setting = first.claim.setting;
      if (setting === null || first.dos === null) continue;
      // Only codes with an MAI 2/3 MUE are summed (most lines stop here, before the group scan).
      const mue = first.facts?.mue(setting);
      if (!mue || mue.value.mai === 1) continue;
      // The group is every line of the day with the same code, setting and MUE provider; handle it at its first line.
      // (The first line's provider is looked up once, and only when another line has the same code.)
      let key: string | undefined;
      let seen = false;
      for (let j = 0; j < i && !seen; j++) {
        const b = day[j] as BatchLine;
        seen =
          sameCode(b, first) && mueProviderKey(b.claim, b) === (key ??= mueProviderKey(first.claim, first));
      }
      if (seen) continue;
      let total = first.line.units;
      for (let j = i + 1; j < day.length; j++) {
        const b = day[j] as BatchLine;
        if (sameCode(b, first) && mueProviderKey(b.claim, b) === (key ??= mueProviderKey(first.claim, first)))
          total += b.line.units;
      }
      if (total <= mue.value.value) continue;
      const group = day.filter((b, j) => j >= i && sameGroup(b, first));
      reportGroup(group, mue, total, report);
    }
  },
};

/** Same code and setting: the first two thirds of `sameGroup`. */
function sameCode(a: BatchLine, b: BatchLine): boolean {
  return a.code === b.code && a.claim.setting === b.claim.setting;
}

function sameGroup(a: BatchLine, b: BatchLine): boolean {
  return (
    a.code === b.code &&
    a.claim.setting === b.claim.setting &&
    mueProviderKey(a.claim, a) === mueProviderKey(b.claim, b)
  );
}

function reportGroup(
  group: readonly BatchLine[],
  mue: Sourced<Mue>,
  total: number,
  report: DayContext['report'],
): void {
  const first = group[0] as BatchLine;
  const mai = mue.value.mai;
  const note = outOfForceNote(mue);
  // Claim ids repeat across files: name the file when the lines come from several.
  const files = new Set(group.map((g) => g.claim.claim.position?.file));
  const parts = group.map(
    (g) =>
      `${g.line.units} on ${lineLabel(g)} of claim ${g.claim.claim.id}${files.size > 1 && g.claim.claim.position?.file !== undefined ? ` in ${g.claim.claim.position.file}` : ''}`,
  );
  for (const g of group) {
    const severity = levelSeverity(g.claim.program.mue?.level);
    if (severity === null) continue;
    report(g.claim, {
      line: g,
      severity: soften(severity, note === null),
      field: 'units',
      message: `${first.code} on ${first.dos ?? ''}: ${total} units for this patient and provider (${parts.join(', ')}) exceed the ${first.claim.setting ?? ''} MUE of ${mue.value.value} per day (MAI ${mai}).`,
      why:
        mai === 2
          ? `MAI 2 is a date-of-service edit based on policy: all units of the code on the day are denied when their sum exceeds the MUE, and such denials are not overturned on appeal. Rationale: ${mue.value.rationale}.${note ?? ''}`
          : `MAI 3 is a date-of-service edit based on clinical data: all units of the code on the day are denied when their sum exceeds the MUE; the denial can be appealed with records showing the units were medically necessary. Rationale: ${mue.value.rationale}.${note ?? ''}`,
      source: `${SOURCES.mue}; ${mue.source.label}`,
      appealable: mai === 3,
      data: {
        code: first.code,
        dos: first.dos,
        totalUnits: total,
        mue: mue.value.value,
        mai,
        setting: first.claim.setting,
        lines: group.length,
      },
      doubts: 'units',
    });
  }
}
