/**
 * The structural index of the scanner's window, found by a small WebAssembly routine (structural-index.wat) that
 * compares 16 bytes at a time (SIMD): the position of every element separator and segment terminator, and for each
 * terminator which of those entries it is and how many line feeds precede it. The scanner then hands out an
 * ordinary segment with a few array reads, and its cursor reads the separator positions in place (no byte loop
 * in JavaScript, which was a third of the time of reading an 837; measured: `npm run bench x12`). After indexing,
 * the value tape (value-tape.ts) reads the window's segments into records: the scanner hands ordinary segments
 * out from them, and the 837 mapper builds the usual ones from their values.
 *
 * Each scanner has its own instance (its own memory). Where the runtime has no WebAssembly SIMD, `create` returns
 * undefined and the scanner keeps its JavaScript byte loop: the results are the same either way.
 */
import { readFileSync } from 'node:fs';
import { recordSlots, valueTapeEnabled, valueTapeReader } from './value-tape.ts';

interface Exports {
  memory: WebAssembly.Memory;
  terminators: WebAssembly.Global;
  index: (
    input: number,
    length: number,
    output: number,
    terminatorsOutput: number,
    feedsOutput: number,
    separator: number,
    terminator: number,
  ) => number;
}

/** Room after the window: the routine reads whole 16-byte blocks (and the output arrays stay 16-byte aligned). */
const slack = 64;
/** Records a window's tape holds: enough for a 128 KiB window of 8-byte segments (1.6 MB of memory). */
const maxTapeRecords = 1 << 14;
const pageSize = 65536;

let compiled: WebAssembly.Module | null | undefined;

function compiledModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(readFileSync(new URL('./structural-index.wasm', import.meta.url)));
    } catch {
      compiled = null; // no WebAssembly or no SIMD in this runtime: the scanner's JavaScript loop is used instead
    }
  }
  return compiled;
}

export class StructuralIndex {
  /** The window (bytes 0…length-1), a view into the module's memory; replaced when `reserve` grows it. */
  bytes: Uint8Array = new Uint8Array(0);
  /** positions[0…count-1]: ascending positions in the window of the element separators and segment terminators. */
  positions: Int32Array = new Int32Array(0);
  count = 0;
  /** terminatorEntries[j] (j < terminators): the entry in `positions` of the window's j-th segment terminator. */
  terminatorEntries: Int32Array = new Int32Array(0);
  /** feedsBefore[j]: how many line feeds come before the j-th terminator in the window. */
  feedsBefore: Int32Array = new Int32Array(0);
  terminators = 0;
  /**
   * The value tape (value-tape.ts): the record of the window's j-th segment at tape[j * recordSlots], for j <
   * `records` (0 when the tape is off or the delimiters cannot be read for it).
   */
  tape: Int32Array = new Int32Array(0);
  records = 0;
  /** The delimiters the index was built for (-1: not built for the current window). */
  separator = -1;
  terminator = -1;
  component = -1;
  private capacity = 0;
  private length = 0;
  private tapeAt = 0;
  private maxRecords = 0;
  private readonly exports: Exports;
  private readonly readTape: ReturnType<typeof valueTapeReader>;

  private constructor(exports: Exports) {
    this.exports = exports;
    this.readTape = valueTapeEnabled() ? valueTapeReader(exports.memory) : undefined;
  }

  /** A new index, or undefined when this runtime cannot run the WebAssembly routine. */
  static create(): StructuralIndex | undefined {
    const module = compiledModule();
    if (module === null) return undefined;
    return new StructuralIndex(new WebAssembly.Instance(module, {}).exports as unknown as Exports);
  }

  /** Makes the window `length` bytes long and returns it to be filled; the index is out of date until `build`. */
  reserve(length: number): Uint8Array {
    if (length > this.capacity) {
      const capacity = Math.ceil(Math.max(length, this.capacity * 2, pageSize) / 16) * 16;
      // The window, then three arrays of up to one 4-byte entry per byte of it, then the tape: a record for each
      // 8 bytes of window (segments are longer), at most `maxTapeRecords` (a large window's later segments are
      // read from the text: the same results).
      const maxRecords = this.readTape === undefined ? 0 : Math.min(capacity >>> 3, maxTapeRecords);
      const need = capacity + slack + 12 * capacity + maxRecords * recordSlots * 4;
      const memory = this.exports.memory;
      const pages = Math.ceil(need / pageSize) - memory.buffer.byteLength / pageSize;
      if (pages > 0) memory.grow(pages);
      this.capacity = capacity;
      const at = capacity + slack;
      this.positions = new Int32Array(memory.buffer, at, capacity);
      this.terminatorEntries = new Int32Array(memory.buffer, at + 4 * capacity, capacity);
      this.feedsBefore = new Int32Array(memory.buffer, at + 8 * capacity, capacity);
      this.tapeAt = at + 12 * capacity;
      this.maxRecords = maxRecords;
      this.tape = new Int32Array(memory.buffer, this.tapeAt, maxRecords * recordSlots);
    }
    this.length = length;
    this.bytes = new Uint8Array(this.exports.memory.buffer, 0, length);
    this.separator = -1;
    this.terminator = -1;
    this.component = -1;
    this.count = 0;
    this.terminators = 0;
    this.records = 0;
    return this.bytes;
  }

  /** Indexes the whole window for these delimiters, and reads its values into the tape (the component separator's). */
  build(separator: number, terminator: number, component: number): void {
    const at = this.capacity + slack;
    this.count = this.exports.index(
      0,
      this.length,
      at,
      at + 4 * this.capacity,
      at + 8 * this.capacity,
      separator,
      terminator,
    );
    this.terminators = this.exports.terminators.value as number;
    this.separator = separator;
    this.terminator = terminator;
    this.component = component;
    // The tape needs a component separator that is neither of the others (a garbled ISA can make them one).
    this.records =
      this.readTape !== undefined && component !== separator && component !== terminator && component >= 0
        ? this.readTape(
            0,
            at,
            at + 4 * this.capacity,
            at + 8 * this.capacity,
            this.terminators,
            this.tapeAt,
            this.maxRecords,
            component,
          )
        : 0;
  }

  /** The j with positions[terminatorEntries[j]] === position, or -1 when no terminator is there. */
  terminatorAt(position: number): number {
    let lo = 0;
    let hi = this.terminators;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = this.positions[this.terminatorEntries[mid] as number] as number;
      if (p < position) lo = mid + 1;
      else if (p > position) hi = mid;
      else return mid;
    }
    return -1;
  }
}
