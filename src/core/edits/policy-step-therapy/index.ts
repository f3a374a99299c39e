/**
 * Step therapy: the policy wants preferred products tried first (e.g. infliximab biosimilars before the reference
 * product). Satisfied by a preferred product billed earlier (or the same day) for the patient among the claims
 * checked, by an exception documented in a note, or by a prior authorization number when the policy accepts it.
 */
import { DENIALS, listWords } from '../support.ts';
import { documentedIn, ruledGroups, type RuledLine } from '../policy.ts';
import type { BatchEdit, BatchLine } from '../types.ts';

export const policyStepTherapy: BatchEdit = {
  id: 'policy-step-therapy',
  title: 'Step therapy: preferred product not tried first',
  severity: 'error',
  scope: 'batch',
  needs: ['rules', 'history'],
  source: 'payer rules file: policy stepTherapy',
  denials: [DENIALS.guidelinesNotMet],
  fixes: [],
  check({ policyPatientLines, report }) {
    const all = policyPatientLines();
    // Index loops: a batch edit runs once per batch, where a for-of makes an object per step.
    const groups = ruledGroups(all, (r) => r.stepTherapy !== undefined);
    for (let k = 0; k < groups.length; k++) {
      const group = groups[k] as RuledLine[];
      // A group is one patient's lines under one rule: the first trial of a preferred product is looked for once
      // per group (null: none), not among all the patient's lines for each line (a patient of thousands of lines).
      let firstTrial: string | null | undefined;
      for (let i = 0; i < group.length; i++) {
        const g = group[i] as RuledLine;
        const rule = g.applied.rule.stepTherapy;
        if (!rule) continue;
        if (firstTrial === undefined)
          firstTrial = earliestOf(all.get(g.claim.patientKey) ?? [], rule.preferredCodes);
        // Tried: a preferred product billed earlier or the same day.
        if (firstTrial !== null && firstTrial <= (g.line.dos as string)) continue;
        if (rule.priorAuthSatisfies && (g.claim.claim.priorAuthorization?.trim() ?? '') !== '') continue;
        if (documentedIn(g.claim.claim, g.line.line, rule.exceptionEvidence) !== null) continue;
        report(g.claim, {
          line: g.line,
          field: 'procedure code',
          message: `${g.line.code} on line ${g.line.line.sequence} is not a preferred product, and no trial of ${listWords([...rule.preferredCodes])} (or an approved exception) is shown.`,
          why: `${g.applied.policy.title}: the payer covers ${g.line.code} after the preferred products have been tried${rule.priorAuthSatisfies ? ', or with an approved exception (prior authorization)' : ''}. Only the claims checked together are seen.`,
          source: g.applied.source,
          denial: rule.denial ?? DENIALS.guidelinesNotMet,
          data: { code: g.line.code, preferred: rule.preferredCodes, policy: g.applied.policy.id },
        });
      }
    }
  },
};

/** The earliest date of service of the lines with one of `codes`, or null when none has. */
function earliestOf(lines: readonly BatchLine[], codes: readonly string[]): string | null {
  let earliest: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const p = lines[i] as BatchLine;
    if (p.dos !== null && (earliest === null || p.dos < earliest) && codes.includes(p.code)) earliest = p.dos;
  }
  return earliest;
}
