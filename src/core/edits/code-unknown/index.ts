/**
 * A procedure code that is not a HCPCS Level II code in the CMS file, or not shaped like any HCPCS/CPT code.
 * CPT codes are not verified (no CPT code set: AMA licence); only their shape is checked.
 */
import { releaseNote } from '../facts.ts';
import { isCptCode, isLevel2Code } from '../lines.ts';
import { DENIALS, SOURCES, soften } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const codeUnknown: LineEdit = {
  id: 'code-unknown',
  title: 'Unknown procedure code',
  severity: 'error',
  scope: 'line',
  needs: ['reference'],
  source: SOURCES.hcpcsFile,
  denials: [DENIALS.invalidHcpcs],
  fixes: [],
  check({ env, line, report }) {
    const code = line.code;
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
