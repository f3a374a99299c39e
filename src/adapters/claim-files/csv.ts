/**
 * Claims as CSV, one row per service line: the simple export many practice-management systems can produce.
 * Rows with the same `claimId` form one claim (in order of first appearance); claim-level columns are read from the
 * claim's first row. Money is in dollars ("1530.00"); lists ("C50911;Z5111", "JW;KX", "1;2") are separated by `;`.
 * The columns are listed in docs/claims-io.md ("CSV layout"); only `claimId`, `procedure`, `units` and `charge`
 * are required. Header names are matched without regard to case or surrounding blanks. A diagnosis pointer is the
 * position of its code in the claim's `diagnoses` list (1 = the first), as in an 837's SV107.
 */
import { Parser, type Options as CsvOptions } from 'csv-parse';
import {
  MAX_QUANTITY,
  type Claim,
  type ClaimLine,
  type NdcUnit,
  type PayerKind,
} from '../../core/claim/model.ts';
import { formatCents, parseCents as parseAnyCents } from '../../core/money.ts';
import type { Problem } from '../../core/problem.ts';
import { isIsoDate } from '../../core/reference/as-of.ts';
import { runSteps, type Steps } from '../../core/steps.ts';
import { doseFromNotes } from './dose-notes.ts';

export const csvColumns = [
  'claimId',
  'payerName',
  'payerId',
  'payerKind',
  'billingName',
  'billingNpi',
  'billingTin',
  'renderingNpi',
  'memberId',
  'patientLastName',
  'patientFirstName',
  'birthDate',
  'sex',
  'weightKg',
  'heightCm',
  'placeOfService',
  'typeOfBill',
  'frequencyCode',
  'priorAuthorization',
  'diagnoses',
  'totalCharge',
  'line',
  'serviceDate',
  'serviceDateTo',
  'procedure',
  'modifiers',
  'units',
  'unitType',
  'charge',
  'diagnosisPointers',
  'revenueCode',
  'ndc',
  'ndcQuantity',
  'ndcUnit',
  'dose',
  'discarded',
  'note',
] as const;
export type CsvColumn = (typeof csvColumns)[number];

const DOLLARS_EXPECTED = 'expected a dollar amount like 1234.56 or 1,234.56 (a comma only between thousands)';

/** Dollars → cents, only when exact (at most 2^53 cents). */
function parseCents(text: string): number | undefined {
  const c = parseAnyCents(text);
  return c !== undefined && Number.isSafeInteger(c) ? c : undefined;
}

/** Whether a dollar amount has a non-zero digit past the cents ("1725.505"), which reading it in cents rounds away. */
const pastCents = (text: string): boolean => /\.\d{2}\d*[1-9]\d*\s*$/.test(text);

/**
 * Most modifiers a line holds: the 837's SV101-3…SV101-6 (SV201-3…6 on an 837I), as the claim model keeps them.
 * @see 005010X222A1 2400 SV101 (C003-03 to C003-06 procedure modifiers)
 */
const MAX_MODIFIERS = 4;

/**
 * NDC units of measure an 837 accepts, as the X12 reader checks them.
 * @see 005010X222A1 / 005010X223A2 2410 CTP05-1: F2 international unit, GR gram, ME milligram, ML millilitre, UN unit
 */
const NDC_UNITS: ReadonlySet<string> = new Set<NdcUnit>(['F2', 'GR', 'ME', 'ML', 'UN']);

const QUANTITY_EXPECTED = `expected a number below ${MAX_QUANTITY.toExponential()} (15 digits, as an 837 holds)`;
/** A unit count or NDC quantity as written; undefined when it is not a number an 837 can hold. */
function quantity(text: string): number | undefined {
  const n = Number(text);
  return Number.isFinite(n) && Math.abs(n) < MAX_QUANTITY ? n : undefined;
}

const required: CsvColumn[] = ['claimId', 'procedure', 'units', 'charge'];
/** Columns about the claim, not the line: read from a claim's first row; a later row that says otherwise is reported. */
const claimColumns: readonly CsvColumn[] = csvColumns.slice(0, csvColumns.indexOf('line'));
const kinds = new Set<PayerKind>(['medicare', 'medicaid', 'commercial', 'unknown']);
const list = (v: string): string[] =>
  v
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

