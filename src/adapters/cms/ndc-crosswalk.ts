/**
 * ASP NDC-HCPCS crosswalk ("section 508 version of <Month YYYY> ASP NDC-HCPCS Crosswalk <MMDDYY>.csv"):
 * Windows-1252, 252 columns of which the first 10 are used, banner rows, header whose first column is named
 * after the year ("_2026_CODE").
 * @see shared/data/PROVENANCE.md §3
 */
import type { NdcPackage } from '../../core/reference/model.ts';
import { normaliseNdc } from '../../core/reference/ndc.ts';
import { aspBannerPeriod, HCPCS_OR_CPT } from './asp.ts';
import { parseNumberCell, problem, releaseDateFromMmddyySuffix } from './common.ts';
import { cell, normaliseHeader } from './csv.ts';
import { headerName, readTable, type TableSpec } from './tabular.ts';
import type { DatasetReader, InputFile, ParsedDataset } from './types.ts';

/** The code column is "_2026_CODE" in 2026, "_2025_CODE" in 2025. */
const CODE_HEADER = /^_?(\d{4})_code$/;
const HEADER_LINE = /^"?_?\d{4}_CODE"?,"?Short Description"?,"?LABELER NAME"?,"?NDC2"?/i;

const COLUMNS = {
  code: (c: string) => CODE_HEADER.test(c),
  shortDescription: (c: string) => c === 'short description',
  labelerName: (c: string) => c === 'labeler name',
  ndc: (c: string) => c === 'ndc2',
  drugName: (c: string) => c === 'drug name',
  hcpcsDosage: (c: string) => c === 'hcpcs dosage',
  packageSize: (c: string) => c === 'pkg size',
  packageQuantity: (c: string) => c === 'pkg qty',
  billingUnits: (c: string) => c === 'billunits',
  billingUnitsPerPackage: (c: string) => c === 'billunitspkg',
};

type NumericKey = 'packageSize' | 'packageQuantity' | 'billingUnits' | 'billingUnitsPerPackage';
const NUMERIC: readonly NumericKey[] = [
  'packageSize',
  'packageQuantity',
  'billingUnits',
  'billingUnitsPerPackage',
];

