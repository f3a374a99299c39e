/**
 * A procedure code that is not a HCPCS Level II code in the CMS file, or not shaped like any HCPCS/CPT code.
 * CPT codes are not verified (no CPT code set: AMA licence); only their shape is checked.
 * A line with no code at all: on an institutional bill (837I) the revenue code alone describes many lines (SV202 is
 * situational: 0250 pharmacy, 0270 supplies, 0120 room and board), so only a revenue code that calls for a HCPCS
 * code on an outpatient bill is reported; elsewhere a line without a code is.
 */
import { releaseNote } from '../facts.ts';
import { isCptCode, isLevel2Code } from '../lines.ts';
import { DENIALS, SOURCES, soften } from '../support.ts';
import type { LineEdit } from '../types.ts';

/**
 * Revenue codes whose lines must name the HCPCS code of what they bill, with what that code is.
 * @see NUBC UB-04 revenue code 0636 "Drugs requiring detailed coding" (the drug is identified by its HCPCS code in
 * FL 44); Medicare I/OCE edit 48 "Revenue center requires HCPCS"; X12 837I TR3 005010X223A2 SV202 (required when a
 * HCPCS code applies to the revenue code)
 */
const REVENUE_CODES_NEEDING_HCPCS: ReadonlyMap<string, string> = new Map([['0636', "the drug's code"]]);

/** SV201 as the UB-04 writes it: four digits with the leading 0 ("636" → "0636"). */
const revenueCode4 = (code: string): string => code.trim().padStart(4, '0');

export const codeUnknown: LineEdit = {
  id: 'code-unknown',
  title: 'Unknown procedure code',
  severity: 'error',
  scope: 'line',
  needs: ['reference'],
  source: SOURCES.hcpcsFile,
  denials: [DENIALS.invalidHcpcs],
  fixes: [],
  check({ env, claim, line, report }) {
    const code = line.code;
    if (code === '') {
      const revenue = line.line.revenueCode;
      if (revenue !== undefined && revenue.trim() !== '') {
        const rev = revenueCode4(revenue);
        const what = REVENUE_CODES_NEEDING_HCPCS.get(rev);
        // An inpatient stay is paid as a whole: its lines need no HCPCS code.
        if (what === undefined || claim.bill === 'inpatient') return;
        report({
          field: 'procedure code',
          message: `Revenue code ${rev} requires a HCPCS code (${what}); line ${line.line.sequence} has none.`,
          why: `Revenue code ${rev} is for items identified by their HCPCS code; an outpatient line under it without one is returned (Medicare I/OCE edit 48, revenue center requires HCPCS). Put the code in SV202, or bill the line under a revenue code that needs none (0250 for a drug without a code of its own).`,
          source:
            'NUBC UB-04 revenue code 0636 (drugs requiring detailed coding); Medicare I/OCE edit 48 (revenue center requires HCPCS); X12 837I TR3 005010X223A2 SV202',
          data: { code, revenueCode: rev },
        });
        return;
      }
      report({
        field: 'procedure code',
        message: `Line ${line.line.sequence} has no procedure code.`,
        why: 'Professional and outpatient claims identify each service by a HCPCS Level II or CPT code (qualifier HC).',
        data: { code },
      });
      return;
    }
    if (isCptCode(code)) return;
    if (!isLevel2Code(code)) {
      report({
        field: 'procedure code',
        message: `"${line.line.procedure.code}" is not a HCPCS or CPT code: those are 5 characters (a letter and 4 digits, or 5 digits, or 4 digits and F/T/U).`,
        why: 'Professional and outpatient claims identify each service by a HCPCS Level II or CPT code (qualifier HC).',
        data: { code },
      });
      return;
    }
    if (line.dos === null) return;
    const found = line.hcpcs;
    if (found && found.value.kind === 'procedure') return;
    // Certain only when the HCPCS release that answered is in force on the date of service.
    const release = env.facts.release('hcpcs', line.dos);
    const note = releaseNote(release);
    report({
      severity: soften('error', note === null),
      field: 'procedure code',
      message: `${code} is not in the HCPCS Level II file${release ? ` (${release.release.label})` : ''}.`,
      why: `Only codes published by CMS in the HCPCS Level II file can be billed.${note ?? ''}`,
      data: { code, dos: line.dos },
    });
  },
};
