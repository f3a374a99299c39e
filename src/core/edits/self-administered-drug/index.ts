/**
 * A self-administered presentation billed to Medicare under a code whose HCPCS descriptor excludes it: J0129
 * (abatacept) "may be used for medicare when drug administered under the direct supervision of a physician, not
 * for use when drug is self administered", and the line's NDC is Orencia's subcutaneous syringe or autoinjector,
 * which its label lets patients inject themselves. Part B does not pay drugs usually self-administered.
 * The presentation comes from the container-type table (`selfAdministered`, with the label section that says so).
 * Not when the line already bills it as excluded: revenue code 0637 (self-administrable drugs, which a hospital
 * bills as non-covered) or modifier GY (statutorily excluded).
 * @see NUBC UB-04 revenue code 0637 "Self-administrable drugs"; HCPCS modifier GY
 */
import { containerEntriesForCode } from '../../reference/container-types.ts';
import { hyphenatedNdc } from '../ndc-quantity.ts';
import { DENIALS } from '../support.ts';
import type { LineEdit } from '../types.ts';

/** The HCPCS descriptor's exclusion (J0129, J0593, J1438, J3031…: "self administered" or "self-administered"). */
const EXCLUDES_SELF_ADMINISTRATION = /not for use when drug is self[- ]administered/i;

export const selfAdministeredDrug: LineEdit = {
  id: 'self-administered-drug',
  title: 'Self-administered product under a code that excludes it',
  severity: 'warning',
  scope: 'line',
  needs: ['reference', 'containers'],
  source:
    'Social Security Act 1861(s)(2)(A)-(B) (drugs "which cannot be self-administered"); Pub 100-02 ch.15 §50.2 (self-administered drug exclusion); HCPCS Level II descriptor ("not for use when drug is self administered")',
  denials: [DENIALS.statutorilyExcluded],
  fixes: [],
  lines: 'ndc',
  check({ env, claim, line, report }) {
    const ndc = line.ndc11;
    if (ndc === undefined || line.dos === null || claim.claim.payer.kind !== 'medicare') return;
    if (line.line.revenueCode?.trim().padStart(4, '0') === '0637' || line.modifiers.includes('GY')) return;
    const descriptor = line.hcpcs?.value.longDescription;
    if (descriptor === undefined || !EXCLUDES_SELF_ADMINISTRATION.test(descriptor)) return;
    const entry = env.containers.lookup(line.code, ndc, line.dos).entry;
    if (entry?.ndc11 !== ndc || entry.selfAdministered === undefined) return;
    const others = containerEntriesForCode(line.code).filter(
      (e) => e.ndc11 !== null && e.selfAdministered === undefined,
    );
    const instead =
      others.length > 0
        ? ` (${line.code} is billed with ${others.map((e) => `${e.product}, NDC ${hyphenatedNdc(e.ndc11 ?? '')}`).join('; ')})`
        : '';
    report({
      field: 'NDC',
      message: `NDC ${hyphenatedNdc(ndc)} is the ${entry.product}, a self-administered product; ${line.code} is not for self-administered use and Medicare's self-administered drug exclusion applies: Part B does not pay it${instead}.`,
      why: `Part B pays for drugs given by or under the direct supervision of a physician only when they are not usually self-administered, and the ${line.code} descriptor says so ("not for use when drug is self administered"). The label of this presentation lets patients inject themselves (${entry.selfAdministered.label}, ${entry.selfAdministered.section}). If another product was given, correct the NDC; if this one was, a hospital bills it as a non-covered self-administrable drug (revenue code 0637) and a practice does not bill it to Part B.`,
      data: { code: line.code, ndc },
    });
  },
};
