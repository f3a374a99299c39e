/**
 * Mutation fuzzing of the claim readers and writers, seeded and reproducible.
 *
 * The corpus is every file in ../shared/samples (X12 and FHIR). Each case takes one sample and applies a few
 * mutations chosen to hit the readers' weak spots: delimiters in the wrong places, cut or doubled segments, broken
 * ISA fields, spliced files, NUL and high bytes, line breaks, huge numbers, and for JSON structural edits (values of
 * the wrong type, missing keys). A case passes when reading does not throw, every problem carries a documented
 * code, the claims read can be written as 837/FHIR/JSON and read back without throwing, and an 837 patched as
 * `check --fix` does comes back unchanged when nothing changed.
 * Hangs are caught by the caller, which runs this in a worker with a watchdog (see worker.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { claimIoCodes } from '../../src/adapters/claim-files/codes.ts';
import { readClaimBytes, writeClaimFile, writeFixedClaimFile } from '../../src/adapters/claim-files/index.ts';
import type { Claim } from '../../src/core/claim/model.ts';
import { fhirSamplesDir, x12SamplesDir } from '../support/shared.ts';
import { mulberry32 } from '../support/random.ts';

export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
  json: boolean;
}

export interface FuzzCase {
  seed: number;
  source: string;
  mutations: string[];
  bytes: Uint8Array;
}

export interface FuzzReport {
  cases: number;
  problems: number;
  claims: number;
  remittances: number;
  /** Slowest case, for the report (hangs are caught by the worker watchdog, not here). */
  slowestMs: number;
  slowestSeed: number;
  failures: { seed: number; source: string; mutations: string[]; message: string }[];
}

/** The shared samples; files over `maxBytes` are left out to keep each case fast. */
export function loadCorpus(maxBytes = 64 * 1024): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const [dir, json] of [
    [x12SamplesDir(), false],
    [fhirSamplesDir(), true],
  ] as const) {
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.md')) continue;
      const bytes = readFileSync(join(dir, name));
      if (bytes.length <= maxBytes) out.push({ name, bytes: new Uint8Array(bytes), json });
    }
  }
  return out;
}

const special = [
  '~',
  '*',
  ':',
  '^',
  '|',
  '>',
  '\r',
  '\n',
  '\r\n',
  ' ',
  '\0',
  '\u00ff',
  '\uFEFF',
  'ISA',
  'IEA*1*',
  'ST*837*',
  'SE*',
  'GS*',
  'HL*1**20*1',
  'CLM*',
  'SV1*HC:',
  'LX*',
  'LIN**N4*',
  'CTP****',
  'CLP*',
  'CAS*CO*45*',
  'SVC*HC:',
  'PLB*',
  'HI*ABK:',
  '99999999999999999999',
  '-1',
  '.',
  '1e309',
  'NaN',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

function byteMutation(
  r: () => number,
  input: Uint8Array,
  corpus: readonly CorpusFile[],
): [Uint8Array, string] {
  const b = Buffer.from(input);
  const at = (): number => Math.floor(r() * (b.length + 1));
  const kind = Math.floor(r() * 11);
  switch (kind) {
    case 0: {
      const i = Math.min(at(), b.length - 1);
      if (i >= 0) b[i] = Math.floor(r() * 256);
      return [b, `flip@${i}`];
    }
    case 1: {
      const i = at();
      const s = Buffer.from(pick(r, special), 'utf8');
      return [Buffer.concat([b.subarray(0, i), s, b.subarray(i)]), `insert@${i}`];
    }
    case 2: {
      const i = at();
      const n = Math.floor(r() * 64);
      return [Buffer.concat([b.subarray(0, i), b.subarray(i + n)]), `delete@${i}+${n}`];
    }
    case 3: {
      const i = at();
      const n = Math.floor(r() * 200);
      const times = 1 + Math.floor(r() * 20);
      const piece = b.subarray(i, i + n);
      return [
        Buffer.concat([b.subarray(0, i), ...Array.from({ length: times }, () => piece), b.subarray(i)]),
        `repeat@${i}+${n}x${times}`,
      ];
    }
    case 4:
      return [b.subarray(0, at()), 'truncate'];
    case 5: {
      const other = pick(r, corpus).bytes;
      const i = at();
      const j = Math.floor(r() * other.length);
      return [Buffer.concat([b.subarray(0, i), other.subarray(j)]), `splice@${i}`];
    }
    case 6: {
      // Swap one delimiter for another everywhere.
      const from = pick(r, ['~', '*', ':', '\n', '^']);
      const to = pick(r, ['~', '*', ':', '\n', '^', '', '|']);
      return [
        Buffer.from(b.toString('latin1').split(from).join(to), 'latin1'),
        `replace ${JSON.stringify(from)}→${JSON.stringify(to)}`,
      ];
    }
    case 7: {
      // Damage the ISA: shorten or lengthen a field near the start.
      const i = Math.floor(r() * Math.min(b.length, 110));
      return [
        r() < 0.5
          ? Buffer.concat([b.subarray(0, i), b.subarray(i + 1)])
          : Buffer.concat([b.subarray(0, i), Buffer.from(' '), b.subarray(i)]),
        `isa@${i}`,
      ];
    }
    case 8: {
      // Swap two ranges.
      const i = at();
      const j = at();
      const [x, y] = i < j ? [i, j] : [j, i];
      const n = Math.min(Math.floor(r() * 100), y - x);
      return [
        Buffer.concat([
          b.subarray(0, x),
          b.subarray(y, y + n),
          b.subarray(x + n, y),
          b.subarray(x, x + n),
          b.subarray(y + n),
        ]),
        `swap@${x},${y}+${n}`,
      ];
    }
    case 9: {
      // Re-encode as UTF-16 (with or without BOM) or prepend garbage.
      const choice = Math.floor(r() * 3);
      if (choice === 0)
        return [
          Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('latin1'), 'utf16le')]),
          'utf16le',
        ];
      if (choice === 1) return [Buffer.from(b.toString('latin1'), 'utf16le'), 'utf16le-nobom'];
      return [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), b]), 'double-bom'];
    }
    default: {
      // Numbers: replace a digit run with an extreme value.
      const text = b.toString('latin1');
      const runs = [...text.matchAll(/\d+(\.\d+)?/g)];
      if (runs.length === 0) return [b, 'numbers-none'];
      const m = pick(r, runs);
      const value = pick(r, [
        '0',
        '-0',
        '99999999999999999999',
        '1.999',
        '-123.456',
        '',
        '1.2.3',
        '0000000000000',
      ]);
      return [
        Buffer.from(text.substring(0, m.index) + value + text.substring(m.index + m[0].length), 'latin1'),
        `number@${m.index}`,
      ];
    }
  }
}

