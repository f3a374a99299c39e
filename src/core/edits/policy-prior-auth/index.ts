/**
 * Prior authorization required by the payer's drug policy and missing (→ CO-197), or outside its validity
 * (→ CO-284 + N54). Validity comes from the authorizations the caller passes (number, codes, dates); without them,
 * from the policy's `validDays` counted from the authorization number's first use among the claims checked.
 * (CARC 15 was deactivated on 2018-05-01; 284 replaced it for authorizations that do not apply.)
 */
import { addDays } from '../../reference/as-of.ts';
import { DENIALS } from '../support.ts';
import type { BatchEdit } from '../types.ts';

const untils = new Map<string, string>();
/** Last day of an authorization first used on `first` that lasts `days` days. */
function validUntil(first: string, days: number): string {
  const key = `${first}|${days}`;
  let hit = untils.get(key);
  if (hit === undefined) {
    hit = addDays(first, days - 1);
    if (untils.size < 10_000) untils.set(key, hit);
  }
  return hit;
}

export const policyPriorAuth: BatchEdit = {
  id: 'policy-prior-auth',
  title: 'Prior authorization missing or expired',
  severity: 'error',
  scope: 'batch',
  needs: ['rules', 'history'],
  source: 'payer rules file: policy priorAuth',
  denials: [DENIALS.priorAuthMissing, DENIALS.priorAuthNotApplicable],
  fixes: [],
  check({ env, claims, report }) {
    // First date each authorization number was used, per patient.
    let firstUse: Map<string, string> | undefined;
    const firstUseOf = (key: string): string | undefined => {
      if (!firstUse) {
        firstUse = new Map();
        for (const c of claims) {
          const a = c.claim.priorAuthorization?.trim();
          if (!a || c.dos === null) continue;
          const k = `${c.patientKey}\u0000${a}`;
          const seen = firstUse.get(k);
          if (seen === undefined || c.dos < seen) firstUse.set(k, c.dos);
        }
      }
      return firstUse.get(key);
    };
    for (const c of claims) {
      let auth: string | undefined;
      for (const line of c.lines) {
        if (line.policies.length === 0 || line.dos === null || line.jw) continue;
        for (const applied of line.policies) {
          const rule = applied.rule.priorAuth;
          if (!rule?.required) continue;
          auth ??= c.claim.priorAuthorization?.trim() ?? '';
          const base = { line, source: applied.source, data: { code: line.code, policy: applied.policy.id } };
          if (auth === '') {
            report(c, {
              ...base,
              field: 'prior authorization (REF*G1)',
              message: `${line.code} on line ${line.line.sequence} needs prior authorization from this payer, and the claim carries no authorization number.`,
              why: `${applied.policy.title}: the payer pays ${line.code} only with an approved prior authorization, reported on the claim (837 loop 2300 REF*G1).`,
              denial: rule.denialMissing ?? DENIALS.priorAuthMissing,
            });
            continue;
          }
          const known = env.authorizations.filter((a) => a.number.trim() === auth);
          if (known.length > 0) {
            const forCode = known.filter((a) => !a.codes || a.codes.length === 0 || a.codes.includes(line.code));
            const inWindow = forCode.filter((a) => a.from <= (line.dos as string) && (line.dos as string) <= a.to);
            if (inWindow.length > 0) continue;
            report(c, {
              ...base,
              field: 'prior authorization (REF*G1)',
              message:
                forCode.length === 0
                  ? `Authorization ${auth} does not cover ${line.code} (line ${line.line.sequence}).`
                  : `Authorization ${auth} is valid ${forCode.map((a) => `${a.from} to ${a.to}`).join(', ')}; line ${line.line.sequence} is on ${line.dos}.`,
              why: `${applied.policy.title}: the service must fall within an approved authorization for the drug.`,
              denial: rule.denialExpired ?? DENIALS.priorAuthNotApplicable,
            });
            continue;
          }
          if (rule.validDays === undefined) continue;
          const first = firstUseOf(`${c.patientKey}\u0000${auth}`) ?? line.dos;
          const lastValid = validUntil(first, rule.validDays);
          if (line.dos <= lastValid) continue;
          report(c, {
            ...base,
            field: 'prior authorization (REF*G1)',
            message: `Authorization ${auth}, first used on ${first} in these claims, lasts ${rule.validDays} days under this policy (through ${lastValid}); line ${line.line.sequence} is on ${line.dos}.`,
            why: `${applied.policy.title}: authorizations are valid for ${rule.validDays} days; a renewed authorization is needed after that. (Counted from the first use seen among the claims checked; pass the authorization's dates for an exact check.)`,
            denial: rule.denialExpired ?? DENIALS.priorAuthNotApplicable,
          });
        }
      }
    }
  },
};
