/**
 * Shared pieces of the CMS readers: decoding bytes, building positioned problems, and the file-name helpers.
 * Everything here returns values; nothing throws on bad input.
 */
import type { Problem, Severity, SourcePosition } from '../../core/problem.ts';
import type { InputFile } from './types.ts';

/** How many leading bytes `recognise` looks at (decoded as Windows-1252). Banners of the CMS CSVs fit well inside. */
export const HEAD_BYTES = 16_384;

const cp1252 = new TextDecoder('windows-1252');
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

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
 * the derived CSVs are UTF-8. Binary content (NUL bytes, a zip, UTF-16) is an error: no reader can use it.
 * @see shared/data/PROVENANCE.md "Encodings"
 */
export function decodeText(file: InputFile, encoding: TextEncoding): DecodedText {
  const { bytes } = file;
  const at = { file: file.name };
  if (bytes.length === 0) {
    return { text: undefined, problems: [problem('error', 'cms.file.empty', 'the file is empty', at)] };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      text: undefined,
      problems: [
        problem(
          'error',
          'cms.encoding.utf16',
          'the file is UTF-16 encoded; CMS files are Windows-1252 or UTF-8 text',
          at,
        ),
      ],
    };
  }
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
    return {
      text: undefined,
      problems: [
        problem(
          'error',
          'cms.encoding.binary',
          `the file contains a NUL byte at offset ${nul}: it is binary or UTF-16, not text`,
          at,
          {
            offset: nul,
          },
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
  return { text, problems };
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
  return Number(t);
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
