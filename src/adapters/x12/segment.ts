/**
 * X12 segments, shaped like the implementation guides: 1-based accessors named as in the guide
 * (`seg.element(4)` is SV104, `seg.component(1, 2)` is SV101-2). Values are raw strings: control numbers keep
 * their leading zeros, nothing is parsed here.
 *
 * Two implementations share the `SegmentView` interface:
 * - `SegmentCursor`: the scanner's reusable view over its text window (no allocation per segment; elements are
 *   located lazily, only when asked for). Valid until the scanner moves on.
 * - `Segment`: a materialised, immutable copy (`cursor.toSegment()`), for tests, tools and error reports.
 */
import type { Delimiters } from './delimiters.ts';
import { centsIn, dateIn, x12Cents, x12Date, x12Number } from './values.ts';

/**
 * Segment ids the readers know, each with a small number (its tag = position + 1; 0 = any other id). Mappers
 * switch on the tag instead of comparing strings, which matters at millions of segments.
 */
export const knownSegmentIds = [
  'ISA',
  'IEA',
  'GS',
  'GE',
  'ST',
  'SE',
  'TA1',
  'BHT',
  'NM1',
  'N2',
  'N3',
  'N4',
  'PER',
  'REF',
  'HL',
  'PRV',
  'CUR',
  'SBR',
  'PAT',
  'DMG',
  'CLM',
  'DTP',
  'CL1',
  'PWK',
  'CN1',
  'AMT',
  'K3',
  'NTE',
  'CR1',
  'CR2',
  'CR3',
  'CR4',
  'CR5',
  'CR6',
  'CR7',
  'CR8',
  'CRC',
  'HI',
  'HCP',
  'QTY',
  'MEA',
  'OI',
  'MIA',
  'MOA',
  'LX',
  'SV1',
  'SV2',
  'SV3',
  'SV4',
  'SV5',
  'SV6',
  'SV7',
  'TOO',
  'PS1',
  'LIN',
  'CTP',
  'SVD',
  'CAS',
  'LQ',
  'FRM',
  'BPR',
  'TRN',
  'DTM',
  'N1',
  'RDM',
  'TS3',
  'TS2',
  'CLP',
  'SVC',
  'PLB',
  'BGN',
  'UM',
  'HCR',
  'AAA',
  'INS',
  'EQ',
  'EB',
  'MSG',
  'III',
] as const;
export type KnownSegmentId = (typeof knownSegmentIds)[number];

const tagById = new Map<string, number>(knownSegmentIds.map((id, i) => [id, i + 1]));

/** The tag of a segment id (0 when the readers do not know it). */
export function segmentTag(id: string): number {
  return tagById.get(id) ?? 0;
}

export interface SegmentView {
  /** Segment id, e.g. "CLM". */
  readonly id: string;
  /** `segmentTag(id)`: a small number for known ids, 0 otherwise. */
  readonly tag: number;
  /** 0-based index of the segment in the file (ISA is 0 when the file starts with one). */
  readonly index: number;
  /** 1-based line where the segment starts. */
  readonly line: number;
  /** Character offset of the segment in the decoded text. */
  readonly offset: number;
  readonly delimiters: Delimiters;
  /**
   * Where the segment's value-tape record starts in `tape` (value-tape.ts), or -1 when it has none: the scanner's
   * cursor over an indexed window has one; positions in it point into `text`.
   */
  readonly record: number;
  readonly tape: Int32Array;
  /** The text the segment lies in (the scanner's window, or a segment joined across line breaks); "" for a `Segment`. */
  readonly text: string;
  /** Element n (1-based); "" when absent. */
  element(n: number): string;
  /** Number of elements after the id (trailing empty ones included, as sent). */
  elementCount(): number;
  /** Component m (1-based) of element n; "" when absent. `component(n, 1)` of a simple element is the element. */
  component(n: number, m: number): string;
  /** `component(n, m)` when it is a short code (qualifiers, modifiers, units): shared strings, like `code`. */
  componentCode(n: number, m: number): string;
  /** All components of element n (at least one, possibly ""). */
  components(n: number): string[];
  /** Repetitions of element n (split on the repetition separator when the interchange declares one). */
  repetitions(n: number): string[];
  /** The segment text without its terminator. */
  raw(): string;
  /** Element n as integer cents (X12 R amount); undefined when empty or not a number. */
  cents(n: number): number | undefined;
  /** Element n as a D8 date (CCYYMMDD) → YYYY-MM-DD; undefined when empty or not a date. */
  date(n: number): string | undefined;
  /** Element n as a number (X12 R/N0); undefined when empty or not a number. */
  number(n: number): number | undefined;
  /** Element n when it is a short code (qualifiers, units, places of service): like `element`, but shared strings. */
  code(n: number): string;
}

