/**
 * Payer treatment-duration cap (e.g. 12 months of a checkpoint inhibitor): administrations from the start plus the
 * cap onward are not covered. The start is the authorization's start date when the caller passes authorizations,
 * else the first administration among the claims checked.
 */
import { addMonths } from '../lines.ts';
import { DENIALS } from '../support.ts';
import { authorizationsByNumber, ruledGroups, type RuledLine } from '../policy.ts';
import type { BatchEdit } from '../types.ts';

export const policyDurationCap: BatchEdit = {
  id: 'policy-duration-cap',
  title: 'Treatment beyond the payer duration cap',
  severity: 'error',
  scope: 'batch',
  needs: ['rules', 'history'],
  source: 'payer rules file: policy durationCap',
  denials: [DENIALS.guidelinesExceeded],
  fixes: [],
  check({ env, policyPatientLines, report }) {
    // Index loops: a batch edit runs once per batch, where a for-of makes an object per step.
    const groups = ruledGroups(policyPatientLines(), (r) => r.durationCap !== undefined);
    // Looked up by number: a batch of thousands of patients and authorizations goes through them once, not per group.
    const byNumber = env.authorizations.length === 0 ? undefined : authorizationsByNumber(env);
    for (let k = 0; k < groups.length; k++) {
      const group = groups[k] as RuledLine[];
      const first = group[0];
      const cap = first?.applied.rule.durationCap;
      if (!first || !cap) continue;
      // The claim's authorization matters only when the caller passed authorizations to match it with.
      const auth = byNumber !== undefined ? first.claim.claim.priorAuthorization?.trim() : undefined;
      const known = auth ? byNumber?.get(auth)?.[0] : undefined;
      const start = known?.from ?? (first.line.dos as string);
      const end = addMonths(start, cap.months);
      for (let i = 0; i < group.length; i++) {
        const g = group[i] as RuledLine;
        if ((g.line.dos as string) < end) continue;
        report(g.claim, {
          line: g.line,
          field: 'service date',
          message: `${g.line.code} on ${g.line.dos ?? ''} is after the ${cap.months}-month treatment period that started ${start} (covered through the day before ${end}).`,
          why: `${g.applied.policy.title}: treatment is covered for ${cap.months} months. The start is ${known ? `authorization ${auth ?? ''}'s start date` : 'the first administration among the claims checked'}.`,
          source: g.applied.source,
          denial: cap.denial ?? DENIALS.guidelinesExceeded,
          data: { code: g.line.code, start, end, months: cap.months },
        });
      }
    }
  },
};
