/**
 * Differential fuzzing of the X12 value tape (src/adapters/x12/value-tape.ts): an 837 read with the tape must give
 * exactly what it gives read from the text alone (claims, remittances, problems with their positions and messages,
 * passed-over counts, transactions). The tape reads some segment kinds in WebAssembly and the mapper builds values
 * from its records; any value the tape accepts but reads otherwise than the mapper's text reading shows up here.
 *
 * A case takes an 837 (a shared sample, a slice of the bench's synthetic 837P, or an interchange generated here with
 * varied values and delimiters), applies one to three targeted mutations to the elements and components of its
 * segments, weighted towards the kinds in `tapeSegmentIds` and most of all those the tape reads now (`TapeOp`), and
 * reads it both ways, fed whole or in chunks of odd sizes (window boundaries). Every 500th seed takes a large input
 * (over 200 KB) and mutates it next to its 64 KiB window boundaries. Seeded (mulberry32), so a seed reproduces its
 * case. Used by value-tape.test.ts (a few thousand cases) and by `npm run fuzz -- --target value-tape` (millions).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { syntheticX12 } from '../../bench/x12.bench.ts';
import type { Claim, Remittance } from '../../src/core/claim/model.ts';
import type { Problem } from '../../src/core/problem.ts';
import { sniffEncoding } from '../../src/adapters/x12/decode.ts';
import { readX12Bytes } from '../../src/adapters/x12/index.ts';
import type { X12ReadResult } from '../../src/adapters/x12/index.ts';
import { X12Reader } from '../../src/adapters/x12/reader.ts';
import { X12Scanner } from '../../src/adapters/x12/scanner.ts';
import type { SegmentView } from '../../src/adapters/x12/segment.ts';
import { setValueTape, TapeOp, valueTapeEnabled } from '../../src/adapters/x12/value-tape.ts';
import { mulberry32 } from '../support/random.ts';
import { x12SamplesDir } from '../support/shared.ts';

/**
 * Segment kinds the mutations favour: those the tape reads, or will (add a kind here when the tape learns it).
 * Every other segment is still mutated, less often.
 */
export const tapeSegmentIds: readonly string[] = [
  'SV1',
  'DTP',
  'LIN',
  'CTP',
  'CLM',
  'HI',
  'NM1',
  'DMG',
  'HL',
  'N3',
  'N4',
  'REF',
  'SBR',
  'NTE',
  'LX',
  'PAT',
  'PER',
  'PRV',
  'SV2',
  'AMT',
  'K3',
];

// ---------------------------------------------------------------------------------------------------------------
// Reading both ways

/** Reads `bytes` as `readX12Bytes` does, fed `chunk` bytes at a time; `hook` sees each segment before the reader. */
export function readInChunks(
  bytes: Uint8Array,
  chunk: number,
  hook?: (seg: SegmentView) => void,
): X12ReadResult {
  const claims: Claim[] = [];
  const remittances: Remittance[] = [];
  const problems: Problem[] = [];
  const handlers = {
    claim: (c: Claim) => claims.push(c),
    remittance: (r: Remittance) => remittances.push(r),
    problem: (p: Problem) => problems.push(p),
  };
  const sniffed = sniffEncoding(bytes);
  if (!sniffed.ok) {
    problems.push({
      code: sniffed.code,
      severity: 'error',
      message: sniffed.message,
      at: { segmentIndex: 0 },
    });
    return { transactions: [], claims, remittances, problems, segments: 0, passedOver: {} };
  }
  const scanner = new X12Scanner(handlers.problem, { encoding: sniffed.encoding });
  const reader = new X12Reader(handlers);
  const drain = (): void => {
    for (let seg = scanner.next(); seg !== null; seg = scanner.next()) {
      hook?.(seg);
      reader.segment(seg);
    }
  };
  const step = Math.max(1, chunk);
  for (let off = sniffed.bomLength; off < bytes.length && !scanner.finished; off += step) {
    scanner.write(bytes.subarray(off, Math.min(bytes.length, off + step)));
    drain();
  }
  scanner.end();
  drain();
  reader.finish(scanner.segments > 0 ? scanner.cursor : undefined);
  if (scanner.sawInvalidUtf8)
    problems.push({
      code: 'x12.encoding.invalid-utf8',
      severity: 'warning',
      message: 'Some bytes are not valid UTF-8; they were read as Latin-1.',
      at: { segmentIndex: 0 },
    });
  return {
    transactions: reader.transactions,
    claims,
    remittances,
    problems,
    segments: scanner.segments,
    passedOver: Object.fromEntries(reader.passedOver),
  };
}

/**
 * Reads `bytes` with the value tape on or off (restoring the switch after): through `readX12Bytes` (64 KiB chunks)
 * when `chunk` is undefined, otherwise fed `chunk` bytes at a time.
 */
export function readWithTape(
  bytes: Uint8Array,
  tape: boolean,
  chunk?: number,
  hook?: (seg: SegmentView) => void,
): X12ReadResult {
  const was = valueTapeEnabled();
  setValueTape(tape);
  try {
    return chunk === undefined && hook === undefined
      ? readX12Bytes(bytes)
      : readInChunks(bytes, chunk ?? 1 << 16, hook);
  } finally {
    setValueTape(was);
  }
}

const show = (v: unknown): string => {
  if (v === undefined) return 'undefined';
  const s = JSON.stringify(v);
  return s.length > 600 ? `${s.substring(0, 600)}…` : s;
};

/** Where two results first differ ("claims[2].lines[0].units: 1.5 vs 15"), or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return `${path || '(root)'}: ${show(a)} vs ${show(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: ${show(a)} vs ${show(b)}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return a.length !== b.length ? `${d} (lengths ${a.length} vs ${b.length})` : d;
    }
    return undefined;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (!(k in ra) || !(k in rb)) return `${path}.${k}: ${show(ra[k])} vs ${show(rb[k])}`;
    const d = firstDifference(ra[k], rb[k], `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return isDeepStrictEqual(a, b) ? undefined : `${path}: ${show(a)} vs ${show(b)}`;
}

/**
 * Reads `bytes` with the tape and without: the first difference (undefined when the results are the same values
 * with their keys in the same order), and the claims read.
 */
