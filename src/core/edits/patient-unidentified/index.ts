/**
 * Says when claims of the batch name no patient (no member id, name or birth date: a CSV without patient columns).
 * The engine makes each such claim a patient of its own, since nothing tells whether two of them are one person:
 * taken as one patient, every row of a file would be one patient's day, summed against the MUE and compared for
 * duplicates. The price is that checks across a patient's claims are not made between them, and this note says so
 * once per batch (on the first such claim, with the count), not once per claim.
 */
import { hasPatientIdentity } from '../lines.ts';
import type { BatchEdit, ClaimView } from '../types.ts';

export const patientUnidentified: BatchEdit = {
  id: 'patient-unidentified',
  title: 'Claims without patient identity are not compared with each other',
  severity: 'info',
  scope: 'batch',
  needs: ['history'],
  source:
    'NCCI Policy Manual for Medicare Services ch.I §V (MUE per beneficiary per date of service); X12 837 TR3 loop 2010BA NM1*IL (subscriber name and member id) and DMG (birth date)',
  denials: [],
  fixes: [],
  check({ claims, report }) {
    let first: ClaimView | undefined;
    let count = 0;
    // An index loop: this runs once per batch over every claim.
    for (let i = 0; i < claims.length; i++) {
      const c = claims[i] as ClaimView;
      if (hasPatientIdentity(c.claim)) continue;
      first ??= c;
      count++;
    }
    // One claim alone loses nothing: only its own lines could be compared, and they are.
    if (first === undefined || count < 2) return;
    report(first, {
      field: 'patient',
      message: `${count} claims of this batch name no patient (no member id, name or birth date), the first being ${first.claim.id}: each was checked as a patient of its own, so units per day against the MUE, duplicate lines and the other checks across a patient's claims were not made between them.`,
      why: 'Edits that look across claims (MUE adjudication indicators 2 and 3 sum a code’s units per patient, provider and day; duplicates; frequency and step therapy) need to know which claims are the same patient. Add the member id, name and birth date (CSV columns memberId, patientLastName, patientFirstName, birthDate) to have them made.',
      data: { claims: count },
    });
  },
};
