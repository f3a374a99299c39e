/**
 * NCCI add-on code (AOC) edits, CSV form of the CMS AOC_V<YYYY>Q<n>-MCR.xlsx: a quoted AMA notice as record 1,
 * header `AOC_Edit_Type, Add-On_Code, AOC_DelDT, Primary_Code, Primary_Code_DelDT, AOC_Edit_EffDT,
 * AOC_Edit_DelDT, Special_Instruction_Notes`, dates as CMS Julian YYYYDDD.
 * @see shared/data/PROVENANCE.md §5
 */
import type { AddOnCodeEdit, IsoDate } from '../../core/reference/model.ts';
import { HCPCS_OR_CPT } from './asp.ts';
import { baseName, problem } from './common.ts';
import { cell, normaliseHeader } from './csv.ts';
import { isoFromJulian, quarterEnd, quarterStart } from './dates.ts';
import { readTable, unknownPeriod, type TableSpec } from './tabular.ts';
import type { DatasetReader, InputFile, ParsedDataset } from './types.ts';

const COLUMNS = {
  editType: (c: string) => c === 'aoc_edit_type',
  addOnCode: (c: string) => c === 'add-on_code',
  addOnDeleted: (c: string) => c === 'aoc_deldt',
  primaryCode: (c: string) => c === 'primary_code',
  primaryDeleted: (c: string) => c === 'primary_code_deldt',
  effective: (c: string) => c === 'aoc_edit_effdt',
  deleted: (c: string) => c === 'aoc_edit_deldt',
  notes: (c: string) => c === 'special_instruction_notes',
};

const DATE_FIELDS = {
  addOnDeleted: 'AOC_DelDT',
  primaryDeleted: 'Primary_Code_DelDT',
  effective: 'AOC_Edit_EffDT',
  deleted: 'AOC_Edit_DelDT',
} as const;

/** AOC_V2026Q2-MCR → 2026 Q2 → in force from 2026-04-01 to 2026-06-30 (the next quarter has its own file). */
export function aocQuarterFromName(
  name: string,
): { year: number; quarter: number; from: IsoDate } | undefined {
  const m = /AOC_V(\d{4})Q([1-4])/i.exec(baseName(name));
  if (!m) return undefined;
  const year = Number(m[1]);
  const quarter = Number(m[2]);
  return { year, quarter, from: quarterStart(year, quarter) };
}

