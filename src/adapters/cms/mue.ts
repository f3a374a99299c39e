/**
 * NCCI Medically Unlikely Edits, one CSV per setting (MCR_MUE_<Setting>Services_Eff_MM-DD-YYYY.csv):
 * Windows-1252, a quoted multi-line AMA notice as record 1, a header whose first cell holds a line break
 * ("HCPCS/\nCPT Code"), then code, MUE value, MAI text ("3 Date of Service Edit: Clinical"), rationale.
 * @see shared/data/PROVENANCE.md §4
 */
import type { DatasetKind, Mue, MueSetting } from '../../core/reference/model.ts';
import { HCPCS_OR_CPT } from './asp.ts';
import { baseName, problem } from './common.ts';
import { cell, normaliseHeader } from './csv.ts';
import { isoFromParts, quarterEnd } from './dates.ts';
import { headerName, readTable, unknownPeriod, type TableSpec } from './tabular.ts';
import type { DatasetReader, InputFile, ParsedDataset } from './types.ts';

interface SettingSpec {
  dataset: Extract<DatasetKind, 'mue-practitioner' | 'mue-outpatient-hospital' | 'mue-dme'>;
  setting: MueSetting;
  /** Normalised header of the value column. */
  valueHeader: string;
  /** The value column as CMS names it. */
  valueName: string;
  title: string;
}

const SPECS: readonly SettingSpec[] = [
  {
    dataset: 'mue-practitioner',
    setting: 'practitioner',
    valueHeader: 'practitioner services mue values',
    valueName: 'Practitioner Services MUE Values',
    title: 'practitioner services',
  },
  {
    dataset: 'mue-outpatient-hospital',
    setting: 'outpatient-hospital',
    valueHeader: 'outpatient hospital services mue values',
    valueName: 'Outpatient Hospital Services MUE Values',
    title: 'outpatient hospital services',
  },
  {
    dataset: 'mue-dme',
    setting: 'dme',
    valueHeader: 'dme supplier services mue values',
    valueName: 'DME Supplier Services MUE Values',
    title: 'DME supplier services',
  },
];

/**
 * The largest MUE believed: 1,000,000 units of service per day, about 11 times the largest in the April 2026
 * files (90,000). A longer number is a damaged cell (and past 2^53 it would not even be read exactly).
 */
const MAX_MUE = 1_000_000;

const EFFECTIVE_IN_NAME = /Eff[_ -]?(\d{2})[-_](\d{2})[-_](\d{4})/i;

/** MCR_MUE_PractitionerServices_Eff_04-01-2026.csv → 2026-04-01. */
export function mueEffectiveFromName(name: string): string | undefined {
  const m = EFFECTIVE_IN_NAME.exec(baseName(name));
  if (!m) return undefined;
  return isoFromParts(Number(m[3]), Number(m[1]), Number(m[2]));
}

function makeReader(spec: SettingSpec): DatasetReader {
  const COLUMNS = {
    code: (c: string) => c.startsWith('hcpcs/') || c === 'hcpcs/ cpt code' || c === 'hcpcs code',
    value: (c: string) => c === spec.valueHeader,
    mai: (c: string) => c === 'mue adjudication indicator',
    rationale: (c: string) => c === 'mue rationale',
  };
  const table: TableSpec<SettingSpec['dataset'], keyof typeof COLUMNS> = {
    dataset: spec.dataset,
    encoding: 'windows-1252',
    release(fileName, sink) {
      const effectiveFrom = mueEffectiveFromName(fileName);
      if (effectiveFrom === undefined) {
        sink.add(
          unknownPeriod(
            fileName,
            'cannot tell when this MUE file takes effect: the name must contain Eff_MM-DD-YYYY',
          ),
        );
      }
      return {
        releaseDate: null,
        effectiveFrom: effectiveFrom ?? '',
        // MUE files are quarterly (PROVENANCE §4): Eff_04-01-2026 covers 2026 Q2, then the next file takes over.
        effectiveTo: effectiveFrom ? quarterEnd(effectiveFrom) : null,
        label: `MUE ${spec.title}${effectiveFrom ? ` effective ${effectiveFrom}` : ''}`,
      };
    },
    header: {
      isHeader: (r) => r.fields.some((f) => normaliseHeader(f) === spec.valueHeader),
      scan: 10,
      notFound: `no header row with "${spec.valueHeader}" in the first 10 records`,
    },
    columns: COLUMNS,
    columnNames: {
      code: 'HCPCS/CPT Code',
      value: spec.valueName,
      mai: 'MUE Adjudication Indicator',
      rationale: 'MUE Rationale',
    },
    shiftShows: 'value',
    rowsName: 'MUE',
    startRows({ sink, header, columns }) {
      const seen = new Set<string>();
      return (row, at): Mue | undefined => {
        const code = cell(row, columns.code);
        if (!HCPCS_OR_CPT.test(code)) {
          sink.add(
            problem('error', 'cms.mue.bad-code', `"${code}" is not a HCPCS/CPT code`, {
              ...at,
              field: 'HCPCS/CPT Code',
            }),
          );
          return undefined;
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
                field: headerName(header, columns.value, 'MUE Values'),
              },
            ),
          );
          return undefined;
        }
        const value = Number(valueText);
        if (value > MAX_MUE) {
          sink.add(
            problem(
              'error',
              'cms.mue.out-of-range',
              `MUE value ${valueText} of ${code} is above 1,000,000 units a day`,
              { ...at, field: headerName(header, columns.value, 'MUE Values') },
            ),
          );
          return undefined;
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
          return undefined;
        }
        if (seen.has(code)) {
          sink.add(
            problem('error', 'cms.mue.duplicate-code', `${code} appears twice`, {
              ...at,
              field: 'HCPCS/CPT Code',
            }),
          );
          return undefined;
        }
        seen.add(code);
        return {
          code,
          setting: spec.setting,
          value,
          mai: maiDigit === '1' ? 1 : maiDigit === '2' ? 2 : 3,
          maiText,
          rationale: cell(row, columns.rationale),
        };
      };
    },
  };
  return {
    dataset: spec.dataset,
    recognise(_name: string, head: string): boolean {
      return normaliseHeader(head)
        .replaceAll('"', '')
        .includes(`cpt code,${spec.valueHeader},mue adjudication indicator`);
    },
    read: (file: InputFile, sha256: string): ParsedDataset => readTable(table, file, sha256),
  };
}

export const muePractitionerReader = makeReader(SPECS[0] as SettingSpec);
export const mueOutpatientHospitalReader = makeReader(SPECS[1] as SettingSpec);
export const mueDmeReader = makeReader(SPECS[2] as SettingSpec);
