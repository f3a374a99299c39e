/** A line whose date of service is older than the payer's filing limit on the day of the check (→ CO-29). */
import { addDays } from '../../reference/as-of.ts';
import { daysBetween } from '../lines.ts';
import { DENIALS } from '../support.ts';
import type { LineEdit } from '../types.ts';

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

export const timelyFiling: LineEdit = {
  id: 'timely-filing',
  title: 'Past the timely filing limit',
  severity: 'error',
  scope: 'line',
  needs: ['rules'],
  source: 'payer rules file: program.timelyFiling (Medicare: 42 CFR 424.44)',
  denials: [DENIALS.timelyFiling],
  fixes: [],
  check({ env, claim, line, report }) {
    const days = claim.program.timelyFilingDays;
    if (days === null || line.dos === null) return;
    // Fast path: a date of service on or after (date of run − limit) is in time.
    if (line.dos >= cutoff(env.dateOfRun, days)) return;
    const age = daysBetween(line.dos, env.dateOfRun);
    if (age <= days) return;
    report({
      field: 'service date',
      message: `Line ${line.line.sequence} is for ${line.dos}, ${age} days before ${env.dateOfRun}; this payer accepts claims up to ${days} days after the date of service (last day ${addDays(line.dos, days)}).`,
      why: `Claims filed after the payer's time limit are denied and the patient cannot be billed for them.`,
      source: claim.program.timelyFilingSource ?? 'payer rules file: program.timelyFiling',
      data: { dos: line.dos, dateOfRun: env.dateOfRun, ageDays: age, limitDays: days },
    });
  },
};
