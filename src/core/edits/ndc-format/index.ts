/**
 * An NDC that is not 11 digits (5-4-2, no hyphens) with qualifier N4. A hyphenated 10-digit NDC (4-4-2, 5-3-2,
 * 5-4-1) converts exactly; an unhyphenated 10-digit one only when exactly one reading is in the crosswalk.
 * Fix: the 11-digit form.
 */
import { normaliseNdc } from '../../reference/ndc.ts';
import { DENIALS, SOURCES } from '../support.ts';
import type { LineDrug } from '../../claim/model.ts';
import type { ClaimView, LineContext, LineEdit, LineView } from '../types.ts';

export const ndcFormat: LineEdit = {
  id: 'ndc-format',
  title: 'NDC not in the 11-digit 5-4-2 form',
  severity: 'error',
  scope: 'line',
  needs: ['reference'],
  source: SOURCES.ndcX12,
  denials: [DENIALS.ndc],
  fixes: ['set-ndc'],
  lines: 'ndc',
  check({ env, claim, line, report }) {
    const drug = line.line.drug;
    if (!drug) return;
    if (drug.ndcQualifier !== 'N4') {
      report({
        field: 'NDC qualifier (LIN02)',
        message: `The product id on line ${line.line.sequence} has qualifier "${drug.ndcQualifier}", not N4 (NDC in 5-4-2 format).`,
        why: 'Drug lines identify the product by its 11-digit NDC with qualifier N4 in LIN02.',
      });
    }
    if (line.ndc11 === drug.ndc) return;
    checkForm(env, claim, line, drug, report);
  },
};

/** An NDC not written as 11 digits: what it reads as, and the fix. */
function checkForm(
  env: LineContext['env'],
  claim: ClaimView,
  line: LineView,
  drug: LineDrug,
  report: LineContext['report'],
): void {
  const dos = line.dos;
  const result = dos === null ? normaliseNdc(drug.ndc) : env.facts.ndcReading(drug.ndc, dos);
  switch (result.kind) {
    case 'ok':
      report({
        field: 'NDC (LIN03)',
        message: `NDC "${drug.ndc}" on line ${line.line.sequence} is not in the 11-digit form; it is ${result.ndc11} (${result.hyphenated}).`,
        why: `The NDC goes on the claim as 11 digits without hyphens (5-4-2); the ${result.from} label form converts by padding the short segment with a zero${result.resolvedBy === 'lookup' ? ', and only that reading is in the crosswalk' : ''}.`,
        fix: {
          description: `Write the NDC on line ${line.line.sequence} as ${result.ndc11}.`,
          actions: [
            {
              kind: 'set-ndc',
              claimIndex: claim.index,
              line: line.line.sequence,
              from: drug.ndc,
              to: result.ndc11,
            },
          ],
        },
        data: { ndc: drug.ndc, ndc11: result.ndc11 },
      });
      return;
    case 'ambiguous':
      report({
        field: 'NDC (LIN03)',
        message: `NDC "${drug.ndc}" on line ${line.line.sequence} has 10 digits without hyphens: it could be ${result.candidates.map((c) => c.ndc11).join(', ')}.`,
        why: `${result.reason}. Take the NDC from the package label with its hyphens, or write the 11-digit form.`,
        data: { ndc: drug.ndc, candidates: result.candidates.map((c) => c.ndc11) },
      });
      return;
    case 'invalid':
      report({
        field: 'NDC (LIN03)',
        message: `"${drug.ndc}" on line ${line.line.sequence} is not an NDC: ${result.reason}.`,
        why: 'The NDC goes on the claim as 11 digits without hyphens (5-4-2).',
        data: { ndc: drug.ndc },
      });
      return;
  }
}
