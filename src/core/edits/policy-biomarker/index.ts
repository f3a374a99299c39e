/**
 * The drug policy requires a biomarker result on file (e.g. PD-L1 expression for a checkpoint inhibitor) for the
 * claim's diagnosis (`requiredFor`, else any diagnosis), and the claim shows none: no claim or line note (NTE)
 * mentions it without negating it ("PD-L1 not done" is no result), and no diagnosis states it (`evidenceDiagnoses`).
 */
import { diagnosisMatches } from '../../rules/evaluate.ts';
import { documentedIn } from '../policy.ts';
import { DENIALS, listWords } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const policyBiomarker: LineEdit = {
  id: 'policy-biomarker',
  title: 'Required biomarker documentation missing',
  severity: 'error',
  scope: 'line',
  needs: ['rules'],
  source: 'payer rules file: policy biomarker',
  denials: [DENIALS.missingSupport],
  fixes: [],
  lines: 'policies',
  check({ claim, line, report }) {
    if (line.dos === null || line.modifiers.includes('JW')) return;
    for (const applied of line.policies) {
      const rule = applied.rule.biomarker;
      if (!rule) continue;
      const requiredFor = rule.requiredFor;
      const forDiagnosis =
        requiredFor === undefined
          ? undefined
          : claim.claim.diagnoses.find((d) => requiredFor.some((p) => diagnosisMatches(p, d.code)));
      if (requiredFor !== undefined && forDiagnosis === undefined) continue;
      if (documentedIn(claim.claim, line.line, rule.evidence) !== null) continue;
      const proof = rule.evidenceDiagnoses;
      if (proof && claim.claim.diagnoses.some((d) => proof.some((p) => diagnosisMatches(p, d.code))))
        continue;
      report({
        field: 'notes (NTE)',
        message: `${line.code} on line ${line.line.sequence} requires a documented ${rule.name} result, and the claim shows none (no note mentions any of ${listWords(
          rule.evidence.map((e) => `"${e}"`),
          'or',
        )} as a result; "not done", "pending" or "no …" next to it is not a result).`,
        why: `${applied.policy.title}: the payer covers ${line.code}${forDiagnosis ? ` for ${forDiagnosis.code}` : ''} only with a ${rule.name} result on file; put it in a claim or line note (837 NTE) or attach it.`,
        source: applied.source,
        denial: rule.denial ?? DENIALS.missingSupport,
        data: {
          code: line.code,
          biomarker: rule.name,
          policy: applied.policy.id,
          ...(forDiagnosis ? { diagnosis: forDiagnosis.code } : {}),
        },
      });
    }
  },
};