export interface CsvReadResult {
  claims: Claim[];
  problems: Problem[];
}

/** A parsed row and the line of the file it starts on (1-based). */
type CsvRow = { record: string[]; line: number };

/** What csv-parse hands over per row with `info`: among others, the bytes read up to the row's end. */
type CsvRecord = { record: string[]; info: { bytes: number } };

/**
 * csv-parse's synchronous core, which `csv-parse/sync` runs over the whole text at once and its stream over each
 * chunk: fed a slice at a time, it carries a row cut across two slices (a quoted value holding a line break, a CRLF
 * split in two) over to the next, and counts lines across them. Not in csv-parse's type declarations, hence this.
 */
interface CsvCore {
  parse(
    bytes: Buffer | undefined,
    end: boolean,
    push: (record: CsvRecord) => void,
    close: () => void,
  ): Error | undefined;
}

const csvOptions: CsvOptions = {
  bom: true,
  skip_empty_lines: true,
  // Counted and reported below: a row with more fields than the header has a comma that needed quotes.
  relax_column_count: true,
  trim: true,
  // Where each row ends, to count the lines before it: csv-parse's own count (`info.lines`) is the row's last line, and
  // it counts a CRLF inside a quoted value as two lines.
  info: true,
  // A file edited by hand often mixes line endings (a CRLF header, LF rows pasted in): any of them ends a row.
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** Bytes parsed between two pauses: about 3 ms (csv-parse reads some 20–25 MB/s). */
const CSV_BYTES_PER_STEP = 1 << 16;
/** Rows made into claims between two pauses: about 2 ms. */
const CSV_ROWS_PER_STEP = 250;

/**
 * A blank that csv-parse trims (`trim`): space, tab, vertical tab, form feed, or either byte of a UTF-8 no-break
 * space. A line of nothing else is skipped as empty, so a row does not start on it.
 */
function blankAt(bytes: Uint8Array, i: number): boolean {
  const c = bytes[i] as number;
  return (
    c === 32 ||
    c === 9 ||
    c === 11 ||
    c === 12 ||
    (c === 0xc2 && bytes[i + 1] === 0xa0) ||
    (c === 0xa0 && bytes[i - 1] === 0xc2)
  );
}

/** The rows of a CSV text, parsed a slice at a time; the error csv-parse/sync would throw, if any. */
function* csvRecords(text: string): Steps<{ records: CsvRow[] } | { error: unknown; line: number }> {
  const core = (new Parser(csvOptions) as unknown as { api: CsvCore }).api;
  const bytes = Buffer.from(text);
  const records: CsvRow[] = [];
  // Line breaks before `counted` (CRLF, LF or a lone CR each end a line, as they end a row). Each row's bytes run
  // from the end of the row before it (blank lines included), so counting through them gives the row's first line.
  let breaks = 0;
  let counted = 0;
  const push = ({ record, info }: CsvRecord): void => {
    let line = 0;
    let i = counted;
    for (; i < info.bytes; i++) {
      const c = bytes[i] as number;
      if (c === 13 || c === 10) {
        if (c === 13 && bytes[i + 1] === 10) i++;
        breaks++;
      } else if (line === 0 && !blankAt(bytes, i)) line = breaks + 1;
    }
    counted = i;
    records.push({ record, line: line === 0 ? breaks + 1 : line });
  };
  const close = (): void => undefined;
  /** The first line of the row being parsed: where csv-parse stopped with an error (its own count is where it was). */
  const pendingLine = (): number => {
    let line = breaks + 1;
    for (let i = counted; i < bytes.length; i++) {
      const c = bytes[i] as number;
      if (c !== 13 && c !== 10) {
        if (blankAt(bytes, i)) continue;
        break;
      }
      if (c === 13 && bytes[i + 1] === 10) i++;
      line++;
    }
    return line;
  };
  for (let off = 0; off < bytes.length; off += CSV_BYTES_PER_STEP) {
    if (off > 0) yield;
    const error = core.parse(bytes.subarray(off, off + CSV_BYTES_PER_STEP), false, push, close);
    if (error !== undefined) return { error, line: pendingLine() };
  }
  const error = core.parse(undefined, true, push, close);
  return error === undefined ? { records } : { error, line: pendingLine() };
}

export function readClaimCsv(text: string, options: { file?: string } = {}): CsvReadResult {
  return runSteps(readClaimCsvSteps(text, options));
}

/**
 * `readClaimCsv` in steps: it pauses after each 64 KiB parsed and each 250 rows read, so that a server
 * reading a big upload answers other requests in between. The same result.
 */
export function* readClaimCsvSteps(text: string, options: { file?: string } = {}): Steps<CsvReadResult> {
  const problems: Problem[] = [];
  const file = options.file;
  const at = (line: number, field?: string): NonNullable<Problem['at']> => ({
    line,
    ...(field === undefined ? {} : { field }),
    ...(file === undefined ? {} : { file }),
  });
  const parsed = yield* csvRecords(text);
  if ('error' in parsed) {
    const err = parsed.error;
    // csv-parse's message says where it stopped ("at line 9" for a quote left open on line 2): the row's line instead.
    const said = (err instanceof Error ? err.message : String(err)).replace(/ at line \d+/, '');
    problems.push({
      code: 'csv.invalid',
      severity: 'error',
      message: `Not valid CSV, in the row starting on line ${parsed.line}: ${said}`,
      at: at(parsed.line),
    });
    return { claims: [], problems };
  }
  const rows = parsed.records;
  const header = rows[0]?.record;
  if (!header) {
    problems.push({ code: 'csv.invalid', severity: 'error', message: 'The CSV file is empty.', at: at(1) });
    return { claims: [], problems };
  }
  // Blank lines before it are skipped, and counted.
  const headerLine = rows[0]?.line ?? 1;
  const index = new Map<string, number>();
  // A column is named as the layout spells it, else in another case ("CLAIMID", "ClaimId ").
  header.forEach((h, i) => index.set(h.trim(), i));
  const byLowerCase = new Map(csvColumns.map((c) => [c.toLowerCase(), c]));
  const known = new Set<number>();
  for (const c of csvColumns) if (index.has(c)) known.add(index.get(c) as number);
  header.forEach((h, i) => {
    const column = byLowerCase.get(h.trim().toLowerCase());
    if (column !== undefined && !index.has(column) && !known.has(i)) {
      index.set(column, i);
      known.add(i);
    }
  });
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    // One header cell holding the others means another separator (Excel writes ';' where ',' is the decimal mark).
    const other =
      header.length === 1 ? [';', '\t', '|'].find((d) => (header[0] ?? '').includes(d)) : undefined;
    const hint =
      other === undefined
        ? ''
        : ` The header line is one cell separated by ${other === '\t' ? 'tabs' : `"${other}"`}: the layout separates columns with commas.`;
    problems.push({
      code: 'csv.column.missing',
      severity: 'error',
      message: `Required column${missing.length > 1 ? 's' : ''} missing: ${missing.join(', ')}.${hint}`,
      at: at(headerLine, missing[0]),
    });
    return { claims: [], problems };
  }
  const unknown = header.filter((_, i) => !known.has(i));
  if (unknown.length > 0)
    problems.push({
      code: 'csv.column.unknown',
      severity: 'warning',
      message: `Columns not read: ${unknown.join(', ')}.`,
      at: at(headerLine, unknown[0]),
    });

  if (rows.length === 1)
    problems.push({
      code: 'csv.no-rows',
      severity: 'warning',
      message: 'The CSV holds its header line and no rows: no claims.',
      at: at(headerLine),
    });
  const claims = new Map<string, Claim>();
  // A claim's first row: its claim-level values, and the columns among them that were invalid (nothing was kept).
  const firstRows = new Map<string, { lineNo: number; values: string[]; invalid: Set<CsvColumn> }>();
  const totals = new Set<Claim>();
  for (let r = 1; r < rows.length; r++) {
    if (r % CSV_ROWS_PER_STEP === 0) yield;
    const { record: row, line: lineNo } = rows[r] as CsvRow;
    if (row.length > header.length) {
      // The values after the split are shifted into the wrong columns: nothing in the row can be trusted.
      problems.push({
        code: 'csv.row.field-count',
        severity: 'error',
        message: `Row ${lineNo} has ${row.length} fields, the header ${header.length}: a value holding a comma must be quoted ("Biopsy reviewed, PD-L1 TPS 60%"). The row was not read.`,
        at: at(lineNo),
      });
      continue;
    }
    if (row.length < header.length && row.length > 1)
      problems.push({
        code: 'csv.row.field-count',
        severity: 'warning',
        message: `Row ${lineNo} has ${row.length} fields, the header ${header.length}: the missing ones at its end (${header.slice(row.length).join(', ')}) were read as empty.`,
        at: at(lineNo, header[row.length]),
      });
    const get = (c: CsvColumn): string => {
      const i = index.get(c);
      return i === undefined ? '' : readCell(row[i] ?? '');
    };
    // The claim a row's problem belongs to, by its id: a claim's rows need not follow one another, so its position
    // alone cannot tell (claimsWithReadErrors).
    const id = get('claimId');
    const rowClaim = id === '' ? undefined : { claimId: id };
    const invalid = new Set<CsvColumn>();
    const bad = (c: CsvColumn, why: string, severity: 'error' | 'warning' = 'error'): void => {
      if (severity === 'error') invalid.add(c);
      problems.push({
        code: 'csv.value.invalid',
        severity,
        message: `Row ${lineNo}, ${c} "${get(c)}": ${why}.`,
        at: at(lineNo, c),
        ...(rowClaim === undefined ? {} : { data: rowClaim }),
      });
    };
    if (id === '') {
      bad('claimId', 'a claim id is required');
      continue;
    }
    let claim = claims.get(id);
    const first = firstRows.get(id);
    if (!claim || !first) {
      claim = newClaim(id, get, bad, lineNo, file);
      if (get('totalCharge') !== '') totals.add(claim);
      claims.set(id, claim);
      firstRows.set(id, { lineNo, values: claimColumns.map(get), invalid: new Set(invalid) });
    } else {
      // Two claims mixed up under one id in an export: say so rather than keep the first row's values silently. A
      // value the first row had wrong is reported there; that a later row has another is no news.
      const differ = claimColumns.filter(
        (c, i) => get(c) !== '' && get(c) !== first.values[i] && !first.invalid.has(c),
      );
      if (differ.length > 0)
        problems.push({
          code: 'csv.claim.conflict',
          severity: 'warning',
          message: `Row ${lineNo}, claim ${id}: ${differ.join(', ')} differ${differ.length === 1 ? 's' : ''} from row ${first.lineNo}, the claim's first row; the first row's values were kept.`,
          at: at(lineNo, differ[0]),
        });
    }
    const line = newLine(claim, get, bad, lineNo, file);
    if (!line) continue;
    const same = claim.lines.find((l) => l.sequence === line.sequence);
    if (same)
      problems.push({
        code: 'csv.line.duplicate',
        severity: 'error',
        data: { claimId: id },
        message: `Row ${lineNo}, claim ${id}: line ${line.sequence} is already row ${same.position?.line ?? '?'}; each line of a claim needs its own number.`,
        at: at(lineNo, 'line'),
      });
    claim.lines.push(line);
  }
  for (const claim of claims.values()) {
    if (!totals.has(claim)) claim.totalChargeCents = claim.lines.reduce((s, l) => s + l.chargeCents, 0);
    // A pointer is a position in the claim's diagnoses list (its first row's): one past its end names nothing. A
    // warning, as the FHIR and JSON readers give it: the claim reads whole, and `check` reports it as an error
    // (diagnosis-pointer-missing).
    for (const line of claim.lines) {
      const dangling = line.diagnosisPointers.filter((p) => p > claim.diagnoses.length);
      if (dangling.length > 0 && line.position?.line !== undefined)
        problems.push({
          code: 'csv.value.invalid',
          severity: 'warning',
          message: `Row ${line.position.line}, diagnosisPointers: ${dangling.join(', ')} name${dangling.length === 1 ? 's' : ''} no diagnosis, claim ${claim.id} lists ${claim.diagnoses.length} (diagnoses column); kept as sent.`,
          at: at(line.position.line, 'diagnosisPointers'),
          data: { claimId: claim.id },
        });
    }
  }
  return { claims: [...claims.values()], problems };
}

