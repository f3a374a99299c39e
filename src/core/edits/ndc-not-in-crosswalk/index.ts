/**
 * The NDC is not one the CMS ASP NDC-HCPCS crosswalk maps to the line's HCPCS code on the date of service
 * (→ CO-16 + M119), or it maps to another code. How strict: the payer's `program.ndc.crosswalk` level.
 */
import type { IsoDate, NdcPackage } from '../../reference/model.ts';
import { outOfForceNote, releaseNote, type Facts } from '../facts.ts';
import { DENIALS, SOURCES, levelSeverity, soften } from '../support.ts';
import type { LineEdit } from '../types.ts';

/** The 11-digit form of an NDC written otherwise (a 10-digit one read by the crosswalk), if there is one. */
function readNdc(facts: Facts, ndc: string, dos: IsoDate): string | undefined {
  const n = facts.ndcReading(ndc, dos);
  return n.kind === 'ok' ? n.ndc11 : undefined;
}

function listsCode(rows: readonly NdcPackage[], code: string): boolean {
  for (const r of rows) if (r.code === code) return true;
  return false;
}

export const ndcNotInCrosswalk: LineEdit = {
  id: 'ndc-not-in-crosswalk',
  title: 'NDC not in the crosswalk for this code',
  severity: 'error',
  scope: 'line',
  needs: ['reference', 'rules'],
  source: SOURCES.crosswalk,
  denials: [DENIALS.ndc],
  fixes: [],
  lines: 'ndc',
  check({ env, claim, line, report }) {
    const drug = line.line.drug;
    if (!drug || line.dos === null) return;
    const level = levelSeverity(claim.program.ndc?.crosswalk ?? 'warning');
    if (level === null) return;
    const dos = line.dos;
    const ndc11 = line.ndc11 === drug.ndc ? drug.ndc : readNdc(env.facts, drug.ndc, dos);
    if (ndc11 === undefined) return; // not an NDC at all: ndc-format reports it
    const byNdc = line.facts !== null ? line.facts.ndcPackagesOf(ndc11) : env.facts.ndcPackages(ndc11, dos);
    if (byNdc !== undefined && listsCode(byNdc.value, line.code)) return;
    const byCode = line.facts?.ndcPackages;
    const fact = byNdc ?? byCode;
    const note = fact ? outOfForceNote(fact) : releaseNote(env.facts.release('ndc-crosswalk', dos));
    if (byNdc && byNdc.value.length > 0) {
      const other = byNdc.value[0];
      report({
        severity: soften(level, note === null),
        field: 'NDC (LIN03)',
        message: `NDC ${ndc11} on line ${line.line.sequence} belongs to ${[...new Set(byNdc.value.map((r) => r.code))].join(', ')} (${other?.drugName ?? ''}), not to ${line.code}.`,
        why: `The NDC must be a product of the billed HCPCS code as the ASP NDC-HCPCS crosswalk maps it (${byNdc.source.label}).${note ?? ''}`,
        data: { ndc: ndc11, code: line.code, crosswalkCodes: [...new Set(byNdc.value.map((r) => r.code))] },
      });
      return;
    }
    if (byCode && byCode.value.length > 0) {
      const sample = byCode.value.slice(0, 3).map((r) => `${r.ndc11} ${r.drugName}`);
      report({
        severity: soften(level, note === null),
        field: 'NDC (LIN03)',
        message: `NDC ${ndc11} on line ${line.line.sequence} is not in the crosswalk for ${line.code}, which lists ${byCode.value.length} NDC(s) (e.g. ${sample.join('; ')}).`,
        why: `The NDC must be a product of the billed HCPCS code as the ASP NDC-HCPCS crosswalk maps it (${byCode.source.label}).${note ?? ''}`,
        data: { ndc: ndc11, code: line.code, crosswalkNdcs: byCode.value.length },
      });
      return;
    }
    report({
      severity: 'info',
      denial: null,
      field: 'NDC (LIN03)',
      message: `NDC ${ndc11} on line ${line.line.sequence} cannot be checked: the crosswalk lists no NDC for ${line.code} (codes not priced by ASP are not in it).`,
      why: `The ASP NDC-HCPCS crosswalk covers the codes in the ASP payment limit file only.${note ?? ''}`,
      data: { ndc: ndc11, code: line.code },
    });
  },
};
