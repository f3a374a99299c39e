/**
 * Payer quantity limit: at most N billing units (`maxUnits`) or an amount of drug (`maxAmount`, e.g. 6 mg, turned
 * into billing units with the code's billing unit from the reference data) per line, per date of service, or in
 * any rolling window of D days. All lines of the rule's codes for the patient count, JW lines included (discarded
 * units are billed units), whichever version of the policy was in force on their dates: a limit in force on a date
 * counts every earlier administration in its window (a new version's window reaches back past its start).
 */
import { dayNumber } from '../../reference/as-of.ts';
import { DENIALS } from '../support.ts';
import { ruledGroups, type RuledLine } from '../policy.ts';
import type { BatchEdit, LineView } from '../types.ts';

const MG_PER: Readonly<Record<string, number>> = { g: 1000, mg: 1, mcg: 0.001, ng: 0.000001 };

interface UnitLimit {
  maxUnits: number;
  /** "1 unit" / "6 mg (12 units of 0.5 mg)", for messages. */
  text: string;
  /** The billing unit used to convert `maxAmount`, if any. */
  billingUnit?: string;
}

/** The limit in billing units for `line`'s code, or null when `maxAmount` cannot be converted for it. */
function unitLimit(
  limit: { maxUnits?: number; maxAmount?: { amount: number; unit: string } },
  line: LineView,
): UnitLimit | null {
  if (limit.maxUnits !== undefined)
    return { maxUnits: limit.maxUnits, text: `${limit.maxUnits} unit${limit.maxUnits === 1 ? '' : 's'}` };
  const max = limit.maxAmount;
  if (!max) return null;
  const descriptor = line.facts?.descriptor;
  if (!descriptor || descriptor.value.kind !== 'parsed') return null;
  const bu = descriptor.value.billingUnit;
  const buFactor = MG_PER[bu.unit];
  const maxFactor = MG_PER[max.unit];
  if (buFactor === undefined || maxFactor === undefined) return null;
  // Units are whole: an amount that is not a whole number of billing units allows the units that cover it.
  const maxUnits = Math.ceil((max.amount * maxFactor) / buFactor / bu.amount - 1e-9);
  return {
    maxUnits,
    text: `${max.amount} ${max.unit} (${maxUnits} unit${maxUnits === 1 ? '' : 's'} of ${bu.text})`,
    billingUnit: bu.text,
  };
}

/** A patient's lines that count against one rule, by date: sorted day numbers and running sums of their units. */
interface Timeline {
  days: number[];
  /** sums[i]: the units of the first i lines. */
  sums: number[];
}

/**
 * Whether line `o` of the patient counts against `g`'s limit: billed under the same policy of the same payer file (any
 * version), with a code the rule in force names, on a date.
 */
function countsAgainst(o: LineView, g: RuledLine): boolean {
  const { policy, rules, rule } = g.applied;
  return (
    o.dos !== null &&
    rule.codes.includes(o.code) &&
    o.policies.some((a) => a.policy.id === policy.id && a.rules.id === rules.id)
  );
}

/** A patient of up to this many lines is summed line by line (the usual patient: nothing built). */
const SMALL_PATIENT = 32;

/** The units of the patient's lines that count against `g`'s limit, dated from day `from` to day `to`. */
function unitsInWindow(
  timelines: Map<string, Timeline>,
  patient: readonly LineView[],
  g: RuledLine,
  from: number,
  to: number,
): number {
  if (patient.length > SMALL_PATIENT) return unitsBetween(countedLines(timelines, patient, g), from, to);
  let units = 0;
  for (let j = 0; j < patient.length; j++) {
    const o = patient[j] as LineView;
    if (!countsAgainst(o, g)) continue;
    const day = dayNumber(o.dos as string);
    if (day >= from && day <= to) units += o.line.units;
  }
  return round6(units);
}

/**
 * The lines of a big patient that count against `g`'s limit, sorted by date once per patient and rule, so that a
 * patient with thousands of lines (one patient's years of infusions, or every row under one placeholder member id) costs a sort, not a pass over every line for
 * each line.
 */
function countedLines(
  timelines: Map<string, Timeline>,
  patient: readonly LineView[],
  g: RuledLine,
): Timeline {
  const { policy, rules, rule } = g.applied;
  const key = `${g.claim.patientKey}\u0000${policy.id}\u0000${rules.id}\u0000${rule.codes.join(',')}`;
  let t = timelines.get(key);
  if (t !== undefined) return t;
  const counted: { day: number; units: number }[] = [];
  for (let j = 0; j < patient.length; j++) {
    const o = patient[j] as LineView;
    if (countsAgainst(o, g)) counted.push({ day: dayNumber(o.dos as string), units: o.line.units });
  }
  counted.sort((a, b) => a.day - b.day);
  t = { days: counted.map((c) => c.day), sums: [0] };
  for (const c of counted) t.sums.push((t.sums.at(-1) as number) + c.units);
  timelines.set(key, t);
  return t;
}

