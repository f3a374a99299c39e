/**
 * The X12 tokenizer. It reads a window that the caller fills chunk by chunk (`write` for bytes, `pushText` for
 * text), so a file of any size is read in constant memory; `next()` hands out one segment at a time through a
 * reused `SegmentCursor`.
 *
 * Speed: when a chunk is plain ASCII (nearly always) the window's bytes go into WebAssembly memory, where a SIMD
 * routine indexes every separator and terminator (`StructuralIndex`), and the value tape (value-tape.ts) records
 * where each ordinary segment starts and its id. Such a segment is then handed out from its record, or from the
 * index, in a few array reads (`nextIndexed`), the cursor reading its separator positions in place; anything
 * else (an ISA, a line break inside, blanks before the terminator, a bad id, the window's end) is read by the byte
 * loop (`nextScanned`), which also reports it. Without WebAssembly every segment takes the byte loop (same results).
 * Element strings are cut from the decoded text only when a mapper asks for them. Other text (UTF-8 names, UTF-16
 * files) takes the byte loop's twin over characters.
 *
 * Delimiters come from each ISA (interchanges in one file may differ); a file with no ISA gets inferred delimiters
 * and a warning. Tolerated without a finding: a BOM, blanks and CR/LF between segments, blanks before a
 * terminator, CR or LF as the terminator itself. Reported and recovered from: a missing terminator at a line break,
 * line breaks inside a segment (wrapped files), a bad segment id, a last segment with no terminator.
 *
 * Contract for callers: after each `write`/`pushText`, call `next()` until it returns null before feeding more (the
 * scanner may keep a view of the bytes it was given until then).
 */
import { Buffer, isAscii } from 'node:buffer';
import type { Problem, Severity } from '../../core/problem.ts';
import { ChunkDecoder } from './decode.ts';
import type { TextEncoding } from './decode.ts';
import { defaultDelimiters, inferDelimiters, printable, scanIsa } from './delimiters.ts';
import type { Delimiters } from './delimiters.ts';
import { knownSegmentIds, noTape, SegmentCursor } from './segment.ts';
import { StructuralIndex } from './structural-index.ts';
import { recordSlots, TapeSlot } from './value-tape.ts';

export type ProblemSink = (problem: Problem) => void;

/** Largest window put into WebAssembly memory (its index takes 4 bytes per byte); a larger write is looped over. */
const maxIndexedWindow = 8 << 20;

/** Widths of the lines of a folded (wrapped) file that the scanner recognises. */
const minFoldWidth = 40;
const maxFoldWidth = 1024;
/** "No line before": the line starts the file. */
const noLine = -2;

/** Longest segment accepted before the scanner gives up looking for its terminator (guards against binary input). */
const maxSegmentLength = 1 << 20;

const isAlnumUpper = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
const isAlnum = (c: number): boolean => isAlnumUpper(c) || (c >= 97 && c <= 122);

function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * Segment ids are interned so that a file's millions of "SV1"s are one string (a literal one, from
 * `knownSegmentIds`), and each carries its tag for table dispatch.
 */
/** Index of an upper-case letter or digit (0–35); 36 stands for "no third character". */
const alnum = (c: number): number => (c <= 57 ? c - 48 : c - 55);
const keyOf = (c0: number, c1: number, c2: number): number =>
  (alnum(c0) * 37 + alnum(c1)) * 37 + (c2 === 0 ? 36 : alnum(c2));
/** Direct-mapped id table: 37³ entries, so finding a segment's tag is one array read. */
const tagByKey = new Int16Array(37 * 37 * 37);
const idByTag: string[] = [''];
for (const id of knownSegmentIds) {
  tagByKey[keyOf(id.charCodeAt(0), id.charCodeAt(1), id.length === 3 ? id.charCodeAt(2) : 0)] =
    idByTag.length;
  idByTag.push(id);
}
const otherIds = new Map<number, string>();
/** alnumIndex[c] = alnum(c) for upper-case letters and digits, -1 for other characters below 91. */
const alnumIndex = new Int8Array(91).fill(-1);
for (let c = 48; c <= 57; c++) alnumIndex[c] = c - 48;
for (let c = 65; c <= 90; c++) alnumIndex[c] = c - 55;

