/**
 * A Medicare hospital bill that adjusts (frequency 7) or cancels (8) an earlier bill without the condition code that
 * says why: the claim change reason. Medicare's institutional claims system returns such a bill to the provider.
 * An adjustment takes one of D0–D4, D7–D9 or E0; a cancel takes D5 or D6.
 * @see NUBC UB-04 Data Specifications, FL 18–28 condition codes D0–E0 ("claim change reasons")
 * @see Pub 100-04 ch.1 §130 (adjustment bills): a claim change reason code is required on adjustments and cancels
 */
import { DENIALS } from '../support.ts';
import { billKind } from '../lines.ts';
import type { ClaimEdit } from '../types.ts';

/** NUBC claim change reason condition codes. */
const CHANGE_REASONS: Readonly<Record<string, string>> = {
  D0: 'changes to service dates',
  D1: 'changes to charges',
  D2: 'changes in revenue codes/HCPCS/HIPPS rate codes',
  D3: 'second or subsequent interim PPS bill',
  D4: 'change in clinical codes (ICD) for diagnosis and/or procedure codes',
  D5: "cancel to correct the beneficiary's Medicare ID or the provider ID",
  D6: 'cancel only to repay a duplicate or OIG overpayment',
  D7: 'change to make Medicare the secondary payer',
  D8: 'change to make Medicare the primary payer',
  D9: 'any other change',
  E0: 'change in patient status',
};
const CANCEL_REASONS = new Set(['D5', 'D6']);

const list = (codes: readonly string[]): string => codes.map((c) => `${c} ${CHANGE_REASONS[c]}`).join('; ');

export const claimChangeReasonMissing: ClaimEdit = {
  id: 'claim-change-reason-missing',
  title: 'Medicare adjustment or cancel bill without a claim change reason',
  severity: 'error',
  scope: 'claim',
  needs: [],
  source:
    'NUBC UB-04 condition codes D0–E0 (claim change reasons); Pub 100-04 ch.1 §130 (adjustment bills); 837I 005010X223A2 loop 2300 HI*BG condition information; RARC M44',
  denials: [DENIALS.conditionCode],
  fixes: [],
  check({ claim, report }) {
    const c = claim.claim;
    if (c.payer.kind !== 'medicare' || billKind(c) === 'professional') return;
    const frequency = (c.frequencyCode ?? c.typeOfBill?.slice(-1) ?? '').trim();
    if (frequency !== '7' && frequency !== '8') return;
    const given = (c.conditionCodes ?? []).map((code) => code.trim().toUpperCase());
    const reasons = given.filter((code) => CHANGE_REASONS[code] !== undefined);
    const cancel = frequency === '8';
    const allowed = Object.keys(CHANGE_REASONS).filter((code) => CANCEL_REASONS.has(code) === cancel);
    if (reasons.some((code) => allowed.includes(code))) return;
    const bill =
      c.typeOfBill !== undefined ? `type of bill ${c.typeOfBill.padStart(4, '0')}` : `frequency ${frequency}`;
    const what = cancel ? 'cancels' : 'adjusts';
    const wrong =
      reasons.length > 0
        ? ` Its ${reasons.join(', ')} ${reasons.length === 1 ? 'is' : 'are'} for ${cancel ? 'adjustments' : 'cancels'}, not ${cancel ? 'cancels' : 'adjustments'}.`
        : '';
    report({
      field: 'condition codes',
      message: `Claim ${c.id} ${what} an earlier Medicare bill (${bill}) but has no claim change reason condition code (${cancel ? 'D5 or D6' : 'D0–D4, D7–D9 or E0'}).${wrong}`,
      why: `Medicare's institutional claims system needs to know why a bill is ${cancel ? 'cancelled' : 'adjusted'}; without the claim change reason the bill is returned to the provider unprocessed. Add the condition code (HI*BG) that says what changed: ${list(allowed)}.`,
      data: { frequencyCode: frequency, conditionCodes: given },
    });
  },
};
