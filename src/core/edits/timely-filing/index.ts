/**
 * A claim filed after the payer's filing limit on the day of the check (→ CO-29).
 * - Institutional claims (a type of bill, an 837I) with a statement period are measured from its Through date
 *   (statementTo), once for the claim: a series claim (013x for a month of infusions) is in time until a year after
 *   the last day it covers, whatever the date of its first line.
 *   @see Pub 100-04 ch.1 §70.1 ("For institutional claims that include span dates of service … the 'Through' date
 *   on the claim is used for determining the date of service for claims filing timeliness"; CR 6960, CR 7080)
 * - Professional claims are measured per line, from each line's date of service.
 *   @see 42 CFR 424.44 (filing within 12 months of the date of service)
 */
import { addDays } from '../../reference/as-of.ts';
import { programSource } from '../../rules/evaluate.ts';
import type { IsoDate } from '../../reference/model.ts';
import { daysBetween } from '../../reference/as-of.ts';
import { DENIALS } from '../support.ts';
import type { ClaimEdit, ClaimView, FindingInput, LineView } from '../types.ts';

let cutoffDate = '';
let cutoffs = new Map<number, string>();
/** The earliest date of service still in time on `dateOfRun` for a limit of `days` (a run has one date, few limits). */
function cutoff(dateOfRun: string, days: number): string {
  if (dateOfRun !== cutoffDate) {
    cutoffDate = dateOfRun;
    cutoffs = new Map();
  }
  let hit = cutoffs.get(days);
  if (hit === undefined) {
    hit = addDays(dateOfRun, -days);
    cutoffs.set(days, hit);
  }
  return hit;
}

/** The Through date an institutional claim is measured from: its statement Through date, else its last line date. */
function throughDate(claim: ClaimView): IsoDate | null {
  const c = claim.claim;
  if (c.typeOfBill === undefined && c.format !== '837I') return null;
  if (c.statementTo !== undefined) return c.statementTo;
  let last: IsoDate | null = null;
  for (const l of claim.lines) {
    const d = l.line.serviceDateTo ?? l.dos;
    if (d !== null && (last === null || d > last)) last = d;
  }
  return last;
}

const WHY = `Claims filed after the payer's time limit are denied and the patient cannot be billed for them.`;

export const timelyFiling: ClaimEdit = {
  id: 'timely-filing',
  title: 'Past the timely filing limit',
  severity: 'error',
  scope: 'claim',
  needs: ['rules'],
  source: 'payer rules file: program.timelyFiling (Medicare: 42 CFR 424.44)',
  denials: [DENIALS.timelyFiling],
  fixes: [],
  check({ env, claim, report }) {
    const days = claim.program.timelyFilingDays;
    if (days === null) return;
    const first = cutoff(env.dateOfRun, days);
    // Names the rules file and version the limit came from, beside the payer's own source text.
    const source = programSource(claim.program, 'timelyFiling', claim.program.timelyFilingSource);
    const origin = claim.program.origin?.timelyFiling;
    const rules = origin ? { rulesFile: origin.file, rulesVersion: origin.version } : {};
    const through = throughDate(claim);
    if (through !== null) {
      // Fast path: a Through date on or after (date of run − limit) is in time.
      if (through >= first) return;
      const age = daysBetween(through, env.dateOfRun);
      if (age <= days) return;
      const from = claim.claim.statementFrom;
      report({
        field: 'statement through date',
        message: `The claim's statement period ends ${through}${from !== undefined && from !== through ? ` (from ${from})` : ''}, ${age} days before ${env.dateOfRun}; this payer accepts institutional claims up to ${days} days after the Through date (last day ${addDays(through, days)}).`,
        why: `${WHY} For an institutional claim with span dates the limit is counted from the Through date of the statement period, not from each line's date.`,
        source: `${source}; Pub 100-04 ch.1 §70.1 (institutional claims with span dates: the Through date)`,
        data: { through, dateOfRun: env.dateOfRun, ageDays: age, limitDays: days, ...rules },
      });
      return;
    }
    for (const line of claim.lines) {
      const late = lineFinding(line, env.dateOfRun, days, first, source, rules);
      if (late !== null) report(late);
    }
  },
};

function lineFinding(
  line: LineView,
  dateOfRun: IsoDate,
  days: number,
  first: IsoDate,
  source: string,
  rules: Readonly<Record<string, string>>,
): FindingInput | null {
  if (line.dos === null || line.dos >= first) return null;
  const age = daysBetween(line.dos, dateOfRun);
  if (age <= days) return null;
  return {
    line,
    field: 'service date',
    message: `Line ${line.line.sequence} is for ${line.dos}, ${age} days before ${dateOfRun}; this payer accepts claims up to ${days} days after the date of service (last day ${addDays(line.dos, days)}).`,
    why: WHY,
    source,
    data: { dos: line.dos, dateOfRun, ageDays: age, limitDays: days, ...rules },
  };
}