/** An id that is well formed but not one the readers know, shared per file run. */
function otherId(text: string, pos: number, idEnd: number, key: number): string {
  let id = otherIds.get(key);
  if (id === undefined) {
    id = text.substring(pos, idEnd);
    if (otherIds.size < 4096) otherIds.set(key, id);
  }
  return id;
}

/** Delimiters the structural index can take: not blanks or line breaks, which the segments' edges are told by. */
const indexable = (c: number): boolean => c !== 9 && c !== 10 && c !== 13 && c !== 32 && c !== 0;

/** Results of the scan loops besides their return value: [separators seen, position of the first LF or -1]. */
const scanOut = new Int32Array(2);

/**
 * Scans bytes from `pos` to the terminator; returns its position (or `len`). One pass notes every element separator
 * and the first line feed: measured faster than finding the terminator with `indexOf` first and then the
 * separators, since segments are short (about 20 bytes). Small, so that it optimises well.
 */
function scanBytes(
  bytes: Uint8Array,
  pos: number,
  len: number,
  sep: number,
  term: number,
  seps: Int32Array,
): number {
  const cap = seps.length - 1;
  let k = 0;
  let newlineAt = -1;
  let i = pos;
  for (; i < len; i++) {
    const c = bytes[i] as number;
    if (c === sep) {
      if (k < cap) seps[k] = i;
      k++;
    } else if (c === term) break;
    else if (c === 10 && newlineAt === -1) newlineAt = i;
  }
  scanOut[0] = k;
  scanOut[1] = newlineAt;
  return i;
}

/** `scanBytes` over characters (text that is not plain ASCII). */
function scanChars(
  text: string,
  pos: number,
  len: number,
  sep: number,
  term: number,
  seps: Int32Array,
): number {
  const cap = seps.length - 1;
  let k = 0;
  let newlineAt = -1;
  let i = pos;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === sep) {
      if (k < cap) seps[k] = i;
      k++;
    } else if (c === term) break;
    else if (c === 10 && newlineAt === -1) newlineAt = i;
  }
  scanOut[0] = k;
  scanOut[1] = newlineAt;
  return i;
}

export class X12Scanner {
  readonly cursor: SegmentCursor;
  private text = '';
  /** The window's bytes when the text is ASCII (bytes[i] === text.charCodeAt(i)); undefined otherwise. */
  private bytes: Uint8Array | undefined;
  private window: Buffer = Buffer.allocUnsafe(0);
  private pos = 0;
  private final = false;
  private done = false;
  private delims: Delimiters | undefined;
  private term = 0;
  private sep = 0;
  private segmentIndex = 0;
  /** Tag of the id last read by `segmentId` (wrapped segments). */
  private tag = 0;
  /** Width of the lines of a file folded at a fixed width (80 columns, say) once seen; 0 until then. */
  private wrapWidth = 0;
  /**
   * Where the line that the window starts in begins (a character offset in the file), for the width of a folded
   * line whose start lies before the window; -1 when that line is longer than a fold.
   */
  private windowLineStart = 0;
  /** Length of the line before that one (`noLine` when it is the file's first, -1 when longer than a fold). */
  private windowPreviousLine = noLine;
  private line = 1;
  /** Separator positions of the current segment (elements past the 65,535th of a garbage segment are not kept). */
  private readonly seps: Int32Array = new Int32Array(65536);
  private readonly file: string | undefined;
  private readonly report: ProblemSink;
  private readonly decoder: ChunkDecoder;
  /** Characters consumed before the current window (for offsets). */
  private base = 0;
  /** The window's structural index when it is held in WebAssembly memory (ASCII windows); undefined otherwise. */
  private readonly index: StructuralIndex | undefined;
  /**
   * Where the index takes up at `pos` (valid when `indexed`): the next segment ends at terminator `terminatorAt`,
   * its separators start at entry `entryAt`, and `feedsAt` line feeds of the window lie before `pos`.
   */
  private indexed = false;
  private terminatorAt = 0;
  private entryAt = 0;
  private feedsAt = 0;

