/**
 * Prior authorization required by the payer's drug policy and missing (→ CO-197), or outside its validity
 * (→ CO-284 + N54). Validity comes from the authorizations the caller passes (number, codes, dates); without them,
 * from the policy's `validDays` counted from the authorization number's first use among the claims checked.
 * (CARC 15 was deactivated on 2018-05-01; 284 replaced it for authorizations that do not apply.)
 */
import { TwoKeyMemo } from '../../memo.ts';
import { addDays } from '../../reference/as-of.ts';
import { DENIALS } from '../support.ts';
import { authorizationsByNumber } from '../policy.ts';
import type { AppliedDrugRule, Authorization } from '../../rules/model.ts';
import type { BatchEdit, ClaimView, LineView } from '../types.ts';

/** Last day of an authorization first used on `first` that lasts `days` days (remembered: a batch has few). */
const untils = new TwoKeyMemo<number, string, string>((days, first) => addDays(first, days - 1));
const validUntil = (first: string, days: number): string => untils.get(days, first);

const NO_AUTHORIZATIONS: readonly Authorization[] = [];

/**
 * The authorization numbers a patient used, with the first date each was used: none, one (the usual case: no map to
 * build) or several, by number (a patient of thousands of claims may carry thousands of numbers).
 */
type FirstUses = { readonly auth: string; dos: string } | Map<string, string> | null;

function firstUses(own: readonly ClaimView[]): FirstUses {
  let one: { readonly auth: string; dos: string } | null = null;
  let several: Map<string, string> | undefined;
  for (let i = 0; i < own.length; i++) {
    const c = own[i] as ClaimView;
    const a = c.claim.priorAuthorization?.trim();
    if (!a || c.dos === null) continue;
    if (several !== undefined) {
      const seen = several.get(a);
      if (seen === undefined || c.dos < seen) several.set(a, c.dos);
    } else if (one === null) one = { auth: a, dos: c.dos };
    else if (one.auth === a) {
      if (c.dos < one.dos) one.dos = c.dos;
    } else
      several = new Map([
        [one.auth, one.dos],
        [a, c.dos],
      ]);
  }
  return several ?? one;
}

/** What every finding of this edit carries. */
function base(
  line: LineView,
  applied: AppliedDrugRule,
): { line: LineView; source: string; data: Record<string, unknown> } {
  return { line, source: applied.source, data: { code: line.code, policy: applied.policy.id } };
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
  check({ env, claimsOfPatient, policyClaims, report }) {
    // First date each authorization number was used, per patient (by patientId: one per patient key in the run),
    // over all the patient's claims; worked out for the patients asked about only.
    const firstUse = new Map<number, FirstUses>();
    const firstUseOf = (patientId: number, auth: string): string | undefined => {
      let uses = firstUse.get(patientId);
      if (uses === undefined) {
        uses = firstUses(claimsOfPatient(patientId));
        firstUse.set(patientId, uses);
      }
      if (uses === null) return undefined;
      if (uses instanceof Map) return uses.get(auth);
      return uses.auth === auth ? uses.dos : undefined;
    };
    const byNumber = env.authorizations.length === 0 ? undefined : authorizationsByNumber(env);
    // Only claims with a line under a policy can need an authorization.
    const ruled = policyClaims();
    for (let k = 0; k < ruled.length; k++) {
      const c = ruled[k] as ClaimView;
      let auth: string | undefined;
      for (const line of c.lines) {
        if (line.policies.length === 0 || line.dos === null || line.jw) continue;
        for (const applied of line.policies) {
          const rule = applied.rule.priorAuth;
          if (!rule?.required) continue;
          auth ??= c.claim.priorAuthorization?.trim() ?? '';
          if (auth === '') {
            report(c, {
              ...base(line, applied),
              field: 'prior authorization (REF*G1)',
              message: `${line.code} on line ${line.line.sequence} needs prior authorization from this payer, and the claim carries no authorization number.`,
              why: `${applied.policy.title}: the payer pays ${line.code} only with an approved prior authorization, reported on the claim (837 loop 2300 REF*G1).`,
              denial: rule.denialMissing ?? DENIALS.priorAuthMissing,
            });
            continue;
          }
          const known = byNumber?.get(auth) ?? NO_AUTHORIZATIONS;
          if (known.length > 0) {
            const forCode = known.filter(
              (a) => !a.codes || a.codes.length === 0 || a.codes.includes(line.code),
            );
            const inWindow = forCode.filter(
              (a) => a.from <= (line.dos as string) && (line.dos as string) <= a.to,
            );
            if (inWindow.length > 0) continue;
            report(c, {
              ...base(line, applied),
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
          const first = firstUseOf(c.patientId, auth) ?? line.dos;
          const lastValid = validUntil(first, rule.validDays);
          if (line.dos <= lastValid) continue;
          report(c, {
            ...base(line, applied),
            field: 'prior authorization (REF*G1)',
            message: `Authorization ${auth}, first used on ${first} in these claims, lasts ${rule.validDays} days under this policy (through ${lastValid}); line ${line.line.sequence} is on ${line.dos}.`,
            why: `${applied.policy.title}: authorizations are valid for ${rule.validDays} days; a renewed authorization is needed after that. (Counted from the first use seen among the claims checked to the line's date of service: the claim carries the number, not the authorization's dates; check them against the payer's approval letter.)`,
            denial: rule.denialExpired ?? DENIALS.priorAuthNotApplicable,
          });
        }
      }
    }
  },
};
