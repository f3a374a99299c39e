/** The text of `data import`: warnings shown per file with their position, capped, the rest left to --json. */
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { Problem } from '../../../core/problem.ts';
import type { FileImportRow, ImportReport } from '../../store/index.ts';
import { printImportReport, warningLine } from './data.ts';

function row(file: string, problems: Problem[]): FileImportRow {
  return {
    file,
    dataset: 'asp',
    releaseId: 'asp:2026-01-01:00000000',
    label: 'ASP payment limits January 2026',
    releaseDate: '2025-12-17',
    effectiveFrom: '2026-01-01',
    effectiveTo: '2026-03-31',
    records: 877,
    status: 'imported',
    ms: 12,
    problems,
  };
}

const emptyLimit = (line: number): Problem => ({
  code: 'cms.asp.empty-limit',
  severity: 'warning',
  message: `asp.csv, line ${line}, field "Payment Limit": J${line} has an empty payment limit`,
  at: { file: 'asp.csv', line, field: 'Payment Limit' },
});

function stdoutOf(fn: () => void): string {
  const chunks: string[] = [];
  const write = mock.method(process.stdout, 'write', (chunk: string) => {
    chunks.push(chunk);
    return true;
  });
  try {
    fn();
  } finally {
    write.mock.restore();
  }
  return chunks.join('');
}

describe('printImportReport', () => {
  it('prints up to 20 warnings per file, grouped, then how many more there are', () => {
    const warnings = Array.from({ length: 23 }, (_, i) => emptyLimit(i + 2));
    const info: Problem = { code: 'cms.note', severity: 'info', message: 'asp.csv: an info line' };
    const skipped: Problem = {
      code: 'import.entry-skipped',
      severity: 'warning',
      message: 'links/x.csv: skipped, a symbolic link to nothing',
      at: { file: 'links/x.csv' },
    };
    const report: ImportReport = {
      ok: true,
      rows: [row('asp/asp.csv', [...warnings, info]), row('other.csv', [])],
      problems: [skipped],
      storeMs: 5,
      totalMs: 20,
    };
    const before = structuredClone(report);
    const out = stdoutOf(() => printImportReport(report)).split('\n');
    const start = out.indexOf('warning(s) in the folder:');
    assert.ok(start > 0, out.join('\n'));
    assert.equal(out[start + 1], '  links/x.csv: skipped, a symbolic link to nothing');
    assert.equal(out[start + 2], 'warning(s) in asp/asp.csv:');
    assert.equal(out[start + 3], '  line 2, field "Payment Limit": J2 has an empty payment limit');
    assert.equal(out[start + 22], '  line 21, field "Payment Limit": J21 has an empty payment limit');
    assert.equal(out[start + 23], '  … and 3 more, see --json');
    assert.match(out[start + 24] ?? '', /^Imported 2 release\(s\), .* 24 warning\(s\);/);
    assert.ok(!out.some((l) => l.includes('an info line')), 'info problems are not warnings');
    assert.deepEqual(report, before, 'the report is not changed');
  });
});

describe('warningLine', () => {
  const cases: [string, Problem, string][] = [
    [
      'the reader prefix is replaced by the position',
      emptyLimit(706),
      'line 706, field "Payment Limit": J706 has an empty payment limit',
    ],
    [
      'a message without the file name keeps its text, with the position added',
      { code: 'x', severity: 'warning', message: 'odd value', at: { file: 'a.csv', line: 3 } },
      'line 3: odd value',
    ],
    [
      'a message naming the file in another way is left whole',
      {
        code: 'x',
        severity: 'warning',
        message: 'a.csv (SHA-256 ab) is a different file',
        at: { file: 'a.csv' },
      },
      'a.csv (SHA-256 ab) is a different file',
    ],
  ];
  for (const [label, problem, expected] of cases)
    it(label, () => assert.equal(warningLine(problem), expected));
});
