/**
 * MUE with adjudication indicator 2 (policy) or 3 (clinical): the units of a code for the same patient, provider
 * and date of service are summed across lines AND claims; above the MUE, every line of that day is denied.
 * MAI 2 denials are not overturned on appeal (absolute, by policy or regulation); MAI 3 denials can be appealed
 * with medical records showing the units were medically necessary.
 *
 * A day can hold thousands of lines (one patient's batch, or a file that gives every row the same placeholder member id): the lines are
 * grouped in one pass, and each finding names at most `LISTED` lines of its group, the whole group being listed
 * once, in the data of the finding on the group's first line. Listing every line in every finding made the report
 * grow with the square of the lines (912 MB for a 1.7 MB upload).
 */
import { outOfForceNote } from '../facts.ts';
import { lineLabel, mueProviderKey } from '../lines.ts';
import { countsMinutes, minutesNotComparable, mueUnits } from '../mue-units.ts';
import { DENIALS, SOURCES, levelSeverity, soften } from '../support.ts';
import type { Mue, Sourced } from '../../reference/model.ts';
import type { BatchLine, DayContext, DayEdit } from '../types.ts';

/** Lines named in one finding's message; the rest are counted. */
export const LISTED = 10;

/** Lines of one code, setting and MUE provider on the day, with the units each counts against the MUE. */
interface Group {
  readonly mue: Sourced<Mue>;
  readonly lines: BatchLine[];
  readonly units: number[];
  /** Minutes of lines reported in minutes (MJ) and converted, by index in `lines`; undefined for units. */
  readonly minutes: (number | undefined)[];
  total: number;
}

/** Days of up to this many lines are compared line by line, with nothing built unless a group is over its MUE. */
const SMALL_DAY = 32;

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
    if (day.length > SMALL_DAY) {
      checkBigDay(day, report);
      return;
    }
    // The usual day: a claim or two, a drug and its administration. Each group is summed at its first line; the
    // provider key is built only when two lines have the same code.
    for (let i = 0; i < day.length; i++) {
      const first = day[i] as BatchLine;
      const mue = mueOf(first);
      if (mue === undefined) continue;
      const units = unitsOf(first, mue, report);
      if (units === null) continue;
      let key: string | undefined;
      let seen = false;
      for (let j = 0; j < i && !seen; j++) {
        const b = day[j] as BatchLine;
        seen = sameCode(b, first) && comparable(b) && provider(b) === (key ??= provider(first));
      }
      if (seen) continue;
      let total = units;
      let more = false;
      for (let j = i + 1; j < day.length; j++) {
        const b = day[j] as BatchLine;
        if (!sameCode(b, first) || !comparable(b) || provider(b) !== (key ??= provider(first))) continue;
        total += unitsOf(b, mue, null) ?? 0;
        more = true;
      }
      if (total <= mue.value.value) continue;
      const g = newGroup(mue);
      add(g, first);
      if (more)
        for (let j = i + 1; j < day.length; j++) {
          const b = day[j] as BatchLine;
          if (sameCode(b, first) && comparable(b) && provider(b) === key) add(g, b);
        }
      reportGroup(g, report);
    }
  },
};

/** A day of many lines (a patient's whole batch on one date): grouped by key in one pass. */
function checkBigDay(day: readonly BatchLine[], report: DayContext['report']): void {
  const groups = new Map<string, Group>();
  for (let i = 0; i < day.length; i++) {
    const b = day[i] as BatchLine;
    const mue = mueOf(b);
    if (mue === undefined || unitsOf(b, mue, report) === null) continue;
    const key = groupKey(b);
    let g = groups.get(key);
    if (g === undefined) {
      g = newGroup(mue);
      groups.set(key, g);
    }
    add(g, b);
  }
  for (const g of groups.values()) if (g.total > g.mue.value.value) reportGroup(g, report);
}

/** The line's MUE when it has one with MAI 2 or 3 for its setting on its date. */
function mueOf(b: BatchLine): Sourced<Mue> | undefined {
  const setting = b.claim.setting;
  if (setting === null || b.dos === null) return undefined;
  const mue = b.facts?.mue(setting);
  return mue && mue.value.mai !== 1 ? mue : undefined;
}

/**
 * The units the line counts against the MUE: its units, or minutes (MJ) converted when the code's descriptor says
 * how long a unit is. Null for minutes that cannot be converted, which are reported (once, when `report` is given)
 * as not compared.
 */
function unitsOf(b: BatchLine, mue: Sourced<Mue>, report: DayContext['report'] | null): number | null {
  if (!countsMinutes(b)) return b.line.units;
  const u = mueUnits(b);
  if (u.ok) return u.units;
  if (report !== null && levelSeverity(b.claim.program.mue?.level) !== null)
    report(b.claim, {
      line: b,
      severity: 'info',
      denial: null,
      ...minutesNotComparable(b, u.minutes, mue.value.value, b.claim.setting ?? ''),
    });
  return null;
}

