/**
 * A professional claim line with no diagnosis pointer, or a pointer to a diagnosis the claim does not have.
 * Institutional bills (837I) have no line pointers and are not checked.
 */
import { DENIALS, SOURCES } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const diagnosisPointerMissing: LineEdit = {
  id: 'diagnosis-pointer-missing',
  title: 'Diagnosis pointer missing or invalid',
  severity: 'error',
  scope: 'line',
  needs: [],
  source: SOURCES.pointers,
  denials: [DENIALS.invalidDiagnosis],
  fixes: [],
  check({ claim, line, report }) {
    const c = claim.claim;
    if (c.format === '837I' || c.typeOfBill !== undefined) return;
    const pointers = line.line.diagnosisPointers;
    if (pointers.length === 0) {
      report({
        field: 'diagnosis pointer (SV107)',
        message: `Line ${line.line.sequence} (${line.code}) points to no diagnosis.`,
        why: 'Each professional service line points (SV107) to at least one of the claim diagnoses (HI) that justify it.',
      });
      return;
    }
    let bad: number[] | undefined;
    for (const p of pointers) {
      let known = false;
      for (const d of c.diagnoses) if (d.pointer === p) known = true;
      if (!known) (bad ??= []).push(p);
    }
    if (bad !== undefined) {
      report({
        field: 'diagnosis pointer (SV107)',
        message: `Line ${line.line.sequence} points to diagnosis ${bad.join(', ')}, but the claim has ${c.diagnoses.length} diagnosis code(s).`,
        why: 'Diagnosis pointers (SV107) refer to the positions of the codes in the claim diagnoses (HI), 1 to 12.',
        data: { pointers: bad },
      });
    }
  },
};