export function compareTape(bytes: Uint8Array, chunk?: number): { difference?: string; claims: number } {
  let on: X12ReadResult | Error;
  let off: X12ReadResult | Error;
  try {
    on = readWithTape(bytes, true, chunk);
  } catch (err) {
    on = err instanceof Error ? err : new Error(String(err));
  }
  try {
    off = readWithTape(bytes, false, chunk);
  } catch (err) {
    off = err instanceof Error ? err : new Error(String(err));
  }
  if (on instanceof Error || off instanceof Error) {
    const m = (x: X12ReadResult | Error): string =>
      x instanceof Error ? `threw ${x.stack ?? x.message}` : 'read';
    return on instanceof Error && off instanceof Error && on.message === off.message
      ? { claims: 0 }
      : { difference: `tape on ${m(on)}; tape off ${m(off)}`, claims: 0 };
  }
  if (isDeepStrictEqual(on, off)) {
    // The same values; and the same JSON (keys in the same order), as `drugclaim read` writes them.
    const a = JSON.stringify(on);
    const b = JSON.stringify(off);
    if (a === b) return { claims: on.claims.length };
    let i = 0;
    while (a[i] === b[i]) i++;
    const around = (s: string): string => s.substring(Math.max(0, i - 120), i + 80);
    return {
      difference: `tape on vs off: the same values, in JSON keys in another order: …${around(a)}… vs …${around(b)}…`,
      claims: on.claims.length,
    };
  }
  return {
    difference: `tape on vs off: ${firstDifference(on, off) ?? '(deep difference)'}`,
    claims: on.claims.length,
  };
}

/** `compareTape`'s difference: undefined when reading with and without the tape gives the same result. */
export function tapeDifference(bytes: Uint8Array, chunk?: number): string | undefined {
  return compareTape(bytes, chunk).difference;
}

// ---------------------------------------------------------------------------------------------------------------
// An X12 text as segments

/** A text cut at its segment terminator: each part is leading blanks and line breaks, then the segment. */
export interface Layout {
  elem: string;
  comp: string;
  term: string;
  parts: string[];
}

const leadOf = (part: string): string => /^[\s\0]*/.exec(part)?.[0] ?? '';

/** The delimiters of the first ISA (or guessed for a file without one) and the text cut at the terminator. */
export function layoutOf(text: string): Layout | undefined {
  const isa = text.indexOf('ISA');
  let elem: string | undefined;
  let comp: string | undefined = ':';
  let term: string | undefined;
  if (isa !== -1 && isa < 8) {
    elem = text[isa + 3];
    let i = isa + 3;
    for (let k = 0; i < text.length && k < 16; i++) if (text[i] === elem) k++;
    comp = text[i];
    term = text[i + 1];
  } else {
    elem = /^[\s\uFEFF\u00EF\u00BB\u00BF]*[A-Z0-9]{2,3}([^A-Za-z0-9\s])/.exec(text)?.[1];
    term = text.includes('~') ? '~' : '\n';
  }
  if (elem === undefined || comp === undefined || term === undefined || elem === term) return undefined;
  return { elem, comp, term, parts: text.split(term) };
}

/** Indexes of the parts that hold a segment (not blanks only). */
function segmentParts(layout: Layout): number[] {
  const out: number[] = [];
  layout.parts.forEach((p, i) => {
    if (p.length > leadOf(p).length) out.push(i);
  });
  return out;
}

const idOf = (layout: Layout, part: string): string =>
  part.substring(leadOf(part).length).split(layout.elem)[0] ?? '';

// ---------------------------------------------------------------------------------------------------------------
// Mutations

type Random = () => number;
const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
const int = (r: Random, from: number, to: number): number => from + Math.floor(r() * (to - from + 1));
const digits = (r: Random, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(int(r, 0, 9));
  return s;
};

/** Numbers at the edges of what the readers take: signs, points, 9/10 digits, 7/8 whole digits of an amount… */
const numberPool = [
  '0',
  '00',
  '0.0',
  '0.00',
  '.5',
  '5.',
  '1.',
  '.',
  '1.2.3',
  '1.234',
  '1.23',
  '12.5',
  '-1',
  '-0',
  '+1',
  '+0',
  '-',
  '+',
  '1e2',
  '1E2',
  ' 1',
  '1 ',
  '0x1A',
  'Infinity',
  'NaN',
  '9999999',
  '9999999.99',
  '9999999.9',
  '10000000',
  '99999999.99',
  '123456789',
  '12345678.9',
  '1234567.89',
  '1234567890',
  '999999999',
  '1000000000',
  '2147483647',
  '2147483648',
  '4294967296',
  '0.000000001',
  '0.0000000001',
  '000000001',
  '0000000001',
  '1.50000000',
  '1.500000000',
  '-0.5',
  '1,5',
  '1-',
  '--1',
  '99999999999999999999',
  '123456789012345',
  '1234567890123456',
  '1.5\u00e9',
  '\u0663',
];

const datePool = [
  '20240230',
  '18000101',
  '17991231',
  '18991231',
  '20241301',
  '20240001',
  '20240100',
  '20240132',
  '00000000',
  '99991231',
  '20000229',
  '19000229',
  '20240229',
  '20230229',
  '21000229',
  '24000229',
  '20240431',
  '20241231',
  '2024010',
  '202401011',
  '2024-01-01',
  '20240101-20240102',
  '20240102-20240101',
  '202401011200',
  '2024O101',
  '2024 101',
  '-2024010',
  '+2024010',
  '2024.101',
];

