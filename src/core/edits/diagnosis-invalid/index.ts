/**
 * Diagnosis codes that are not billable ICD-10-CM codes on the date of service: category headings such as C34
 * (the code list holds billable codes only), invalid codes, ICD-9-CM codes on services from 2015-10-01, and
 * ICD-10-CM codes before then. ICD-9-CM codes on earlier services cannot be verified (no ICD-9 code set) and are
 * reported as such; so are ICD-10-CM codes when the reference data has no ICD-10-CM release at all (a partial store,
 * or a ReferenceData of the caller's that does not serve `icd10`): a code missing from a code set that is not there is
 * not an error.
 */
import { releaseNote } from '../facts.ts';
import { DENIALS, SOURCES, soften } from '../support.ts';
import { ICD10_FROM, dotted, isIcd9 } from '../diagnosis.ts';
import type { ClaimEdit } from '../types.ts';

export const diagnosisInvalid: ClaimEdit = {
  id: 'diagnosis-invalid',
  title: 'Diagnosis not a billable ICD-10-CM code',
  severity: 'error',
  scope: 'claim',
  needs: ['reference'],
  source: SOURCES.icd10,
  denials: [DENIALS.invalidDiagnosis],
  fixes: [],
  check({ env, claim, report }) {
    const dos = claim.dos;
    if (dos === null) return;
    const unverified: string[] = [];
    const unchecked: string[] = [];
    for (const d of claim.claim.diagnoses) {
      const field = `diagnosis ${d.pointer} (HI)`;
      if (isIcd9(d)) {
        if (dos >= ICD10_FROM) {
          report({
            field,
            message: `Diagnosis ${d.pointer} (${d.code}) is sent as ICD-9-CM (qualifier ${d.qualifier ?? ''}) on a claim for services on or after ${ICD10_FROM}.`,
            why: 'Services from 2015-10-01 are coded in ICD-10-CM (HI qualifiers ABK/ABF); ICD-9-CM codes are rejected.',
            source: SOURCES.icdTransition,
            data: { code: d.code, qualifier: d.qualifier ?? null },
          });
        } else unverified.push(d.code);
        continue;
      }
      if (dos < ICD10_FROM) {
        report({
          field,
          message: `Diagnosis ${d.pointer} (${dotted(d.code)}) is sent as ICD-10-CM on a claim for services before ${ICD10_FROM}.`,
          why: 'Services before 2015-10-01 are coded in ICD-9-CM.',
          source: SOURCES.icdTransition,
          data: { code: d.code },
        });
        continue;
      }
      if (env.facts.icd10(d.code, dos)) continue;
      const release = env.facts.release('icd10cm', dos);
      if (release === undefined) {
        unchecked.push(dotted(d.code));
        continue;
      }
      const note = releaseNote(release);
      const heading = d.code.length <= 3;
      report({
        severity: soften('error', note === null),
        field,
        message: heading
          ? `Diagnosis ${d.pointer} (${dotted(d.code)}) is an ICD-10-CM category heading, not a billable code.`
          : `Diagnosis ${d.pointer} (${dotted(d.code)}) is not a billable ICD-10-CM code: a heading that needs more characters, or not a code.`,
        why: `Claims carry ICD-10-CM codes to the highest number of characters available; headings (e.g. C34) are not billable.${note ?? ''}`,
        data: { code: d.code },
      });
    }
    if (unverified.length > 0) {
      report({
        severity: 'info',
        denial: null,
        field: 'diagnoses (HI)',
        message: `ICD-9-CM diagnosis code(s) ${unverified.join(', ')} were not verified: drugclaim has no ICD-9-CM code set.`,
        why: `Services before ${ICD10_FROM} are coded in ICD-9-CM; only ICD-10-CM codes are checked.`,
        source: SOURCES.icdTransition,
        data: { codes: unverified },
      });
    }
    if (unchecked.length > 0) {
      report({
        severity: 'info',
        denial: null,
        field: 'diagnoses (HI)',
        message: `ICD-10-CM diagnosis code(s) ${unchecked.join(', ')} were not checked: the reference data has no ICD-10-CM release.`,
        why: 'Import the ICD-10-CM code file (drugclaim data import) to check that each diagnosis is a billable code.',
        source: SOURCES.icd10,
        data: { codes: unchecked },
      });
    }
  },
};
