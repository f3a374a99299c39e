/** The drug's payer policy lists covered diagnoses, and none of the line's diagnoses is among them (→ CO-11). */
import { diagnosisMatches } from '../../rules/evaluate.ts';
import { DENIALS } from '../support.ts';
import { dotted, lineDiagnoses } from '../diagnosis.ts';
import type { Claim, Diagnosis } from '../../claim/model.ts';
import type { LineEdit, LineView } from '../types.ts';

function anyCovered(dx: readonly Diagnosis[], covered: readonly string[]): boolean {
  for (const d of dx) if (covers(d, covered)) return true;
  return false;
}

const covers = (d: Diagnosis, covered: readonly string[]): boolean => {
  for (const p of covered) if (diagnosisMatches(p, d.code)) return true;
  return false;
};

/** `anyCovered(lineDiagnoses(claim, line), covered)` without the list (built only for a finding). */
function lineCovered(claim: Claim, line: LineView, covered: readonly string[]): boolean {
  const pointers = line.line.diagnosisPointers;
  if (pointers.length === 0) return anyCovered(claim.diagnoses, covered);
  for (const p of pointers) {
    for (const d of claim.diagnoses) {
      if (d.pointer !== p) continue;
      if (covers(d, covered)) return true;
      break;
    }
  }
  return false;
}

export const policyDiagnosis: LineEdit = {
  id: 'policy-diagnosis',
  title: 'Diagnosis not covered by the payer policy',
  severity: 'error',
  scope: 'line',
  needs: ['rules'],
  source: 'payer rules file: policy diagnoses.covered',
  denials: [DENIALS.diagnosisInconsistent, DENIALS.medicalNecessity],
  fixes: [],
  lines: 'policies',
  check({ claim, line, report }) {
    if (line.dos === null) return;
    for (const applied of line.policies) {
      const covered = applied.rule.diagnoses?.covered;
      if (!covered) continue;
      if (lineCovered(claim.claim, line, covered)) continue;
      const dx = lineDiagnoses(claim.claim, line);
      report({
        field: 'diagnosis',
        message:
          dx.length === 0
            ? `${line.code} on line ${line.line.sequence} has no diagnosis; ${applied.policy.title} covers it only for ${covered.map(dotted).join(', ')}.`
            : `${dx.map((d) => dotted(d.code)).join(', ')} on line ${line.line.sequence} is not among the diagnoses ${applied.policy.title} covers for ${line.code} (${covered.map(dotted).join(', ')}).`,
        why: `The payer covers ${line.code} only for the listed indications (${applied.rules.name}, policy ${applied.policy.id} v${applied.policy.version}).`,
        source: applied.source,
        denial: applied.rule.diagnoses?.denial ?? DENIALS.diagnosisInconsistent,
        data: { code: line.code, diagnoses: dx.map((d) => d.code), policy: applied.policy.id },
      });
    }
  },
};