  /** `structuralIndex: false` keeps the JavaScript byte loop (the tests compare the two). */
  constructor(
    report: ProblemSink,
    options: { file?: string; encoding?: TextEncoding; structuralIndex?: boolean } = {},
  ) {
    this.report = report;
    this.index = options.structuralIndex === false ? undefined : StructuralIndex.create();
    this.file = options.file;
    this.decoder = new ChunkDecoder(options.encoding ?? 'utf-8');
    this.cursor = new SegmentCursor(defaultDelimiters);
  }

  /** Delimiters in force (undefined until the first segment has been read). */
  get delimiters(): Delimiters | undefined {
    return this.delims;
  }

  /** Number of segments handed out so far. */
  get segments(): number {
    return this.segmentIndex;
  }

  /** True once `end()` was called and every segment has been handed out, or the input turned out not to be X12. */
  get finished(): boolean {
    return this.done;
  }

  /** True when some 8-bit input was not valid UTF-8 (it was read as Latin-1). */
  get sawInvalidUtf8(): boolean {
    return this.decoder.sawInvalidUtf8;
  }

  /** Feeds the next bytes of the file (BOM already removed). */
  write(bytes: Uint8Array): void {
    if (this.decoder.encoding === 'utf-8' && isAscii(bytes) && !this.decoder.hasCarry) this.pushAscii(bytes);
    else this.pushText(this.decoder.decode(bytes, false));
  }

  /** Feeds text. */
  pushText(chunk: string): void {
    const leftover = this.takeLeftover();
    this.text = leftover + chunk;
    this.bytes = undefined;
    this.indexed = false;
  }

  /** Marks the end of input. */
  end(): void {
    const rest = this.decoder.decode(new Uint8Array(0), true);
    if (rest !== '') this.pushText(rest);
    this.final = true;
  }

  private takeLeftover(): string {
    if (this.pos > 0) {
      // Once per window: where the line around the cut begins (only a fold's width back is looked at).
      const text = this.text;
      let s = this.pos - 1;
      const stop = Math.max(0, this.pos - maxFoldWidth - 1);
      while (s >= stop && text.charCodeAt(s) !== 10) s--;
      if (s >= stop) {
        this.windowPreviousLine = this.lineLength(text, s);
        this.windowLineStart = this.base + s + 1;
      } else if (stop > 0) {
        this.windowPreviousLine = -1;
        this.windowLineStart = -1;
      }
    }
    const leftover = this.pos < this.text.length ? this.text.substring(this.pos) : '';
    this.base += this.pos;
    this.pos = 0;
    return leftover;
  }

  private pushAscii(bytes: Uint8Array): void {
    const wasBytes = this.bytes !== undefined;
    const leftover = this.takeLeftover();
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.indexed = false;
    const index = this.index;
    const need = leftover.length + buf.length;
    if (
      index !== undefined &&
      need <= maxIndexedWindow &&
      (leftover === '' || wasBytes || isAsciiText(leftover))
    ) {
      // The window goes into the index's memory, where the WebAssembly routine can read it.
      const window = index.reserve(need);
      const view = Buffer.from(window.buffer, window.byteOffset, window.length);
      const n = leftover === '' ? 0 : view.write(leftover, 0, 'latin1');
      view.set(buf, n);
      this.text = view.toString('latin1', 0, view.length);
      this.bytes = window;
      this.resync();
    } else if (leftover === '') {
      this.text = buf.toString('latin1', 0, buf.length);
      this.bytes = buf;
    } else if (wasBytes || isAsciiText(leftover)) {
      if (this.window.length < need)
        this.window = Buffer.allocUnsafe(Math.max(need, this.window.length * 2, 1 << 16));
      const n = this.window.write(leftover, 0, 'latin1');
      this.window.set(buf, n);
      this.text = this.window.toString('latin1', 0, need);
      this.bytes = this.window.subarray(0, need);
    } else {
      this.text = leftover + buf.toString('latin1', 0, buf.length);
      this.bytes = undefined;
    }
  }