function jsonMutation(r: () => number, input: Uint8Array): [Uint8Array, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(input).toString('utf8'));
  } catch {
    return [input, 'json-unparsable'];
  }
  const paths: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        paths.push({ parent: v, key: i });
        walk(x);
      });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        paths.push({ parent: v as Record<string, unknown>, key: k });
        walk(x);
      }
    }
  };
  walk(value);
  const target = paths.length > 0 ? pick(r, paths) : undefined;
  if (!target) return [input, 'json-empty'];
  const replacement = pick(r, [
    null,
    0,
    -1,
    1e308,
    '',
    'x',
    [],
    {},
    true,
    '2025-99-99',
    { value: 'NaN' },
    [null],
    12.345678,
  ]);
  const remove = r() < 0.3;
  if (Array.isArray(target.parent)) {
    if (remove) target.parent.splice(target.key as number, 1);
    else target.parent[target.key as number] = replacement;
  } else if (remove) delete target.parent[target.key as string];
  else target.parent[target.key as string] = replacement;
  return [Buffer.from(JSON.stringify(value)), `json ${remove ? 'delete' : 'set'} ${String(target.key)}`];
}

/** Builds the case for one seed (deterministic). */
export function makeCase(seed: number, corpus: readonly CorpusFile[]): FuzzCase {
  const r = mulberry32(seed);
  const source = pick(r, corpus);
  let bytes: Uint8Array = source.bytes;
  const mutations: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const [next, label] = source.json && r() < 0.6 ? jsonMutation(r, bytes) : byteMutation(r, bytes, corpus);
    bytes = next;
    mutations.push(label);
  }
  return { seed, source: source.name, mutations, bytes };
}

const knownCodes = new Set(Object.keys(claimIoCodes));
const writeDate = new Date('2025-01-01T00:00:00Z');

/** Runs one case; throws (with the case described) when an invariant breaks. */
export function runCase(c: FuzzCase): { problems: number; claims: number; remittances: number } {
  const name = c.source.replace(/\.[^.]+$/, '') + (c.source.endsWith('.json') ? '.json' : '.txt');
  const r = readClaimBytes(name, c.bytes, { maxProblems: 200 });
  for (const p of r.problems) {
    if (!knownCodes.has(p.code)) throw new Error(`undocumented problem code ${p.code}`);
    if (typeof p.message !== 'string' || p.message === '')
      throw new Error(`problem ${p.code} without a message`);
  }
  if (r.claims.length > 0) {
    for (const format of ['x12', 'fhir', 'json'] as const) {
      const written = writeClaimFile(r.claims, format, { date: writeDate, created: '2025-01-01' });
      const back = readClaimBytes(`again.${format === 'x12' ? 'x12' : 'json'}`, Buffer.from(written.text), {
        maxProblems: 50,
      });
      if (back.claims.length !== r.claims.length)
        throw new Error(`${format}: wrote ${r.claims.length} claims, read back ${back.claims.length}`);
    }
  }
  if ((r.format === '837P' || r.format === '837I') && r.claims.length > 0) patchInvariants(c.bytes, r.claims);
  return { problems: r.problems.length, claims: r.claims.length, remittances: r.remittances.length };
}

