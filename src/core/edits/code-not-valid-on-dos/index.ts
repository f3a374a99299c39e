/**
 * A HCPCS Level II code used before it was added or after its termination date → CARC 181.
 * The HCPCS file keeps terminated codes with their dates, so the answer is certain even when the file's release
 * is newer than the date of service.
 */
import { codeStatus } from '../../reference/as-of.ts';
import { isLevel2Code } from '../lines.ts';
import { DENIALS, SOURCES } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const codeNotValidOnDos: LineEdit = {
  id: 'code-not-valid-on-dos',
  title: 'Procedure code not valid on the date of service',
  severity: 'error',
  scope: 'line',
  needs: ['reference'],
  source: SOURCES.hcpcsDates,
  denials: [DENIALS.codeInvalidOnDos],
  fixes: [],
  check({ line, report }) {
    if (line.dos === null || !isLevel2Code(line.code)) return;
    const found = line.hcpcs;
    if (!found || found.value.kind !== 'procedure') return;
    const record = found.value;
    const status = codeStatus(record, line.dos);
    if (status === 'active') return;
    const message =
      status === 'not-yet-valid'
        ? `${line.code} is not valid yet on ${line.dos}: it was added on ${record.addedDate ?? '?'}.`
        : `${line.code} was terminated: its last valid day was ${record.terminationDate ?? '?'}, before the date of service ${line.dos}.`;
    report({
      field: 'procedure code',
      message,
      why: `A HCPCS code may be billed only from its added date through its termination date (${found.source.label}).`,
      data: {
        code: line.code,
        dos: line.dos,
        status,
        addedDate: record.addedDate,
        terminationDate: record.terminationDate,
      },
    });
  },
};