  private problem(
    code: string,
    severity: Severity,
    message: string,
    segmentId?: string,
    element?: number,
  ): void {
    const at: Problem['at'] = { segmentIndex: this.segmentIndex, line: this.line };
    if (this.file !== undefined) at.file = this.file;
    if (segmentId !== undefined) at.segmentId = segmentId;
    if (element !== undefined) at.element = element;
    this.report({ code, severity, message, at });
  }

  /** The next segment, or null when more input is needed (before `end()`) or the input is exhausted. */
  next(): SegmentCursor | null {
    if (this.indexed) {
      const seg = this.nextIndexed();
      if (seg !== null) return seg;
    }
    const seg = this.nextScanned();
    if (this.index !== undefined) this.resync();
    return seg;
  }

  /**
   * The next segment from the structural index, when it is an ordinary one: a known-shaped id, no ISA, no line
   * break inside, no blank before its terminator, complete in the window. Anything else returns null without
   * consuming the segment, and `nextScanned` reads it (and reports what there is to report).
   */
  private nextIndexed(): SegmentCursor | null {
    const index = this.index as StructuralIndex;
    const j = this.terminatorAt;
    if (j >= index.terminators) return null;
    if (j < index.records) {
      // The value tape looked at the segment already: when it is an ordinary one, its record says where it starts
      // and what its id is.
      const tape = index.tape;
      const record = j * recordSlots;
      const pos = tape[record + TapeSlot.RECORD.START] as number;
      if (pos >= 0) {
        const feeds = index.feedsBefore[j] as number;
        this.line += feeds - this.feedsAt;
        this.feedsAt = feeds;
        const entry = index.terminatorEntries[j] as number;
        return this.handOut(
          index,
          j,
          pos,
          index.positions[entry] as number,
          entry,
          tape[record + TapeSlot.RECORD.ID_KEY] as number,
        );
      }
    }
    const bytes = index.bytes;
    let pos = this.pos;
    let feeds = this.feedsAt;
    // Blanks and line breaks between segments (a terminator, which is neither, lies ahead).
    for (;;) {
      const c = bytes[pos] as number;
      if (c > 32) break;
      if (c === 10) {
        feeds++;
        this.line++;
      } else if (c !== 32 && c !== 13 && c !== 9 && c !== 0) break;
      pos++;
    }
    this.pos = pos;
    this.feedsAt = feeds;
    const entry = index.terminatorEntries[j] as number;
    const positions = index.positions;
    const end = positions[entry] as number;
    if (end === pos || (bytes[end - 1] as number) <= 32 || (index.feedsBefore[j] as number) !== feeds)
      return null;
    const c0 = bytes[pos] as number;
    const c1 = bytes[pos + 1] as number;
    if (c0 === 73 && c1 === 83 && bytes[pos + 2] === 65) return null; // ISA: delimiters may change
    const first = this.entryAt;
    const count = entry - first;
    if (count >= this.seps.length - 1) return null;
    const idEnd = count > 0 ? (positions[first] as number) : end;
    const n = idEnd - pos;
    if (n !== 3 && n !== 2) return null;
    const c2 = n === 3 ? (bytes[pos + 2] as number) : 0;
    if (c0 >= 91 || c1 >= 91 || c2 >= 91) return null;
    const a0 = alnumIndex[c0] as number;
    const a1 = alnumIndex[c1] as number;
    const a2 = n === 3 ? (alnumIndex[c2] as number) : 36;
    if ((a0 | a1 | a2) < 0) return null;
    return this.handOut(index, j, pos, end, entry, (a0 * 37 + a1) * 37 + a2);
  }

