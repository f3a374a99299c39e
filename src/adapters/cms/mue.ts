/**
 * NCCI Medically Unlikely Edits, one CSV per setting (MCR_MUE_<Setting>Services_Eff_MM-DD-YYYY.csv):
 * Windows-1252, a quoted multi-line AMA notice as record 1, a header whose first cell holds a line break
 * ("HCPCS/\nCPT Code"), then code, MUE value, MAI text ("3 Date of Service Edit: Clinical"), rationale.
 * @see shared/data/PROVENANCE.md §4
 */
import type { DatasetKind, Mue, MueSetting } from '../../core/reference/model.ts';
import { HCPCS_OR_CPT } from './asp.ts';
import { baseName, decodeText, problem, ProblemSink } from './common.ts';
import { cell, findColumns, findHeaderRow, isBlankRow, normaliseHeader, parseCsv } from './csv.ts';
import { isoFromParts } from './dates.ts';
import type { DatasetReader, InputFile, ParsedDataset, ReleaseInfo } from './types.ts';

interface SettingSpec {
  dataset: Extract<DatasetKind, 'mue-practitioner' | 'mue-outpatient-hospital' | 'mue-dme'>;
  setting: MueSetting;
  /** Normalised header of the value column. */
  valueHeader: string;
  title: string;
}

const SPECS: readonly SettingSpec[] = [
  {
    dataset: 'mue-practitioner',
    setting: 'practitioner',
    valueHeader: 'practitioner services mue values',
    title: 'practitioner services',
  },
  {
    dataset: 'mue-outpatient-hospital',
    setting: 'outpatient-hospital',
    valueHeader: 'outpatient hospital services mue values',
    title: 'outpatient hospital services',
  },
  {
    dataset: 'mue-dme',
    setting: 'dme',
    valueHeader: 'dme supplier services mue values',
    title: 'DME supplier services',
  },
];

const EFFECTIVE_IN_NAME = /Eff[_ -]?(\d{2})[-_](\d{2})[-_](\d{4})/i;

/** MCR_MUE_PractitionerServices_Eff_04-01-2026.csv → 2026-04-01. */
export function mueEffectiveFromName(name: string): string | undefined {
  const m = EFFECTIVE_IN_NAME.exec(baseName(name));
  if (!m) return undefined;
  return isoFromParts(Number(m[3]), Number(m[1]), Number(m[2]));
}

