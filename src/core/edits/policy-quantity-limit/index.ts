/**
 * Payer quantity limit: at most N billing units per line, per date of service, or in any rolling window of D days
 * (all lines of the rule's codes for the patient, JW lines included: discarded units are billed units).
 */
import { daysBetween } from '../lines.ts';
import { DENIALS } from '../support.ts';
import { ruledGroups, type RuledLine } from '../policy.ts';
import type { BatchEdit } from '../types.ts';

export const policyQuantityLimit: BatchEdit = {
  id: 'policy-quantity-limit',
  title: 'Payer quantity limit exceeded',
  severity: 'error',
  scope: 'batch',
  needs: ['rules', 'history'],
  source: 'payer rules file: policy quantityLimit',
  denials: [DENIALS.benefitMaximum],
  fixes: [],
  check({ policyPatientLines, report }) {
    // Index loops: a batch edit runs once per batch, where a for-of makes an object per step.
    const groups = ruledGroups(policyPatientLines(), (r) => r.quantityLimit !== undefined, true);
    for (let k = 0; k < groups.length; k++) {
      const group = groups[k] as RuledLine[];
      const limit = group[0]?.applied.rule.quantityLimit;
      if (!limit) continue;
      for (let i = 0; i < group.length; i++) {
        const g = group[i] as RuledLine;
        let total = 0;
        if (limit.per === 'line') total = g.line.line.units;
        else if (limit.per === 'service-day') {
          for (let j = 0; j < group.length; j++) {
            const o = group[j] as RuledLine;
            if (o.line.dos === g.line.dos) total += o.line.line.units;
          }
        } else {
          const days = limit.days ?? 1;
          for (let j = 0; j < group.length; j++) {
            const o = group[j] as RuledLine;
            const d = daysBetween(o.line.dos as string, g.line.dos as string);
            if (d >= 0 && d < days) total += o.line.line.units;
          }
        }
        if (total <= limit.maxUnits) continue;
        const span =
          limit.per === 'line'
            ? 'on one line'
            : limit.per === 'service-day'
              ? `on ${g.line.dos ?? ''}`
              : `in the ${limit.days ?? 1} days ending ${g.line.dos ?? ''}`;
        report(g.claim, {
          line: g.line,
          field: 'units',
          message: `${total} units of ${g.applied.rule.codes.join('/')} ${span} for this patient exceed the payer's limit of ${limit.maxUnits}${limit.per === 'line' ? ' per line' : limit.per === 'service-day' ? ' per day' : ` per ${limit.days ?? ''} days`}.`,
          why: `${g.applied.policy.title}: quantity limit ${limit.maxUnits} units ${limit.per === 'days' ? `per ${limit.days ?? ''} days` : `per ${limit.per}`}. Only the claims checked together are counted.`,
          source: g.applied.source,
          denial: limit.denial ?? DENIALS.benefitMaximum,
          data: {
            code: g.line.code,
            total,
            maxUnits: limit.maxUnits,
            per: limit.per,
            policy: g.applied.policy.id,
          },
        });
      }
    }
  },
};