type Getter = (c: CsvColumn) => string;
/** Reports a cell (an error unless said otherwise: a warning when the value was kept, only rounded). */
type Complain = (c: CsvColumn, why: string, severity?: 'error' | 'warning') => void;

/**
 * A dollar column in cents: undefined (reported) when it is no amount; an amount with digits past the cents is
 * rounded to the cent, and that is reported (a warning naming the amount kept).
 */
function centsOf(column: CsvColumn, get: Getter, bad: Complain): number | undefined {
  const text = get(column);
  const c = parseCents(text);
  if (c === undefined) bad(column, DOLLARS_EXPECTED);
  else if (pastCents(text))
    bad(column, `more than 2 decimals: claims are in whole cents, and ${formatCents(c)} was kept`, 'warning');
  return c;
}

function newClaim(id: string, get: Getter, bad: Complain, lineNo: number, file: string | undefined): Claim {
  const kind = get('payerKind').toLowerCase();
  const claim: Claim = {
    id,
    format: 'csv',
    billingProvider: {},
    payer: { kind: kinds.has(kind as PayerKind) ? (kind as PayerKind) : 'unknown' },
    patient: {},
    totalChargeCents: -1,
    diagnoses: [],
    notes: [],
    lines: [],
    position: { line: lineNo, ...(file === undefined ? {} : { file }) },
  };
  if (kind !== '' && !kinds.has(kind as PayerKind))
    bad('payerKind', 'expected medicare, medicaid, commercial or unknown');
  const set = <T extends object>(target: T, key: keyof T & string, column: CsvColumn): void => {
    const v = get(column);
    if (v !== '') (target as Record<string, unknown>)[key] = v;
  };
  set(claim.payer, 'name', 'payerName');
  set(claim.payer, 'id', 'payerId');
  set(claim.billingProvider, 'name', 'billingName');
  set(claim.billingProvider, 'npi', 'billingNpi');
  set(claim.billingProvider, 'tin', 'billingTin');
  if (get('renderingNpi') !== '') claim.renderingProvider = { npi: get('renderingNpi') };
  set(claim.patient, 'memberId', 'memberId');
  set(claim.patient, 'lastName', 'patientLastName');
  set(claim.patient, 'firstName', 'patientFirstName');
  const dob = get('birthDate');
  if (dob !== '') {
    if (isIsoDate(dob)) claim.patient.birthDate = dob;
    else bad('birthDate', 'expected a real date YYYY-MM-DD');
  }
  const sex = get('sex').toUpperCase();
  if (sex === 'M' || sex === 'F' || sex === 'U') claim.patient.sex = sex;
  else if (sex !== '') bad('sex', 'expected M, F or U');
  for (const [column, key] of [
    ['weightKg', 'weightKg'],
    ['heightCm', 'heightCm'],
  ] as const) {
    const v = get(column);
    if (v === '') continue;
    const n = Number(v);
    if (Number.isFinite(n) && n > 0) claim.patient[key] = n;
    else bad(column, 'expected a positive number');
  }
  set(claim, 'placeOfService', 'placeOfService');
  set(claim, 'typeOfBill', 'typeOfBill');
  set(claim, 'frequencyCode', 'frequencyCode');
  set(claim, 'priorAuthorization', 'priorAuthorization');
  list(get('diagnoses')).forEach((code, i) =>
    claim.diagnoses.push({
      code: code.replace(/\./g, '').toUpperCase(),
      pointer: i + 1,
      qualifier: i === 0 ? 'ABK' : 'ABF',
    }),
  );
  if (get('totalCharge') !== '') {
    const c = centsOf('totalCharge', get, bad);
    if (c !== undefined) {
      claim.totalChargeCents = c;
      if (c < 0)
        bad('totalCharge', 'a claim never charges a negative amount (837 CLM02); it was kept as sent');
    }
  }
  return claim;
}