const SPEC: TableSpec<'ndc-crosswalk', keyof typeof COLUMNS> = {
  dataset: 'ndc-crosswalk',
  encoding: 'windows-1252',
  // Only the first 10 of 252 columns carry data; keep 16 so a moved column is still found by its header.
  maxFields: 16,
  release: (fileName) => ({
    releaseDate: releaseDateFromMmddyySuffix(fileName),
    effectiveFrom: '',
    effectiveTo: null,
    label: 'ASP NDC-HCPCS crosswalk',
  }),
  header: {
    isHeader: (r) => CODE_HEADER.test(normaliseHeader(r.fields[0] ?? '')),
    notFound: 'no header row starting with "_YYYY_CODE" in the first 30 rows',
  },
  periodFromBanner: aspBannerPeriod('ASP NDC-HCPCS crosswalk'),
  columns: COLUMNS,
  columnNames: {
    code: '_YYYY_CODE',
    shortDescription: 'Short Description',
    labelerName: 'LABELER NAME',
    ndc: 'NDC2',
    drugName: 'Drug Name',
    hcpcsDosage: 'HCPCS dosage',
    packageSize: 'PKG SIZE',
    packageQuantity: 'PKG QTY',
    billingUnits: 'BILLUNITS',
    billingUnitsPerPackage: 'BILLUNITSPKG',
  },
  shiftShows: 'billingUnits',
  rowsName: 'crosswalk',
  startRows({ file, sink, release, header, columns }) {
    const headerYear = CODE_HEADER.exec(normaliseHeader(header.fields[columns.code] ?? ''))?.[1];
    // effectiveFrom is set (non-empty) exactly when the banner gave a period.
    if (
      release.effectiveFrom !== '' &&
      headerYear !== undefined &&
      headerYear !== release.effectiveFrom.slice(0, 4)
    ) {
      sink.add(
        problem(
          'warning',
          'cms.ndc.header-year',
          `the code column is named for ${headerYear} but the file is effective ${release.effectiveFrom}`,
          { file, line: header.line, field: header.fields[columns.code] ?? '' },
        ),
      );
    }
    const pairs = new Set<string>();
    return (row, at): NdcPackage | undefined => {
      const code = cell(row, columns.code);
      if (!HCPCS_OR_CPT.test(code)) {
        sink.add(
          problem('error', 'cms.ndc.bad-code', `"${code}" is not a HCPCS code`, {
            ...at,
            field: headerName(header, columns.code, 'code'),
          }),
        );
        return undefined;
      }
      const ndcText = cell(row, columns.ndc);
      const ndc = normaliseNdc(ndcText);
      let ndc11: string;
      if (ndc.kind === 'ok') {
        ndc11 = ndc.ndc11;
        if (ndc.from !== '5-4-2') {
          sink.add(
            problem(
              'warning',
              'cms.ndc.not-11-digit',
              `NDC "${ndcText}" is in ${ndc.from} form; read as ${ndc.hyphenated}`,
              { ...at, field: 'NDC2' },
            ),
          );
        }
      } else if (/^[\d-]{8,}$/.test(ndcText)) {
        // CMS's own data has such rows (January 2026: J7331 with "888867413689", 12 digits). Keep the row as published
        // so counts match the file; a lookup by a real NDC simply never matches it.
        ndc11 = ndcText.replace(/-/g, '');
        sink.add(
          problem(
            'warning',
            'cms.ndc.bad-ndc',
            `NDC "${ndcText}" of ${code} is not a valid NDC (${ndc.reason}); kept as published`,
            { ...at, field: 'NDC2' },
          ),
        );
      } else {
        sink.add(
          problem('error', 'cms.ndc.bad-ndc', `NDC "${ndcText}" of ${code}: ${ndc.reason}`, {
            ...at,
            field: 'NDC2',
          }),
        );
        return undefined;
      }
      const numbers = {} as Record<NumericKey, number | null>;
      let bad = false;
      for (const key of NUMERIC) {
        const raw = cell(row, columns[key]);
        const v = parseNumberCell(raw);
        if (v === undefined) {
          sink.add(
            problem('error', 'cms.ndc.bad-number', `"${raw}" is not a number`, {
              ...at,
              field: headerName(header, columns[key], key),
            }),
          );
          bad = true;
        } else if (v !== null && v <= 0) {
          // A package of 0 mL or 0 billing units cannot exist, and dose-to-units arithmetic divides by these:
          // QA saw a 0/-12 BILLUNITS row quietly drop the 120 mg vial from `units`.
          sink.add(
            problem('error', 'cms.ndc.out-of-range', `"${raw}" of ${code} / ${ndcText} must be above 0`, {
              ...at,
              field: headerName(header, columns[key], key),
            }),
          );
          bad = true;
        } else {
          numbers[key] = v;
        }
      }
      if (bad) return undefined;
      const pair = `${code}|${ndc11}`;
      if (pairs.has(pair)) {
        sink.add(
          problem('warning', 'cms.ndc.duplicate-row', `${code} / ${ndcText} appears more than once`, at),
        );
      }
      pairs.add(pair);
      return {
        code,
        ndc11,
        shortDescription: cell(row, columns.shortDescription),
        labelerName: cell(row, columns.labelerName),
        drugName: cell(row, columns.drugName),
        hcpcsDosage: cell(row, columns.hcpcsDosage),
        packageSize: numbers.packageSize,
        packageQuantity: numbers.packageQuantity,
        billingUnitsPerItem: numbers.billingUnits,
        billingUnitsPerPackage: numbers.billingUnitsPerPackage,
      };
    };
  },
};

export const ndcCrosswalkReader: DatasetReader = {
  dataset: 'ndc-crosswalk',
  recognise(_name: string, head: string): boolean {
    return head.split(/\r?\n/).some((l) => HEADER_LINE.test(l));
  },
  read: (file: InputFile, sha256: string): ParsedDataset => readTable(SPEC, file, sha256),
};
