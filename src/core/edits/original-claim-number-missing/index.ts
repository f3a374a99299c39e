/**
 * A replacement (claim frequency 7) or void (8) of an earlier claim that does not say which claim it replaces:
 * no payer claim control number (REF*F8, the payer's ICN/DCN of the original). The payer cannot tie it to the claim
 * it adjusts: it is returned, or taken as a new claim and denied as a duplicate of the original.
 */
import { DENIALS } from '../support.ts';
import type { ClaimEdit } from '../types.ts';

/** Claim frequency codes of an adjustment of an adjudicated claim. @see NUBC type of bill frequency codes 7 and 8 */
const FREQUENCIES: Readonly<Record<string, string>> = {
  '7': 'a replacement (frequency 7)',
  '8': 'a void (frequency 8)',
};

export const originalClaimNumberMissing: ClaimEdit = {
  id: 'original-claim-number-missing',
  title: 'Replacement or void claim without the original claim number',
  severity: 'error',
  scope: 'claim',
  needs: [],
  source:
    'X12 837P TR3 005010X222A1 / 837I 005010X223A2 loop 2300 REF*F8 payer claim control number (required when CLM05-3 is 7 replacement or 8 void of a previously adjudicated claim); RARC M47',
  denials: [DENIALS.originalClaimNumber],
  fixes: [],
  check({ claim, report }) {
    const c = claim.claim;
    const frequency = (c.frequencyCode ?? c.typeOfBill?.slice(-1) ?? '').trim();
    const what = FREQUENCIES[frequency];
    if (what === undefined || (c.payerClaimControlNumber ?? '').trim() !== '') return;
    const bill = c.typeOfBill !== undefined ? `type of bill ${c.typeOfBill.padStart(4, '0')}` : 'CLM05-3';
    report({
      field: 'payer claim control number',
      message: `Claim ${c.id} is ${what} of an earlier claim (${bill}) but does not give that claim's number (REF*F8, the payer's claim control number).`,
      why: "The payer finds the claim to replace or cancel by its own claim control number (ICN/DCN, from the remittance of the original). Without it the bill is returned, or processed as a new claim and denied as a duplicate. Add REF*F8 with the original's number; if there was no adjudicated original, send frequency 1 instead.",
      data: { frequencyCode: frequency },
    });
  },
};