/** The tape of a segment without a record. */
export const noTape = new Int32Array(0);

const codeCache = new Map<number, string>();
/** Codes of upper-case letters and digits, direct-mapped (37³ slots): one array read instead of a map lookup. */
const alnumCodes: (string | undefined)[] = new Array<string | undefined>(37 * 37 * 37).fill(undefined);
/** alnumIndex[c]: 0–35 for a digit or upper-case letter, -1 for any other character below 128. */
const alnumIndex = new Int8Array(128).fill(-1);
for (let c = 48; c <= 57; c++) alnumIndex[c] = c - 48;
for (let c = 65; c <= 90; c++) alnumIndex[c] = c - 55;

/** A code of 1–3 characters as one shared string (so millions of "UN"/"XX"/"472" allocate nothing). */
function sharedCode(text: string, from: number, to: number): string {
  const n = to - from;
  if (n < 1) return '';
  if (n > 3) return text.substring(from, to);
  const c0 = text.charCodeAt(from);
  const c1 = n > 1 ? text.charCodeAt(from + 1) : 0;
  const c2 = n > 2 ? text.charCodeAt(from + 2) : 0;
  if ((c0 | c1 | c2) > 127) return text.substring(from, to);
  const i0 = alnumIndex[c0] as number;
  const i1 = n > 1 ? (alnumIndex[c1] as number) : 36;
  const i2 = n > 2 ? (alnumIndex[c2] as number) : 36;
  if ((i0 | i1 | i2) >= 0) {
    const slot = (i0 * 37 + i1) * 37 + i2;
    let code = alnumCodes[slot];
    if (code === undefined) {
      code = text.substring(from, to);
      alnumCodes[slot] = code;
    }
    return code;
  }
  const key = (n << 21) | (c0 << 14) | (c1 << 7) | c2;
  let code = codeCache.get(key);
  if (code === undefined) {
    code = text.substring(from, to);
    if (codeCache.size < 20000) codeCache.set(key, code);
  }
  return code;
}

/** A value split on a separator (components, or repetitions when the file declares a separator for them). */
function splitOn(value: string, separator: string | undefined): string[] {
  return separator === undefined || value.indexOf(separator) === -1 ? [value] : value.split(separator);
}

/** Component m (1-based) of a composite value, without splitting the whole value. */
export function nthComponent(value: string, separator: string, m: number): string {
  let from = 0;
  for (let k = 1; k < m; k++) {
    const i = value.indexOf(separator, from);
    if (i === -1) return '';
    from = i + 1;
  }
  const to = value.indexOf(separator, from);
  return to === -1 ? (from === 0 ? value : value.substring(from)) : value.substring(from, to);
}

/** An immutable segment. */
export class Segment implements SegmentView {
  readonly id: string;
  readonly tag: number;
  readonly elements: readonly string[];
  readonly index: number;
  readonly line: number;
  readonly offset: number;
  readonly delimiters: Delimiters;
  readonly record = -1;
  readonly tape = noTape;
  readonly text = '';

  constructor(
    id: string,
    elements: readonly string[],
    delimiters: Delimiters,
    index = 0,
    line = 0,
    offset = 0,
  ) {
    this.id = id;
    this.tag = segmentTag(id);
    this.elements = elements;
    this.delimiters = delimiters;
    this.index = index;
    this.line = line;
    this.offset = offset;
  }

  element(n: number): string {
    return this.elements[n - 1] ?? '';
  }

  elementCount(): number {
    return this.elements.length;
  }

  component(n: number, m: number): string {
    return nthComponent(this.element(n), this.delimiters.component, m);
  }

  componentCode(n: number, m: number): string {
    return this.component(n, m);
  }

  components(n: number): string[] {
    return splitOn(this.element(n), this.delimiters.component);
  }

  repetitions(n: number): string[] {
    return splitOn(this.element(n), this.delimiters.repetition);
  }

  raw(): string {
    return [this.id, ...this.elements].join(this.delimiters.element);
  }

  cents(n: number): number | undefined {
    return x12Cents(this.element(n));
  }

  date(n: number): string | undefined {
    return x12Date(this.element(n));
  }

  number(n: number): number | undefined {
    return x12Number(this.element(n));
  }

  code(n: number): string {
    return this.element(n);
  }
}

/**
 * The scanner's view of the current segment. The scanner records the element separator positions while it looks
 * for the terminator; element strings are cut from its text only when asked for.
 */
