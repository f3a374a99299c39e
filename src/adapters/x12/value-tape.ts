/**
 * The value tape's JavaScript side (its reader is value-tape.as.ts, built into value-tape.wasm): what a record
 * holds, and the switch that turns the tape off.
 *
 * The structural index runs the tape's reader on each window after indexing it, and the scanner's cursor carries
 * the record of each segment it hands out (`SegmentView.record`). The 837 mapper builds a claim's values from a
 * record when it has one, and reads the segment's text otherwise: either way the claims and problems are the same
 * (value-tape.test.ts compares the two on the samples, generated files and thousands of mutations of them).
 *
 * Positions in a record are byte offsets in the window, used as positions in its text: right because only ASCII
 * windows are indexed (one character per byte). The ops and `recordSlots` are written in both files; a test
 * (value-tape.test.ts) reads them from the AssemblyScript source and compares.
 *
 * `DRUGCLAIM_X12_VALUE_TAPE=0` in the environment turns the tape off (every segment then read from its text), for
 * telling a fault of the tape from one of the mapper.
 */
import { readFileSync } from 'node:fs';

/** Slot 0 of a record: what kind of segment the record read (0: none; the mapper reads the text). */
export const TapeOp = {
  SV1: 1,
  DTP_472_D8: 2,
  CTP: 3,
  LIN_N4: 4,
  HI: 5,
  DMG: 6,
  CLM: 7,
} as const;

/** 32-bit slots per record (a segment's record starts at its index in the window times this). */
export const recordSlots = 20;

/**
 * Slots every record has: the op; where an ordinary segment starts (-1: not one, the scanner looks at it itself);
 * its id's key (the scanner's `keyOf`).
 */
export const RecordSlot = { op: 0, start: 1, idKey: 2, firstValue: 3 } as const;

/** The 837 mapper's record layouts (slot numbers), as value-tape.as.ts writes them. */
export const Sv1Slot = {
  codeFrom: 3,
  codeTo: 4,
  modifiers: 5,
  /** Modifier k (0-based) from slot firstModifier + 2k to the slot after it. */
  firstModifier: 6,
  chargeCents: 14,
  unitsDigits: 15,
  unitsScale: 16,
  /** Bits 0–1 unit (1 UN, 2 MJ), bit 2 place of service present, bits 3–5 pointer count, pointers 4 bits each from bit 8. */
  flags: 17,
} as const;

/** CTP05-1 units in the order of a CTP record's slot 5 (1-based). */
export const ctpUnits = ['', 'F2', 'GR', 'ME', 'ML', 'UN'] as const;

/** HI qualifiers in the order of an HI record's 2-bit codes. */
export const hiQualifiers = ['ABK', 'ABF', 'BK', 'BF'] as const;

/** DMG03 in the order of a DMG record's slot 4 (1-based). */
export const dmgSexes = ['', 'M', 'F', 'U'] as const;

/** "00"…"99": a CLM record's place of service as the string the text has. */
export const twoDigitCodes: readonly string[] = Array.from({ length: 100 }, (_, i) =>
  String(i).padStart(2, '0'),
);

/** Powers of ten for a quantity's scale (the tape keeps at most 9 digits). */
const pow10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * A quantity from its digits and scale: the same number as `Number(text)`, since both numbers are exact in a
 * double and a division is correctly rounded.
 */
export function tapeQuantity(digits: number, scale: number): number {
  return scale === 0 ? digits : digits / (pow10[scale] as number);
}

let enabled = process.env['DRUGCLAIM_X12_VALUE_TAPE'] !== '0';

/** Whether scanners made from now on read values into the tape. */
export function valueTapeEnabled(): boolean {
  return enabled;
}

/** Turns the tape on or off for scanners made from now on (the tests read each file both ways). */
export function setValueTape(on: boolean): void {
  enabled = on;
}

type ReadTape = (
  window: number,
  positions: number,
  entries: number,
  feeds: number,
  terminators: number,
  tape: number,
  maxRecords: number,
  component: number,
) => number;

let compiled: WebAssembly.Module | null | undefined;

/** The tape's reader on this memory, or undefined when this runtime cannot run it (the mapper then reads text). */
export function valueTapeReader(memory: WebAssembly.Memory): ReadTape | undefined {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(readFileSync(new URL('./value-tape.wasm', import.meta.url)));
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return undefined;
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  return instance.exports['read'] as ReadTape;
}
