/**
 * X12 Claim Adjustment Reason Codes (CARC) and Remittance Advice Remark Codes (RARC), from the split CSVs
 * `code,status,description,start_date,last_modified,stop_date,notes` (UTF-8, dates MM/DD/YYYY).
 * CARC comes from carc_from_x12_html.csv (derived from the saved x12.org page), RARC from rarc_split.csv.
 *
 * A code list has no "effective" date of its own. The release is dated by the newest Start or Last Modified
 * date in the file: for the CARC list that is 11/01/2025, the list's own "updated" date on x12.org; for the
 * RARC scrape it is 03/01/2026 (N922). Stop dates are not used because X12 announces stops in advance. Dates
 * after the day the file is read are not used either: one mistyped year (03/01/2099) would otherwise date the
 * whole list to 2099, so that no release covered today (QA finding 11); such a date is kept on its code, with a
 * warning.
 * @see shared/data/PROVENANCE.md §7
 */
import type { AdjustmentReasonCode } from '../../core/reference/model.ts';
import { monthYear, problem, todayIso } from './common.ts';
import { cell, normaliseHeader } from './csv.ts';
import { isoFromMdy } from './dates.ts';
import { headerName, readTable, unknownPeriod, type TableSpec } from './tabular.ts';
import type { DatasetReader, InputFile, ParsedDataset } from './types.ts';

const HEADER = 'code,status,description,start_date,last_modified,stop_date,notes';

const COLUMNS = {
  code: (c: string) => c === 'code',
  status: (c: string) => c === 'status',
  description: (c: string) => c === 'description',
  startDate: (c: string) => c === 'start_date',
  lastModified: (c: string) => c === 'last_modified',
  stopDate: (c: string) => c === 'stop_date',
  notes: (c: string) => c === 'notes',
};

/** CARC: 1-3 digits, or a letter and digits (A1, B7, P23, W1, Y3). RARC: M, N or MA plus digits. */
const CARC_CODE = /^(?:\d{1,3}|[A-LO-Z]\d{1,3})$/;
const RARC_CODE = /^(?:MA|M|N)\d{1,3}$/;

type Kind = 'carc' | 'rarc';

/** The first data code of a split code-list CSV, to tell CARC from RARC by content. */
function firstCode(head: string): string | undefined {
  const lines = head.split(/\r?\n/);
  if (normaliseHeader(lines[0] ?? '').replaceAll('"', '') !== HEADER) return undefined;
  const m = /^"?([A-Z0-9]+)"?,/.exec(lines[1] ?? '');
  return m?.[1];
}

function makeReader(kind: Kind): DatasetReader {
  const pattern = kind === 'carc' ? CARC_CODE : RARC_CODE;
  const title =
    kind === 'carc'
      ? 'CARC (X12 claim adjustment reason codes)'
      : 'RARC (X12 remittance advice remark codes)';
  const table: TableSpec<Kind, keyof typeof COLUMNS> = {
    dataset: kind,
    encoding: 'utf-8',
    release: () => ({ releaseDate: null, effectiveFrom: '', effectiveTo: null, label: title }),
    header: 'first-record',
    columns: COLUMNS,
    columnNames: {
      code: 'code',
      status: 'status',
      description: 'description',
      startDate: 'start_date',
      lastModified: 'last_modified',
      stopDate: 'stop_date',
      notes: 'notes',
    },
    shiftShows: 'startDate',
    rowsName: kind.toUpperCase(),
    startRows({ sink, header, columns }) {
      const seen = new Set<string>();
      const today = todayIso();
      return (row, at): AdjustmentReasonCode | undefined => {
        const code = cell(row, columns.code);
        if (!pattern.test(code)) {
          sink.add(
            problem('error', `cms.${kind}.bad-code`, `"${code}" is not a ${kind.toUpperCase()} code`, {
              ...at,
              field: 'code',
            }),
          );
          return undefined;
        }
        const status = cell(row, columns.status).toLowerCase();
        if (status !== 'current' && status !== 'deactivated') {
          sink.add(
            problem(
              'error',
              `cms.${kind}.bad-status`,
              `status "${status}" of ${code} is neither current nor deactivated`,
              { ...at, field: 'status' },
            ),
          );
          return undefined;
        }
        const description = cell(row, columns.description);
        if (description === '') {
          sink.add(
            problem('warning', `cms.${kind}.no-description`, `${code} has no description`, {
              ...at,
              field: 'description',
            }),
          );
        }
        const dates = { startDate: null, lastModified: null, stopDate: null } as Record<
          'startDate' | 'lastModified' | 'stopDate',
          string | null
        >;
        let bad = false;
        for (const key of ['startDate', 'lastModified', 'stopDate'] as const) {
          const raw = cell(row, columns[key]);
          if (raw === '') continue;
          const iso = isoFromMdy(raw);
          if (iso === undefined) {
            sink.add(
              problem('error', `cms.${kind}.bad-date`, `"${raw}" is not a MM/DD/YYYY date`, {
                ...at,
                field: headerName(header, columns[key], key),
              }),
            );
            bad = true;
          } else {
            dates[key] = iso;
            if (key !== 'stopDate' && iso > today) {
              sink.add(
                problem(
                  'warning',
                  `cms.${kind}.future-date`,
                  `${code} has ${key === 'startDate' ? 'start' : 'last-modified'} date ${iso}, after today (${today}); kept on the code, but not used to date the list`,
                  { ...at, field: headerName(header, columns[key], key) },
                ),
              );
            }
          }
        }
        if (bad) return undefined;
        if (seen.has(code)) {
          sink.add(
            problem('error', `cms.${kind}.duplicate-code`, `${code} appears twice`, { ...at, field: 'code' }),
          );
          return undefined;
        }
        seen.add(code);
        return {
          code,
          kind,
          status,
          description,
          startDate: dates.startDate,
          lastModified: dates.lastModified,
          stopDate: dates.stopDate,
          notes: cell(row, columns.notes),
        };
      };
    },
    /** Dated by the newest start or last-modified date of the codes read, up to today (see the file comment). */
    finish(records, { file, sink, release }) {
      const today = todayIso();
      let newest = '';
      for (const r of records) {
        for (const d of [r.startDate, r.lastModified]) if (d !== null && d > newest && d <= today) newest = d;
      }
      if (newest === '') {
        sink.add(
          unknownPeriod(
            file,
            `no start or last-modified date up to today (${today}), so the list cannot be dated`,
          ),
        );
      } else {
        release.effectiveFrom = newest;
        release.label = `${kind.toUpperCase()} list as of ${monthYear(newest)}`;
      }
    },
  };
  return {
    dataset: kind,
    recognise(_name: string, head: string): boolean {
      const code = firstCode(head);
      return code !== undefined && pattern.test(code);
    },
    read: (file: InputFile, sha256: string): ParsedDataset => readTable(table, file, sha256),
  };
}

export const carcReader = makeReader('carc');
export const rarcReader = makeReader('rarc');