function makeReader(spec: SettingSpec): DatasetReader {
  const columnsSpec = {
    code: (c: string) => c.startsWith('hcpcs/') || c === 'hcpcs/ cpt code' || c === 'hcpcs code',
    value: (c: string) => c === spec.valueHeader,
    mai: (c: string) => c === 'mue adjudication indicator',
    rationale: (c: string) => c === 'mue rationale',
  };
  return {
    dataset: spec.dataset,
    recognise(_name: string, head: string): boolean {
      return normaliseHeader(head)
        .replaceAll('"', '')
        .includes(`cpt code,${spec.valueHeader},mue adjudication indicator`);
    },
    read(file: InputFile, sha256: string): ParsedDataset {
      const fileName = file.name;
      const sink = new ProblemSink();
      const decoded = decodeText(file, 'windows-1252');
      sink.addAll(decoded.problems);
      const records: Mue[] = [];
      const effectiveFrom = mueEffectiveFromName(fileName);
      if (effectiveFrom === undefined) {
        sink.add(
          problem(
            'error',
            'cms.release.unknown-period',
            'cannot tell when this MUE file takes effect: the name must contain Eff_MM-DD-YYYY',
            {
              file: fileName,
            },
          ),
        );
      }
      const release: ReleaseInfo = {
        dataset: spec.dataset,
        fileName: baseName(fileName),
        sha256,
        releaseDate: null,
        effectiveFrom: effectiveFrom ?? '',
        effectiveTo: null,
        label: `MUE ${spec.title}${effectiveFrom ? ` effective ${effectiveFrom}` : ''}`,
      };
      const done = (): ParsedDataset => ({
        dataset: spec.dataset,
        release,
        records,
        problems: sink.finish(fileName),
      });
      if (decoded.text === undefined) return done();

      const csv = parseCsv(decoded.text, fileName);
      sink.addAll(csv.problems);
      const headerIdx = findHeaderRow(
        csv.rows,
        (r) => r.fields.some((f) => normaliseHeader(f) === spec.valueHeader),
        10,
      );
      const headerRow = csv.rows[headerIdx];
      if (headerIdx === -1 || headerRow === undefined) {
        sink.add(
          problem(
            'error',
            'cms.csv.no-header',
            `no header row with "${spec.valueHeader}" in the first 10 records`,
            { file: fileName },
          ),
        );
        return done();
      }
      const { columns, missing } = findColumns(headerRow.fields, columnsSpec);
      if (missing.length > 0) {
        sink.add(
          problem(
            'error',
            'cms.csv.missing-column',
            `the header lacks column(s): ${missing.join(', ')}`,
            { file: fileName, line: headerRow.line },
            { missing },
          ),
        );
        return done();
      }
      const header = headerRow.fields.map((f) => normaliseHeader(f));
      const lastNeeded = Math.max(columns.code, columns.value, columns.mai);
      const seen = new Set<string>();

      for (const row of csv.rows.slice(headerIdx + 1)) {
        if (isBlankRow(row)) continue;
        const at = { file: fileName, line: row.line };
        if (row.fieldCount <= lastNeeded) {
          sink.add(
            problem(
              'error',
              'cms.csv.missing-fields',
              `the row has ${row.fieldCount} fields, the header ${header.length}`,
              at,
            ),
          );
          continue;
        }
        const code = cell(row, columns.code);
        if (!HCPCS_OR_CPT.test(code)) {
          sink.add(
            problem('error', 'cms.mue.bad-code', `"${code}" is not a HCPCS/CPT code`, {
              ...at,
              field: 'HCPCS/CPT Code',
            }),
          );
          continue;
        }
        const valueText = cell(row, columns.value);
        if (!/^\d+$/.test(valueText)) {
          sink.add(
            problem(
              'error',
              'cms.mue.bad-value',
              `MUE value "${valueText}" of ${code} is not a whole number of units`,
              {
                ...at,
                field: headerRow.fields[columns.value]?.trim() ?? 'MUE Values',
              },
            ),
          );
          continue;
        }
        const maiText = cell(row, columns.mai);
        const maiDigit = maiText.charAt(0);
        if (maiDigit !== '1' && maiDigit !== '2' && maiDigit !== '3') {
          sink.add(
            problem(
              'error',
              'cms.mue.bad-mai',
              `adjudication indicator "${maiText}" of ${code} does not start with 1, 2 or 3`,
              { ...at, field: 'MUE Adjudication Indicator' },
            ),
          );
          continue;
        }
        if (seen.has(code)) {
          sink.add(
            problem('error', 'cms.mue.duplicate-code', `${code} appears twice`, {
              ...at,
              field: 'HCPCS/CPT Code',
            }),
          );
          continue;
        }
        seen.add(code);
        records.push({
          code,
          setting: spec.setting,
          value: Number(valueText),
          mai: maiDigit === '1' ? 1 : maiDigit === '2' ? 2 : 3,
          maiText,
          rationale: cell(row, columns.rationale),
        });
      }
      if (records.length === 0)
        sink.add(problem('error', 'cms.file.no-records', 'no MUE rows were found', { file: fileName }));
      return done();
    },
  };
}

export const muePractitionerReader = makeReader(SPECS[0] as SettingSpec);
export const mueOutpatientHospitalReader = makeReader(SPECS[1] as SettingSpec);
export const mueDmeReader = makeReader(SPECS[2] as SettingSpec);
