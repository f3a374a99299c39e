/**
 * Diagnosis code sets on a claim. 837 HI qualifiers say which: BK/BF/BJ/PR/BN are ICD-9-CM, ABK/ABF/ABJ/APR/ABN
 * are ICD-10-CM. Without a qualifier (FHIR, JSON), a code is read as ICD-10-CM.
 * @see X12 837P TR3 005010X222A1 / 837I 005010X223A2 loop 2300 HI (code list qualifiers)
 */
import type { Claim, Diagnosis } from '../claim/model.ts';
import type { LineView } from './types.ts';

const ICD9_QUALIFIERS: ReadonlySet<string> = new Set(['BK', 'BF', 'BJ', 'PR', 'BN', 'BP', 'BR', 'BQ']);

export const isIcd9 = (d: Diagnosis): boolean =>
  d.qualifier !== undefined && d.qualifier.length === 2 && ICD9_QUALIFIERS.has(d.qualifier.toUpperCase());

/** First date of service on which ICD-10-CM is required (ICD-9-CM before). @see 45 CFR 162.1002(c)(3) */
export const ICD10_FROM = '2015-10-01';

/** The diagnoses a line points to; all of the claim's when the line has no pointers (institutional bills). */
export function lineDiagnoses(claim: Claim, line: LineView): Diagnosis[] {
  const pointers = line.line.diagnosisPointers;
  if (pointers.length === 0) return claim.diagnoses;
  const out: Diagnosis[] = [];
  for (const p of pointers) {
    for (const d of claim.diagnoses) {
      if (d.pointer !== p) continue;
      out.push(d);
      break;
    }
  }
  return out;
}

/** "C34.90" for display. */
export const dotted = (code: string): string =>
  code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
