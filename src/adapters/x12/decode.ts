/**
 * Bytes → text for claim files. X12 is 8-bit text (ASCII, sometimes UTF-8 or Latin-1 in names); UTF-16 is accepted
 * only when it can be told apart for sure (a BOM, or the zero bytes of ASCII text in UTF-16); anything else that is
 * not text gets a clear error instead of garbage segments.
 *
 * `ChunkDecoder` decodes a stream chunk by chunk without splitting a character across chunks: 8-bit chunks are cut
 * after their last ASCII byte, UTF-16 goes through a streaming TextDecoder.
 */
import { Buffer, isAscii, isUtf8 } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type Sniffed =
  | { ok: true; encoding: TextEncoding; bomLength: number }
  | { ok: false; code: 'x12.encoding.unsupported'; message: string };

/** Decides the encoding from the first bytes of a file. */
export function sniffEncoding(head: Uint8Array): Sniffed {
  const b0 = head[0];
  const b1 = head[1];
  const b2 = head[2];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { ok: true, encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && head[3] === 0xff)
    return {
      ok: false,
      code: 'x12.encoding.unsupported',
      message: 'The file is UTF-32 (big endian); save it as UTF-8 or ASCII.',
    };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && head[3] === 0x00)
    return {
      ok: false,
      code: 'x12.encoding.unsupported',
      message: 'The file is UTF-32 (little endian); save it as UTF-8 or ASCII.',
    };
  if (b0 === 0xff && b1 === 0xfe) return { ok: true, encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { ok: true, encoding: 'utf-16be', bomLength: 2 };
  // ASCII text saved as UTF-16 without a BOM: every other byte is zero.
  const n = Math.min(head.length, 64) & ~1;
  if (n >= 4) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0 && head[i + 1] !== 0) evenZero++;
      if (head[i + 1] === 0 && head[i] !== 0) oddZero++;
    }
    if (oddZero === n / 2) return { ok: true, encoding: 'utf-16le', bomLength: 0 };
    if (evenZero === n / 2) return { ok: true, encoding: 'utf-16be', bomLength: 0 };
  }
  // EBCDIC "ISA" (C9 E2 C1): a mainframe file that was not converted.
  if (b0 === 0xc9 && b1 === 0xe2 && b2 === 0xc1)
    return {
      ok: false,
      code: 'x12.encoding.unsupported',
      message: 'The file is EBCDIC (mainframe) text; convert it to ASCII first.',
    };
  // Zero bytes or many control bytes in an 8-bit file: not text at all.
  const m = Math.min(head.length, 512);
  let control = 0;
  for (let i = 0; i < m; i++) {
    const c = head[i] as number;
    if (c === 0)
      return {
        ok: false,
        code: 'x12.encoding.unsupported',
        message: `The file is not text (a zero byte at offset ${i}, and it is not UTF-16).`,
      };
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 7 && c !== 28 && c !== 29 && c !== 30 && c !== 31)
      control++;
  }
  if (m > 0 && control * 10 > m)
    return {
      ok: false,
      code: 'x12.encoding.unsupported',
      message: 'The file is not text (too many control bytes).',
    };
  return { ok: true, encoding: 'utf-8', bomLength: 0 };
}

export class ChunkDecoder {
  readonly encoding: TextEncoding;
  /** True once an 8-bit chunk was not valid UTF-8 and was read as Latin-1. */
  sawInvalidUtf8 = false;
  /**
   * True when the last `decode` call got pure ASCII bytes with nothing carried over, so that the returned text has
   * one character per input byte (the scanner then works on the bytes directly).
   */
  lastAscii = false;
  private carry: Uint8Array | undefined;

  /** True while an incomplete UTF-8 sequence from the last chunk waits for the next one. */
  get hasCarry(): boolean {
    return this.carry !== undefined;
  }
  private readonly utf16: TextDecoder | undefined;

  constructor(encoding: TextEncoding) {
    this.encoding = encoding;
    this.utf16 = encoding === 'utf-8' ? undefined : new TextDecoder(encoding);
  }

  /** Decodes the next bytes; with `final` false, an incomplete trailing character is kept for the next call. */
  decode(bytes: Uint8Array, final: boolean): string {
    this.lastAscii = false;
    if (this.utf16) return this.utf16.decode(bytes, { stream: !final });
    let input = bytes;
    if (this.carry) {
      const joined = new Uint8Array(this.carry.length + bytes.length);
      joined.set(this.carry, 0);
      joined.set(bytes, this.carry.length);
      input = joined;
      this.carry = undefined;
    }
    let cut = input.length;
    if (!final) {
      // Keep an incomplete UTF-8 sequence at the end for the next chunk (at most 3 bytes).
      let j = input.length - 1;
      let continuation = 0;
      while (j >= 0 && continuation < 3 && ((input[j] as number) & 0xc0) === 0x80) {
        j--;
        continuation++;
      }
      if (j >= 0) {
        const lead = input[j] as number;
        const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
        if (need > input.length - j) {
          cut = j;
          this.carry = input.slice(j);
        }
      }
    }
    const buf = Buffer.from(input.buffer, input.byteOffset, cut);
    if (isAscii(buf)) {
      this.lastAscii = input === bytes && cut === input.length;
      return buf.toString('latin1', 0, cut);
    }
    this.lastAscii = false;
    if (isUtf8(buf)) return buf.toString('utf8', 0, cut);
    this.sawInvalidUtf8 = true;
    return buf.toString('latin1', 0, cut);
  }
}

/** Decodes a whole file (bytes) to text, or says why it cannot. */
export function decodeText(
  bytes: Uint8Array,
):
  | { ok: true; text: string; encoding: TextEncoding; invalidUtf8: boolean }
  | { ok: false; code: string; message: string } {
  const sniffed = sniffEncoding(bytes);
  if (!sniffed.ok) return sniffed;
  const decoder = new ChunkDecoder(sniffed.encoding);
  let text = decoder.decode(bytes.subarray(sniffed.bomLength), true);
  if (text.charCodeAt(0) === 0xfeff) text = text.substring(1);
  return { ok: true, text, encoding: sniffed.encoding, invalidUtf8: decoder.sawInvalidUtf8 };
}
