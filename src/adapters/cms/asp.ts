/**
 * Medicare Part B ASP payment-limit file ("section 508 version of <Month YYYY> Medicare Part B Payment Limit File
 * <MMDDYY>.csv"): Windows-1252, banner rows, then one row per HCPCS code with the limit per billing unit.
 * @see shared/data/PROVENANCE.md §2
 */
import { parseMills } from '../../core/money.ts';
import type { AspLimit } from '../../core/reference/model.ts';
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

const HEADER_START = /^hcpcs code,short description,hcpcs code dosage,payment limit/i;

const COLUMNS = {
  code: (c: string) => c === 'hcpcs code',
  shortDescription: (c: string) => c === 'short description',
  dosage: (c: string) => c === 'hcpcs code dosage',
  paymentLimit: (c: string) => c === 'payment limit',
  coinsurance: (c: string) => c === 'co-insurance percentage',
  notes: (c: string) => c === 'notes',
};

/** HCPCS Level II (A1234) or CPT (90371, 0001F) code. */
export const HCPCS_OR_CPT = /^[A-Z0-9]{4}[A-Z0-9]$/;

export const aspReader: DatasetReader = {
  dataset: 'asp',
  recognise(_name: string, head: string): boolean {
    return head.split(/\r?\n/).some((l) => HEADER_START.test(l));
  },
  read(file: InputFile, sha256: string): ParsedDataset {
    const fileName = file.name;
    const sink = new ProblemSink();
    const decoded = decodeText(file, 'windows-1252');
    sink.addAll(decoded.problems);
    const records: AspLimit[] = [];
    const release: ReleaseInfo = {
      dataset: 'asp',
      fileName: baseName(fileName),
      sha256,
      releaseDate: releaseDateFromMmddyySuffix(fileName),
      effectiveFrom: '',
      effectiveTo: null,
      label: 'ASP payment limits',
    };
    const done = (): ParsedDataset => ({ dataset: 'asp', release, records, problems: sink.finish(fileName) });
    if (decoded.text === undefined) return done();

    const csv = parseCsv(decoded.text, fileName);
    sink.addAll(csv.problems);
    const headerIdx = findHeaderRow(csv.rows, (r) => normaliseHeader(r.fields[0] ?? '') === 'hcpcs code');
    const banner = csv.rows
      .slice(0, Math.max(headerIdx, 0))
      .map((r) => r.fields.join(' '))
      .join('\n');
    const period = effectivePeriodFromBanner(banner);
    if (period) {
      release.effectiveFrom = period.from;
      release.effectiveTo = period.to;
      release.label = `ASP payment limits ${monthYear(period.from)}`;
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
          'no header row starting with "HCPCS Code" in the first 30 rows',
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
    const lastNeeded = Math.max(...Object.values(columns));
    const header = headerRow.fields.map((f) => f.trim());
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
          problem('error', 'cms.asp.bad-code', `"${code}" is not a HCPCS code`, {
            ...at,
            field: header[columns.code] ?? 'HCPCS Code',
          }),
        );
        continue;
      }
      if (seen.has(code)) {
        sink.add(
          problem('error', 'cms.asp.duplicate-code', `${code} appears twice`, { ...at, field: 'HCPCS Code' }),
        );
        continue;
      }
      seen.add(code);
      const limitText = cell(row, columns.paymentLimit);
      let paymentLimitMills: number | null = null;
      if (limitText === '') {
        sink.add(
          problem('warning', 'cms.asp.no-payment-limit', `${code} has an empty payment limit`, {
            ...at,
            field: 'Payment Limit',
          }),
        );
      } else if (limitText.toUpperCase() !== 'N/A') {
        const mills = parseMills(limitText);
        if (mills === undefined) {
          sink.add(
            problem(
              'error',
              'cms.asp.bad-amount',
              `payment limit "${limitText}" of ${code} is not a dollar amount`,
              { ...at, field: 'Payment Limit' },
            ),
          );
          continue;
        }
        paymentLimitMills = mills;
      }
      const coinsText = cell(row, columns.coinsurance);
      const coinsurancePercent = parseNumberCell(coinsText);
      if (coinsurancePercent === undefined) {
        sink.add(
          problem('error', 'cms.asp.bad-number', `co-insurance "${coinsText}" of ${code} is not a number`, {
            ...at,
            field: 'Co-insurance Percentage',
          }),
        );
        continue;
      }
      records.push({
        code,
        shortDescription: cell(row, columns.shortDescription),
        dosage: cell(row, columns.dosage),
        paymentLimitMills,
        coinsurancePercent,
        notes: cell(row, columns.notes),
      });
    }
    if (records.length === 0)
      sink.add(
        problem('error', 'cms.file.no-records', 'no payment-limit rows were found', { file: fileName }),
      );
    return done();
  },
};