function newLine(
  claim: Claim,
  get: Getter,
  bad: Complain,
  lineNo: number,
  file: string | undefined,
): ClaimLine | undefined {
  // As written: check's code-not-upper-case reports a lower-case code with a fix, as for the other formats.
  const procedure = get('procedure');
  if (procedure === '') {
    bad('procedure', 'a procedure code is required');
    return undefined;
  }
  const seqText = get('line');
  const seq = seqText === '' ? claim.lines.length + 1 : Number(seqText);
  if (!Number.isInteger(seq) || seq < 1) bad('line', 'expected a line number');
  // Zero units are read without a report, as the X12 and JSON readers read them.
  const units = quantity(get('units'));
  if (units === undefined) bad('units', QUANTITY_EXPECTED);
  else if (units < 0) bad('units', 'a unit count is never negative (837 SV104); it was kept as sent');
  const charge = centsOf('charge', get, bad);
  if (charge !== undefined && charge < 0)
    bad('charge', 'a line never charges a negative amount (837 SV102); it was kept as sent');
  const modifiers = list(get('modifiers'));
  if (modifiers.length > MAX_MODIFIERS) {
    const dropped = modifiers.slice(MAX_MODIFIERS);
    bad(
      'modifiers',
      `a line holds ${MAX_MODIFIERS} modifiers (837 SV101-3…6); ${dropped.join(', ')} ${dropped.length === 1 ? 'was' : 'were'} not kept`,
    );
  }
  const line: ClaimLine = {
    sequence: Number.isInteger(seq) && seq >= 1 ? seq : claim.lines.length + 1,
    procedure: {
      qualifier: 'HC',
      code: procedure,
      modifiers: modifiers.slice(0, MAX_MODIFIERS),
    },
    units: units ?? 0,
    chargeCents: charge ?? 0,
    diagnosisPointers: [],
    notes: get('note') === '' ? [] : [get('note')],
    position: { line: lineNo, ...(file === undefined ? {} : { file }) },
  };
  for (const p of list(get('diagnosisPointers').replace(/:/g, ';'))) {
    const n = Number(p);
    if (Number.isInteger(n) && n >= 1) line.diagnosisPointers.push(n);
    else bad('diagnosisPointers', 'expected pointers like 1;2');
  }
  const unitType = get('unitType');
  if (unitType !== '') line.unitType = unitType.toUpperCase();
  for (const [column, key] of [
    ['serviceDate', 'serviceDate'],
    ['serviceDateTo', 'serviceDateTo'],
  ] as const) {
    const v = get(column);
    if (v === '') continue;
    if (isIsoDate(v)) line[key] = v;
    else bad(column, 'expected a real date YYYY-MM-DD');
  }
  const rev = get('revenueCode');
  if (rev !== '') line.revenueCode = rev;
  const ndc = get('ndc');
  if (ndc !== '') {
    line.drug = { ndc, ndcQualifier: 'N4' };
    const q = get('ndcQuantity');
    if (q !== '') {
      const n = quantity(q);
      if (n !== undefined) line.drug.quantity = n;
      else bad('ndcQuantity', QUANTITY_EXPECTED);
      if (n !== undefined && n < 0)
        bad('ndcQuantity', 'an NDC quantity is never negative (837 CTP04); it was kept as sent');
    }
    const u = get('ndcUnit');
    if (u !== '') {
      line.drug.unit = u.toUpperCase();
      if (!NDC_UNITS.has(line.drug.unit))
        bad(
          'ndcUnit',
          'expected an NDC unit of measure F2, GR, ME, ML or UN (837 CTP05-1); it was kept as sent',
        );
    }
  }
  const doseText = get('dose');
  const discarded = get('discarded');
  if (doseText !== '' || discarded !== '') {
    const parsed = doseFromNotes([
      `${doseText === '' ? '' : `DOSE ${doseText}`} ${discarded === '' ? '' : `WASTE ${discarded}`}`,
    ]);
    line.dose = { text: doseText };
    if (parsed?.amount !== undefined && parsed.unit !== undefined)
      Object.assign(line.dose, { amount: parsed.amount, unit: parsed.unit });
    if (discarded !== '') {
      line.dose.discardedText = discarded;
      if (parsed?.discardedAmount !== undefined && parsed.discardedUnit !== undefined)
        Object.assign(line.dose, {
          discardedAmount: parsed.discardedAmount,
          discardedUnit: parsed.discardedUnit,
        });
    }
  } else if (line.notes.length > 0) {
    const dose = doseFromNotes(line.notes);
    if (dose) line.dose = dose;
  }
  return line;
}

