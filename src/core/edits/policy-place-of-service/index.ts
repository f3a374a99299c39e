/** The drug policy restricts where the drug may be given (site of care), and the line's place of service is not allowed. */
import { DENIALS } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const policyPlaceOfService: LineEdit = {
  id: 'policy-place-of-service',
  title: 'Place of service not allowed by the payer policy',
  severity: 'error',
  scope: 'line',
  needs: ['rules'],
  source: 'payer rules file: policy placeOfService',
  denials: [DENIALS.placeOfService],
  fixes: [],
  lines: 'policies',
  check({ claim, line, report }) {
    if (line.dos === null) return;
    for (const applied of line.policies) {
      const rule = applied.rule.placeOfService;
      if (!rule) continue;
      const pos = line.line.placeOfService ?? claim.claim.placeOfService;
      const allowed = rule.allowed ?? [];
      const denied = rule.denied ?? [];
      if (pos === undefined) {
        report({
          severity: 'warning',
          denial: null,
          field: 'place of service',
          message: `The payer restricts where ${line.code} may be given${allowed.length > 0 ? ` (place of service ${allowed.join(', ')})` : ''}, and line ${line.line.sequence} has no place of service to check.`,
          why: `${applied.policy.title}: site-of-care restriction.`,
          source: applied.source,
        });
        continue;
      }
      const bad = (allowed.length > 0 && !allowed.includes(pos)) || denied.includes(pos);
      if (!bad) continue;
      report({
        field: 'place of service',
        message: `${line.code} on line ${line.line.sequence} is billed at place of service ${pos}; the payer covers it ${allowed.length > 0 ? `only at ${allowed.join(', ')}` : `not at ${denied.join(', ')}`}.`,
        why: `${applied.policy.title}: site-of-care restriction.`,
        source: applied.source,
        denial: rule.denial ?? DENIALS.placeOfService,
        data: { code: line.code, placeOfService: pos, allowed, denied },
      });
    }
  },
};
