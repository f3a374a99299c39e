import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClaimFormat } from '../claim/model.ts';
import { claimTotalMismatch } from './claim-total-mismatch/index.ts';
import { ndcFormat } from './ndc-format/index.ts';
import { check, claim, line } from './testing.ts';

// A hyphenated NDC (ndc-format: "NDC (LIN03)") on a claim whose total does not add up ("total charge (CLM02)").
const cases: [ClaimFormat, string[]][] = [
  ['837P', ['NDC (LIN03)', 'total charge (CLM02)']],
  ['837I', ['NDC (LIN03)', 'total charge (CLM02)']],
  ['fhir', ['NDC', 'total charge']],
  ['json', ['NDC', 'total charge']],
  ['csv', ['NDC', 'total charge']],
];

for (const [format, fields] of cases)
  test(`finding fields of a ${format} claim: ${fields.join(', ')}`, () => {
    const c = claim({
      format,
      lines: [
        line({
          code: 'J9173',
          units: 75,
          drug: { ndc: '00310-4500-12', ndcQualifier: 'N4', quantity: 15, unit: 'ML' },
        }),
      ],
    });
    const r = check([ndcFormat, claimTotalMismatch], [{ ...c, totalChargeCents: c.totalChargeCents + 1 }]);
    assert.deepEqual(
      [...r.findings].sort((a, b) => a.editId.localeCompare(b.editId)).map((f) => f.field),
      [fields[1], fields[0]],
    );
  });