  /** Hands out the ordinary segment pos…end that terminator j ends (its entry `entry`, its id's key `key`). */
  private handOut(
    index: StructuralIndex,
    j: number,
    pos: number,
    end: number,
    entry: number,
    key: number,
  ): SegmentCursor {
    const positions = index.positions;
    const first = this.entryAt;
    const count = entry - first;
    const tag = tagByKey[key] as number;
    const text = this.text;
    const id =
      tag !== 0
        ? (idByTag[tag] as string)
        : otherId(text, pos, count > 0 ? (positions[first] as number) : end, key);
    this.cursor.reset(
      text,
      pos,
      end,
      id,
      tag,
      this.segmentIndex,
      this.line,
      positions,
      first,
      count,
      this.base + pos,
      j < index.records ? j * recordSlots : -1,
      index.tape,
    );
    this.segmentIndex++;
    this.pos = end + 1;
    this.terminatorAt = j + 1;
    this.entryAt = entry + 1;
    return this.cursor;
  }

  /**
   * Points the index at `pos` after a segment read by `nextScanned` (or a new window): possible when `pos` starts
   * the window or follows a terminator. Builds the index first when the delimiters are new.
   */
  private resync(): void {
    this.indexed = false;
    const index = this.index;
    if (index === undefined || this.bytes !== index.bytes || this.done || this.delims === undefined) return;
    const sep = this.sep;
    const term = this.term;
    const component = this.delims.component.charCodeAt(0);
    if (index.separator !== sep || index.terminator !== term || index.component !== component) {
      if (!indexable(sep) || !indexable(term) || sep === term) return;
      index.build(sep, term, component);
    }
    const pos = this.pos;
    if (pos === 0) {
      this.terminatorAt = 0;
      this.entryAt = 0;
      this.feedsAt = 0;
    } else {
      const j = index.terminatorAt(pos - 1);
      if (j === -1) return;
      this.terminatorAt = j + 1;
      this.entryAt = (index.terminatorEntries[j] as number) + 1;
      this.feedsAt = index.feedsBefore[j] as number;
    }
    this.indexed = true;
  }