/**
 * The 837 patcher (what `check --fix` writes): with no claim changed and diagnoses left as sent it gives back the
 * text as it was; with diagnoses cleaned (`C34.90` → `C3490`), it reads back to the same claims and diagnoses; with a
 * line changed it never throws and its output reads back to as many claims.
 */
function patchInvariants(bytes: Uint8Array, claims: readonly Claim[]): void {
  const same = writeFixedClaimFile(claims, claims, 'x12', bytes, { cleanDiagnoses: false });
  // A Latin-1 file (not valid UTF-8) comes back as Latin-1 `bytes`; the rest as the UTF-8 of `text`.
  if (same.patched && !Buffer.from(same.bytes ?? Buffer.from(same.text, 'utf8')).equals(Buffer.from(bytes)))
    throw new Error('patch: an unchanged file came back changed');
  const cleaned = writeFixedClaimFile(claims, claims, 'x12', bytes);
  if (cleaned.patched && cleaned.problems.some((p) => p.code === 'x12.write.diagnosis-rewritten')) {
    const again = readClaimBytes('cleaned.x12', cleaned.bytes ?? Buffer.from(cleaned.text), {
      maxProblems: 50,
    });
    const diagnoses = (cs: readonly Claim[]): string =>
      JSON.stringify(cs.map((c) => c.diagnoses.map((d) => d.code)));
    if (diagnoses(again.claims) !== diagnoses(claims))
      throw new Error('patch: diagnoses cleaned read back otherwise');
  }
  const at = claims.findIndex((c) => c.lines.length > 0);
  if (at === -1) return;
  const changed = structuredClone(claims[at] as Claim);
  changed.lines[0]?.procedure.modifiers.splice(0, 4, 'JZ');
  const fixed = claims.map((c, i) => (i === at ? changed : c));
  const out = writeFixedClaimFile(claims, fixed, 'x12', bytes);
  if (!out.patched) return;
  const back = readClaimBytes('patched.x12', out.bytes ?? Buffer.from(out.text), { maxProblems: 50 });
  if (back.claims.length !== claims.length)
    throw new Error(`patch: ${claims.length} claims in, ${back.claims.length} read back`);
}

/**
 * A fault planted at one seed, to prove that the harness reports what it is meant to find: `throw` (a broken
 * invariant: a failure), `hang` (an endless loop: the watchdog), `crash` (an error the runner does not catch).
 */
export interface FuzzFault {
  seed: number;
  kind: 'throw' | 'hang' | 'crash';
}

export function parseFault(text: string): FuzzFault | undefined {
  const m = /^(throw|hang|crash)@(\d+)$/.exec(text);
  return m ? { kind: m[1] as FuzzFault['kind'], seed: Number(m[2]) } : undefined;
}

/** Runs cases seed, seed+1, … until `count` cases ran or `seconds` passed. */
export function runFuzz(options: {
  seed: number;
  count?: number;
  seconds?: number;
  corpus?: CorpusFile[];
  onCase?: (seed: number) => void;
  stopOnFailure?: boolean;
  fault?: FuzzFault;
}): FuzzReport {
  const corpus = options.corpus ?? loadCorpus();
  const report: FuzzReport = {
    cases: 0,
    problems: 0,
    claims: 0,
    remittances: 0,
    slowestMs: 0,
    slowestSeed: options.seed,
    failures: [],
  };
  const deadline = options.seconds === undefined ? Infinity : Date.now() + options.seconds * 1000;
  const count = options.count ?? Infinity;
  for (let seed = options.seed; report.cases < count && Date.now() < deadline; seed = (seed + 1) >>> 0) {
    options.onCase?.(seed);
    const c = makeCase(seed, corpus);
    const t0 = performance.now();
    const fault = options.fault?.seed === seed ? options.fault.kind : undefined;
    if (fault === 'crash') throw new Error(`planted crash at seed ${seed}`);
    if (fault === 'hang') for (;;);
    try {
      if (fault === 'throw') throw new Error(`planted failure at seed ${seed}`);
      const res = runCase(c);
      report.problems += res.problems;
      report.claims += res.claims;
      report.remittances += res.remittances;
    } catch (err) {
      report.failures.push({
        seed,
        source: c.source,
        mutations: c.mutations,
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
      if (options.stopOnFailure) break;
    }
    const ms = performance.now() - t0;
    if (ms > report.slowestMs) {
      report.slowestMs = ms;
      report.slowestSeed = seed;
    }
    report.cases++;
  }
  return report;
}