/** Codes and their neighbours: what a typo, a wrong code list or another version would send instead. */
const neighbours: Record<string, readonly string[]> = {
  HC: ['ER', 'IV', 'XX', 'WK', 'HP', 'hc', 'Hc', 'H', 'HCX', 'C', 'N4', ' HC', 'HC '],
  D8: ['RD8', 'DT', 'D9', 'd8', 'D', 'D88', '8', 'D8 '],
  RD8: ['D8', 'RD', 'rd8', 'DT'],
  DT: ['D8', 'RD8'],
  N4: ['N5', 'N', 'n4', 'EN', 'UP', 'N44', '4', 'HC'],
  UN: ['MJ', 'ML', 'ZZ', 'un', 'U', 'UNN', 'DA', 'F2', 'GR', 'ME', 'Un', 'UN '],
  MJ: ['UN', 'MI', 'mj', 'M', 'MJJ'],
  ML: ['ME', 'MJ', 'UN', 'ml', 'M', 'MLL'],
  ME: ['ML', 'GR', 'me', 'MG'],
  GR: ['ME', 'GM', 'gr'],
  F2: ['F3', 'f2', 'F', 'UN', 'F22'],
  DA: ['UN', 'DY'],
  '472': ['471', '473', '434', '435', '0472', '47', '4720', '454', '573', '431'],
  '434': ['472', '435'],
  ABK: ['ABF', 'BK', 'abk', 'ABX', 'APR', 'ABJ'],
  ABF: ['ABK', 'BF', 'abf', 'ABN'],
  BK: ['ABK', 'BF'],
  MI: ['II', 'mi', 'M'],
  IL: ['QC', 'PR', '85', 'il'],
  PR: ['IL', 'PE', 'pr'],
  '85': ['82', '87', '77', 'DN'],
  '82': ['85', 'DK'],
  '22': ['20', '23'],
  '20': ['22'],
  '23': ['22'],
  P: ['S', 'T', 'p'],
  S: ['P'],
  Y: ['N', 'y', 'W'],
  N: ['Y'],
  XX: ['24', '34', 'xx'],
  '11': ['12', '1', '011', '99'],
  '6R': ['G1', '9F'],
  G1: ['9F', 'EI'],
  ADD: ['CER', 'DCP', 'add'],
  A: ['B', 'a', 'AA'],
  B: ['A', 'b', 'BB'],
  M: ['F', 'U', 'm', 'X'],
  F: ['M', 'f', 'U'],
  U: ['M', 'u', 'X'],
};

/** A code one step away: a neighbour from the table, or a character changed, lowered, dropped or doubled. */
function neighbour(r: Random, code: string): string {
  const known = Object.hasOwn(neighbours, code) ? neighbours[code] : undefined;
  if (known !== undefined && r() < 0.8) return pick(r, known);
  if (code === '') return pick(r, ['HC', 'UN', 'D8', 'N4', 'A']);
  const i = int(r, 0, code.length - 1);
  const c = code.charCodeAt(i);
  switch (int(r, 0, 3)) {
    case 0:
      return (
        code.substring(0, i) +
        String.fromCharCode(c >= 90 || c === 57 ? c - 1 : c + 1) +
        code.substring(i + 1)
      );
    case 1:
      return code.toLowerCase();
    case 2:
      return code.substring(0, code.length - 1);
    default:
      return code + code.substring(code.length - 1);
  }
}

