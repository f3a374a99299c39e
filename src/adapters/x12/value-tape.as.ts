/**
 * The value tape (AssemblyScript, built into value-tape.wasm by `npm run build:wasm`): for each segment of the
 * scanner's window, the values the 837 mapper keeps, read and checked here, so that the mapper builds the claim
 * from numbers instead of reading the text again.
 *
 * It runs on the structural index's memory, after the index: the window's bytes, the separator and terminator
 * positions, each terminator's entry and the line feeds before it. For segment j it writes a record of
 * `recordSlots` 32-bit slots at tape + j * recordSlots * 4:
 * - slot 1: where the segment starts when it is an ordinary one, which the scanner hands out from the record (an
 *   id of 2–3 upper-case letters or digits, not ISA, no line break inside, no blank before its terminator);
 *   -1 otherwise, and the scanner looks at it itself. Slot 2: the id's key (as the scanner's `tagByKey` has it).
 * - slot 0, the record's op, and the values from slot 3: 0 means "not read here": the segment is of another kind,
 *   or not in the strict form this file reads (anything unusual, whatever its cause), and the mapper reads it from
 *   the text as ever, reporting what there is to report. An op other than 0 promises the values of a segment
 *   whose mapper reading reports nothing about its own elements; the differential tests (value-tape.test.ts)
 *   hold the two readings to the same claims and problems.
 *
 * No allocation, no runtime: loads and stores only (the memory is imported).
 */

// Ops: keep in step with `TapeOp` in value-tape.ts.
const OP_SV1: i32 = 1;
const OP_DTP_472_D8: i32 = 2;
const OP_CTP: i32 = 3;
const OP_LIN_N4: i32 = 4;
const OP_HI: i32 = 5;
const OP_DMG: i32 = 6;
const OP_CLM: i32 = 7;

/** Slots of a record; keep in step with `recordSlots` in value-tape.ts. */
const recordSlots: i32 = 20;
/**
 * Slot numbers, SLOT_<op>_<name>: keep in step with the `...Slot` objects in value-tape.ts (a test compares them).
 * `slot(rec, n)` is the address of slot n.
 */
const SLOT_RECORD_START: i32 = 1;
const SLOT_RECORD_ID_KEY: i32 = 2;
const SLOT_SV1_CODE_FROM: i32 = 3;
const SLOT_SV1_CODE_TO: i32 = 4;
const SLOT_SV1_MODIFIERS: i32 = 5;
const SLOT_SV1_FIRST_MODIFIER: i32 = 6;
const SLOT_SV1_CHARGE_CENTS: i32 = 14;
const SLOT_SV1_UNITS_DIGITS: i32 = 15;
const SLOT_SV1_UNITS_SCALE: i32 = 16;
const SLOT_SV1_FLAGS: i32 = 17;
const SLOT_DTP_DATE: i32 = 3;
const SLOT_CTP_QUANTITY_DIGITS: i32 = 3;
const SLOT_CTP_QUANTITY_SCALE: i32 = 4;
const SLOT_CTP_UNIT: i32 = 5;
const SLOT_LIN_NDC_FROM: i32 = 3;
const SLOT_LIN_NDC_TO: i32 = 4;
const SLOT_HI_HEAD: i32 = 3;
const SLOT_HI_FIRST_CODE: i32 = 4;
const SLOT_DMG_BIRTH_DATE: i32 = 3;
const SLOT_DMG_SEX: i32 = 4;
const SLOT_CLM_ID_FROM: i32 = 3;
const SLOT_CLM_ID_TO: i32 = 4;
const SLOT_CLM_CHARGE_CENTS: i32 = 5;
const SLOT_CLM_PLACE: i32 = 6;
const SLOT_CLM_QUALIFIER: i32 = 7;
const SLOT_CLM_FREQUENCY: i32 = 8;

function slot(rec: usize, n: i32): usize {
  return rec + ((<usize>n) << 2);
}

let window: usize = 0;
let positions: usize = 0;
/** Entry of the segment's first separator, and its element count (elements after the id). */
let first: i32 = 0;
let count: i32 = 0;

