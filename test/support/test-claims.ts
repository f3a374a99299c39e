/**
 * A made-up professional claim for tests: one patient per claim id (member id and name from its last two
 * characters), office setting, lung-cancer diagnosis, total = the sum of the lines. No real person's data.
 */
import type { Claim, ClaimLine } from '../../src/core/claim/model.ts';

export const MEDICARE_PART_B: Claim['payer'] = { name: 'MEDICARE PART B', id: '12345', kind: 'medicare' };

export function testClaim(
  id: string,
  lines: ClaimLine[],
  billingProvider: Claim['billingProvider'],
  payer: Claim['payer'] = MEDICARE_PART_B,
): Claim {
  const member = { memberId: `1EG4TE5MK${id.slice(-2)}`, firstName: 'PAT', lastName: `TEST${id.slice(-2)}` };
  return {
    id,
    format: '837P',
    billingProvider,
    payer,
    subscriber: { ...member, claimFilingIndicator: payer.kind === 'medicare' ? 'MB' : 'CI' },
    patient: { ...member, birthDate: '1950-01-01', sex: 'F' },
    placeOfService: '11',
    frequencyCode: '1',
    totalChargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
    diagnoses: [{ code: 'C3490', qualifier: 'ABK', pointer: 1 }],
    notes: [],
    lines,
  };
}