/** One mutation of a segment's elements: its new text, and a name for the label. */
function mutateSegment(r: Random, layout: Layout, body: string): [string, string] {
  const { elem, comp } = layout;
  const elements = body.split(elem);
  const n = elements.length - 1; // elements after the id
  if (n === 0) return [body + elem + pick(r, numberPool), 'extra-element'];
  const k = int(r, 1, n);
  const el = elements[k] as string;
  const comps = el.split(comp);
  const m = int(r, 0, comps.length - 1);
  const set = (value: string): string => {
    const out = elements.slice();
    out[k] = value;
    return out.join(elem);
  };
  const setComponent = (value: string): string => {
    const out = comps.slice();
    out[m] = value;
    return set(out.join(comp));
  };
  const target = comps.length > 1 && r() < 0.5 ? 'component' : 'element';
  const value = target === 'component' ? (comps[m] as string) : el;
  const put = target === 'component' ? setComponent : set;
  const at = `${String(k).padStart(2, '0')}${target === 'component' ? `-${m + 1}` : ''}`;
  const kind = int(r, 0, 23);
  switch (kind) {
    case 0:
      return [put(''), `empty ${at}`];
    case 1: {
      if (comps.length < 2) return [set(''), `empty ${at}`];
      const j = int(r, 1, comps.length - 1);
      return [
        set(comps.slice(0, j).join(comp) + comps.slice(j).join(comp)),
        `drop component separator ${at}`,
      ];
    }
    case 2: {
      const i = int(r, 0, el.length);
      return [set(el.substring(0, i) + comp + el.substring(i)), `add component separator ${at}`];
    }
    case 3:
      return [set(el + comp), `trailing component separator ${at}`];
    case 4:
      return [body + elem, 'trailing element separator'];
    case 5:
      return [
        body + elem + pick(r, [...numberPool.slice(0, 12), 'X', 'HC', 'UN', '1', 'Y', '20240101']),
        'extra element',
      ];
    case 6: {
      const out = elements.slice();
      out.splice(k, 0, pick(r, ['', 'X', '1', 'HC', 'UN']));
      return [out.join(elem), `insert element before ${at}`];
    }
    case 7: {
      const out = elements.slice();
      out.splice(k, 1);
      return [out.join(elem), `remove element ${at}`];
    }
    case 8: {
      const places = [...value].flatMap((c, i) => (c >= '0' && c <= '9' ? [i] : []));
      if (places.length === 0) return [put(pick(r, numberPool)), `number ${at}`];
      const i = pick(r, places);
      const by = pick(r, ['A', 'O', 'l', 'x', ' ', '-', '+', '.', ',', '0', '9', comp, '\u00e9']);
      return [
        put(value.substring(0, i) + by + value.substring(i + 1)),
        `digit → ${JSON.stringify(by)} ${at}`,
      ];
    }
    case 9:
      return [put(pick(r, ['0', '00', '0000000000']) + value), `leading zero ${at}`];
    case 10: {
      const n = int(r, 10, 20);
      const long = digits(r, n);
      const p = r() < 0.3 ? int(r, 1, n - 1) : -1;
      return [put(p < 0 ? long : `${long.substring(0, p)}.${long.substring(p)}`), `long number ${at}`];
    }
    case 11: {
      const v = value === '' ? '1' : value;
      const i = int(r, 0, v.length);
      const odd = pick(r, [
        `${v}.`,
        `.${v}`,
        `${v}.0.0`,
        `${v}.234`,
        `${v}.2`,
        `${v}.25`,
        `${v}.00`,
        `${v}.000`,
        v.substring(0, i) + '.' + v.substring(i),
        `-${v}`,
        `+${v}`,
        `${v}0`,
        `${v}${digits(r, int(r, 1, 4))}`,
      ]);
      return [put(odd), `decimal ${at}`];
    }
    case 12:
    case 13:
      return [put(pick(r, numberPool)), `number ${at}`];
    case 14:
    case 15:
      return [put(neighbour(r, value)), `neighbour code ${at}`];
    case 16: {
      const letters = [...value].flatMap((c, i) => (c >= 'A' && c <= 'Z' ? [i] : []));
      if (letters.length === 0) return [put(value.toLowerCase() + 'a'), `lower case ${at}`];
      const i = pick(r, letters);
      return [
        put(value.substring(0, i) + value.charAt(i).toLowerCase() + value.substring(i + 1)),
        `lower case ${at}`,
      ];
    }
    case 17:
      return [put(pick(r, datePool)), `date ${at}`];
    case 18: {
      const i = int(r, 0, body.length);
      const blank = pick(r, ['\n', '\r\n', ' ', '\t', '\r', '\n\n', '\0']);
      return [body.substring(0, i) + blank + body.substring(i), `${JSON.stringify(blank)} inside at ${i}`];
    }
    case 19:
      return [body + pick(r, [' ', '  ', '\t', '\r']), 'blank before terminator'];
    case 20: {
      // Several modifiers, pointers or a description in a composite.
      const extra = Array.from({ length: int(r, 1, 5) }, () =>
        pick(r, ['JZ', 'JW', '25', '59', 'XE', '1', '2', '13', '0', 'DESCRIPTION', '']),
      );
      return [set([el, ...extra].join(comp)), `more components ${at}`];
    }
    case 22:
    case 23: {
      // The segment id: another kind, a typo, lower case, a blank, another length (the scanner's own checks).
      const id = pick(r, [
        neighbour(r, elements[0] as string),
        (elements[0] as string).toLowerCase(),
        ` ${elements[0] as string}`,
        `${elements[0] as string} `,
        pick(r, [
          'SV1',
          'SV2',
          'DTP',
          'CTP',
          'LIN',
          'CLM',
          'HI',
          'DMG',
          'NM1',
          'LX',
          'HL',
          'REF',
          'ZZZ',
          'S',
          'SV1X',
        ]),
        pick(r, ['ISA', 'IEA', 'GS', 'GE', 'ST', 'SE', 'IS', 'Sv1', 'S V', '\u00c9V1', '1', 'S\u0000V']),
      ]);
      const out = elements.slice();
      out[0] = id;
      return [out.join(elem), 'segment id'];
    }
    default: {
      const i = int(r, 0, value.length);
      const ch = pick(r, ['A', '0', ' ', '-', '.', '^', '~', '*', ':', '>', '|', '\u00ff']);
      return [put(value.substring(0, i) + ch + value.substring(i)), `insert ${JSON.stringify(ch)} ${at}`];
    }
  }
}

/** Segment kinds the tape reads now (`TapeOp`'s names start with them): weighted most. */
export const tapeReadsNow: readonly string[] = [
  ...new Set(Object.keys(TapeOp).map((k) => k.split('_')[0] ?? k)),
];

/**
 * The segment to mutate: mostly one of `ids`, and of those most often a kind the tape reads now (a kind first, then
 * one of its segments, or any of them).
 */
function pickPart(
  r: Random,
  layout: Layout,
  ids: readonly string[],
  near?: readonly number[],
): number | undefined {
  const all = near ?? segmentParts(layout);
  if (all.length === 0) return undefined;
  if (r() < 0.85) {
    const idAt = (i: number): string => idOf(layout, layout.parts[i] as string);
    const now = r() < 0.5 ? all.filter((i) => tapeReadsNow.includes(idAt(i))) : [];
    const focus = now.length > 0 ? now : all.filter((i) => ids.includes(idAt(i)));
    if (focus.length > 0) {
      if (r() < 0.5) return pick(r, focus);
      const kind = pick(r, [...new Set(focus.map(idAt))]);
      return pick(
        r,
        focus.filter((i) => idAt(i) === kind),
      );
    }
  }
  return pick(r, all);
}

const quote = (s: string): string => JSON.stringify(s.length > 160 ? `${s.substring(0, 160)}…` : s);

