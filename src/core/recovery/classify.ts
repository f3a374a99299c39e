/**
 * Classifies one adjustment (group code + CARC + the remark codes that came with it) into a root cause, a kind
 * of money and the next action, from the mapping data. No code here knows a particular CARC: the data does.
 *
 * Steps, each recorded in `basis`:
 * 1. The CARC's rule (an unknown CARC → cause `other`, action `review`, `known: false`).
 * 2. A generic CARC (`refine: true`, e.g. 16, 96, A1, 252) takes the cause of the first remark code that has one
 *    (CO-16 + M119 → ndc), and the remark's action if it gives one (CO-16 + M53 → units, correct and resubmit); a
 *    specific CARC keeps its own cause.
 * 3. A remark code with `forceAction` overrides the action (MA130 → correct-resubmit: no appeal rights).
 * 4. Group code PR (patient responsibility) turns a denial into patient responsibility: the provider bills the
 *    patient, not the payer. CO, OA and PI keep the CARC's kind.
 *    @see X12 835 TR3 (005010X221A1) CAS01 claim adjustment group codes: CO contractual obligations, OA other
 *    adjustments, PI payer initiated reductions, PR patient responsibility.
 */
import type { SourceRef } from '../reference/model.ts';
import type { Classification, DenialMapping, NextAction, RootCause } from './model.ts';

export function classifyAdjustment(
  mapping: DenialMapping,
  group: string,
  carc: string,
  rarc: readonly string[],
): Classification {
  const code = carc.trim().toUpperCase();
  const g = group.trim().toUpperCase();
  const rule = mapping.carc[code];
  const basis: string[] = [];
  let cause: RootCause;
  let known = true;
  if (rule) {
    cause = rule.cause;
    basis.push(`CARC ${code} → ${cause}`);
  } else {
    cause = 'other';
    known = false;
    basis.push(`CARC ${code} is not in the mapping → other`);
  }
  let info = mapping.rootCauses[cause];
  let kind = rule?.kind ?? info.kind;
  let action: NextAction = rule?.action ?? (known ? info.action : 'review');
  let next = rule?.next ?? info.next;
  const edits = new Set<string>(rule?.edits ?? []);

  if (rule?.refine || !known) {
    for (const r of rarc) {
      const rr = mapping.rarc[r.trim().toUpperCase()];
      if (rr?.cause === undefined) continue;
      cause = rr.cause;
      info = mapping.rootCauses[cause];
      // The refined cause brings its own kind/action/next unless the CARC rule pinned them; the remark's own action
      // comes before the cause's (CO-16 + M53: units to correct, not to appeal).
      kind = rule?.kind ?? info.kind;
      action = rule?.action ?? rr.action ?? info.action;
      next = rr.next ?? rule?.next ?? info.next;
      basis.push(`RARC ${r} refines → ${cause}`);
      break;
    }
  }
  for (const r of rarc) {
    const rr = mapping.rarc[r.trim().toUpperCase()];
    for (const id of rr?.edits ?? []) edits.add(id);
    if (rr?.forceAction !== undefined && rr.forceAction !== action) {
      action = rr.forceAction;
      if (rr.next !== undefined) next = rr.next;
      basis.push(`RARC ${r} forces action ${action}`);
    }
  }

  let shiftedFrom: Classification['shiftedFrom'];
  if (g === 'PR' && (kind === 'denial' || kind === 'contractual')) {
    shiftedFrom = kind;
    kind = 'patient-responsibility';
    action = 'bill-patient';
    basis.push('group PR → patient responsibility');
  }
  for (const id of info.edits) edits.add(id);

  return {
    group: g,
    carc: code,
    rarc: [...rarc],
    cause,
    kind,
    action,
    next,
    edits: [...edits].sort(),
    basis,
    known,
    ...(shiftedFrom !== undefined ? { shiftedFrom } : {}),
  };
}

/** What OPPS says about the line's code on its date, when it packages it (status indicator N). */
export interface OppsPackaging {
  /** The Addendum B status indicator: N. */
  statusIndicator: string;
  /** The release it came from ("OPPS Addendum B October 2025"). */
  source: SourceRef;
  /** False when that release was not in force on the date of service. */
  certain: boolean;
}

/**
 * Step 5, from the line rather than the CARC: on a Medicare hospital outpatient claim (type of bill 13x) a bundling
 * adjustment (root cause `bundling`: CO-97 "payment adjusted because the benefit for this service is included in
 * the payment/allowance for another service/procedure", CO-234 …) on a code OPPS packages (status indicator N) is
 * the expected adjudication: kind `packaged`, action `none`, no finding. The caller says whether the line is
 * packaged (./expected.ts `oppsPackaging`); this decides which adjustments that makes expected. Any other denial of
 * a packaged line (an NDC or a modifier problem) stays a denial.
 * Returns undefined when the adjustment is not a bundling denial.
 * @see CMS OPPS Addendum D1, status indicator N: "Items and services packaged into APC rates … payment is packaged
 * into payment for other services. Therefore, there is no separate APC payment."
 * @see X12 CARC 97.
 */
export function packagedUnderOpps(c: Classification, packaging: OppsPackaging): Classification | undefined {
  if (c.kind !== 'denial' || c.cause !== 'bundling') return undefined;
  return {
    ...c,
    rarc: [...c.rarc],
    edits: [...c.edits],
    kind: 'packaged',
    action: 'none',
    next: `Nothing to do: OPPS packages this code (status indicator ${packaging.statusIndicator}); its payment is included in the payment for the other services of the claim.`,
    basis: [
      ...c.basis,
      `OPPS status indicator ${packaging.statusIndicator} (${packaging.source.label}${packaging.certain ? '' : ', the nearest release: none in the store covers the date of service'}) on a hospital outpatient claim → packaged, the expected adjudication`,
    ],
  };
}