const SPEC: TableSpec<'ncci-aoc', keyof typeof COLUMNS> = {
  dataset: 'ncci-aoc',
  encoding: 'utf-8',
  maxFields: 12,
  release(fileName, sink) {
    const quarter = aocQuarterFromName(fileName);
    if (quarter === undefined) {
      sink.add(
        unknownPeriod(
          fileName,
          'cannot tell the quarter of this AOC file: the name must contain AOC_V<YYYY>Q<n>',
        ),
      );
    }
    return {
      releaseDate: null,
      effectiveFrom: quarter?.from ?? '',
      effectiveTo: quarter ? quarterEnd(quarter.from) : null,
      label: quarter
        ? `NCCI add-on code edits ${quarter.year} Q${quarter.quarter}`
        : 'NCCI add-on code edits',
    };
  },
  header: {
    isHeader: (r) => normaliseHeader(r.fields[0] ?? '') === 'aoc_edit_type',
    scan: 10,
    notFound: 'no header row starting with "AOC_Edit_Type" in the first 10 records',
  },
  columns: COLUMNS,
  columnNames: {
    editType: 'AOC_Edit_Type',
    addOnCode: 'Add-On_Code',
    addOnDeleted: DATE_FIELDS.addOnDeleted,
    primaryCode: 'Primary_Code',
    primaryDeleted: DATE_FIELDS.primaryDeleted,
    effective: DATE_FIELDS.effective,
    deleted: DATE_FIELDS.deleted,
    notes: 'Special_Instruction_Notes',
  },
  shiftShows: 'primaryCode',
  rowsName: 'AOC edit',
  startRows({ sink, columns }) {
    const seen = new Set<string>();
    return (row, at): AddOnCodeEdit | undefined => {
      const typeText = cell(row, columns.editType);
      if (typeText !== '1' && typeText !== '2' && typeText !== '3') {
        sink.add(
          problem('error', 'cms.aoc.bad-edit-type', `edit type "${typeText}" is not 1, 2 or 3`, {
            ...at,
            field: 'AOC_Edit_Type',
          }),
        );
        return undefined;
      }
      const editType = typeText === '1' ? 1 : typeText === '2' ? 2 : 3;
      const addOnCode = cell(row, columns.addOnCode);
      if (!HCPCS_OR_CPT.test(addOnCode)) {
        sink.add(
          problem('error', 'cms.aoc.bad-code', `add-on code "${addOnCode}" is not a HCPCS/CPT code`, {
            ...at,
            field: 'Add-On_Code',
          }),
        );
        return undefined;
      }
      const primaryCode = cell(row, columns.primaryCode);
      // CCCCC stands for "primaries the contractor defines" (type 2 and some type 3 edits).
      if (primaryCode !== 'CCCCC' && !HCPCS_OR_CPT.test(primaryCode)) {
        sink.add(
          problem(
            'error',
            'cms.aoc.bad-code',
            `primary code "${primaryCode}" is not a HCPCS/CPT code (or CCCCC)`,
            { ...at, field: 'Primary_Code' },
          ),
        );
        return undefined;
      }
      // Type 2 lists only CCCCC; type 1 never does. Type 3 may list CCCCC beside real primaries (the Q2 2026 file does).
      if ((editType === 2 && primaryCode !== 'CCCCC') || (editType === 1 && primaryCode === 'CCCCC')) {
        sink.add(
          problem(
            'warning',
            'cms.aoc.type-mismatch',
            `type ${editType} edit for ${addOnCode} with primary "${primaryCode}" (type 2 edits list CCCCC, type 1 never)`,
            {
              ...at,
              field: 'Primary_Code',
            },
          ),
        );
      }
      const dates = {} as Record<keyof typeof DATE_FIELDS, IsoDate | null>;
      let bad = false;
      for (const key of Object.keys(DATE_FIELDS) as (keyof typeof DATE_FIELDS)[]) {
        const raw = cell(row, columns[key]);
        if (raw === '') {
          dates[key] = null;
          continue;
        }
        const iso = isoFromJulian(raw);
        if (iso === undefined) {
          sink.add(
            problem('error', 'cms.aoc.bad-date', `"${raw}" is not a CMS Julian date (YYYYDDD)`, {
              ...at,
              field: DATE_FIELDS[key],
            }),
          );
          bad = true;
        } else {
          dates[key] = iso;
        }
      }
      if (bad) return undefined;
      const key = `${addOnCode}|${primaryCode}|${dates.effective ?? ''}`;
      if (seen.has(key)) {
        sink.add(
          problem(
            'warning',
            'cms.aoc.duplicate-row',
            `${addOnCode} with ${primaryCode} from ${dates.effective ?? '?'} appears twice`,
            at,
          ),
        );
      }
      seen.add(key);
      return {
        addOnCode,
        primaryCode,
        editType,
        effectiveFrom: dates.effective,
        deletedOn: dates.deleted,
        addOnDeletedOn: dates.addOnDeleted,
        primaryDeletedOn: dates.primaryDeleted,
        notes: cell(row, columns.notes),
      };
    };
  },
};

export const ncciAocReader: DatasetReader = {
  dataset: 'ncci-aoc',
  recognise(_name: string, head: string): boolean {
    return /^"?AOC_Edit_Type"?,"?Add-On_Code"?,/im.test(head);
  },
  read: (file: InputFile, sha256: string): ParsedDataset => readTable(SPEC, file, sha256),
};