/** False for a line of minutes that cannot be converted: it is in no group. */
const comparable = (b: BatchLine): boolean => !countsMinutes(b) || mueUnits(b).ok;

function newGroup(mue: Sourced<Mue>): Group {
  return { mue, lines: [], units: [], minutes: [], total: 0 };
}

function add(g: Group, b: BatchLine): void {
  const minutes = countsMinutes(b);
  const units = minutes ? unitsOf(b, g.mue, null) : b.line.units;
  g.lines.push(b);
  g.units.push(units ?? 0);
  g.minutes.push(minutes ? b.line.units : undefined);
  g.total += units ?? 0;
}

/** Same code and setting: the cheap part of the group test. */
function sameCode(a: BatchLine, b: BatchLine): boolean {
  return a.code === b.code && a.claim.setting === b.claim.setting;
}

const provider = (b: BatchLine): string => mueProviderKey(b.claim, b);

/** Same code, setting and MUE provider: the lines whose units are summed. */
function groupKey(b: BatchLine): string {
  return `${b.code}\u0000${b.claim.setting ?? ''}\u0000${mueProviderKey(b.claim, b)}`;
}

function reportGroup(g: Group, report: DayContext['report']): void {
  const { mue, lines, total } = g;
  const first = lines[0] as BatchLine;
  const mai = mue.value.mai;
  const note = outOfForceNote(mue);
  // Claim ids repeat across files: name the file when the lines come from several.
  const file0 = first.claim.claim.position?.file;
  const manyFiles = lines.some((l) => l.claim.claim.position?.file !== file0);
  const where = (i: number): string => {
    const l = lines[i] as BatchLine;
    const file = l.claim.claim.position?.file;
    const minutes = g.minutes[i];
    return `${g.units[i] ?? 0}${minutes === undefined ? '' : ` (${minutes} minutes)`} on ${lineLabel(l)} of claim ${l.claim.claim.id}${manyFiles && file !== undefined ? ` in ${file}` : ''}`;
  };
  const shown: string[] = [];
  for (let i = 0; i < Math.min(lines.length, LISTED); i++) shown.push(where(i));
  const more = lines.length - shown.length;
  const listed =
    more > 0 ? `${shown.join(', ')} and ${more} more line${more === 1 ? '' : 's'}` : shown.join(', ');
  // One message and one why for the whole group: every finding shares the same strings.
  const message = `${first.code} on ${first.dos ?? ''}: ${total} units for this patient and provider (${listed}) exceed the ${first.claim.setting ?? ''} MUE of ${mue.value.value} per day (MAI ${mai}).`;
  const why =
    mai === 2
      ? `MAI 2 is a date-of-service edit based on policy: all units of the code on the day are denied when their sum exceeds the MUE, and such denials are not overturned on appeal. Rationale: ${mue.value.rationale}.${note ?? ''}`
      : `MAI 3 is a date-of-service edit based on clinical data: all units of the code on the day are denied when their sum exceeds the MUE; the denial can be appealed with records showing the units were medically necessary. Rationale: ${mue.value.rationale}.${note ?? ''}`;
  const source = `${SOURCES.mue}; ${mue.source.label}`;
  // The whole group is listed once, on the first line that gets a finding (a payer may switch MUEs off); the other
  // findings say where.
  let listedOn: { claimIndex: number; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as BatchLine;
    const severity = levelSeverity(l.claim.program.mue?.level);
    if (severity === null) continue;
    const minutes = g.minutes[i];
    report(l.claim, {
      line: l,
      severity: soften(severity, note === null),
      field: 'units',
      message,
      why,
      source,
      appealable: mai === 3,
      data: {
        code: first.code,
        dos: first.dos,
        totalUnits: total,
        mue: mue.value.value,
        mai,
        setting: first.claim.setting,
        lines: lines.length,
        ...(minutes === undefined ? {} : { minutes, units: g.units[i] }),
        ...(listedOn === undefined
          ? { group: lines.map((_, k) => groupEntry(g, k)) }
          : { groupListedOn: listedOn }),
      },
      doubts: 'units',
    });
    listedOn ??= { claimIndex: l.claim.index, line: l.line.sequence };
  }
}

function groupEntry(
  g: Group,
  k: number,
): { claimIndex: number; claimId: string; line: number; units: number; minutes?: number } {
  const l = g.lines[k] as BatchLine;
  const minutes = g.minutes[k];
  return {
    claimIndex: l.claim.index,
    claimId: l.claim.claim.id,
    line: l.line.sequence,
    units: g.units[k] ?? 0,
    ...(minutes === undefined ? {} : { minutes }),
  };
}
