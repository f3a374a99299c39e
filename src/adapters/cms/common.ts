/**
 * Shared pieces of the CMS readers: decoding bytes, building positioned problems, and the file-name helpers.
 * Everything here returns values; nothing throws on bad input.
 */
import type { Problem, Severity, SourcePosition } from '../../core/problem.ts';
import { utf16Kind } from '../../core/utf16.ts';
import type { InputFile } from './types.ts';

export { utf16Kind };

/** How many leading bytes `recognise` looks at (decoded as Windows-1252). Banners of the CMS CSVs fit well inside. */
export const HEAD_BYTES = 16_384;

const cp1252 = new TextDecoder('windows-1252');
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextDecoder('utf-8');

/** The last path segment of a name given as a path ("a/b/c.csv" → "c.csv"). */
export function baseName(name: string): string {
  const parts = name.split(/[\\/]/);
  return parts[parts.length - 1] ?? name;
}

/** The first HEAD_BYTES of a file decoded as Windows-1252 (what `recognise` is given). */
export function decodeHead(bytes: Uint8Array): string {
  return cp1252.decode(bytes.subarray(0, HEAD_BYTES));
}

/** A problem whose message names the file and, when known, the line and field. */
export function problem(
  severity: Severity,
  code: string,
  what: string,
  at: SourcePosition,
  data?: Record<string, unknown>,
): Problem {
  const where: string[] = [];
  if (at.file !== undefined) where.push(at.file);
  if (at.line !== undefined) where.push(`line ${at.line}`);
  if (at.field !== undefined) where.push(`field "${at.field}"`);
  const message = where.length > 0 ? `${where.join(', ')}: ${what}` : what;
  return data === undefined ? { code, severity, message, at } : { code, severity, message, at, data };
}

export type TextEncoding = 'windows-1252' | 'utf-8';

export interface DecodedText {
  /** Undefined when the bytes cannot be text of the expected kind (binary, UTF-16, empty). */
  text: string | undefined;
  problems: Problem[];
}

/**
 * Decodes a whole file. CMS CSVs and fixed-width files are Windows-1252 (ASCII for the fixed-width ones);
 * the derived CSVs are UTF-8. Binary content (NUL bytes, a zip, UTF-16) is an error: no reader can use it, and so
 * is a control character anywhere in the text (`controlCharacterProblems`): the file is then not read at all.
 * @see shared/data/PROVENANCE.md "Encodings"
 */
export function decodeText(file: InputFile, encoding: TextEncoding): DecodedText {
  const { bytes } = file;
  const at = { file: file.name };
  const unreadable = emptyFileProblem(file) ?? utf16Problem(file);
  if (unreadable !== undefined) return { text: undefined, problems: [unreadable] };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return {
      text: undefined,
      problems: [
        problem(
          'error',
          'cms.encoding.binary',
          'the file is a zip archive (an .xlsx or .zip), not a text file',
          at,
        ),
      ],
    };
  }
  const probe = bytes.subarray(0, 65_536);
  const nul = probe.indexOf(0);
  if (nul !== -1) {
    const lineStart = probe.lastIndexOf(0x0a, nul) + 1;
    const line = 1 + probe.subarray(0, lineStart).filter((b) => b === 0x0a).length;
    const skip = lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const before = bytes.subarray(lineStart + skip, nul);
    const column = (encoding === 'utf-8' ? utf8.decode(before) : cp1252.decode(before)).length + 1;
    return {
      text: undefined,
      problems: [
        problem(
          'error',
          'cms.encoding.binary',
          `column ${column} holds a NUL byte (offset ${nul}): the file is binary or UTF-16, not text`,
          { ...at, line, element: column },
          { offset: nul, column },
        ),
      ],
    };
  }
  const problems: Problem[] = [];
  const hasUtf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasUtf8Bom ? bytes.subarray(3) : bytes;
  let text: string;
  if (encoding === 'utf-8' || hasUtf8Bom) {
    try {
      text = utf8Fatal.decode(body);
    } catch {
      problems.push(
        problem(
          'warning',
          'cms.encoding.not-utf8',
          'the file is not valid UTF-8; it was read as Windows-1252 instead',
          at,
        ),
      );
      text = cp1252.decode(body);
    }
  } else {
    text = cp1252.decode(body);
  }
  const last = text.charCodeAt(text.length - 1);
  if (last !== 10 && last !== 13) {
    problems.push(
      problem(
        'warning',
        'cms.file.no-final-newline',
        'the file does not end with a line break; it may be truncated',
        at,
      ),
    );
  }
  const damaged = controlCharacterProblems(text, file.name);
  if (damaged.length > 0) return { text: undefined, problems: [...problems, ...damaged] };
  return { text, problems };
}

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. No CMS, CDC or X12 text file has
 * one (none of the files of ../shared/data does), so one means binary data was written into the file (QA: NUL,
 * 0xFF, 0xFE and control bytes in the ICD-10-CM file ended up in a description). Bytes 0x80-0xFF are not in this
 * set: they are Windows-1252 letters (0xA0, 0xAE, and the stray 0xFF of OPPS October 2025) and stay readable.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** Lines listed one by one in `controlCharacterProblems`; the rest are counted in one more problem. */