/** One mutation of the text cut in `layout` (changed in place); its label shows the segment before and after. */
export function mutateLayout(
  r: Random,
  layout: Layout,
  ids: readonly string[] = tapeSegmentIds,
  near?: readonly number[],
): string {
  const parts = layout.parts;
  const i = pickPart(r, layout, ids, near);
  if (i === undefined) return 'no segment';
  const part = parts[i] as string;
  const lead = leadOf(part);
  const body = part.substring(lead.length);
  const where = `${idOf(layout, part)} (part ${i})`;
  const kind = r();
  if (kind < 0.7) {
    const [next, name] = mutateSegment(r, layout, body);
    parts[i] = lead + next;
    return `${name}: ${quote(body)} → ${quote(next)}`;
  }
  if (kind < 0.76) {
    const j = Math.max(0, Math.min(parts.length - 2, i + pick(r, [-3, -2, -1, 1, 1, 1, 2, 3])));
    const other = parts[j] as string;
    parts[i] = leadOf(part) + other.substring(leadOf(other).length);
    parts[j] = leadOf(other) + body;
    return `swap ${where} with part ${j}: ${quote(body)} ⇄ ${quote(other.trim())}`;
  }
  if (kind < 0.82) {
    parts.splice(i, 0, part);
    return `duplicate ${where}: ${quote(body)}`;
  }
  if (kind < 0.88) {
    parts.splice(i, 1);
    return `delete ${where}: ${quote(body)}`;
  }
  if (kind < 0.93) {
    const blank = pick(r, ['\n', '\r\n', ' ', '\t', '\n\n', '\r', '  \r\n']);
    parts[i] = lead + blank + body;
    return `${JSON.stringify(blank)} before ${where}: ${quote(body)}`;
  }
  if (kind < 0.97) {
    // An element copied from another segment of the same kind (a value the tape reads, in another place).
    const id = idOf(layout, part);
    const same = segmentParts(layout).filter((j) => j !== i && idOf(layout, parts[j] as string) === id);
    if (same.length > 0) {
      const other = (parts[pick(r, same)] as string).trim().split(layout.elem);
      const mine = body.split(layout.elem);
      const k = int(r, 1, Math.max(1, Math.min(mine.length, other.length) - 1));
      mine[k] = other[k] ?? '';
      const next = mine.join(layout.elem);
      parts[i] = lead + next;
      return `element ${k} from another ${id}: ${quote(body)} → ${quote(next)}`;
    }
    const [next, name] = mutateSegment(r, layout, body);
    parts[i] = lead + next;
    return `${name}: ${quote(body)} → ${quote(next)}`;
  }
  if (kind < 0.972) {
    // More elements than the scanner keeps separator positions for (65,535).
    const next = body + layout.elem.repeat(int(r, 65530, 66000)) + 'X';
    parts[i] = lead + next;
    return `${next.length - body.length - 1} more element separators after ${where}: ${quote(body)}`;
  }
  if (kind < 0.985) {
    // Many tiny segments: more segments in a window than the tape has records for.
    const times = int(r, 500, 12000);
    const tiny = pick(r, ['ZZ', `LQ${layout.elem}1`, 'X1']);
    parts.splice(i, 0, ...Array.from({ length: times }, () => tiny));
    return `${times} × ${quote(tiny)} before ${where}`;
  }
  // Another component separator: in ISA16 and every composite, or in ISA16 alone.
  const to = pick(r, ['>', '^', '.', '-', '!', '@', '&', '\\', '|', '#', '+', '/', '\u001f', '{']);
  const everywhere = r() < 0.7;
  const isa = parts.findIndex((p) => p.trimStart().startsWith('ISA'));
  if (to === layout.elem || to === layout.term || isa === -1) return 'component separator unchanged';
  for (let j = 0; j < parts.length; j++) {
    const p = parts[j] as string;
    if (j === isa) parts[j] = p.substring(0, p.length - 1) + to;
    else if (everywhere) parts[j] = p.split(layout.comp).join(to);
  }
  layout.comp = everywhere ? to : layout.comp;
  return `component separator ${JSON.stringify(to)}${everywhere ? '' : ' in ISA16 only'}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Sources: samples, slices of the synthetic 837P, generated interchanges

export interface TapeSource {
  name: string;
  text: string;
}

/** The synthetic 837P cut into its header, claims (from each 2000B HL) and trailer. */
export interface SyntheticParts {
  term: string;
  header: string[];
  claims: string[][];
  trailer: string[];
}

export interface TapeCorpus {
  samples: TapeSource[];
  /** Samples too big for every case (the 369 KB 837P), and the whole synthetic file. */
  large: TapeSource[];
  synthetic: SyntheticParts;
}

/** Delimiters of a generated interchange, and what follows each terminator. */
export interface GeneratedDelimiters {
  elem: string;
  comp: string;
  rep: string;
  term: string;
  eol: string;
}

export const generatedDelimiters: readonly GeneratedDelimiters[] = [
  { elem: '*', comp: ':', rep: '^', term: '~', eol: '\n' },
  { elem: '*', comp: '>', rep: '^', term: '~', eol: '' },
  { elem: '|', comp: '^', rep: '{', term: '~', eol: '\r\n' },
  { elem: '*', comp: ':', rep: '^', term: '\n', eol: '' },
  { elem: '*', comp: '.', rep: '^', term: '~', eol: '\n' },
  { elem: '\u001d', comp: '\u001f', rep: '\u001e', term: '\u001c', eol: '' },
  { elem: '!', comp: '@', rep: '^', term: "'", eol: '\n' },
];

/** Cuts the synthetic 837P (one interchange, one transaction set) into header, claims and trailer. */
export function syntheticParts(text: string): SyntheticParts {
  const layout = layoutOf(text);
  if (!layout) throw new Error('the synthetic 837P has no ISA');
  const segs = layout.parts.map((p) => p.trim()).filter((p) => p !== '');
  const starts = segs.flatMap((s, i) => (/^HL\*\d+\*\d*\*22\*/.test(s) ? [i] : []));
  const first = starts[0] ?? segs.length - 3;
  const trailerAt = segs.length - 3;
  const claims: string[][] = [];
  for (let c = 0; c < starts.length; c++)
    claims.push(segs.slice(starts[c] as number, (starts[c + 1] as number | undefined) ?? trailerAt));
  return { term: layout.term, header: segs.slice(0, first), claims, trailer: segs.slice(trailerAt) };
}

/** The synthetic header, claims from..from+count and trailer, with SE01 counting the segments. */
export function syntheticSlice(parts: SyntheticParts, from: number, count: number): string {
  const body = [...parts.header, ...parts.claims.slice(from, from + count).flat()];
  const st = body.findIndex((s) => s.startsWith('ST*'));
  const [se, ...rest] = parts.trailer;
  const fixed = (se ?? 'SE*0*0001').replace(/^SE\*\d+/, `SE*${body.length - st + 1}`);
  return [...body, fixed, ...rest].map((s) => `${s}${parts.term}\n`).join('');
}

const lastNames = ['SMITH', 'NGUYEN', 'OBRIEN', 'GARCIA-LOPEZ', 'LEE', 'DE LA CRUZ'];
const firstNames = ['MARY', 'JOSE', 'ANN', 'LI', 'JEAN PAUL'];
const jcodes = ['J9355', 'J9271', 'J1745', 'J2505', 'J3301', 'J0897', '96413', '96365', 'Q5107', 'J7050'];
const modifierPool = ['JZ', 'JW', '25', '59', 'XE', 'GA', 'KX', 'JG', 'TB', 'RT'];
const ctpUnitPool = ['F2', 'GR', 'ME', 'ML', 'UN'];
const ndcs = ['00069008101', '00006302602', '55513019001', '57894003001', '50242005121', '00026063512'];

/** A valid CCYYMMDD, often one at an edge (a leap day, a month's last day, 1800-01-01). */
function randomDate(r: Random): string {
  if (r() < 0.3)
    return pick(r, [
      '20240229',
      '20000229',
      '19960229',
      '20241231',
      '20250101',
      '20250131',
      '20250430',
      '20251130',
      '20250228',
      '18000101',
      '20991231',
      '19991231',
    ]);
  const y = pick(r, [2023, 2024, 2025, 2000, 1999, 1950]);
  const m = int(r, 1, 12);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number;
  return `${y}${String(m).padStart(2, '0')}${String(int(r, 1, max)).padStart(2, '0')}`;
}

/** Diagnosis codes of every length an HI sends (ICD-10-CM, and ICD-9-CM for the BK/BF qualifiers). */
const icd10 = [
  'C50911',
  'C3490',
  'Z5111',
  'C61',
  'E119',
  'T451X5A',
  'S72001A',
  'M8008XA',
  'C8338',
  'D631',
  'K5090',
];
const icd10More = ['M0579', 'Z79899', 'R69', 'A00', 'C4A0', 'C189', 'Z5112', 'O0903', 'T8089XA'];
const icd9 = ['25000', 'V5811', '1749', '4019', 'E8788', '042'];

/** An HI composite: mostly ABK/ABF with an ICD-10 code, now and then BK/BF (ICD-9) or a code in another form. */
function diagnosis(r: Random, principal: boolean, c: (...components: string[]) => string): string {
  const f = r();
  if (f < 0.1) return c(principal ? 'BK' : 'BF', pick(r, icd9));
  if (f < 0.13) return c(pick(r, ['ABJ', 'APR', 'ABN']), pick(r, icd10));
  if (f < 0.16) return c(principal ? 'ABK' : 'ABF', pick(r, ['C50.911', 'c3490', 'Z51 11']));
  return c(principal ? 'ABK' : 'ABF', pick(r, r() < 0.6 ? icd10 : icd10More));
}

/** An amount as files send it: whole, one or two decimals, up to 7 whole digits (now and then more). */
function randomAmount(r: Random): string {
  const whole = String(
    r() < 0.05 ? int(r, 10_000_000, 99_999_999) : r() < 0.1 ? int(r, 1, 9_999_999) : int(r, 0, 5000),
  );
  const f = r();
  return f < 0.5 ? whole : f < 0.7 ? `${whole}.${int(r, 0, 9)}` : `${whole}.${digits(r, 2)}`;
}

/** A quantity: whole or decimal, up to 9 digits in all (now and then more). */
function randomQuantity(r: Random): string {
  const f = r();
  if (f < 0.45) return String(int(r, 1, 999));
  if (f < 0.6) return `${int(r, 0, 99)}.${digits(r, int(r, 1, 3))}`;
  if (f < 0.7) return `${digits(r, int(r, 1, 6))}.${digits(r, int(r, 1, 9 - 6))}`;
  if (f < 0.8) return digits(r, 9);
  if (f < 0.85) return `${digits(r, int(r, 1, 8))}.${digits(r, int(r, 1, 6))}`;
  if (f < 0.9) return String(int(r, 1, 99)).padStart(int(r, 3, 9), '0');
  return `${int(r, 1, 9)}.${'0'.repeat(int(r, 1, 8))}`;
}

/**
 * A generated 837P (or 837I) interchange with `claims` claims: the values the tape reads in all their valid forms
 * (modifiers, decimals, units, places of service, pointers, NDC units, D8 and RD8 dates) and the claim-level
 * segments (CLM, HI, NM1, DMG, N3, N4, REF, SBR, NTE, PAT, PER, PRV, DTP), in the given delimiters.
 */
export function generatedInterchange(r: Random, claims: number, d: GeneratedDelimiters, control = 1): string {
  const institutional = r() < 0.2;
  const version = institutional ? '005010X223A2' : '005010X222A1';
  const segs: string[] = [];
  const seg = (...elements: string[]): void => {
    segs.push(elements.join(d.elem));
  };
  const c = (...components: string[]): string => components.join(d.comp);
  const ctl = String(control).padStart(9, '0');
  seg('GS', 'HC', 'SENDER', 'RECEIVER', '20250301', '1200', String(control), 'X', version);
  const st = segs.length;
  seg('ST', '837', '0001', version);
  seg('BHT', '0019', '00', `B${control}`, '20250301', '1200', 'CH');
  seg('NM1', '41', '2', 'SUBMITTER', '', '', '', '', '46', 'S123');
  seg('PER', 'IC', 'BILLING', 'TE', '5555550100', ...(r() < 0.3 ? ['EX', '12'] : []));
  seg('NM1', '40', '2', 'RECEIVER', '', '', '', '', '46', 'R123');
  seg('HL', '1', '', '20', '1');
  if (r() < 0.7) seg('PRV', 'BI', 'PXC', '261QX0203X');
  seg('NM1', '85', '2', 'INFUSION CENTER', '', '', '', '', 'XX', '1234567893');
  seg('N3', '100 MEDICAL PLAZA', ...(r() < 0.3 ? ['SUITE 4'] : []));
  seg('N4', 'SPRINGFIELD', 'IL', pick(r, ['62701', '627010001']));
  seg('REF', 'EI', '371234567');
  for (let i = 0; i < claims; i++) {
    const hl = String(i + 2);
    seg('HL', hl, '1', '22', '0');
    seg(
      'SBR',
      pick(r, ['P', 'S', 'T']),
      '18',
      r() < 0.5 ? `GRP${int(r, 1000, 9999)}` : '',
      '',
      '',
      '',
      '',
      '',
      pick(r, ['MB', 'CI', 'MC']),
    );
    if (r() < 0.3) seg('PAT', '', '', '', '', '', '', '01', String(int(r, 90, 300)));
    seg(
      'NM1',
      'IL',
      '1',
      pick(r, lastNames),
      pick(r, firstNames),
      pick(r, ['', 'R']),
      '',
      '',
      'MI',
      `M${digits(r, 8)}`,
    );
    seg('N3', `${int(r, 1, 9999)} OAK ST`);
    seg('N4', 'SPRINGFIELD', 'IL', `627${digits(r, 2)}`);
    seg('DMG', 'D8', randomDate(r), pick(r, ['F', 'M', 'U']));
    seg('NM1', 'PR', '2', 'PAYER', '', '', '', '', 'PI', String(int(r, 10000, 99999)));
    const lines = int(r, 1, 4);
    const diagnoses = int(r, 1, 12);
    seg(
      'CLM',
      `PCN${control}X${i}`,
      randomAmount(r),
      '',
      '',
      c(institutional ? '13' : '11', 'B', '1'),
      'Y',
      'A',
      'Y',
      'Y',
    );
    if (institutional) seg('DTP', '434', 'RD8', `${randomDate(r)}-${randomDate(r)}`);
    else if (r() < 0.3) seg('DTP', pick(r, ['431', '454', '304']), 'D8', randomDate(r));
    if (institutional) seg('CL1', '1', '1', '01');
    if (r() < 0.5) seg('REF', pick(r, ['G1', 'F8', 'EA']), `R${digits(r, 6)}`);
    if (r() < 0.4) seg('NTE', 'ADD', pick(r, ['DOSE 150MG', 'WASTE 10MG', 'NOTE']));
    const hi = [diagnosis(r, true, c)];
    for (let k = 1; k < diagnoses; k++) hi.push(diagnosis(r, false, c));
    // Up to 12 in one HI, or in two (the second's positions continue the first's).
    const split = diagnoses > 1 && r() < 0.25 ? int(r, 1, diagnoses - 1) : diagnoses;
    seg('HI', ...hi.slice(0, split));
    if (split < diagnoses) seg('HI', ...hi.slice(split));
    if (r() < 0.1) seg('HI', c('BG', pick(r, ['01', 'P1'])));
    if (r() < 0.4) {
      seg('NM1', '82', '1', pick(r, lastNames), pick(r, firstNames), '', '', '', 'XX', '1122334455');
      seg('PRV', 'PE', 'PXC', '207RH0003X');
    }
    for (let l = 1; l <= lines; l++) {
      seg('LX', String(l));
      const mods = Array.from({ length: r() < 0.5 ? 0 : int(r, 1, 4) }, () => pick(r, modifierPool));
      const procedure = c('HC', pick(r, jcodes), ...mods);
      const pointerCount = int(r, 1, Math.min(4, diagnoses));
      const pointers: number[] = [];
      while (pointers.length < pointerCount) {
        const p = int(r, 1, diagnoses);
        if (!pointers.includes(p)) pointers.push(p);
      }
      if (institutional)
        seg(
          'SV2',
          pick(r, ['0636', '0250', '0510']),
          procedure,
          randomAmount(r),
          pick(r, ['UN', 'DA']),
          randomQuantity(r),
        );
      else {
        const sv1 = [
          'SV1',
          procedure,
          randomAmount(r),
          r() < 0.85 ? 'UN' : 'MJ',
          randomQuantity(r),
          r() < 0.5 ? '' : pick(r, ['11', '22', '19', '12']),
          '',
          c(...pointers.map((p) => (r() < 0.1 ? String(p).padStart(2, '0') : String(p)))),
        ];
        if (r() < 0.15) sv1.push('', pick(r, ['Y', 'N', '']));
        seg(...sv1);
      }
      if (r() < 0.85) seg('DTP', '472', 'D8', randomDate(r));
      else seg('DTP', '472', 'RD8', `${randomDate(r)}-${randomDate(r)}`);
      if (r() < 0.2) seg('AMT', 'T', randomAmount(r));
      if (r() < 0.3) seg('NTE', 'ADD', `DOSE ${int(r, 1, 900)}MG`);
      if (r() < 0.6) {
        seg('LIN', '', 'N4', pick(r, ndcs));
        const unit = pick(r, ctpUnitPool);
        seg('CTP', '', '', '', randomQuantity(r), r() < 0.1 ? c(unit, '2') : unit);
        if (r() < 0.2) seg('REF', 'XZ', `RX${digits(r, 6)}`);
      }
    }
  }
  seg('SE', String(segs.length - st + 1), '0001');
  seg('GE', '1', String(control));
  seg('IEA', '1', ctl);
  const isa = [
    'ISA',
    '00',
    '          ',
    '00',
    '          ',
    'ZZ',
    'SUBMITTER      ',
    'ZZ',
    'RECEIVER       ',
    '250301',
    '1200',
    d.rep,
    '00501',
    ctl,
    '0',
    'P',
    d.comp,
  ].join(d.elem);
  return [isa, ...segs].map((s) => `${s}${d.term}${d.eol}`).join('');
}

/** The corpus: the shared X12 samples (the test fails without ../shared) and the bench's 2,000-claim 837P. */
export async function loadTapeCorpus(): Promise<TapeCorpus> {
  const dir = x12SamplesDir();
  const samples: TapeSource[] = [];
  const large: TapeSource[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.md')) continue;
    const text = readFileSync(join(dir, name), 'latin1');
    (text.length > 64 * 1024 ? large : samples).push({ name, text });
  }
  const synthetic = readFileSync(await syntheticX12(2000), 'latin1');
  large.push({ name: 'synthetic 837P (2,000 claims)', text: synthetic });
  return { samples, large, synthetic: syntheticParts(synthetic) };
}

// ---------------------------------------------------------------------------------------------------------------
// Cases

export interface TapeCase {
  seed: number;
  source: string;
  mutations: string[];
  bytes: Uint8Array;
  /** Fed this many bytes at a time; undefined: `readX12Bytes` (64 KiB). */
  chunk?: number;
}

/** The parts that lie within 200 bytes of a 64 KiB boundary (where the reader's windows end). */
function partsNearBoundaries(layout: Layout): number[] {
  const out: number[] = [];
  let offset = 0;
  for (let i = 0; i < layout.parts.length; i++) {
    const end = offset + (layout.parts[i] as string).length + layout.term.length;
    const boundary = Math.round(end / (1 << 16)) * (1 << 16);
    if (boundary > 0 && end >= boundary - 200 && offset <= boundary + 200) out.push(i);
    offset = end;
  }
  return out;
}

/**
 * The case for one seed (deterministic for a corpus): a source, 1–3 mutations, now and then another interchange
 * after it (delimiters that change mid-window), and how the bytes are fed. `large`: a large input (over 200 KB,
 * several 64 KiB windows) mutated near its window boundaries.
 */
export function makeTapeCase(
  seed: number,
  corpus: TapeCorpus,
  options: { large?: boolean; ids?: readonly string[] } = {},
): TapeCase {
  const r = mulberry32(seed);
  const ids = options.ids ?? tapeSegmentIds;
  let source: string;
  let text: string;
  const large = options.large ?? false;
  if (large) {
    const s = pick(r, corpus.large);
    source = s.name;
    text = s.text;
  } else {
    const kind = r();
    if (kind < 0.35) {
      const s = pick(
        r,
        corpus.samples.filter((x) => x.name.includes('837')),
      );
      source = s.name;
      text = s.text;
    } else if (kind < 0.4) {
      const s = pick(r, corpus.samples);
      source = s.name;
      text = s.text;
    } else if (kind < 0.75) {
      const count = int(r, 1, 4);
      const from = int(r, 0, corpus.synthetic.claims.length - count);
      source = `synthetic claims ${from}–${from + count - 1}`;
      text = syntheticSlice(corpus.synthetic, from, count);
    } else {
      const d = pick(r, generatedDelimiters);
      const claims = int(r, 1, 3);
      const gen = int(r, 0, 2 ** 31);
      source = `generated 837 (seed ${gen}, ${claims} claims, delimiters ${JSON.stringify(d)})`;
      text = generatedInterchange(mulberry32(gen), claims, d);
    }
  }
  const mutations: string[] = [];
  const layout = layoutOf(text);
  if (layout) {
    const n = r() < 0.6 ? 1 : r() < 0.6 ? 2 : 3;
    const near = large ? partsNearBoundaries(layout) : undefined;
    for (let i = 0; i < n; i++) mutations.push(mutateLayout(r, layout, ids, near));
    text = layout.parts.join(layout.term);
  } else mutations.push('no layout: read as is');
  if (!large && r() < 0.12) {
    const d = pick(r, generatedDelimiters);
    const gen = int(r, 0, 2 ** 31);
    text += generatedInterchange(mulberry32(gen), int(r, 1, 2), d, 2);
    mutations.push(`then a generated interchange (seed ${gen}, delimiters ${JSON.stringify(d)})`);
  }
  const bytes = Buffer.from(text, 'latin1');
  const c: TapeCase = { seed, source, mutations, bytes };
  const feed = r();
  if (large) {
    if (feed < 0.5)
      c.chunk = pick(r, [(1 << 16) - int(r, 1, 300), (1 << 16) + int(r, 1, 300), int(r, 3000, 40000)]);
  } else if (feed < 0.3)
    // Tiny chunks only for small inputs: a long segment fed a few bytes at a time is copied again at each one.
    c.chunk = r() < 0.3 && bytes.length < 1 << 15 ? int(r, 1, 40) : int(r, 41, 3000);
  return c;
}

export function describeTapeCase(c: TapeCase): string {
  return `seed ${c.seed} (${c.source}${c.chunk === undefined ? '' : `, fed ${c.chunk} bytes at a time`}): ${c.mutations.join('; ')}`;
}

/** Runs one case: `failure` (the case and the first difference) when reading with and without the tape differ. */
export function runTapeCase(c: TapeCase): { failure?: string; claims: number } {
  const { difference, claims } = compareTape(c.bytes, c.chunk);
  return difference === undefined
    ? { claims }
    : { failure: `${describeTapeCase(c)}\n  ${difference}`, claims };
}

export interface TapeFuzzReport {
  cases: number;
  /** Cases whose input was over 200 KB (every 500th case). */
  largeCases: number;
  claims: number;
  slowestMs: number;
  slowestSeed: number;
  failures: { seed: number; large: boolean; message: string }[];
}

/**
 * Runs cases seed, seed+1, … until `count` cases ran or `seconds` passed (`npm run fuzz -- --target value-tape`);
 * every 500th case a large one. Stops at the first failure when `stopOnFailure`.
 */
export function runTapeFuzz(options: {
  seed: number;
  corpus: TapeCorpus;
  count?: number;
  seconds?: number;
  stopOnFailure?: boolean;
}): TapeFuzzReport {
  const report: TapeFuzzReport = {
    cases: 0,
    largeCases: 0,
    claims: 0,
    slowestMs: 0,
    slowestSeed: options.seed,
    failures: [],
  };
  const deadline = options.seconds === undefined ? Infinity : Date.now() + options.seconds * 1000;
  const count = options.count ?? Infinity;
  for (let seed = options.seed; report.cases < count && Date.now() < deadline; seed = (seed + 1) >>> 0) {
    const large = isLargeTapeSeed(seed);
    const t0 = performance.now();
    const c = makeTapeCase(seed, options.corpus, { large });
    const { failure, claims } = runTapeCase(c);
    report.claims += claims;
    const ms = performance.now() - t0;
    if (ms > report.slowestMs) {
      report.slowestMs = ms;
      report.slowestSeed = seed;
    }
    report.cases++;
    if (large) report.largeCases++;
    if (failure !== undefined) {
      report.failures.push({ seed, large, message: failure });
      if (options.stopOnFailure) break;
    }
  }
  return report;
}

/** Whether `runTapeFuzz` makes a large case of this seed. */
export const isLargeTapeSeed = (seed: number): boolean => seed % 500 === 499;