export class SegmentCursor implements SegmentView {
  id = '';
  tag = 0;
  index = 0;
  line = 0;
  offset = 0;
  delimiters: Delimiters;
  /** The scanner's text window and the segment's bounds in it (end excludes the terminator and trailing blanks). */
  text = '';
  start = 0;
  end = 0;
  /**
   * seps[first + i] = position of the separator before element i+1; seps[first + count] = end. Owned by the
   * scanner (its own array, or the structural index's entries, read in place).
   */
  private seps: Int32Array = new Int32Array(1);
  private first = 0;
  private count = 0;
  record = -1;
  tape: Int32Array = noTape;

  constructor(delimiters: Delimiters) {
    this.delimiters = delimiters;
  }

  /** Called by the scanner for each new segment. */
  reset(
    text: string,
    start: number,
    end: number,
    id: string,
    tag: number,
    index: number,
    line: number,
    seps: Int32Array,
    first: number,
    count: number,
    offset: number,
    record: number,
    tape: Int32Array,
  ): void {
    // Stored only when it changes: the text is young and the cursor old, so each store is a write barrier.
    if (this.text !== text) this.text = text;
    if (this.seps !== seps) this.seps = seps;
    if (this.tape !== tape) this.tape = tape;
    this.record = record;
    this.tag = tag;
    this.start = start;
    this.end = end;
    this.id = id;
    this.index = index;
    this.line = line;
    this.offset = offset;
    this.first = first;
    this.count = count;
  }

  element(n: number): string {
    if (n < 1 || n > this.count) return '';
    const from = (this.seps[this.first + n - 1] as number) + 1;
    const to = this.seps[this.first + n] as number;
    return from >= to ? '' : this.text.substring(from, to);
  }

  /** Whether element n is present and not empty, without creating a string. */
  has(n: number): boolean {
    return (
      n >= 1 &&
      n <= this.count &&
      (this.seps[this.first + n] as number) - (this.seps[this.first + n - 1] as number) > 1
    );
  }

  elementCount(): number {
    return this.count;
  }

  /** Bounds of the component found by `locate`. */
  private from = 0;
  private to = 0;

  /** Finds component m of element n in the text (sets `from`/`to`); false when there is none. */
  private locate(n: number, m: number): boolean {
    if (n < 1 || n > this.count) return false;
    const text = this.text;
    const comp = this.delimiters.component.charCodeAt(0);
    let from = (this.seps[this.first + n - 1] as number) + 1;
    const to = this.seps[this.first + n] as number;
    for (let k = 1; k < m; k++) {
      while (from < to && text.charCodeAt(from) !== comp) from++;
      if (from >= to) return false;
      from++;
    }
    let end = from;
    while (end < to && text.charCodeAt(end) !== comp) end++;
    this.from = from;
    this.to = end;
    return true;
  }

  component(n: number, m: number): string {
    return this.locate(n, m) && this.to > this.from ? this.text.substring(this.from, this.to) : '';
  }

  componentCode(n: number, m: number): string {
    return this.locate(n, m) ? sharedCode(this.text, this.from, this.to) : '';
  }

  components(n: number): string[] {
    return splitOn(this.element(n), this.delimiters.component);
  }

  repetitions(n: number): string[] {
    return splitOn(this.element(n), this.delimiters.repetition);
  }

  raw(): string {
    return this.text.substring(this.start, this.end);
  }

  cents(n: number): number | undefined {
    if (n < 1 || n > this.count) return undefined;
    return centsIn(
      this.text,
      (this.seps[this.first + n - 1] as number) + 1,
      this.seps[this.first + n] as number,
    );
  }

  date(n: number): string | undefined {
    if (n < 1 || n > this.count) return undefined;
    const from = (this.seps[this.first + n - 1] as number) + 1;
    return (this.seps[this.first + n] as number) - from === 8 ? dateIn(this.text, from) : undefined;
  }

  number(n: number): number | undefined {
    if (n < 1 || n > this.count) return undefined;
    const from = (this.seps[this.first + n - 1] as number) + 1;
    const to = this.seps[this.first + n] as number;
    if (to <= from) return undefined;
    // Whole numbers (most counts and units) without a string; anything else through x12Number.
    let v = 0;
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (c < 48 || c > 57 || i - from > 12) return x12Number(this.text.substring(from, to));
      v = v * 10 + (c - 48);
    }
    return v;
  }

  code(n: number): string {
    if (n < 1 || n > this.count) return '';
    return sharedCode(
      this.text,
      (this.seps[this.first + n - 1] as number) + 1,
      this.seps[this.first + n] as number,
    );
  }

  toSegment(): Segment {
    const elements: string[] = [];
    const count = this.elementCount();
    for (let i = 1; i <= count; i++) elements.push(this.element(i));
    return new Segment(this.id, elements, this.delimiters, this.index, this.line, this.offset);
  }
}