  /** The next segment, read character by character from `pos` (every case: envelopes, damage, window ends). */
  private nextScanned(): SegmentCursor | null {
    if (this.done) return null;
    const text = this.text;
    const bytes = this.bytes;
    const len = text.length;
    let pos = this.pos;
    // Blanks, line breaks and stray BOMs between segments.
    if (bytes !== undefined) {
      while (pos < len) {
        const c = bytes[pos] as number;
        if (c > 32) break;
        if (c === 10) this.line++;
        else if (c !== 32 && c !== 13 && c !== 9 && c !== 0) break;
        pos++;
      }
    } else {
      while (pos < len) {
        const c = text.charCodeAt(pos);
        if (c === 10) this.line++;
        else if (c !== 32 && c !== 13 && c !== 9 && c !== 0xfeff && c !== 0) break;
        pos++;
      }
    }
    this.pos = pos;
    if (pos >= len) {
      if (this.final) this.done = true;
      return null;
    }

    // An ISA sets (or resets) the delimiters.
    const c0 = text.charCodeAt(pos);
    let wrappedIsa = false;
    const isaStart =
      c0 !== 73
        ? 0
        : text.charCodeAt(pos + 1) === 83 &&
            text.charCodeAt(pos + 2) === 65 &&
            !isAlnum(text.charCodeAt(pos + 3))
          ? 1
          : this.foldedIsaAt(text, pos);
    if (isaStart === -1) return null;
    if (isaStart === 1) {
      if (pos + 3 >= len && !this.final) return null;
      const isa = scanIsa(text, pos, this.final);
      if (isa.status === 'more') {
        if (len - pos > maxSegmentLength)
          return this.fail('x12.isa.malformed', 'No complete ISA segment was found.');
        return null;
      }
      for (const issue of isa.issues)
        this.problem(issue.code, issue.severity, issue.message, 'ISA', issue.element);
      if (isa.status === 'unusable') {
        // Guessed delimiters would hand out segments cut in the wrong places (ids ending in "~"): stop here.
        this.done = true;
        this.indexed = false;
        return null;
      }
      if (isa.status === 'ok' && isa.delimiters && isa.terminatorAt !== undefined) {
        this.setDelimiters(isa.delimiters);
        wrappedIsa = isa.wrapped === true;
      } else if (!this.delims) {
        const inferred = inferDelimiters(text, pos, 3);
        if (!inferred)
          return this.fail(
            'x12.not-x12',
            'The input starts with "ISA" but no delimiters could be read from it.',
          );
        this.setDelimiters(inferred);
      }
      // Read on as an ordinary segment with the delimiters now in force.
    } else if (this.delims === undefined) {
      // No envelope: infer the delimiters from the first segment (e.g. a bare ST…SE).
      let idLen = 0;
      while (idLen < 4 && isAlnumUpper(text.charCodeAt(pos + idLen))) idLen++;
      if (!this.final && len - pos < 200) return null;
      const inferred = idLen >= 2 && idLen <= 3 ? inferDelimiters(text, pos, idLen) : undefined;
      if (!inferred)
        return this.fail(
          'x12.not-x12',
          `The input does not start with an X12 segment (found "${printable(text.substring(pos, pos + 20))}").`,
        );
      this.setDelimiters(inferred);
      this.problem(
        'x12.envelope.missing-isa',
        'warning',
        `No ISA interchange header: delimiters were inferred (element "${printable(inferred.element)}", component "${printable(inferred.component)}", segment "${printable(inferred.segment)}").`,
        text.substring(pos, pos + idLen),
      );
    }

    // One pass to the terminator, noting each element separator and the first line break.
    const sep = this.sep;
    const term = this.term;
    const seps = this.seps;
    const i =
      bytes !== undefined
        ? scanBytes(bytes, pos, len, sep, term, seps)
        : scanChars(text, pos, len, sep, term, seps);
    let k = Math.min(scanOut[0] as number, seps.length - 1);
    const newlineAt = scanOut[1] as number;
    let end = i;
    let next = i + 1;
    let unterminated = false;
    if (i >= len) {
      if (!this.final) {
        if (len - pos > maxSegmentLength)
          return this.fail(
            'x12.segment.too-long',
            `No segment terminator "${printable(String.fromCharCode(term))}" within ${maxSegmentLength} characters.`,
          );
        return null;
      }
      next = len;
      unterminated = newlineAt === -1;
    }

    let missingTerminator = false;
    if (newlineAt !== -1) {
      // A line break inside the segment: a missing terminator (the next line starts a segment) or a wrapped line.
      if (wrappedIsa) {
        const width = this.lineLength(text, newlineAt);
        if (width > 0) this.wrapWidth = width;
        return this.emitJoined(text, pos, end, next);
      }
      const ends = this.breakEnds(text, newlineAt, end);
      if (ends === -1) return null;
      if (ends === 0) return this.emitJoined(text, pos, end, next);
      missingTerminator = true;
      end = newlineAt;
      next = newlineAt;
      while (k > 0 && (seps[k - 1] as number) >= end) k--;
    }

    // Blanks (and CR of a CRLF) before the terminator are not data.
    while (end > pos) {
      const c = text.charCodeAt(end - 1);
      if (c === 32 || c === 13 || c === 10 || c === 9) end--;
      else break;
    }
    while (k > 0 && (seps[k - 1] as number) >= end) k--;
    const idEnd = k > 0 ? (seps[0] as number) : end;
    // The segment id: a known id is one table read away (its tag), with no string made.
    let id: string | undefined;
    let tag = 0;
    const n = idEnd - pos;
    if (n === 3 || n === 2) {
      const c1 = text.charCodeAt(pos + 1);
      const c2 = n === 3 ? text.charCodeAt(pos + 2) : 0;
      if (c0 < 91 && c1 < 91 && c2 < 91) {
        const a0 = alnumIndex[c0] as number;
        const a1 = alnumIndex[c1] as number;
        const a2 = n === 3 ? (alnumIndex[c2] as number) : 36;
        if ((a0 | a1 | a2) >= 0) {
          const key = (a0 * 37 + a1) * 37 + a2;
          tag = tagByKey[key] as number;
          id = tag !== 0 ? idByTag[tag] : otherId(text, pos, idEnd, key);
        }
      }
    }
    if (id === undefined) id = this.invalidId(text, pos, idEnd);
    seps[k] = end;
    if (missingTerminator)
      this.problem(
        'x12.segment.missing-terminator',
        'warning',
        `Segment has no terminator "${printable(String.fromCharCode(term))}" before the line break; the line break was taken as its end.`,
        id,
      );
    if (unterminated)
      this.problem(
        'x12.segment.unterminated',
        'warning',
        `The last segment has no terminator "${printable(String.fromCharCode(term))}".`,
        id,
      );
    this.cursor.reset(
      text,
      pos,
      end,
      id,
      tag,
      this.segmentIndex,
      this.line,
      seps,
      0,
      k,
      this.base + pos,
      -1,
      noTape,
    );
    this.segmentIndex++;
    if (term === 10) this.line++;
    this.pos = next;
    return this.cursor;
  }

