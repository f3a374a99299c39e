/**
 * OPPS Addendum B ("<508 version of> <Month YYYY> Web Addendum B.<MM.DD.YY>.csv"): Windows-1252, title and note
 * rows, header "HCPCS Code, Short Descriptor, SI, APC, Relative Weight, Payment Rate, …", money as "$85.120".
 * The file is quarterly: October 2025 is in force 2025-10-01 to 2025-12-31.
 * @see shared/data/PROVENANCE.md §8
 */
import { parseCents, parseMills } from '../../core/money.ts';
import type { OppsRate } from '../../core/reference/model.ts';
import { HCPCS_OR_CPT } from './asp.ts';
import { baseName, cleanCodeCell, monthYear, parseNumberCell, problem } from './common.ts';
import { cell, normaliseHeader } from './csv.ts';
import { isoFromParts, monthNumber, quarterEnd } from './dates.ts';
import { readTable, unknownPeriod, type TableSpec } from './tabular.ts';
import type { DatasetReader, InputFile, ParsedDataset } from './types.ts';

const COLUMNS = {
  code: (c: string) => c === 'hcpcs code',
  shortDescriptor: (c: string) => c === 'short descriptor',
  si: (c: string) => c === 'si',
  apc: (c: string) => c === 'apc',
  relativeWeight: (c: string) => c === 'relative weight',
  paymentRate: (c: string) => c === 'payment rate',
  nationalCopay: (c: string) => c === 'national unadjusted copayment',
  minimumCopay: (c: string) => c === 'minimum unadjusted copayment',
};

const HEADER_LINE = /^"?HCPCS Code"?,"?Short Descriptor"?,"?SI"?,"?APC"?/i;

/** "… October 2025 Web Addendum B.10.31.25.csv" → period of the quarter and the file date. */
export function oppsReleaseFromName(
  name: string,
): { from: string; to: string; releaseDate: string | null } | undefined {
  const base = baseName(name);
  const m =
    /\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b/i.exec(
      base,
    );
  if (!m) return undefined;
  const month = monthNumber(m[1] ?? '');
  if (month === undefined) return undefined;
  const from = isoFromParts(Number(m[2]), month, 1);
  if (from === undefined) return undefined;
  const d = /(\d{1,2})\.(\d{1,2})\.(\d{2})\.csv$/i.exec(base);
  const releaseDate = d ? (isoFromParts(2000 + Number(d[3]), Number(d[1]), Number(d[2])) ?? null) : null;
  return { from, to: quarterEnd(from), releaseDate };
}

/** Money cell: "$85.120" → value; blank, " " or "." (CMS's "no amount") → null; other text → undefined. */
function money(text: string, parse: (t: string) => number | undefined): number | null | undefined {
  const t = text.trim();
  if (t === '' || t === '.') return null;
  return parse(t);
}