const CONTROL_LINES_LISTED = 10;

/**
 * One error per line holding a control character (see CONTROL_CHARACTER), naming the line and the column of its
 * first one (1-based, in characters of the decoded text), at most CONTROL_LINES_LISTED lines and then a count.
 */
export function controlCharacterProblems(text: string, file: string): Problem[] {
  const problems: Problem[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  let lastLine = 0;
  let unlisted = 0;
  for (const match of text.matchAll(CONTROL_CHARACTER)) {
    const i = match.index;
    for (let nl = text.indexOf('\n', scanned); nl !== -1 && nl < i; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    scanned = i;
    if (line === lastLine) continue;
    lastLine = line;
    if (problems.length >= CONTROL_LINES_LISTED) {
      unlisted++;
      continue;
    }
    const code = text.charCodeAt(i);
    const column = i - lineStart + 1;
    const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const name = code === 0 ? 'a NUL byte' : code === 0x7f ? 'a DEL character' : 'a control character';
    problems.push(
      problem(
        'error',
        'cms.encoding.control-character',
        `column ${column} holds ${name} (${codePoint}), which no text reference file has (only tab, CR and LF): ` +
          'the file is damaged (binary data written into it, or a bad copy or download), so none of it is read',
        { file, line, element: column },
        { column, codePoint },
      ),
    );
  }
  if (unlisted > 0) {
    problems.push(
      problem(
        'error',
        'cms.encoding.control-character',
        `${unlisted} more line(s) hold control characters`,
        { file },
        { suppressed: unlisted, total: unlisted + CONTROL_LINES_LISTED },
      ),
    );
  }
  return problems;
}

/** The empty-file error, or undefined when the file has bytes. */
export function emptyFileProblem(file: InputFile): Problem | undefined {
  return file.bytes.length === 0
    ? problem('error', 'cms.file.empty', 'the file is empty (0 bytes)', { file: file.name })
    : undefined;
}

/** The UTF-16 error for a file, or undefined when it is not UTF-16. */
export function utf16Problem(file: InputFile): Problem | undefined {
  const kind = utf16Kind(file.bytes);
  if (kind === undefined) return undefined;
  const how =
    file.bytes[0] === 0xff || file.bytes[0] === 0xfe ? 'byte-order mark' : 'NUL in every other byte';
  return problem(
    'error',
    'cms.encoding.utf16',
    `the file is ${kind} text (${how}); CMS files are Windows-1252 or UTF-8 — save it again as CSV/text, not "Unicode text"`,
    { file: file.name },
    { encoding: kind },
  );
}

/**
 * The first character of `line` outside printable ASCII (tabs included), as a warning for files CMS/CDC publish as
 * ASCII (HCPCS, ICD-10-CM): UTF-8 "é" read as Windows-1252 shows as "Ã©" in a descriptor. Undefined when clean.
 * `fieldAt` names the fixed-width field of a 1-based column.
 */
export function nonAsciiProblem(
  line: string,
  at: { file: string; line: number },
  fieldAt: (column: number) => string,
): Problem | undefined {
  const i = line.search(/[^\x20-\x7e]/);
  if (i === -1) return undefined;
  const ch = line.charAt(i);
  const codePoint = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return problem(
    'warning',
    'cms.encoding.non-ascii',
    `column ${i + 1} holds ${JSON.stringify(ch)} (${codePoint}), which is not printable ASCII; the file should be plain ASCII, so it may be damaged or re-encoded${ch > '\x7f' ? ' (UTF-8 "é" reads as "Ã©")' : ''}`,
    { ...at, field: fieldAt(i + 1), element: i + 1 },
    { column: i + 1, codePoint },
  );
}

/** Today's date (UTC) as YYYY-MM-DD: the date a file is read, to tell a mistyped future date. */
export const todayIso = (): string => new Date().toISOString().slice(0, 10);

/** A decimal cell checked against what the file can hold: `units` is the value × 10^decimals, exact. */
export type AmountCell =
  | { kind: 'ok'; units: number }
  | { kind: 'not-a-number' }
  | { kind: 'too-many-decimals'; decimals: number }
  | { kind: 'negative' }
  | { kind: 'too-large' };

/**
 * A dollar amount or plain decimal as CMS writes it ("86.270", "$85.120", "1,303.342") → integer units of
 * 10^-decimals, exact. Stricter than core/money's parseDecimal, which the reader must not trust with a wrong
 * fact: no spaces or commas inside the digits (only as thousands separators), at most `decimals` decimals (no
 * silent rounding), not below zero, and at most `max` units.
 */
export function parseAmountCell(text: string, decimals: number, max: number): AmountCell {
  const m = /^(?:([+-])\$?|\$([+-])?)?(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(text.trim());
  const sign = m?.[1] ?? m?.[2];
  const whole = m?.[3] ?? '';
  const frac = m?.[4] ?? '';
  if (!m || (whole === '' && frac === '')) return { kind: 'not-a-number' };
  if (frac.length > decimals) return { kind: 'too-many-decimals', decimals: frac.length };
  const digits = `${whole.replace(/,/g, '')}${frac.padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '');
  if (sign === '-' && /[1-9]/.test(digits)) return { kind: 'negative' };
  // Compare as text first: a 30-digit string is no safe integer and must not be rounded into one.
  if (digits.length > String(max).length || Number(digits) > max) return { kind: 'too-large' };
  return { kind: 'ok', units: Number(digits) };
}

/** True when any problem is an error. */
export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === 'error');

/** Collects problems but stops recording after `limit` of one code, so a broken file does not yield 70,000 copies. */
export class ProblemSink {
  readonly problems: Problem[] = [];
  readonly #counts = new Map<string, number>();
  readonly #limit: number;

  constructor(limit = 50) {
    this.#limit = limit;
  }

  add(p: Problem): void {
    const n = (this.#counts.get(p.code) ?? 0) + 1;
    this.#counts.set(p.code, n);
    if (n <= this.#limit) this.problems.push(p);
  }

  addAll(ps: readonly Problem[]): void {
    for (const p of ps) this.add(p);
  }

  /** Appends one summary problem per code that went over the limit, with the same severity. */
  finish(file: string): Problem[] {
    for (const [code, n] of this.#counts) {
      if (n > this.#limit) {
        const severity = this.problems.find((p) => p.code === code)?.severity ?? 'error';
        this.problems.push(
          problem(
            severity,
            code,
            `${n - this.#limit} more problem(s) with code ${code} were not listed`,
            { file },
            {
              suppressed: n - this.#limit,
              total: n,
            },
          ),
        );
      }
    }
    return this.problems;
  }
}

