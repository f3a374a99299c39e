/**
 * Claims as CSV, one row per service line: the simple export many practice-management systems can produce.
 * Rows with the same `claimId` form one claim (in order of first appearance); claim-level columns are read from the
 * claim's first row. Money is in dollars ("1530.00"); lists ("C50911;Z5111", "JW;KX", "1;2") are separated by `;`.
 * The columns are listed in docs/claims-io.md ("CSV layout"); only `claimId`, `procedure`, `units` and `charge`
 * are required.
 */
import { Parser, type Options as CsvOptions } from 'csv-parse';
import { MAX_QUANTITY, type Claim, type ClaimLine, type PayerKind } from '../../core/claim/model.ts';
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
  header.forEach((h, i) => index.set(h.trim(), i));
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
  const unknown = header.filter((h) => !(csvColumns as readonly string[]).includes(h.trim()));
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
  const firstRows = new Map<string, { lineNo: number; values: string[] }>();
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
      return i === undefined ? '' : (row[i] ?? '').trim();
    };
    // The claim a row's problem belongs to, by its id: a claim's rows need not follow one another, so its position
    // alone cannot tell (claimsWithReadErrors).
    const id = get('claimId');
    const rowClaim = id === '' ? undefined : { claimId: id };
    const bad = (c: CsvColumn, why: string): void => {
      problems.push({
        code: 'csv.value.invalid',
        severity: 'error',
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
      claims.set(id, claim);
      firstRows.set(id, { lineNo, values: claimColumns.map(get) });
    } else {
      // Two claims mixed up under one id in an export: say so rather than keep the first row's values silently.
      const differ = claimColumns.filter((c, i) => get(c) !== '' && get(c) !== first.values[i]);
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
    if (claim.totalChargeCents < 0)
      claim.totalChargeCents = claim.lines.reduce((s, l) => s + l.chargeCents, 0);
  }
  return { claims: [...claims.values()], problems };
}

type Getter = (c: CsvColumn) => string;
type Complain = (c: CsvColumn, why: string) => void;

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
  const total = get('totalCharge');
  if (total !== '') {
    const c = parseCents(total);
    if (c === undefined) bad('totalCharge', DOLLARS_EXPECTED);
    else claim.totalChargeCents = c;
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
  const units = quantity(get('units'));
  if (units === undefined) bad('units', QUANTITY_EXPECTED);
  const charge = parseCents(get('charge'));
  if (charge === undefined) bad('charge', DOLLARS_EXPECTED);
  const line: ClaimLine = {
    sequence: Number.isInteger(seq) && seq >= 1 ? seq : claim.lines.length + 1,
    procedure: {
      qualifier: 'HC',
      code: procedure,
      modifiers: list(get('modifiers')).slice(0, 4),
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
    }
    const u = get('ndcUnit');
    if (u !== '') line.drug.unit = u.toUpperCase();
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

const cell = (v: string | number | undefined): string => {
  const s = v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Canonical claims → CSV text (one row per line; a claim without lines gets one row without line columns). */
export function writeClaimCsv(claims: readonly Claim[]): string {
  return `${[csvColumns.join(','), ...claims.flatMap(csvRows)].join('\n')}\n`;
}

/** `writeClaimCsv` a claim at a time: the header, then each claim's rows. */
export class ClaimCsvWriter {
  private started = false;

  /** The rows of one claim (after the header, the first time). */
  add(claim: Claim): string {
    return `${this.head()}${csvRows(claim).join('\n')}\n`;
  }

  /** The header, when no claim was added. */
  end(): string {
    return this.head();
  }

  private head(): string {
    if (this.started) return '';
    this.started = true;
    return `${csvColumns.join(',')}\n`;
  }
}

/** A claim's CSV rows. */
function csvRows(c: Claim): string[] {
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
      memberId: c.patient.memberId,
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
      diagnosisPointers: l?.diagnosisPointers.join(';'),
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
