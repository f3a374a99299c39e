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
 * Slot numbers of a record, by op (`RECORD`: the slots every record has), as value-tape.as.ts writes them (its
 * `SLOT_<op>_<name>` constants; a test compares the two).
 */
export const TapeSlot = {
  /** Where an ordinary segment starts (-1: not one, the scanner looks at it itself); its id's key (`keyOf`). */
  RECORD: { START: 1, ID_KEY: 2 },
  /** Flags: bits 0–1 unit (1 UN, 2 MJ), bit 2 place of service present, bits 3–5 pointer count, pointers 4 bits
   * each from bit 8. Modifier k (0-based) from slot FIRST_MODIFIER + 2k to the slot after it. */
  SV1: {
    CODE_FROM: 3,
    CODE_TO: 4,
    MODIFIERS: 5,
    FIRST_MODIFIER: 6,
    CHARGE_CENTS: 14,
    UNITS_DIGITS: 15,
    UNITS_SCALE: 16,
    FLAGS: 17,
  },
  /** The date's 8 digits as a number (CCYYMMDD). */
  DTP: { DATE: 3 },
  /** Unit: 1-based in `ctpUnits`. */
  CTP: { QUANTITY_DIGITS: 3, QUANTITY_SCALE: 4, UNIT: 5 },
  LIN: { NDC_FROM: 3, NDC_TO: 4 },
  /** Head: the count in bits 0–3, each qualifier in 2 bits from bit 4 (`hiQualifiers`); code k from slot
   * FIRST_CODE + 2k to the slot after it. */
  HI: { HEAD: 3, FIRST_CODE: 4 },
  /** Sex: 1-based in `dmgSexes`. */
  DMG: { BIRTH_DATE: 3, SEX: 4 },
  /** Place: its two digits as a number; qualifier: 65 A, 66 B; frequency: its character code. */
  CLM: {
    ID_FROM: 3,
    ID_TO: 4,
    CHARGE_CENTS: 5,
    PLACE: 6,
    QUALIFIER: 7,
    FREQUENCY: 8,
  },
} as const;

/** CTP05-1 units, 1-based, as a CTP record's unit slot gives them. */
export const ctpUnits = ['', 'F2', 'GR', 'ME', 'ML', 'UN'] as const;

/** HI qualifiers in the order of an HI record's 2-bit codes. */
export const hiQualifiers = ['ABK', 'ABF', 'BK', 'BF'] as const;

/** DMG03, 1-based, as a DMG record's sex slot gives it. */
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