const SPEC: TableSpec<'opps', keyof typeof COLUMNS> = {
  dataset: 'opps',
  encoding: 'windows-1252',
  maxFields: 20,
  release(fileName, sink) {
    const period = oppsReleaseFromName(fileName);
    if (period === undefined) {
      sink.add(
        unknownPeriod(
          fileName,
          'cannot tell which quarter this Addendum B is for: the name must contain "<Month> <YYYY>"',
        ),
      );
    }
    return {
      releaseDate: period?.releaseDate ?? null,
      effectiveFrom: period?.from ?? '',
      effectiveTo: period?.to ?? null,
      label: period ? `OPPS Addendum B ${monthYear(period.from)}` : 'OPPS Addendum B',
    };
  },
  header: {
    isHeader: (r) => normaliseHeader(r.fields[0] ?? '') === 'hcpcs code',
    notFound: 'no header row starting with "HCPCS Code" in the first 30 rows',
  },
  columns: COLUMNS,
  columnNames: {
    code: 'HCPCS Code',
    shortDescriptor: 'Short Descriptor',
    si: 'SI',
    apc: 'APC',
    relativeWeight: 'Relative Weight',
    paymentRate: 'Payment Rate',
    nationalCopay: 'National Unadjusted Copayment',
    minimumCopay: 'Minimum Unadjusted Copayment',
  },
  shiftShows: 'paymentRate',
  rowsName: 'Addendum B',
  startRows({ sink, columns }) {
    const seen = new Set<string>();
    return (row, at): OppsRate | undefined => {
      const { code, cleaned } = cleanCodeCell(cell(row, columns.code));
      if (cleaned && HCPCS_OR_CPT.test(code)) {
        sink.add(
          problem(
            'warning',
            'cms.opps.code-cleaned',
            `stray non-ASCII characters around code ${code} were removed`,
            { ...at, field: 'HCPCS Code' },
          ),
        );
      }
      if (!HCPCS_OR_CPT.test(code)) {
        sink.add(
          problem('error', 'cms.opps.bad-code', `"${code}" is not a HCPCS/CPT code`, {
            ...at,
            field: 'HCPCS Code',
          }),
        );
        return undefined;
      }
      const si = cell(row, columns.si);
      if (!/^[A-Z][A-Z0-9]?$/.test(si)) {
        sink.add(
          problem(
            'error',
            'cms.opps.bad-status-indicator',
            `status indicator "${si}" of ${code} is not an OPPS SI`,
            { ...at, field: 'SI' },
          ),
        );
        return undefined;
      }
      const rateText = cell(row, columns.paymentRate);
      const paymentRateMills = money(rateText, parseMills);
      const paymentRateCents = money(rateText, parseCents);
      const natText = cell(row, columns.nationalCopay);
      const national = money(natText, parseCents);
      const minText = cell(row, columns.minimumCopay);
      const minimum = money(minText, parseCents);
      const weightText = cell(row, columns.relativeWeight);
      const weight = parseNumberCell(weightText);
      let bad = false;
      for (const [value, raw, field] of [
        [paymentRateMills, rateText, 'Payment Rate'],
        [national, natText, 'National Unadjusted Copayment'],
        [minimum, minText, 'Minimum Unadjusted Copayment'],
        [weight, weightText, 'Relative Weight'],
      ] as const) {
        if (value === undefined) {
          sink.add(
            problem('error', 'cms.opps.bad-amount', `"${raw}" of ${code} is not a number`, { ...at, field }),
          );
          bad = true;
        } else if (value !== null && (value < 0 || value > 1e12)) {
          // 1e12 mills is a billion dollars: past it (or below 0) the cell is damaged, and past 2^53 not even exact.
          sink.add(
            problem(
              'error',
              'cms.opps.out-of-range',
              `"${raw}" of ${code} is ${value < 0 ? 'negative' : 'too large to be an OPPS amount'}`,
              { ...at, field },
            ),
          );
          bad = true;
        }
      }
      if (bad) return undefined;
      if (seen.has(code)) {
        sink.add(
          problem('error', 'cms.opps.duplicate-code', `${code} appears twice`, {
            ...at,
            field: 'HCPCS Code',
          }),
        );
        return undefined;
      }
      seen.add(code);
      return {
        code,
        shortDescriptor: cell(row, columns.shortDescriptor),
        statusIndicator: si,
        apc: cell(row, columns.apc),
        relativeWeight: weight ?? null,
        paymentRateCents: paymentRateCents ?? null,
        paymentRateMills: paymentRateMills ?? null,
        nationalUnadjustedCopayCents: national ?? null,
        minimumUnadjustedCopayCents: minimum ?? null,
      };
    };
  },
};

export const oppsReader: DatasetReader = {
  dataset: 'opps',
  recognise(_name: string, head: string): boolean {
    return /Addendum B/i.test(head) && head.split(/\r?\n/).some((l) => HEADER_LINE.test(l));
  },
  read: (file: InputFile, sha256: string): ParsedDataset => readTable(SPEC, file, sha256),
};
