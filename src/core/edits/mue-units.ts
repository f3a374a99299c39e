/**
 * The units a line counts against an MUE. MUEs count units of service as the code's descriptor defines them; a line
 * whose unit type is MJ counts minutes instead (anesthesia time), and 60 minutes of 96413 are not 60 units. Minutes
 * are turned into units when the HCPCS descriptor states the time one unit stands for ("each 15 minutes", "per
 * hour"); otherwise they cannot be compared with the MUE, and the MUE edits say so instead of guessing.
 * @see X12 837P TR3 005010X222A1 SV103 (unit or basis for measurement: MJ minutes, UN unit) and SV104 (quantity)
 * @see Pub 100-04 ch.5 §20.2 (timed codes: a unit counts once at least half its time, the 8-minute rule for 15 minutes)
 */
import type { LineView } from './types.ts';

export type MueUnits =
  /** `minutes` and `minutesPerUnit` when the line counted minutes and they were converted. */
  | { ok: true; units: number; minutes?: number; minutesPerUnit?: number }
  /** Minutes of a code whose descriptor states no time per unit: not comparable with an MUE. */
  | { ok: false; minutes: number };

/**
 * A time per unit at the end of a clause of the descriptor: ", each 15 minutes", "; per hour", ") each 15 minutes",
 * "Each additional 30 minutes". Not "50 ml or greater per hour" nor "0.013mg per 24 hours" (a rate, not the unit).
 */
const TIME_UNIT = /(?:^|[,;()]\s*)(?:per|each)(?:\s+additional)?\s*(\d+)?\s*(minutes?|mins?|hours?|hrs?)\b/i;

/** Minutes one unit of the code stands for, from its HCPCS descriptor; null when it states none. */
export function minutesPerUnit(descriptor: string | undefined): number | null {
  if (descriptor === undefined) return null;
  const m = TIME_UNIT.exec(descriptor);
  if (!m) return null;
  const count = m[1] === undefined ? 1 : Number(m[1]);
  const minutes = /^h/i.test(m[2] ?? '') ? count * 60 : count;
  return minutes > 0 ? minutes : null;
}

/** True when the line's quantity is minutes (unit type MJ), not units of service. */
export function countsMinutes(line: LineView): boolean {
  const type = line.line.unitType;
  return type !== undefined && type !== 'UN' && type.trim().toUpperCase() === 'MJ';
}

export function mueUnits(line: LineView): MueUnits {
  const units = line.line.units;
  if (!countsMinutes(line)) return { ok: true, units };
  const per = minutesPerUnit(line.hcpcs?.value.longDescription);
  if (per === null) return { ok: false, minutes: units };
  // A unit counts once at least half its time is reached (rounded half up).
  return { ok: true, units: Math.floor(units / per + 0.5), minutes: units, minutesPerUnit: per };
}

/** "10 units (150 minutes, 15 per unit)" or "10 units". */
export function unitsText(u: MueUnits & { ok: true }): string {
  return u.minutes === undefined
    ? `${u.units} units`
    : `${u.units} units (${u.minutes} minutes, ${u.minutesPerUnit ?? ''} per unit)`;
}

/** The finding that says why a line of minutes was not compared with its MUE. */
export function minutesNotComparable(
  line: LineView,
  minutes: number,
  mue: number,
  setting: string,
): { field: string; message: string; why: string; data: Record<string, unknown> } {
  return {
    field: 'units',
    message: `Line ${line.line.sequence} reports ${minutes} minutes of ${line.code} (unit type MJ), not units of service: it was not compared with the ${setting} MUE of ${mue} unit${mue === 1 ? '' : 's'}, since the code's descriptor gives no time per unit to convert the minutes with.`,
    why: 'MUEs count units of service as the code descriptor defines them. Unit type MJ means the quantity is minutes, which is how anesthesia time is reported; for other codes payers expect units (UN). Report the units of service unless this payer asks for minutes for this code.',
    data: { code: line.code, minutes, mue, setting, unitType: 'MJ' },
  };
}