  /** Sets `this.tag` and returns the interned id of the segment at pos…idEnd (reporting a bad id). */
  private segmentId(text: string, pos: number, idEnd: number): string {
    const n = idEnd - pos;
    this.tag = 0;
    if (n === 2 || n === 3) {
      const c0 = text.charCodeAt(pos);
      const c1 = text.charCodeAt(pos + 1);
      const c2 = n === 3 ? text.charCodeAt(pos + 2) : 0;
      if (isAlnumUpper(c0) && isAlnumUpper(c1) && (n === 2 || isAlnumUpper(c2))) {
        const key = keyOf(c0, c1, c2);
        const tag = tagByKey[key] as number;
        this.tag = tag;
        return tag !== 0 ? (idByTag[tag] as string) : otherId(text, pos, idEnd, key);
      }
    }
    return this.invalidId(text, pos, idEnd);
  }

  /** Reports a segment id that is not 2–3 upper-case letters or digits; returns it, printable. */
  private invalidId(text: string, pos: number, idEnd: number): string {
    const id = printable(text.substring(pos, Math.min(idEnd, pos + 20)));
    this.problem(
      'x12.segment.invalid-id',
      'error',
      `"${id}" is not a segment id (2–3 upper-case letters or digits).`,
      id,
    );
    return id;
  }

  /** A segment with line breaks inside (a wrapped file): read it with the line breaks removed. */
  private emitJoined(text: string, start: number, end: number, next: number): SegmentCursor {
    const piece = text.substring(start, end);
    let breaks = 0;
    for (let j = 0; j < piece.length; j++) if (piece.charCodeAt(j) === 10) breaks++;
    const joined = piece.replace(/[\r\n]+/g, '').replace(/[ \t]+$/, '');
    const sepChar = String.fromCharCode(this.sep);
    const seps = this.seps;
    let k = 0;
    for (let p = joined.indexOf(sepChar); p !== -1 && k < seps.length - 1; p = joined.indexOf(sepChar, p + 1))
      seps[k++] = p;
    const idEnd = k > 0 ? (seps[0] as number) : joined.length;
    const id = this.segmentId(joined, 0, idEnd);
    this.problem(
      'x12.segment.line-break',
      'warning',
      'Segment contains a line break (wrapped file?); the line break was removed.',
      id,
    );
    seps[k] = joined.length;
    this.cursor.reset(
      joined,
      0,
      joined.length,
      id,
      this.tag,
      this.segmentIndex,
      this.line,
      seps,
      0,
      k,
      this.base + start,
      -1,
      noTape,
    );
    this.segmentIndex++;
    this.line += breaks;
    this.pos = next;
    return this.cursor;
  }

  /**
   * Whether an ISA cut by a fold ("I" / "SA*…") starts at `pos`, its line breaks skipped: 1 yes, 0 no, -1 the text
   * ends before it can be told.
   */
  private foldedIsaAt(text: string, pos: number): number {
    let q = pos;
    let breaks = 0;
    for (const c of [73, 83, 65]) {
      while (q < text.length && (text.charCodeAt(q) === 10 || text.charCodeAt(q) === 13)) {
        q++;
        breaks++;
      }
      if (q >= text.length) return this.final ? 0 : -1;
      if (text.charCodeAt(q) !== c) return 0;
      q++;
    }
    while (q < text.length && (text.charCodeAt(q) === 10 || text.charCodeAt(q) === 13)) q++;
    if (q >= text.length) return this.final ? 0 : -1;
    return breaks > 0 && !isAlnum(text.charCodeAt(q)) ? 1 : 0;
  }

