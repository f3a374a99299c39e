/**
 * ASP NDC-HCPCS crosswalk ("section 508 version of <Month YYYY> ASP NDC-HCPCS Crosswalk <MMDDYY>.csv"):
 * Windows-1252, 252 columns of which the first 10 are used, banner rows, header whose first column is named
 * after the year ("_2026_CODE").
 * @see shared/data/PROVENANCE.md §3
 */
import type { NdcPackage } from '../../core/reference/model.ts';
import { normaliseNdc } from '../../core/reference/ndc.ts';
import { HCPCS_OR_CPT } from './asp.ts';
import {
  baseName,
  decodeText,
  monthYear,
  parseNumberCell,
  problem,
  ProblemSink,
  releaseDateFromMmddyySuffix,
} from './common.ts';
import { cell, findColumns, findHeaderRow, isBlankRow, normaliseHeader, parseCsv } from './csv.ts';
import { effectivePeriodFromBanner } from './dates.ts';
import type { DatasetReader, InputFile, ParsedDataset, ReleaseInfo } from './types.ts';

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

export const ndcCrosswalkReader: DatasetReader = {
  dataset: 'ndc-crosswalk',
  recognise(_name: string, head: string): boolean {
    return head.split(/\r?\n/).some((l) => HEADER_LINE.test(l));
  },
  read(file: InputFile, sha256: string): ParsedDataset {
    const fileName = file.name;
    const sink = new ProblemSink();
    const decoded = decodeText(file, 'windows-1252');
    sink.addAll(decoded.problems);
    const records: NdcPackage[] = [];
    const release: ReleaseInfo = {
      dataset: 'ndc-crosswalk',
      fileName: baseName(fileName),
      sha256,
      releaseDate: releaseDateFromMmddyySuffix(fileName),
      effectiveFrom: '',
      effectiveTo: null,
      label: 'ASP NDC-HCPCS crosswalk',
    };
    const done = (): ParsedDataset => ({
      dataset: 'ndc-crosswalk',
      release,
      records,
      problems: sink.finish(fileName),
    });
    if (decoded.text === undefined) return done();

    // Only the first 10 of 252 columns carry data; keep 16 so a moved column is still found by its header.
    const csv = parseCsv(decoded.text, fileName, { maxFields: 16 });
    sink.addAll(csv.problems);
    const headerIdx = findHeaderRow(csv.rows, (r) => CODE_HEADER.test(normaliseHeader(r.fields[0] ?? '')));
    const banner = csv.rows
      .slice(0, Math.max(headerIdx, 0))
      .map((r) => r.fields.join(' '))
      .join('\n');
    const period = effectivePeriodFromBanner(banner);
    if (period) {
      release.effectiveFrom = period.from;
      release.effectiveTo = period.to;
      release.label = `ASP NDC-HCPCS crosswalk ${monthYear(period.from)}`;
    } else {
      sink.add(
        problem(
          'error',
          'cms.release.unknown-period',
          'no "Effective <date> through <date>" line before the header',
          { file: fileName },
        ),
      );
    }
    const headerRow = csv.rows[headerIdx];
    if (headerIdx === -1 || headerRow === undefined) {
      sink.add(
        problem(
          'error',
          'cms.csv.no-header',
          'no header row starting with "_YYYY_CODE" in the first 30 rows',
          { file: fileName },
        ),
      );
      return done();
    }
    const { columns, missing } = findColumns(headerRow.fields, COLUMNS);
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
    const headerYear = CODE_HEADER.exec(normaliseHeader(headerRow.fields[columns.code] ?? ''))?.[1];
    if (period && headerYear !== undefined && headerYear !== period.from.slice(0, 4)) {
      sink.add(
        problem(
          'warning',
          'cms.ndc.header-year',
          `the code column is named for ${headerYear} but the file is effective ${period.from}`,
          {
            file: fileName,
            line: headerRow.line,
            field: headerRow.fields[columns.code] ?? '',
          },
        ),
      );
    }
    const header = headerRow.fields.map((f) => f.trim());
    const lastNeeded = Math.max(...Object.values(columns));
    const pairs = new Set<string>();

    for (const row of csv.rows.slice(headerIdx + 1)) {
      if (isBlankRow(row)) continue;
      const at = { file: fileName, line: row.line };
      if (row.fieldCount <= lastNeeded) {
        sink.add(
          problem(
            'error',
            'cms.csv.missing-fields',
            `the row has ${row.fieldCount} fields; columns up to ${lastNeeded + 1} are needed`,
            at,
          ),
        );
        continue;
      }
      const code = cell(row, columns.code);
      if (!HCPCS_OR_CPT.test(code)) {
        sink.add(
          problem('error', 'cms.ndc.bad-code', `"${code}" is not a HCPCS code`, {
            ...at,
            field: header[columns.code] ?? 'code',
          }),
        );
        continue;
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
        continue;
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
              field: header[columns[key]] ?? key,
            }),
          );
          bad = true;
        } else {
          numbers[key] = v;
        }
      }
      if (bad) continue;
      const pair = `${code}|${ndc11}`;
      if (pairs.has(pair)) {
        sink.add(
          problem('warning', 'cms.ndc.duplicate-row', `${code} / ${ndcText} appears more than once`, at),
        );
      }
      pairs.add(pair);
      records.push({
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
      });
    }
    if (records.length === 0)
      sink.add(problem('error', 'cms.file.no-records', 'no crosswalk rows were found', { file: fileName }));
    return done();
  },
};
