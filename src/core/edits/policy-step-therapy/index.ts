/**
 * Step therapy: the policy wants preferred products tried first (e.g. infliximab biosimilars before the reference
 * product). Satisfied by a preferred product billed earlier (or the same day) for the patient among the claims
 * checked, by an exception documented in a note, or by a prior authorization number when the policy accepts it.
 */
import { DENIALS, listWords } from '../support.ts';
import { documentedIn, ruledGroups, type RuledLine } from '../policy.ts';
import type { BatchEdit } from '../types.ts';

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
      for (let i = 0; i < group.length; i++) {
        const g = group[i] as RuledLine;
        const rule = g.applied.rule.stepTherapy;
        if (!rule) continue;
        const patient = all.get(g.claim.patientKey) ?? [];
        const tried = patient.some(
          (p) => p.dos !== null && p.dos <= (g.line.dos as string) && rule.preferredCodes.includes(p.code),
        );
        if (tried) continue;
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