  /**
   * Whether the line break at `lf` ends the segment (its terminator is missing: 1) or wraps it (0); -1 when the
   * line after it is not all in yet. It ends the segment when the next line starts with a segment id the readers
   * know and the element separator, unless the file is folded at a fixed width and this line has that width: a
   * fold cuts anywhere, even before text that looks like a segment ("N4*MIA" / "MI*FL*33102~"). An id the readers
   * do not know after the break is taken as a wrap too.
   */
  private breakEnds(text: string, lf: number, limit: number): number {
    if (this.wrapWidth === 0) {
      // The fold's width, learnt from three lines in a row of one width (this one, the one before it, unless it is
      // the first, and the one after it): lines that each hold a segment are seldom that even.
      const width = this.lineLength(text, lf);
      if (width >= minFoldWidth) {
        const after = this.nextLineLength(text, lf);
        if (after === -2) return -1;
        if (after === width) {
          const before = this.previousLineLength(text, lf, width);
          if (before === width || before === noLine) this.wrapWidth = width;
        }
      }
    }
    let p = lf + 1;
    while (p < limit && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 13 || text.charCodeAt(p) === 9))
      p++;
    let n = 0;
    while (n < 3 && isAlnumUpper(text.charCodeAt(p + n))) n++;
    if (n < 2 || text.charCodeAt(p + n) !== this.sep) return 0;
    const key = keyOf(text.charCodeAt(p), text.charCodeAt(p + 1), n === 3 ? text.charCodeAt(p + 2) : 0);
    if (tagByKey[key] === 0) return 0;
    return this.wrapWidth > 0 && this.lineLength(text, lf) === this.wrapWidth ? 0 : 1;
  }

  /** Length of the line before the line of `width` characters that ends at `lf` (`noLine` at the file's start). */
  private previousLineLength(text: string, lf: number, width: number): number {
    const start = lf - (text.charCodeAt(lf - 1) === 13 ? 1 : 0) - width;
    return start > 0 ? this.lineLength(text, start - 1) : this.windowPreviousLine;
  }

  /**
   * Length (without a CR before the LF) of the line that ends at the line feed `lf`; -1 when it is longer than a
   * fold can be, or its start is unknown.
   */
  private lineLength(text: string, lf: number): number {
    let s = lf - 1;
    const stop = Math.max(0, lf - maxFoldWidth - 1);
    while (s >= stop && text.charCodeAt(s) !== 10) s--;
    let start: number;
    if (s >= stop) start = this.base + s + 1;
    else if (stop > 0 || this.windowLineStart < 0) return -1;
    else start = this.windowLineStart;
    const length = this.base + lf - start - (text.charCodeAt(lf - 1) === 13 ? 1 : 0);
    return length > maxFoldWidth ? -1 : length;
  }

  /** Length of the line after the line feed `lf`: -1 when longer than a fold can be, -2 when it is not all in yet. */
  private nextLineLength(text: string, lf: number): number {
    const len = text.length;
    const stop = Math.min(len, lf + 2 + maxFoldWidth);
    let e = lf + 1;
    while (e < stop && text.charCodeAt(e) !== 10) e++;
    if (e >= stop) {
      if (stop < len || stop - lf - 1 > maxFoldWidth) return -1;
      if (!this.final) return -2;
    }
    const length = e - lf - 1 - (e < len && text.charCodeAt(e - 1) === 13 ? 1 : 0);
    return length > maxFoldWidth ? -1 : length;
  }

  private setDelimiters(d: Delimiters): void {
    this.delims = d;
    this.term = d.segment.charCodeAt(0);
    this.sep = d.element.charCodeAt(0);
    this.cursor.delimiters = d;
  }

  private fail(code: string, message: string): null {
    this.problem(code, 'error', message);
    this.done = true;
    this.indexed = false;
    return null;
  }
}
