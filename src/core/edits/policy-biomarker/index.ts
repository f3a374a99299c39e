/**
 * The drug policy requires a biomarker result on file (e.g. PD-L1 expression for a checkpoint inhibitor), and the
 * claim shows none: no claim or line note (NTE) mentions it, and no diagnosis carries it.
 */
import { diagnosisMatches } from '../../rules/evaluate.ts';
import { notesMention } from '../lines.ts';
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
      if (notesMention(claim.claim, line.line, rule.evidence) !== null) continue;
      if (
        rule.diagnoses &&
        claim.claim.diagnoses.some((d) => rule.diagnoses?.some((p) => diagnosisMatches(p, d.code)))
      )
        continue;
      report({
        field: 'notes (NTE)',
        message: `${line.code} on line ${line.line.sequence} requires a documented ${rule.name} result, and the claim shows none (no note mentions any of ${listWords(
          rule.evidence.map((e) => `"${e}"`),
          'or',
        )}).`,
        why: `${applied.policy.title}: the payer covers ${line.code} only with a ${rule.name} result on file; put it in a claim or line note (837 NTE) or attach it.`,
        source: applied.source,
        denial: rule.denial ?? DENIALS.missingSupport,
        data: { code: line.code, biomarker: rule.name, policy: applied.policy.id },
      });
    }
  },
};
