/**
 * Medicare Part B ASP payment-limit file ("section 508 version of <Month YYYY> Medicare Part B Payment Limit File
 * <MMDDYY>.csv"): Windows-1252, banner rows, then one row per HCPCS code with the limit per billing unit.
 * @see shared/data/PROVENANCE.md §2
 */
import type { AspLimit } from '../../core/reference/model.ts';
import {
  monthYear,
  parseAmountCell,
  type AmountCell,
  parseNumberCell,
  problem,
  releaseDateFromMmddyySuffix,
} from './common.ts';
import { cell, normaliseHeader } from './csv.ts';
import { bannerDates } from './dates.ts';
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

const COLUMN_NAMES: Record<keyof typeof COLUMNS, string> = {
  code: 'HCPCS Code',
  shortDescription: 'Short Description',
  dosage: 'HCPCS Code Dosage',
  paymentLimit: 'Payment Limit',
  coinsurance: 'Co-insurance Percentage',
  notes: 'Notes',
};

/**
 * HCPCS Level II (a letter and 4 digits: J9173) or CPT (4 digits and a digit or letter: 96413, 0001F, 0591T,
 * 0003U, 0002M). A letter elsewhere ("J91X3") is a typo that would otherwise answer as a code of its own.
 */
export const HCPCS_OR_CPT = /^(?:[A-Z]\d{4}|\d{4}[0-9A-Z])$/;

/**
 * The largest payment limit believed: $100 million per billing unit, about 130 times the largest in the January
 * 2026 file ($770,620 per unit). Above it a value is a damaged cell, not a price.
 */
const MAX_LIMIT_MILLS = 100_000_000_000;

/**
 * The highest co-insurance believed. Part B co-insurance is 20 % by statute; the inflation rebate can only lower
 * it (J9354: 19.994 %). A higher value is a shifted or damaged cell: QA's extra comma put J9173's $86.270 limit
 * into this column, with the same field count, and it read as 86.27 %.
 * @see 42 U.S.C. 1395l(a)(1) (Part B pays 80 %); PROVENANCE.md §2 (Notes: "Inflation-adjusted coinsurance")
 */
const MAX_COINSURANCE = 20;

/**
 * The period of an ASP file (payment limits or NDC crosswalk) from its banner line "Effective <date> through
 * <date>"; the release label `title` gets the month it starts in. A period that ends before it starts would
 * never be in force, so it is refused, not stored.
 */
export function aspBannerPeriod(title: string): BannerPeriod {
  return (banner, { file, sink, release }) => {
    const dates = bannerDates(banner);
    if (dates.kind === 'none') {
      sink.add(unknownPeriod(file, 'no "Effective <date> through <date>" line before the header'));
    } else if (dates.kind === 'bad-date') {
      sink.add(
        unknownPeriod(
          file,
          `the "Effective … through …" line has "${dates.text}", which is not a calendar date`,
        ),
      );
    } else if (dates.to < dates.from) {
      sink.add(
        problem(
          'error',
          'cms.release.reversed-period',
          `the banner says effective ${dates.from} through ${dates.to}: the period ends before it starts`,
          { file },
          { from: dates.from, to: dates.to },
        ),
      );
    } else {
      release.effectiveFrom = dates.from;
      release.effectiveTo = dates.to;
      release.label = `${title} ${monthYear(dates.from)}`;
    }
  };
}

/** The code and the reason for a payment limit that cannot be stored. */
function limitProblem(limit: Exclude<AmountCell, { kind: 'ok' }>): [string, string] {
  switch (limit.kind) {
    case 'not-a-number':
      return ['cms.asp.bad-amount', 'is not a dollar amount'];
    case 'too-many-decimals':
      return [
        'cms.asp.bad-amount',
        `has ${limit.decimals} decimals; the file gives limits to 3, and rounding would change the fact`,
      ];
    case 'negative':
      return ['cms.asp.out-of-range', 'is negative'];
    case 'too-large':
      return ['cms.asp.out-of-range', 'is above $100,000,000 per billing unit'];
  }
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
  columnNames: COLUMN_NAMES,
  shiftShows: 'paymentLimit',
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
        const limit = parseAmountCell(limitText, 3, MAX_LIMIT_MILLS);
        if (limit.kind !== 'ok') {
          const [problemCode, why] = limitProblem(limit);
          sink.add(
            problem('error', problemCode, `payment limit "${limitText}" of ${code} ${why}`, {
              ...at,
              field: 'Payment Limit',
            }),
          );
          return undefined;
        }
        paymentLimitMills = limit.units;
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
      if (coinsurancePercent !== null && (coinsurancePercent < 0 || coinsurancePercent > MAX_COINSURANCE)) {
        sink.add(
          problem(
            'error',
            'cms.asp.out-of-range',
            `co-insurance "${coinsText}" of ${code} is outside 0 to ${MAX_COINSURANCE} % (Part B co-insurance is 20 %, lowered for inflation-adjusted drugs, never raised)`,
            { ...at, field: 'Co-insurance Percentage' },
          ),
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
