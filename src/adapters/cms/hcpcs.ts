/**
 * HCPCS Level II alpha-numeric file (fixed width, 320 characters per line), e.g. HCPC2026_JAN_ANWEB_01122026.txt.
 * Procedures are RIC 3 (first line) + RIC 4 (continuations); modifiers RIC 7 + 8 with the modifier in columns 4-5.
 * @see shared/data/hcpcs/HCPC2026_recordlayout.txt (CMS RIF record layout, as of 11/12/2025)
 * @see shared/data/PROVENANCE.md §1a
 */
import type { IsoDate, HcpcsRecord } from '../../core/reference/model.ts';
import { baseName, decodeText, monthYear, nonAsciiProblem, problem, ProblemSink } from './common.ts';
import { isoFromParts, isoFromYmd, monthNumber, quarterEnd } from './dates.ts';
import type { DatasetReader, InputFile, ParsedDataset, ReleaseInfo } from './types.ts';

/** 1-based inclusive column ranges from the record layout. */
const F = {
  code: [1, 5],
  sequence: [6, 10],
  ric: [11, 11],
  longDescription: [12, 91],
  shortDescription: [92, 119],
  pricing: [120, 127],
  multiplePricing: [128, 128],
  crossReferences: [205, 229],
  coverage: [230, 230],
  processingNote: [253, 256],
  betos: [257, 259],
  typesOfService: [261, 265],
  addedDate: [269, 276],
  actionEffectiveDate: [277, 284],
  terminationDate: [285, 292],
  actionCode: [293, 293],
} as const satisfies Record<string, readonly [number, number]>;

type FieldName = keyof typeof F;

/** The layout's name of the field at a 1-based column, for messages ("column 20 (long description)"). */
function fieldAtColumn(column: number): string {
  for (const [name, [from, to]] of Object.entries(F) as [FieldName, readonly [number, number]][]) {
    if (column >= from && column <= to) return FIELD_NAMES[name];
  }
  return `column ${column}`;
}

/** A first line (RIC 3/7) must reach the action code; continuations only need the long-description text. */
const MIN_FIRST_LINE = F.actionCode[1];
const RECORD_LENGTH = 320;

const col = (line: string, field: FieldName): string => line.slice(F[field][0] - 1, F[field][1]);

/** Splits a fixed repeating group ("51  " → ["51"]), dropping blanks. */
function repeating(text: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) {
    const v = text.slice(i, i + width).trim();
    if (v !== '') out.push(v);
  }
  return out;
}

const NAME = /HCPC(\d{4})_([A-Z]{3})_ANWEB(?:_v\d+)?(?:_(\d{2})(\d{2})(\d{4}))?\.txt$/i;

/**
 * The release a file name stands for: HCPC2026_JAN_ANWEB_01122026.txt → in force from 2026-01-01 (the quarter
 * the name gives), file dated 2026-01-12. The file names no end date, but CMS replaces it every quarter (the April,
 * July and October updates add and delete codes), so it covers its quarter: a later date is answered from it with
 * a warning that no release covers the date, as for the ASP file, rather than as if the file were current.
 */
export function hcpcsReleaseFromName(
  name: string,
): Pick<ReleaseInfo, 'effectiveFrom' | 'releaseDate' | 'label'> | undefined {
  const m = NAME.exec(baseName(name));
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = monthNumber(m[2] ?? '');
  if (month === undefined) return undefined;
  const effectiveFrom = isoFromParts(year, month, 1);
  if (effectiveFrom === undefined) return undefined;
  let releaseDate: IsoDate | null = null;
  if (m[3] !== undefined) releaseDate = isoFromParts(Number(m[5]), Number(m[3]), Number(m[4])) ?? null;
  return {
    effectiveFrom,
    releaseDate,
    label: `HCPCS Level II ${monthYear(effectiveFrom)}${releaseDate ? ` (file dated ${releaseDate})` : ''}`,
  };
}

/** First line of a HCPCS fixed-width file: a code, a 5-digit sequence, a RIC 3/4/7/8, 320 columns. */
function looksLikeHcpcs(head: string): boolean {
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.length < MIN_FIRST_LINE) return false;
  return /^(?:[A-Z]\d{4}| {3}[A-Z0-9]{2})\d{5}[3478]/.test(firstLine);
}

interface Pending {
  record: HcpcsRecord;
  sequence: number;
  descriptionParts: string[];
}

