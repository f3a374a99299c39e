/**
 * ICD-10-CM "Code Descriptions in Tabular Order" code file (icd10cm-codes-YYYY.txt): billable codes only,
 * code in columns 1-7 (no dot, space padded), a blank in column 8, description from column 9.
 * @see shared/data/PROVENANCE.md §6
 */
import type { Icd10Code } from '../../core/reference/model.ts';
import { baseName, decodeText, nonAsciiProblem, problem, ProblemSink } from './common.ts';
import type { DatasetReader, InputFile, ParsedDataset, ReleaseInfo } from './types.ts';

/**
 * ICD-10-CM code without the dot: a letter, then 2 to 6 letters/digits. The second character is usually a digit,
 * but FY2026 added the QA00-QA08 codes (gene-related neurodevelopmental disorders), so a letter is allowed.
 */
const ICD_CODE = /^[A-Z][0-9A-Z]{2,6}$/;
const LINE_SHAPE = /^[A-Z][0-9A-Z]{2}[0-9A-Z ]{4} \S/;

/**
 * The fiscal year in the name (icd10cm-codes-2026.txt, icd10cm_codes_2026.txt, "FY2026") → its period.
 * ICD-10-CM fiscal year N runs from October 1 of N-1 to September 30 of N.
 * @see CDC/NCHS ICD-10-CM files: "FY2026 … effective October 1, 2025"
 */
export function icd10FiscalYearFromName(
  name: string,
): { fiscalYear: number; from: string; to: string } | undefined {
  const base = baseName(name);
  const m = /icd-?10-?cm[^0-9]*(?:fy)?(\d{4})/i.exec(base) ?? /\bFY[ _-]?(\d{4})\b/i.exec(base);
  if (!m) return undefined;
  const fy = Number(m[1]);
  if (fy < 2000 || fy > 2999) return undefined;
  return { fiscalYear: fy, from: `${fy - 1}-10-01`, to: `${fy}-09-30` };
}

export const icd10cmReader: DatasetReader = {
  dataset: 'icd10cm',
  recognise(_name: string, head: string): boolean {
    const lines = head.split(/\r?\n/).slice(0, 5);
    // The head may end mid-line; judge the complete lines only.
    const complete = lines.slice(0, -1);
    return complete.length >= 2 && complete.every((l) => LINE_SHAPE.test(l));
  },
  read(file: InputFile, sha256: string): ParsedDataset {
    const fileName = file.name;
    const sink = new ProblemSink();
    const decoded = decodeText(file, 'windows-1252');
    sink.addAll(decoded.problems);
    const records: Icd10Code[] = [];
    const fy = icd10FiscalYearFromName(fileName);
    if (fy === undefined) {
      sink.add(
        problem(
          'error',
          'cms.release.unknown-period',
          'cannot tell the fiscal year of this ICD-10-CM file: the name must contain it (icd10cm-codes-2026.txt)',
          {
            file: fileName,
          },
        ),
      );
    }
    const release: ReleaseInfo = {
      dataset: 'icd10cm',
      fileName: baseName(fileName),
      sha256,
      releaseDate: null,
      effectiveFrom: fy?.from ?? '',
      effectiveTo: fy?.to ?? null,
      label: fy ? `ICD-10-CM FY${fy.fiscalYear}` : 'ICD-10-CM',
    };
    const done = (): ParsedDataset => ({
      dataset: 'icd10cm',
      release,
      records,
      problems: sink.finish(fileName),
    });
    if (decoded.text === undefined) return done();

    const text = decoded.text;
    // CDC publishes the file as plain ASCII; one test of the whole text spares the per-line search on a clean file.
    const hasNonAscii = /[^\x20-\x7e\r\n]/.test(text);
    const seen = new Set<string>();
    let start = 0;
    let lineNo = 0;
    const n = text.length;
    while (start < n) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = n;
      const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      start = end + 1;
      lineNo++;
      if (line.trim() === '') continue;
      const at = { file: fileName, line: lineNo };
      if (hasNonAscii) {
        const odd = nonAsciiProblem(line, at, (c) => (c <= 7 ? 'code' : c === 8 ? 'blank' : 'description'));
        if (odd !== undefined) sink.add(odd);
      }
      const code = line.slice(0, 7).trimEnd();
      if (!ICD_CODE.test(code)) {
        sink.add(
          problem(
            'error',
            'cms.icd10.bad-code',
            `"${line.slice(0, 7)}" (columns 1-7) is not an ICD-10-CM code`,
            { ...at, field: 'code', element: 1 },
          ),
        );
        continue;
      }
      if (line.length > 7 && line.charAt(7) !== ' ') {
        sink.add(
          problem(
            'error',
            'cms.icd10.bad-layout',
            'column 8 must be blank (code in 1-7, description from 9)',
            { ...at, field: 'code', element: 8 },
          ),
        );
        continue;
      }
      const description = line.slice(8).trim();
      if (description === '') {
        sink.add(
          problem('error', 'cms.icd10.no-description', `${code} has no description (column 9 on)`, {
            ...at,
            field: 'description',
            element: 9,
          }),
        );
        continue;
      }
      if (seen.has(code)) {
        sink.add(
          problem('error', 'cms.icd10.duplicate-code', `${code} appears twice`, { ...at, field: 'code' }),
        );
        continue;
      }
      seen.add(code);
      records.push({ code, description, billable: true });
    }
    if (records.length === 0)
      sink.add(problem('error', 'cms.file.no-records', 'no ICD-10-CM codes were found', { file: fileName }));
    return done();
  },
};
