/** The NDC quantity (CTP04) or unit of measure (CTP05-1) is missing or invalid. */
import { upperTrimmed } from '../lines.ts';
import type { NdcUnit } from '../../claim/model.ts';
import { DENIALS, SOURCES } from '../support.ts';
import type { LineEdit } from '../types.ts';

/** CTP05-1 codes allowed for drug quantities. @see X12 837P TR3 2410 CTP05-1: F2 international unit, GR gram, ME milligram, ML milliliter, UN unit */
export const NDC_UNITS: ReadonlySet<string> = new Set<NdcUnit>(['F2', 'GR', 'ME', 'ML', 'UN']);

export const ndcUnitInvalid: LineEdit = {
  id: 'ndc-unit-invalid',
  title: 'NDC quantity or unit of measure missing or invalid',
  severity: 'error',
  scope: 'line',
  needs: [],
  source: SOURCES.ndcX12,
  denials: [DENIALS.ndc],
  fixes: [],
  lines: 'ndc',
  check({ line, report }) {
    const drug = line.line.drug;
    if (!drug) return;
    const q = drug.quantity;
    if (q === undefined || !Number.isFinite(q) || q <= 0) {
      report({
        field: 'NDC quantity (CTP04)',
        message:
          q === undefined
            ? `The NDC ${drug.ndc} on line ${line.line.sequence} has no quantity.`
            : `The NDC quantity on line ${line.line.sequence} is ${q}; it must be more than zero.`,
        why: 'With an NDC, the line gives the quantity of the product administered (CTP04) in a unit of measure (CTP05).',
        data: { quantity: q ?? null },
      });
    }
    const unit = drug.unit === undefined ? undefined : upperTrimmed(drug.unit);
    if (unit === undefined || unit === '') {
      report({
        field: 'NDC unit (CTP05)',
        message: `The NDC ${drug.ndc} on line ${line.line.sequence} has no unit of measure.`,
        why: 'CTP05-1 gives the unit of the NDC quantity: F2 (international unit), GR (gram), ME (milligram), ML (milliliter) or UN (unit).',
      });
    } else if (!NDC_UNITS.has(unit)) {
      report({
        field: 'NDC unit (CTP05)',
        message: `"${drug.unit ?? ''}" on line ${line.line.sequence} is not an NDC unit of measure.`,
        why: 'CTP05-1 is one of F2 (international unit), GR (gram), ME (milligram), ML (milliliter), UN (unit).',
        data: { unit: drug.unit ?? null },
      });
    }
  },
};
