/**
 * The text a fact check reads, from the bytes of a file or a request: UTF-8 (with or without a byte order mark)
 * or UTF-16 (a byte order mark, or ASCII text with every other byte NUL, as Windows editors save "Unicode" text).
 * Anything else that is not text (a gzip or zip archive, a SQLite database, a PDF, random bytes) is refused with a
 * problem saying why, rather than read as a page of noise: a check of noise finds nothing and reads as "0 false".
 */
import type { Problem, Result } from '../problem.ts';
import { utf16Kind } from '../utf16.ts';

/** Share of characters that may be undecodable (a stray Windows-1252 "®" in a UTF-8 page) before it is not text. */
const MAX_UNDECODABLE_SHARE = 0.02;

export interface TextInput {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
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
    message: `The input is not text: ${why}. Give a plain-text or Markdown file (UTF-8 or UTF-16).`,
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
  let control = 0;
  let undecodable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
    else if (c === 0xfffd) undecodable++;
  }
  const share = (control + undecodable) / Math.max(1, text.length);
  if (share > MAX_UNDECODABLE_SHARE && control + undecodable > 2)
    return notText(
      `${Math.round(share * 100)}% of its characters are control characters or bytes that are not UTF-8 (at most ${MAX_UNDECODABLE_SHARE * 100}% is read as text)`,
    );
  return undefined;
}

/** The text of `bytes` (see the module comment), or a problem with code `factcheck-input-not-text`. */
export function decodeTextInput(bytes: Uint8Array): Result<TextInput> {
  const known = SIGNATURES.find(([, sig]) => startsWith(bytes, sig));
  if (known) return { ok: false, problems: [notText(`it is ${known[0]}`)] };
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  let body = bytes;
  const utf16 = utf16Kind(bytes);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) body = bytes.subarray(3);
  else if (utf16 !== undefined) {
    encoding = utf16 === 'UTF-16LE' ? 'utf-16le' : 'utf-16be';
    // The byte order mark, if any, is not text.
    if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) body = bytes.subarray(2);
  }
  const text = new TextDecoder(encoding, { fatal: false }).decode(body);
  const problem = textProblem(text);
  return problem ? { ok: false, problems: [problem] } : { ok: true, value: { text, encoding }, problems: [] };
}
