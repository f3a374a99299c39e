/**
 * The structural index of the scanner's window: the position of every element separator, segment terminator and
 * line feed in it, found by a small WebAssembly routine (structural-index.wat) that compares 16 bytes at a time
 * (SIMD). The scanner then visits about one byte in four (the ones that matter) instead of looping over every byte
 * in JavaScript, which was a third of the time of reading an 837 (measured: `npm run bench x12`).
 *
 * Each scanner has its own instance (its own memory). Where the runtime has no WebAssembly SIMD, `create` returns
 * undefined and the scanner keeps its JavaScript byte loop: the results are the same either way.
 */
import { readFileSync } from 'node:fs';

interface Exports {
  memory: WebAssembly.Memory;
  index: (input: number, length: number, output: number, separator: number, terminator: number) => number;
}

/** Room after the window: the routine reads whole 16-byte blocks (and the output array stays 16-byte aligned). */
const slack = 64;
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
  /** positions[0…count-1]: ascending positions in the window of the indexed bytes. */
  positions: Int32Array = new Int32Array(0);
  count = 0;
  /** The delimiters the index was built for (-1: not built for the current window). */
  separator = -1;
  terminator = -1;
  private capacity = 0;
  private length = 0;
  private readonly exports: Exports;

  private constructor(exports: Exports) {
    this.exports = exports;
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
      const need = capacity + slack + 4 * capacity;
      const memory = this.exports.memory;
      const pages = Math.ceil(need / pageSize) - memory.buffer.byteLength / pageSize;
      if (pages > 0) memory.grow(pages);
      this.capacity = capacity;
      this.positions = new Int32Array(memory.buffer, capacity + slack, capacity);
    }
    this.length = length;
    this.bytes = new Uint8Array(this.exports.memory.buffer, 0, length);
    this.separator = -1;
    this.terminator = -1;
    this.count = 0;
    return this.bytes;
  }

  /** Indexes the whole window for these delimiters. */
  build(separator: number, terminator: number): void {
    this.count = this.exports.index(0, this.length, this.capacity + slack, separator, terminator);
    this.separator = separator;
    this.terminator = terminator;
  }

  /** The first k with positions[k] >= position (count when none). */
  firstAtOrAfter(position: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.positions[mid] as number) < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
