/**
 * Medicare Part B ASP payment-limit file ("section 508 version of <Month YYYY> Medicare Part B Payment Limit File
 * <MMDDYY>.csv"): Windows-1252, banner rows, then one row per HCPCS code with the limit per billing unit.
 * @see shared/data/PROVENANCE.md §2
 */
import { parseMills } from '../../core/money.ts';
import type { AspLimit } from '../../core/reference/model.ts';
import { monthYear, parseNumberCell, problem, releaseDateFromMmddyySuffix } from './common.ts';
import { cell, normaliseHeader } from './csv.ts';
import { effectivePeriodFromBanner } from './dates.ts';
import { headerName, readTable, unknownPeriod, type BannerPeriod, type TableSpec } from './tabular.ts';
import type { DatasetReader, InputFile, ParsedDataset } from './types.ts';

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

/**
 * The period of an ASP file (payment limits or NDC crosswalk) from its banner line "Effective <date> through
 * <date>"; the release label `title` gets the month it starts in.
 */
export function aspBannerPeriod(title: string): BannerPeriod {
  return (banner, { file, sink, release }) => {
    const period = effectivePeriodFromBanner(banner);
    if (period) {
      release.effectiveFrom = period.from;
      release.effectiveTo = period.to;
      release.label = `${title} ${monthYear(period.from)}`;
    } else {
      sink.add(unknownPeriod(file, 'no "Effective <date> through <date>" line before the header'));
    }
  };
}

const SPEC: TableSpec<'asp', keyof typeof COLUMNS> = {
  dataset: 'asp',
  encoding: 'windows-1252',
  release: (fileName) => ({
    releaseDate: releaseDateFromMmddyySuffix(fileName),
    effectiveFrom: '',
    effectiveTo: null,
    label: 'ASP payment limits',
  }),
  header: {
    isHeader: (r) => normaliseHeader(r.fields[0] ?? '') === 'hcpcs code',
    notFound: 'no header row starting with "HCPCS Code" in the first 30 rows',
  },
  periodFromBanner: aspBannerPeriod('ASP payment limits'),
  columns: COLUMNS,
  rowsName: 'payment-limit',
  startRows({ sink, header, columns }) {
    const seen = new Set<string>();
    return (row, at): AspLimit | undefined => {
      const code = cell(row, columns.code);
      if (!HCPCS_OR_CPT.test(code)) {
        sink.add(
          problem('error', 'cms.asp.bad-code', `"${code}" is not a HCPCS code`, {
            ...at,
            field: headerName(header, columns.code, 'HCPCS Code'),
          }),
        );
        return undefined;
      }
      if (seen.has(code)) {
        sink.add(
          problem('error', 'cms.asp.duplicate-code', `${code} appears twice`, { ...at, field: 'HCPCS Code' }),
        );
        return undefined;
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
          return undefined;
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
        return undefined;
      }
      return {
        code,
        shortDescription: cell(row, columns.shortDescription),
        dosage: cell(row, columns.dosage),
        paymentLimitMills,
        coinsurancePercent,
        notes: cell(row, columns.notes),
      };
    };
  },
};

export const aspReader: DatasetReader = {
  dataset: 'asp',
  recognise(_name: string, head: string): boolean {
    return head.split(/\r?\n/).some((l) => HEADER_START.test(l));
  },
  read: (file: InputFile, sha256: string): ParsedDataset => readTable(SPEC, file, sha256),
};
