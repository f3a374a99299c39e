/**
 * The text a fact check reads, from the bytes of a file or a request: UTF-8 (with or without a byte order mark),
 * UTF-16 (a byte order mark, or ASCII text with every other byte NUL, as Windows editors save "Unicode" text), or
 * Windows-1252 (what Word and Notepad save as "ANSI" on a Western Windows: curly quotes 0x93/0x94, dashes 0x96/0x97,
 * "®" 0xAE), read as such when the bytes are not UTF-8 and look like text in it.
 * Anything else that is not text (a gzip or zip archive, a SQLite database, a PDF, random bytes) is refused with a
 * problem saying why, rather than read as a page of noise: a check of noise finds nothing and reads as "0 false".
 * @see https://encoding.spec.whatwg.org/#windows-1252 (the decoder TextDecoder('windows-1252') implements)
 */
import type { Problem, Result } from '../problem.ts';
import { utf16Kind } from '../utf16.ts';

/** Share of characters that may be undecodable (a stray Windows-1252 "®" in a UTF-8 page) before it is not text. */
const MAX_UNDECODABLE_SHARE = 0.02;
/**
 * Share of bytes that must be printable ASCII (or tab, line feed, carriage return) for bytes that are not UTF-8 to be
 * read as Windows-1252: Western text is mostly ASCII, with a few quotes, dashes and accented letters; noise and
 * binary files are not.
 */
const MIN_ASCII_SHARE_1252 = 0.7;

export interface TextInput {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

/** Signatures of common binary files, to name what was given. */
const SIGNATURES: readonly [string, readonly number[]][] = [
  ['a gzip file', [0x1f, 0x8b]],
  ['a zip archive (or an Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['a SQLite database', [...'SQLite format 3'].map((c) => c.charCodeAt(0))],
  ['a PDF file', [...'%PDF-'].map((c) => c.charCodeAt(0))],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
];

const startsWith = (bytes: Uint8Array, sig: readonly number[]): boolean =>
  bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);

function notText(why: string): Problem {
  return {
    code: 'factcheck-input-not-text',
    severity: 'error',
    message: `The input is not text: ${why}. Give a plain-text or Markdown file (UTF-8, UTF-16 or Windows-1252).`,
  };
}

/** Problem when a decoded string is not text: NUL or other control characters, or too much that did not decode. */
export function textProblem(text: string): Problem | undefined {
  const nul = text.split('\0').length - 1;
  // ASCII saved as UTF-16 and read as UTF-8 has a NUL after (or before) every character.
  if (nul > 0 && nul >= text.length * 0.4)
    return notText(
      'it looks like UTF-16 text read as UTF-8 (a NUL between characters); decode it as UTF-16 first',
    );
  if (nul > 0) return notText('it holds NUL characters, as binary files do');
  let c0 = 0;
  let c1 = 0;
  let undecodable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // C0 controls but tab, line breaks and form feed; C1 controls (U+0080–U+009F), which Windows-1252 gives for the
    // five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) c0++;
    else if (c >= 0x80 && c <= 0x9f) c1++;
    else if (c === 0xfffd) undecodable++;
  }
  const bad = c0 + c1 + undecodable;
  const share = bad / Math.max(1, text.length);
  if (share > MAX_UNDECODABLE_SHARE && bad > 2) {
    // Say what was found: a C1 character is not a byte that failed to decode (Windows-1252 decodes to them).
    const what = [
      ...(c0 > 0 ? [`C0 control characters (${c0})`] : []),
      ...(c1 > 0
        ? [
            `C1 control characters (${c1}; U+0080–U+009F, what the bytes Windows-1252 leaves undefined, 0x81, 0x8D, 0x8F, 0x90 and 0x9D, decode to)`,
          ]
        : []),
      ...(undecodable > 0
        ? [`characters that did not decode (${undecodable} U+FFFD: bytes that are not UTF-8)`]
        : []),
    ];
    return notText(
      `${Math.round(share * 100)}% of its characters are ${what.join(' or ')}; at most ${MAX_UNDECODABLE_SHARE * 100}% is read as text`,
    );
  }
  return undefined;
}

/**
 * Bytes that are not UTF-8 but read as Windows-1252 text: mostly printable ASCII (MIN_ASCII_SHARE_1252), no NUL,
 * and some bytes that UTF-8 cannot start or continue with (0x80–0xBF alone: quotes, dashes; or a lead byte not
 * followed by continuation bytes: "é" 0xE9 before a letter). A UTF-8 page with a stray byte but real UTF-8
 * characters ("µg" as C2 B5) is not: it stays UTF-8, the stray byte undecodable.
 */
function looksLikeWindows1252(bytes: Uint8Array): boolean {
  let ascii = 0;
  let utf8Sequences = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0) return false;
    if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d) ascii++;
    else if (b >= 0xc2 && b <= 0xf4) {
      // A well-formed UTF-8 sequence (the lead byte's length, continuation bytes 0x80–0xBF).
      const length = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
      let k = 1;
      while (k < length && ((bytes[i + k] ?? 0) & 0xc0) === 0x80) k++;
      if (k === length) {
        utf8Sequences++;
        i += length - 1;
      }
    }
  }
  return utf8Sequences === 0 && ascii >= bytes.length * MIN_ASCII_SHARE_1252;
}

/** UTF-8 that throws on a malformed sequence: how bytes that are not UTF-8 are told apart. */
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/** The text of `bytes` (see the module comment), or a problem with code `factcheck-input-not-text`. */
export function decodeTextInput(bytes: Uint8Array): Result<TextInput> {
  const known = SIGNATURES.find(([, sig]) => startsWith(bytes, sig));
  if (known) return { ok: false, problems: [notText(`it is ${known[0]}`)] };
  let encoding: TextInput['encoding'] = 'utf-8';
  let body = bytes;
  const utf16 = utf16Kind(bytes);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) body = bytes.subarray(3);
  else if (utf16 !== undefined) {
    encoding = utf16 === 'UTF-16LE' ? 'utf-16le' : 'utf-16be';
    // The byte order mark, if any, is not text.
    if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) body = bytes.subarray(2);
  } else {
    try {
      return checked(utf8Fatal.decode(body), 'utf-8');
    } catch {
      // Not UTF-8 (TextDecoder's only way to say so): Windows-1252 when it looks like it, else UTF-8 with U+FFFD.
      if (looksLikeWindows1252(bytes)) encoding = 'windows-1252';
    }
  }
  return checked(new TextDecoder(encoding, { fatal: false }).decode(body), encoding);
}

/** The decoded text, or the problem that says it is not text. */
function checked(text: string, encoding: TextInput['encoding']): Result<TextInput> {
  const problem = textProblem(text);
  return problem ? { ok: false, problems: [problem] } : { ok: true, value: { text, encoding }, problems: [] };
}