function byteAt(i: i32): i32 {
  return <i32>load<u8>(window + <usize>i);
}

/** Start of element n (1-based, n <= count): after its separator. */
function from(n: i32): i32 {
  return load<i32>(positions + ((<usize>(first + n - 1)) << 2)) + 1;
}

/** End of element n (1-based, n <= count): its following separator or the terminator. */
function to(n: i32): i32 {
  return load<i32>(positions + ((<usize>(first + n)) << 2));
}

function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}

/** Digits from..to as a number (at most 9 digits); -1 when empty, longer, or not all digits. */
function digitsValue(f: i32, t: i32): i32 {
  const n = t - f;
  if (n < 1 || n > 9) return -1;
  let v: i32 = 0;
  for (let i = f; i < t; i++) {
    const c = byteAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** An amount "123" or "123.4" or "123.45" (1–7 whole digits, no sign) → cents; -1 otherwise. */
function centsValue(f: i32, t: i32): i32 {
  let i = f;
  let whole: i32 = 0;
  while (i < t && isDigit(byteAt(i))) {
    whole = whole * 10 + (byteAt(i) - 48);
    i++;
  }
  const wholeDigits = i - f;
  if (wholeDigits < 1 || wholeDigits > 7) return -1;
  let cents = whole * 100;
  if (i === t) return cents;
  if (byteAt(i) !== 46) return -1;
  const fraction = t - i - 1;
  if (fraction < 1 || fraction > 2) return -1;
  const d1 = byteAt(i + 1);
  if (!isDigit(d1)) return -1;
  cents += (d1 - 48) * 10;
  if (fraction === 2) {
    const d2 = byteAt(i + 2);
    if (!isDigit(d2)) return -1;
    cents += d2 - 48;
  }
  return cents;
}

/**
 * A quantity "15" or "1.5" (no sign, at most 9 digits in all, a point only between digits) → stores its digits as
 * a whole number at `at` and the digits after the point at `at + 4` (the next slot: the ..._SCALE slots); false
 * otherwise.
 */
function quantityValue(f: i32, t: i32, at: usize): bool {
  let v: i32 = 0;
  let digits: i32 = 0;
  let scale: i32 = -1;
  for (let i = f; i < t; i++) {
    const c = byteAt(i);
    if (isDigit(c)) {
      v = v * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0 && i > f && i < t - 1) scale = 0;
    else return false;
    if (digits > 9) return false;
  }
  if (digits === 0) return false;
  store<i32>(at, v);
  store<i32>(at + 4, scale < 0 ? 0 : scale);
  return true;
}

/** Element n is exactly the two bytes a, b. */
function isPair(n: i32, a: i32, b: i32): bool {
  if (n > count) return false;
  const f = from(n);
  return to(n) - f === 2 && byteAt(f) === a && byteAt(f + 1) === b;
}

/**
 * SV1 (2400, professional service): SV101 "HC" + code + up to 4 non-empty modifiers, nothing more; SV102 amount;
 * SV103 UN or MJ; SV104 quantity; SV105 empty or two digits; SV107 1–4 pointers of 1–12, none repeated.
 * Record: 3–4 code bounds; 5 modifier count; 6–13 modifier bounds; 14 charge cents; 15–16 units (digits, scale);
 * 17 flags: bits 0–1 unit (1 UN, 2 MJ), bit 2 place of service present, bits 3–5 pointer count, pointers 4 bits
 * each from bit 8.
 */
function sv1(rec: usize, component: i32): void {
  if (count < 7) return;
  // SV101: HC:code[:modifier]{0,4}
  let f = from(1);
  const t = to(1);
  if (t - f < 4 || byteAt(f) !== 72 || byteAt(f + 1) !== 67 || byteAt(f + 2) !== component) return;
  let s = f + 3;
  let parts: i32 = 0; // 0: the code, then modifiers
  for (;;) {
    let e = s;
    while (e < t && byteAt(e) !== component) e++;
    if (e === s || parts > 4) return; // an empty component, or a fifth modifier or a description
    // The code in slots 3–4, modifier k in slots 4 + 2k and 5 + 2k.
    const at =
      parts === 0 ? slot(rec, SLOT_SV1_CODE_FROM) : slot(rec, SLOT_SV1_FIRST_MODIFIER + (parts - 1) * 2);
    store<i32>(at, s);
    store<i32>(at + 4, e); // the next slot: SLOT_SV1_CODE_TO for the code
    parts++;
    if (e === t) break;
    s = e + 1;
    if (s === t) return; // a trailing separator
  }
  store<i32>(slot(rec, SLOT_SV1_MODIFIERS), parts - 1);
  const cents = centsValue(from(2), to(2));
  if (cents < 0) return;
  store<i32>(slot(rec, SLOT_SV1_CHARGE_CENTS), cents);
  let flags: i32 = 0;
  if (isPair(3, 85, 78)) flags = 1;
  else if (isPair(3, 77, 74)) flags = 2;
  else return;
  if (!quantityValue(from(4), to(4), slot(rec, SLOT_SV1_UNITS_DIGITS))) return;
  f = from(5);
  const posLength = to(5) - f;
  if (posLength === 2) {
    if (!isDigit(byteAt(f)) || !isDigit(byteAt(f + 1))) return;
    flags |= 4;
  } else if (posLength !== 0) return;
  // SV107: p[:p]{0,3}
  f = from(7);
  const pt = to(7);
  let pointers: i32 = 0;
  let seen: i32 = 0;
  s = f;
  for (;;) {
    let e = s;
    while (e < pt && byteAt(e) !== component) e++;
    const v = digitsValue(s, e);
    if (v < 1 || v > 12 || e - s > 2 || (seen & (1 << v)) !== 0 || pointers === 4) return;
    seen |= 1 << v;
    flags |= v << (8 + pointers * 4);
    pointers++;
    if (e === pt) break;
    s = e + 1;
    if (s === pt) return;
  }
  flags |= pointers << 3;
  store<i32>(slot(rec, SLOT_SV1_FLAGS), flags);
  store<i32>(rec, OP_SV1);
}

/** DTP*472*D8*CCYYMMDD (2400 service date): record 3 = the date's 8 digits as a number (the mapper checks it). */
function dtp(rec: usize): void {
  if (count !== 3) return;
  let f = from(1);
  if (to(1) - f !== 3 || byteAt(f) !== 52 || byteAt(f + 1) !== 55 || byteAt(f + 2) !== 50) return;
  if (!isPair(2, 68, 56)) return;
  f = from(3);
  const t = to(3);
  if (t - f !== 8) return;
  const v = digitsValue(f, f + 4);
  const w = digitsValue(f + 4, t);
  if (v < 0 || w < 0) return;
  store<i32>(slot(rec, SLOT_DTP_DATE), v * 10000 + w);
  store<i32>(rec, OP_DTP_472_D8);
}

/**
 * CTP (2410 drug quantity): CTP01–CTP03 empty, CTP04 a quantity, CTP05 one of F2, GR, ME, ML, UN alone (no other
 * component). Record: 3–4 quantity (digits, scale); 5 unit (1 F2, 2 GR, 3 ME, 4 ML, 5 UN).
 */
function ctp(rec: usize): void {
  if (count !== 5) return;
  if (to(1) !== from(1) || to(2) !== from(2) || to(3) !== from(3)) return;
  if (!quantityValue(from(4), to(4), slot(rec, SLOT_CTP_QUANTITY_DIGITS))) return;
  const f = from(5);
  if (to(5) - f !== 2) return;
  const a = byteAt(f);
  const b = byteAt(f + 1);
  let unit: i32 = 0;
  if (a === 70 && b === 50) unit = 1;
  else if (a === 71 && b === 82) unit = 2;
  else if (a === 77 && b === 69) unit = 3;
  else if (a === 77 && b === 76) unit = 4;
  else if (a === 85 && b === 78) unit = 5;
  else return;
  store<i32>(slot(rec, SLOT_CTP_UNIT), unit);
  store<i32>(rec, OP_CTP);
}

/** LIN (2410 drug): LIN01 empty, LIN02 N4, LIN03 11 digits, nothing after. Record: 3–4 the NDC's bounds. */
function lin(rec: usize): void {
  if (count !== 3 || to(1) !== from(1) || !isPair(2, 78, 52)) return;
  const f = from(3);
  const t = to(3);
  if (t - f !== 11) return;
  for (let i = f; i < t; i++) if (!isDigit(byteAt(i))) return;
  store<i32>(slot(rec, SLOT_LIN_NDC_FROM), f);
  store<i32>(slot(rec, SLOT_LIN_NDC_TO), t);
  store<i32>(rec, OP_LIN_N4);
}

/** An upper-case letter or digit. */
function isAlnum(c: i32): bool {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/**
 * HI (2300 diagnoses): 1–8 composites, each ABK, ABF, BK or BF, then a code of upper-case letters and digits, and
 * nothing more (no empty element, no third component). Record: 3 count in bits 0–3 and each qualifier in 2 bits
 * from bit 4 (0 ABK, 1 ABF, 2 BK, 3 BF); from 4 each code's bounds.
 */
function hi(rec: usize, component: i32): void {
  if (count < 1 || count > 8) return;
  let head: i32 = count;
  for (let n: i32 = 1; n <= count; n++) {
    const f = from(n);
    const t = to(n);
    let q: i32 = -1;
    let c = f;
    if (t - f > 3 && byteAt(f) === 65 && byteAt(f + 1) === 66 && byteAt(f + 3) === component) {
      const k = byteAt(f + 2);
      q = k === 75 ? 0 : k === 70 ? 1 : -1;
      c = f + 4;
    } else if (t - f > 2 && byteAt(f) === 66 && byteAt(f + 2) === component) {
      const k = byteAt(f + 1);
      q = k === 75 ? 2 : k === 70 ? 3 : -1;
      c = f + 3;
    }
    if (q < 0 || c >= t) return;
    for (let i = c; i < t; i++) if (!isAlnum(byteAt(i))) return;
    head |= q << (4 + (n - 1) * 2);
    const at = slot(rec, SLOT_HI_FIRST_CODE + (n - 1) * 2);
    store<i32>(at, c);
    store<i32>(at + 4, t);
  }
  store<i32>(slot(rec, SLOT_HI_HEAD), head);
  store<i32>(rec, OP_HI);
}

/**
 * DMG (2010BA / 2010CA demographics): DMG01 D8, DMG02 eight digits, DMG03 M, F or U, nothing after. Record: 3 the
 * date's digits as a number (the mapper checks it); 4 the sex (1 M, 2 F, 3 U).
 */
function dmg(rec: usize): void {
  if (count !== 3 || !isPair(1, 68, 56)) return;
  const f = from(2);
  if (to(2) - f !== 8) return;
  const v = digitsValue(f, f + 4);
  const w = digitsValue(f + 4, f + 8);
  if (v < 0 || w < 0) return;
  const g = from(3);
  if (to(3) - g !== 1) return;
  const c = byteAt(g);
  const sex = c === 77 ? 1 : c === 70 ? 2 : c === 85 ? 3 : 0;
  if (sex === 0) return;
  store<i32>(slot(rec, SLOT_DMG_BIRTH_DATE), v * 10000 + w);
  store<i32>(slot(rec, SLOT_DMG_SEX), sex);
  store<i32>(rec, OP_DMG);
}

/**
 * CLM (2300 claim): CLM01 not empty; CLM02 an amount; CLM05 two digits, the qualifier A or B, one frequency letter
 * or digit (three components exactly); at most 10 elements (no related causes). Record: 3–4 CLM01's bounds; 5
 * charge cents; 6 the place (or facility type) as a number; 7 the qualifier (65 A, 66 B); 8 the frequency's
 * character code.
 */
function clm(rec: usize, component: i32): void {
  if (count < 5 || count > 10) return;
  const f = from(1);
  const t = to(1);
  if (t === f) return;
  const cents = centsValue(from(2), to(2));
  if (cents < 0) return;
  const p = from(5);
  if (to(5) - p !== 6 || byteAt(p + 2) !== component || byteAt(p + 4) !== component) return;
  const a = byteAt(p);
  const b = byteAt(p + 1);
  const q = byteAt(p + 3);
  const k = byteAt(p + 5);
  if (!isDigit(a) || !isDigit(b) || (q !== 65 && q !== 66) || !isAlnum(k)) return;
  store<i32>(slot(rec, SLOT_CLM_ID_FROM), f);
  store<i32>(slot(rec, SLOT_CLM_ID_TO), t);
  store<i32>(slot(rec, SLOT_CLM_CHARGE_CENTS), cents);
  store<i32>(slot(rec, SLOT_CLM_PLACE), (a - 48) * 10 + (b - 48));
  store<i32>(slot(rec, SLOT_CLM_QUALIFIER), q);
  store<i32>(slot(rec, SLOT_CLM_FREQUENCY), k);
  store<i32>(rec, OP_CLM);
}

/** 0–35 for a digit or upper-case letter, -1 otherwise (as the scanner's `alnumIndex`). */
function alnum(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/**
 * Writes the records of the window's first min(terminators, maxRecords) segments. Segment 0 starts the window;
 * segment j starts after terminator j - 1. Returns how many records were written.
 */
export function read(
  windowAt: usize,
  positionsAt: usize,
  entriesAt: usize,
  feedsAt: usize,
  terminators: i32,
  tape: usize,
  maxRecords: i32,
  component: i32,
): i32 {
  window = windowAt;
  positions = positionsAt;
  const n = terminators < maxRecords ? terminators : maxRecords;
  let start: i32 = 0;
  let feeds: i32 = 0;
  first = 0;
  for (let j: i32 = 0; j < n; j++) {
    const entry = load<i32>(entriesAt + ((<usize>j) << 2));
    const end = load<i32>(positions + ((<usize>entry) << 2));
    const feedsBefore = load<i32>(feedsAt + ((<usize>j) << 2));
    const rec = tape + <usize>(j * recordSlots) * 4;
    store<i32>(rec, 0);
    store<i32>(slot(rec, SLOT_RECORD_START), -1);
    count = entry - first;
    // Blanks and line breaks between segments, as the scanner skips them.
    let s = start;
    let c = s < end ? byteAt(s) : 0;
    while (s < end && c <= 32 && (c === 10 || c === 13 || c === 32 || c === 9 || c === 0)) {
      if (c === 10) feeds++;
      s++;
      c = s < end ? byteAt(s) : 0;
    }
    const idEnd = count > 0 ? load<i32>(positions + ((<usize>first) << 2)) : end;
    const idLength = idEnd - s;
    if (
      (idLength === 2 || idLength === 3) &&
      end > s &&
      byteAt(end - 1) > 32 &&
      feedsBefore === feeds &&
      count < 65535
    ) {
      const c0 = byteAt(s);
      const c1 = byteAt(s + 1);
      const c2 = idLength === 3 ? byteAt(s + 2) : 0;
      const a0 = alnum(c0);
      const a1 = alnum(c1);
      const a2 = idLength === 3 ? alnum(c2) : 36;
      if ((a0 | a1 | a2) >= 0 && !(c0 === 73 && c1 === 83 && c2 === 65)) {
        store<i32>(slot(rec, SLOT_RECORD_START), s);
        store<i32>(slot(rec, SLOT_RECORD_ID_KEY), (a0 * 37 + a1) * 37 + a2);
        if (idLength === 3) {
          if (c0 === 83 && c1 === 86 && c2 === 49) sv1(rec, component);
          else if (c0 === 68 && c1 === 84 && c2 === 80) dtp(rec);
          else if (c0 === 67 && c1 === 84 && c2 === 80) ctp(rec);
          else if (c0 === 76 && c1 === 73 && c2 === 78) lin(rec);
          else if (c0 === 68 && c1 === 77 && c2 === 71) dmg(rec);
          else if (c0 === 67 && c1 === 76 && c2 === 77) clm(rec, component);
        } else if (c0 === 72 && c1 === 73) hi(rec, component);
      }
    }
    feeds = feedsBefore;
    start = end + 1;
    first = entry + 1;
  }
  return n;
}