/** Running sums of fractional units leave float noise (0.30000000000000004): units are sent with few decimals. */
const round6 = (units: number): number => Math.round(units * 1e6) / 1e6;

/** The units of the timeline's lines dated from day `from` to day `to`, both included. */
function unitsBetween(t: Timeline, from: number, to: number): number {
  const at = (day: number): number => {
    // The first line dated on or after `day`.
    let lo = 0;
    let hi = t.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((t.days[mid] as number) < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return round6((t.sums[at(to + 1)] as number) - (t.sums[at(from)] as number));
}

export const policyQuantityLimit: BatchEdit = {
  id: 'policy-quantity-limit',
  title: 'Payer quantity limit exceeded',
  severity: 'error',
  scope: 'batch',
  needs: ['rules', 'history', 'reference'],
  source: 'payer rules file: policy quantityLimit',
  denials: [DENIALS.benefitMaximum],
  fixes: [],
  check({ policyPatientLines, report }) {
    const all = policyPatientLines();
    // Index loops: a batch edit runs once per batch, where a for-of makes an object per step.
    const groups = ruledGroups(all, (r) => r.quantityLimit !== undefined, true);
    const timelines = new Map<string, Timeline>();
    for (let k = 0; k < groups.length; k++) {
      const group = groups[k] as RuledLine[];
      for (let i = 0; i < group.length; i++) {
        const g = group[i] as RuledLine;
        const limit = g.applied.rule.quantityLimit;
        if (!limit) continue;
        const units = unitLimit(limit, g.line);
        if (units === null) {
          const max = limit.maxAmount;
          report(g.claim, {
            line: g.line,
            severity: 'warning',
            denial: null,
            field: 'units',
            message: `The payer limits ${g.line.code} to ${max ? `${max.amount} ${max.unit}` : '?'} ${perText(limit)}, and the billing unit of ${g.line.code} on ${g.line.dos ?? ''} is not known in mg, so the units on line ${g.line.line.sequence} cannot be checked against it.`,
            why: `${g.applied.policy.title}: quantity limit in drug amount; check the code's descriptor, or write the limit in billing units (maxUnits).`,
            source: g.applied.source,
            data: { code: g.line.code, policy: g.applied.policy.id, version: g.applied.policy.version },
          });
          continue;
        }
        let total = 0;
        if (limit.per === 'line') total = g.line.line.units;
        else if (g.line.dos !== null) {
          const days = limit.per === 'service-day' ? 1 : (limit.days ?? 1);
          const patient = all.get(g.claim.patientKey) ?? group.map((x) => x.line);
          const to = dayNumber(g.line.dos);
          total = unitsInWindow(timelines, patient, g, to - days + 1, to);
        }
        if (total <= units.maxUnits) continue;
        const span =
          limit.per === 'line'
            ? 'on one line'
            : limit.per === 'service-day'
              ? `on ${g.line.dos ?? ''}`
              : `in the ${limit.days ?? 1} days ending ${g.line.dos ?? ''}`;
        report(g.claim, {
          line: g.line,
          field: 'units',
          message: `${total} units of ${g.applied.rule.codes.join('/')} ${span} for this patient exceed the payer's limit of ${units.text} ${perText(limit)}.`,
          why: `${g.applied.policy.title} v${g.applied.policy.version}: quantity limit ${units.text} ${perText(limit)}${units.billingUnit ? ` (converted with the billing unit of ${g.line.code}, ${units.billingUnit})` : ' (in billing units)'}. Lines under earlier versions of the policy count too. Only the claims checked together are counted.`,
          source: g.applied.source,
          denial: limit.denial ?? DENIALS.benefitMaximum,
          data: {
            code: g.line.code,
            total,
            maxUnits: units.maxUnits,
            ...(limit.maxAmount ? { maxAmount: limit.maxAmount, billingUnit: units.billingUnit } : {}),
            per: limit.per,
            policy: g.applied.policy.id,
            version: g.applied.policy.version,
          },
        });
      }
    }
  },
};

function perText(limit: { per: string; days?: number }): string {
  return limit.per === 'line'
    ? 'per line'
    : limit.per === 'service-day'
      ? 'per day'
      : `per ${limit.days ?? ''} days`;
}