/**
 * A plain decimal ("2.4", "20.000", "-1", "1,000") → number; '' → null; anything else → undefined.
 * For ratios, package sizes and percentages only: money goes through core/money.ts as integers.
 */
export function parseNumberCell(text: string): number | null | undefined {
  const t = text.trim().replace(/,/g, '');
  if (t === '') return null;
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(t)) return undefined;
  const n = Number(t);
  // 400 digits parse to Infinity: not a number a file can mean.
  return Number.isFinite(n) ? n : undefined;
}

/** "2026-01-01" → "January 2026". */
export function monthYear(iso: string): string {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(iso);
  const name = m ? MONTH_NAMES[Number(m[2]) - 1] : undefined;
  return m && name ? `${name} ${m[1] ?? ''}` : iso;
}

/** English month names (no Intl: its first call costs tens of milliseconds). */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A file-name suffix "121725" (MMDDYY, CMS ASP files) before the extension → ISO date; null when absent. */
export function releaseDateFromMmddyySuffix(name: string): string | null {
  const m = /(\d{2})(\d{2})(\d{2})\.[A-Za-z]+$/.exec(baseName(name));
  if (!m) return null;
  const y = 2000 + Number(m[3]);
  const mo = Number(m[1]);
  const d = Number(m[2]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const check = new Date(`${iso}T00:00:00Z`);
  return check.getUTCDate() === d ? iso : null;
}

/**
 * A code cell with stray non-ASCII bytes around it (OPPS October 2025 has "A4341" followed by 0xFF) → the code
 * and whether anything was removed. Only characters outside printable ASCII are stripped, so "J91 73" stays bad.
 */
export function cleanCodeCell(raw: string): { code: string; cleaned: boolean } {
  const trimmed = raw.trim();
  const code = trimmed.replace(/^[^\x21-\x7e]+|[^\x21-\x7e]+$/g, '');
  return { code, cleaned: code !== trimmed };
}