/** A plain decimal number ("-25.00", "7500", "0.5"): a spreadsheet reads it as a number, never as a formula. */
const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * Text a spreadsheet would run as a formula (first character `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, so
 * it is shown as text: a name or note from an 837 could carry `=HYPERLINK(…)` (CWE-1236, OWASP "CSV Injection").
 * Numbers, negative amounts included, stay numbers. The claim CSV reader takes the `'` off again (readCell).
 */
export function formulaSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !NUMERIC.test(text) ? `'${text}` : text;
}

/**
 * formulaSafe for a file drugclaim reads back: a text that starts with `'` itself gets one more, so that readCell,
 * taking exactly one off, gives back every value as it was ("'=x" → "''=x" → "'=x").
 */
function formulaSafeReversible(text: string): string {
  return text.startsWith("'") ? `'${text}` : formulaSafe(text);
}

/** A cell as written: formulaSafe, then quoted when it holds a quote, comma or line break (RFC 4180). */
const cell = (v: string | number | undefined): string => {
  const s = v === undefined ? '' : typeof v === 'number' ? String(v) : formulaSafeReversible(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A cell as read: the one `'` the writer put before a formula character or a `'` taken off, then trimmed. */
function readCell(raw: string): string {
  return (/^'['=+\-@\t\r]/.test(raw) ? raw.slice(1) : raw).trim();
}

/** Canonical claims → CSV text (one row per line; a claim without lines gets one row without line columns). */
export function writeClaimCsv(claims: readonly Claim[]): string {
  return writeClaimCsvFile(claims).text;
}

/** `writeClaimCsv` with what the layout could not hold as the claims mean it (`ClaimCsvWriter.takeProblems`). */
export function writeClaimCsvFile(claims: readonly Claim[]): { text: string; problems: Problem[] } {
  const writer = new ClaimCsvWriter();
  const text = claims.map((c) => writer.add(c)).join('') + writer.end();
  return { text, problems: writer.takeProblems() };
}

/**
 * `writeClaimCsv` a claim at a time: the header, then each claim's rows. What a claim holds that the layout cannot
 * hold as it means it is reported (`csv.write.invalid-value`): a claim id an earlier claim of the output has, an
 * error since rows join by `claimId` (the two read back as one claim, with the first one's claim-level values; the
 * layout has no other claim key), and a line pointer that names no diagnosis of its claim (`pointerPositions`).
 */
export class ClaimCsvWriter {
  private started = false;
  private readonly ids = new Set<string>();
  private problems: Problem[] = [];

  /** The rows of one claim (after the header, the first time). */
  add(claim: Claim): string {
    if (this.ids.has(claim.id))
      this.problems.push({
        code: 'csv.write.invalid-value',
        severity: 'error',
        message: `Claim ${claim.id}: an earlier claim of this CSV has the same id; rows join by claimId, so the two read back as one claim (with the first one's payer, patient and diagnoses). Give each claim its own id, or write them to X12, FHIR or JSON.`,
        ...(claim.position === undefined ? {} : { at: claim.position }),
        data: { claimId: claim.id },
      });
    this.ids.add(claim.id);
    return `${this.head()}${csvRows(claim, this.problems).join('\n')}\n`;
  }

  /** The header, when no claim was added. */
  end(): string {
    return this.head();
  }

  /** Problems found since the last call. */
  takeProblems(): Problem[] {
    const taken = this.problems;
    this.problems = [];
    return taken;
  }

  private head(): string {
    if (this.started) return '';
    this.started = true;
    return `${csvColumns.join(',')}\n`;
  }
}

/**
 * A line's pointers as positions in the `diagnoses` column: the model's pointers name diagnoses by their `pointer`
 * (a FHIR diagnosis.sequence may be 1, 3, 5…), while the column lists codes in order. One that names no diagnosis is
 * reported: written as it is when that number names none in the CSV either (past the end of the list: it reads back
 * the same, a warning), else left out (it would name another diagnosis there: an error).
 */
function pointerPositions(c: Claim, l: ClaimLine, problems: Problem[]): number[] {
  const positions = new Map<number, number>();
  c.diagnoses.forEach((d, i) => {
    if (!positions.has(d.pointer)) positions.set(d.pointer, i + 1);
  });
  const out: number[] = [];
  for (const p of l.diagnosisPointers) {
    const at = positions.get(p);
    if (at !== undefined) {
      out.push(at);
      continue;
    }
    const past = p > c.diagnoses.length;
    if (past) out.push(p);
    problems.push({
      code: 'csv.write.invalid-value',
      severity: past ? 'warning' : 'error',
      message: `Claim ${c.id} line ${l.sequence}: diagnosis pointer ${p} names no diagnosis of the claim (${c.diagnoses.length === 0 ? 'it has none' : `pointers ${[...positions.keys()].join(', ')}`}); ${past ? 'it was written as it is, past the end of the diagnoses column' : `it was left out of diagnosisPointers, where ${p} would name diagnosis ${c.diagnoses[p - 1]?.code ?? ''}`}.`,
      ...(l.position === undefined ? {} : { at: l.position }),
      data: { claimId: c.id, line: l.sequence, pointer: p },
    });
  }
  return out;
}

/** A claim's CSV rows; what they cannot hold as the claim means it goes to `problems`. */
function csvRows(c: Claim, problems: Problem[]): string[] {
  const lines: (ClaimLine | undefined)[] = c.lines.length > 0 ? c.lines : [undefined];
  return lines.map((l) => {
    const row: Record<CsvColumn, string | number | undefined> = {
      claimId: c.id,
      payerName: c.payer.name,
      payerId: c.payer.id,
      payerKind: c.payer.kind,
      billingName: c.billingProvider.name,
      billingNpi: c.billingProvider.npi,
      billingTin: c.billingProvider.tin,
      renderingNpi: c.renderingProvider?.npi,
      // A dependent's claim is billed under the subscriber's member id (837 2010BA): the layout's one member id.
      memberId: c.patient.memberId ?? c.subscriber?.memberId,
      patientLastName: c.patient.lastName,
      patientFirstName: c.patient.firstName,
      birthDate: c.patient.birthDate,
      sex: c.patient.sex,
      weightKg: c.patient.weightKg,
      heightCm: c.patient.heightCm,
      placeOfService: c.placeOfService,
      typeOfBill: c.typeOfBill,
      frequencyCode: c.frequencyCode,
      priorAuthorization: c.priorAuthorization,
      diagnoses: c.diagnoses.map((d) => d.code).join(';'),
      totalCharge: formatCents(c.totalChargeCents),
      line: l?.sequence,
      serviceDate: l?.serviceDate,
      serviceDateTo: l?.serviceDateTo,
      procedure: l?.procedure.code,
      modifiers: l?.procedure.modifiers.join(';'),
      units: l?.units,
      unitType: l?.unitType,
      charge: l === undefined ? undefined : formatCents(l.chargeCents),
      diagnosisPointers: l === undefined ? undefined : pointerPositions(c, l, problems).join(';'),
      revenueCode: l?.revenueCode,
      ndc: l?.drug?.ndc,
      ndcQuantity: l?.drug?.quantity,
      ndcUnit: l?.drug?.unit,
      dose: l?.dose?.text === '' ? undefined : l?.dose?.text,
      discarded: l?.dose?.discardedText,
      note: l?.notes.join(' '),
    };
    return csvColumns.map((k) => cell(row[k])).join(',');
  });
}