export const hcpcsReader: DatasetReader = {
  dataset: 'hcpcs',
  recognise(_name: string, head: string): boolean {
    return looksLikeHcpcs(head);
  },
  read(file: InputFile, sha256: string): ParsedDataset {
    const fileName = file.name;
    const decoded = decodeText(file, 'windows-1252');
    const sink = new ProblemSink();
    sink.addAll(decoded.problems);
    const records: HcpcsRecord[] = [];

    const fromName = hcpcsReleaseFromName(fileName);
    if (fromName === undefined) {
      sink.add(
        problem(
          'error',
          'cms.release.unknown-period',
          'cannot tell which quarter this HCPCS file is for: the name must look like HCPC2026_JAN_ANWEB_01122026.txt (year and JAN/APR/JUL/OCT)',
          { file: fileName },
        ),
      );
    }
    const release: ReleaseInfo = {
      dataset: 'hcpcs',
      fileName: baseName(fileName),
      sha256,
      releaseDate: fromName?.releaseDate ?? null,
      effectiveFrom: fromName?.effectiveFrom ?? '',
      effectiveTo: fromName ? quarterEnd(fromName.effectiveFrom) : null,
      label: fromName?.label ?? `HCPCS Level II (${baseName(fileName)})`,
    };
    if (decoded.text === undefined) {
      return { dataset: 'hcpcs', release, records, problems: sink.finish(fileName) };
    }

    const text = decoded.text;
    // The layout is plain ASCII; one test of the whole text spares the per-line search on a clean file.
    const hasNonAscii = /[^\x20-\x7e\r\n]/.test(text);
    const seen = new Set<string>();
    let pending: Pending | undefined;
    const flush = (): void => {
      if (!pending) return;
      pending.record.longDescription = pending.descriptionParts.join(' ');
      records.push(pending.record);
      pending = undefined;
    };

    let start = 0;
    let lineNo = 0;
    const n = text.length;
    while (start < n) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = n;
      const rawEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      const line = text.slice(start, rawEnd);
      start = end + 1;
      lineNo++;
      const at = { file: fileName, line: lineNo };

      if (hasNonAscii) {
        const odd = nonAsciiProblem(line, at, fieldAtColumn);
        if (odd !== undefined) sink.add(odd);
      }
      if (line.trim() === '') continue; // CMS ends the file with a line of spaces.
      // Every record is padded to 320 columns: a shorter last line without a line break is a cut-off file,
      // even inside a continuation record whose text would otherwise read as complete.
      if (end === n && line.length < RECORD_LENGTH) {
        sink.add(
          problem(
            'error',
            'cms.hcpcs.truncated',
            `the last line has ${line.length} of ${RECORD_LENGTH} characters and no line break: the file is truncated`,
            at,
          ),
        );
        continue;
      }
      if (line.length > RECORD_LENGTH) {
        if (line.slice(RECORD_LENGTH).trim() !== '') {
          sink.add(
            problem(
              'error',
              'cms.hcpcs.long-line',
              `the line has ${line.length} characters with data after column ${RECORD_LENGTH}`,
              at,
            ),
          );
        } else {
          sink.add(
            problem(
              'info',
              'cms.hcpcs.trailing-spaces',
              `the line has ${line.length} characters (spaces after column ${RECORD_LENGTH})`,
              at,
            ),
          );
        }
      }
      const ric = col(line, 'ric');
      if (ric !== '3' && ric !== '4' && ric !== '7' && ric !== '8') {
        sink.add(
          problem(
            'error',
            'cms.hcpcs.bad-record-id',
            `record id (column 11) is "${ric}", expected 3, 4, 7 or 8`,
            { ...at, field: 'RIC', element: 11 },
          ),
        );
        continue;
      }
      const isModifier = ric === '7' || ric === '8';
      const rawCode = col(line, 'code');
      const code = rawCode.trim();
      const codeOk = isModifier ? /^ {3}[A-Z0-9]{2}$/.test(rawCode) : /^[A-Z0-9]\d{4}$/.test(rawCode);
      if (!codeOk) {
        sink.add(
          problem(
            'error',
            'cms.hcpcs.bad-code',
            `"${rawCode}" is not a ${isModifier ? 'modifier (2 characters in columns 4-5)' : 'HCPCS code'}`,
            {
              ...at,
              field: 'HCPCS code',
              element: 1,
            },
          ),
        );
        continue;
      }
      const seqText = col(line, 'sequence');
      const sequence = /^\d{5}$/.test(seqText) ? Number(seqText) : Number.NaN;
      if (Number.isNaN(sequence)) {
        sink.add(
          problem('error', 'cms.hcpcs.bad-sequence', `sequence number "${seqText}" is not 5 digits`, {
            ...at,
            field: 'sequence number',
            element: 6,
          }),
        );
        continue;
      }
      const descriptionPart = col(line, 'longDescription').trim();

      if (ric === '4' || ric === '8') {
        if (
          !pending ||
          pending.record.code !== code ||
          pending.record.kind !== (isModifier ? 'modifier' : 'procedure')
        ) {
          sink.add(
            problem(
              'error',
              'cms.hcpcs.orphan-continuation',
              `continuation line for ${code} does not follow a first line of ${code}`,
              at,
            ),
          );
          continue;
        }
        if (sequence <= pending.sequence) {
          sink.add(
            problem(
              'warning',
              'cms.hcpcs.sequence-order',
              `sequence number ${seqText} of ${code} does not increase`,
              { ...at, field: 'sequence number' },
            ),
          );
        }
        pending.sequence = sequence;
        if (descriptionPart !== '') pending.descriptionParts.push(descriptionPart);
        continue;
      }

      flush();
      if (line.length < MIN_FIRST_LINE) {
        sink.add(
          problem(
            'error',
            'cms.hcpcs.short-line',
            `the line has ${line.length} characters; a first record line needs ${MIN_FIRST_LINE} (up to the action code)`,
            at,
            {
              length: line.length,
            },
          ),
        );
        continue;
      }
      const key = `${isModifier ? 'M' : 'P'}:${code}`;
      if (seen.has(key)) {
        sink.add(
          problem('error', 'cms.hcpcs.duplicate-code', `${code} appears twice`, {
            ...at,
            field: 'HCPCS code',
          }),
        );
        continue;
      }
      seen.add(key);

      const dates: Partial<Record<'addedDate' | 'actionEffectiveDate' | 'terminationDate', IsoDate | null>> =
        {};
      let datesOk = true;
      for (const field of ['addedDate', 'actionEffectiveDate', 'terminationDate'] as const) {
        const raw = col(line, field).trim();
        if (raw === '') {
          dates[field] = null;
          continue;
        }
        const iso = isoFromYmd(raw);
        if (iso === undefined) {
          datesOk = false;
          sink.add(
            problem('error', 'cms.hcpcs.bad-date', `"${raw}" is not a YYYYMMDD date`, {
              ...at,
              field: LAYOUT_NAMES[field],
              element: F[field][0],
            }),
          );
        } else {
          dates[field] = iso;
        }
      }
      if (!datesOk) continue;
      if (dates.addedDate && dates.terminationDate && dates.terminationDate < dates.addedDate) {
        // A code cannot end before it exists; as-of answers would call it terminated on every date.
        sink.add(
          problem(
            'error',
            'cms.hcpcs.date-order',
            `${code} is terminated on ${dates.terminationDate}, before it was added on ${dates.addedDate}`,
            { ...at, field: LAYOUT_NAMES.terminationDate, element: F.terminationDate[0] },
            { addedDate: dates.addedDate, terminationDate: dates.terminationDate },
          ),
        );
        continue;
      }
      const pricingIndicators = repeating(col(line, 'pricing'), 2);
      const badPricing = pricingIndicators.find((p) => !/^\d{2}$/.test(p));
      if (badPricing !== undefined) {
        sink.add(
          problem(
            'error',
            'cms.hcpcs.bad-pricing-indicator',
            `pricing indicator "${badPricing}" of ${code} is not a two-digit code (00, 11, 51, …)`,
            { ...at, field: FIELD_NAMES.pricing, element: F.pricing[0] },
          ),
        );
        continue;
      }
      const actionCode = col(line, 'actionCode').trim();
      if (!/^[ABCDFNPRST]$/.test(actionCode)) {
        sink.add(
          problem(
            'warning',
            'cms.hcpcs.unknown-action-code',
            `action code "${actionCode}" is not one of A B C D F N P R S T`,
            {
              ...at,
              field: 'action code',
              element: F.actionCode[0],
            },
          ),
        );
      }

      pending = {
        sequence,
        descriptionParts: descriptionPart === '' ? [] : [descriptionPart],
        record: {
          code,
          kind: isModifier ? 'modifier' : 'procedure',
          longDescription: '',
          shortDescription: col(line, 'shortDescription').trim(),
          pricingIndicators,
          multiplePricingIndicator: col(line, 'multiplePricing').trim(),
          coverageCode: col(line, 'coverage').trim(),
          betos: col(line, 'betos').trim(),
          typesOfService: repeating(col(line, 'typesOfService'), 1),
          processingNote: col(line, 'processingNote').trim(),
          crossReferences: repeating(col(line, 'crossReferences'), 5),
          addedDate: dates.addedDate ?? null,
          actionEffectiveDate: dates.actionEffectiveDate ?? null,
          terminationDate: dates.terminationDate ?? null,
          actionCode,
        },
      };
    }
    flush();
    if (records.length === 0) {
      sink.add(problem('error', 'cms.file.no-records', 'no HCPCS records were found', { file: fileName }));
    }
    return { dataset: 'hcpcs', release, records, problems: sink.finish(fileName) };
  },
};

const LAYOUT_NAMES: Record<'addedDate' | 'actionEffectiveDate' | 'terminationDate', string> = {
  addedDate: 'code added date',
  actionEffectiveDate: 'action effective date',
  terminationDate: 'termination date',
};

/** Field names as the record layout gives them (HCPC2026_recordlayout.txt), for messages. */
const FIELD_NAMES: Record<FieldName, string> = {
  code: 'HCPCS code',
  sequence: 'sequence number',
  ric: 'RIC',
  longDescription: 'long description',
  shortDescription: 'short description',
  pricing: 'pricing indicator',
  multiplePricing: 'multiple pricing indicator',
  crossReferences: 'cross reference code',
  coverage: 'coverage code',
  processingNote: 'processing note number',
  betos: 'BETOS code',
  typesOfService: 'type of service',
  addedDate: LAYOUT_NAMES.addedDate,
  actionEffectiveDate: LAYOUT_NAMES.actionEffectiveDate,
  terminationDate: LAYOUT_NAMES.terminationDate,
  actionCode: 'action code',
};
