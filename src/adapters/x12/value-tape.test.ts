/**
 * The value tape (value-tape.ts, value-tape.as.ts) against the text: every input read with the tape on and off
 * gives exactly the same result (claims, remittances, problems with their positions and messages, passed-over
 * counts, transactions, segment count). Inputs: every shared X12 sample, the bench's synthetic 837P (2,000 claims,
 * over 200 KB: several 64 KiB windows) and generated interchanges in other delimiters, fed whole and in chunks of
 * odd sizes; a few thousand seeded mutations of them (test/fuzz/value-tape-mutations.ts, also run by
 * `npm run fuzz -- --target value-tape`); and one claim with each element of each segment emptied in turn.
 *
 * The segment kinds the mutations favour are `tapeSegmentIds` (below, from the mutation module): add a kind there
 * when the tape learns to read it. A failure names its seed and mutations (the segment before and after) and the
 * first value that differs; `npm run fuzz -- 1 --target value-tape --seed <seed>` replays a seed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import {
  describeTapeCase,
  firstDifference,
  generatedDelimiters,
  generatedInterchange,
  isLargeTapeSeed,
  layoutOf,
  loadTapeCorpus,
  makeTapeCase,
  readInChunks,
  readWithTape,
  runTapeCase,
  syntheticSlice,
  tapeDifference,
  tapeReadsNow,
  tapeSegmentIds,
} from '../../../test/fuzz/value-tape-mutations.ts';
import type { TapeCorpus } from '../../../test/fuzz/value-tape-mutations.ts';
import { mulberry32 } from '../../../test/support/random.ts';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import { readX12Bytes } from './index.ts';
import type { SegmentView } from './segment.ts';
import { recordSlots, setValueTape, TapeOp, TapeSlot, valueTapeEnabled } from './value-tape.ts';

/**
 * Segment kinds the mutations favour: the list is kept in the mutation module, which `npm run fuzz` shares; add a
 * kind there as the tape learns it (or here, `[...tapeSegmentIds, 'XYZ']`, for one run).
 */
const favoured: readonly string[] = tapeSegmentIds;
/** Mutated cases per run (each read twice), large ones (over 200 KB, mutated near window boundaries), first seed. */
const mutatedCases = 3000;
const largeCases = 12;
const firstSeed = 20250601;

const opName = new Map<number, string>(Object.entries(TapeOp).map(([k, v]) => [v, k]));

/** Records by op that the segments of `bytes` carried, read with the tape on or off. */
function recordsRead(bytes: Uint8Array, tape: boolean, chunk?: number): Map<string, number> {
  const seen = new Map<string, number>();
  readWithTape(bytes, tape, chunk ?? 1 << 16, (seg) => {
    const op = seg.record >= 0 ? (seg.tape[seg.record] as number) : -1;
    const name = op < 0 ? 'no record' : op === 0 ? `${seg.id} (op 0)` : (opName.get(op) ?? `op ${op}`);
    seen.set(name, (seen.get(name) ?? 0) + 1);
  });
  return seen;
}

function assertSame(bytes: Uint8Array, what: string, chunk?: number): void {
  const d = tapeDifference(bytes, chunk);
  assert.equal(d, undefined, `${what}${chunk === undefined ? '' : `, fed ${chunk} bytes at a time`}: ${d}`);
}

describe('value tape: the same results with and without it', () => {
  const wasOn = valueTapeEnabled();
  let corpus: TapeCorpus;
  const sampleDir = x12SamplesDir(); // fails the file (not a skip) when ../shared is missing
  const samples = readdirSync(sampleDir)
    .filter((f) => !f.endsWith('.md'))
    .sort();

  before(async () => {
    corpus = await loadTapeCorpus();
  });
  after(() => setValueTape(wasOn));

  it('the AssemblyScript source and value-tape.ts agree on the ops, the record size and the slots', () => {
    const source = readFileSync(new URL('./value-tape.as.ts', import.meta.url), 'utf8');
    const ops = new Map<string, number>();
    for (const m of source.matchAll(/^const OP_(\w+): i32 = (\d+);$/gm))
      ops.set(m[1] as string, Number(m[2]));
    assert.deepEqual(Object.fromEntries(ops), { ...TapeOp });
    assert.match(source, new RegExp(`^const recordSlots: i32 = ${recordSlots};$`, 'm'));
    const slots: Record<string, number> = {};
    for (const m of source.matchAll(/^const SLOT_([A-Z0-9]+)_(\w+): i32 = (\d+);$/gm))
      slots[`${m[1] as string}.${m[2] as string}`] = Number(m[3]);
    const expected: Record<string, number> = {};
    for (const [op, named] of Object.entries(TapeSlot))
      for (const [name, n] of Object.entries(named)) expected[`${op}.${name}`] = n;
    assert.deepEqual(slots, expected);
    for (const n of Object.values(slots)) assert.ok(n < recordSlots);
  });

  it('the tape is on and read: records for every op on the synthetic 837P and samples, none with it off', () => {
    const synthetic = corpus.large.find((s) => s.name.startsWith('synthetic')) as { text: string };
    const bytes = Buffer.from(synthetic.text, 'latin1');
    assert.ok(bytes.length > 200 * 1024, `the synthetic 837P is ${bytes.length} bytes`);
    // The harness feeds the reader as readX12Bytes does.
    assert.ok(
      isDeepStrictEqual(readInChunks(bytes, 1 << 16), readX12Bytes(bytes)),
      'readInChunks ≠ readX12Bytes',
    );
    const on = recordsRead(bytes, true);
    const off = recordsRead(bytes, false);
    assert.deepEqual([...off.keys()], ['no record'], 'with the tape off no segment has a record');
    const all = new Map(on);
    for (const name of samples)
      for (const [k, n] of recordsRead(readFileSync(join(sampleDir, name)), true))
        all.set(k, (all.get(k) ?? 0) + n);
    for (const d of generatedDelimiters)
      for (const [k, n] of recordsRead(
        Buffer.from(generatedInterchange(mulberry32(5), 30, d), 'latin1'),
        true,
      ))
        all.set(k, (all.get(k) ?? 0) + n);
    for (const op of Object.keys(TapeOp))
      assert.ok(
        (all.get(op) ?? 0) > 0,
        `no ${op} record in the synthetic 837P, the samples or the generated interchanges: give the generator in ` +
          `test/fuzz/value-tape-mutations.ts segments the tape reads as ${op} (records: ${JSON.stringify([...all])})`,
      );
    // The synthetic file's service lines nearly all come from the tape.
    const sv1 = synthetic.text.split('\nSV1*').length - 1;
    assert.ok((on.get('SV1') ?? 0) >= sv1 * 0.9, `${on.get('SV1')} SV1 records for ${sv1} SV1 segments`);
  });

  it('a record changed after the tape wrote it changes the claims (the mapper reads records; this test sees it)', () => {
    // For each op, each slot of its records in turn moved by one: some slot must change what is read, or the
    // comparisons below would compare the text with itself. (Not every slot need: a changed qualifier, say, can
    // make the mapper decline the record and read the text.)
    const r = mulberry32(3);
    const text =
      syntheticSlice(corpus.synthetic, 0, 12) +
      generatedDelimiters.map((d, i) => generatedInterchange(r, 6, d, i + 2)).join('');
    const bytes = Buffer.from(text, 'latin1');
    const plain = readWithTape(bytes, false);
    const ops = new Set<number>();
    readWithTape(bytes, true, 1 << 16, (seg) => {
      if (seg.record >= 0 && seg.tape[seg.record] !== 0) ops.add(seg.tape[seg.record] as number);
    });
    assert.ok(ops.size > 0, 'no record');
    const unused: string[] = [];
    for (const op of ops) {
      const used: number[] = [];
      for (let slot = 1; slot < recordSlots; slot++) {
        const tamper = (seg: SegmentView): void => {
          if (seg.record < 0 || seg.tape[seg.record] !== op) return;
          seg.tape[seg.record + slot] = (seg.tape[seg.record + slot] as number) + 1;
        };
        let tampered: unknown;
        try {
          tampered = readWithTape(bytes, true, 1 << 16, tamper);
        } catch (err) {
          tampered = err;
        }
        if (!isDeepStrictEqual(tampered, plain)) used.push(slot);
      }
      if (used.length === 0) unused.push(opName.get(op) ?? `op ${op}`);
    }
    assert.deepEqual(
      unused,
      [],
      'records of these ops, changed, read the same as the text: the mapper ignores them',
    );
  });

  describe('every shared X12 sample', () => {
    for (const name of samples)
      it(name, () => {
        const bytes = readFileSync(join(sampleDir, name));
        assertSame(bytes, name);
        for (const chunk of bytes.length > 64 * 1024 ? [13, 4093, 65535] : [1, 7, 100, 4096])
          assertSame(bytes, name, chunk);
      });
  });

  it('the synthetic 837P (2,000 claims) and generated interchanges in other delimiters, whole and in chunks', () => {
    const synthetic = corpus.large.find((s) => s.name.startsWith('synthetic')) as { text: string };
    const bytes = Buffer.from(synthetic.text, 'latin1');
    for (const chunk of [undefined, 1000, 65535, 65537, 200_000]) assertSame(bytes, 'synthetic 837P', chunk);
    const r = mulberry32(11);
    const interchanges = generatedDelimiters.map((d, i) => generatedInterchange(r, 60, d, i + 1));
    interchanges.forEach((text, i) =>
      assertSame(Buffer.from(text, 'latin1'), `generated, ${JSON.stringify(generatedDelimiters[i])}`),
    );
    // All of them in one file: delimiters (the component separator too) change from one interchange to the next.
    const all = Buffer.from(interchanges.join(''), 'latin1');
    for (const chunk of [undefined, 777, 20_000])
      assertSame(all, 'generated interchanges one after another', chunk);
  });

  it(`${mutatedCases} targeted mutations (favouring ${favoured.slice(0, 4).join(', ')}…), whole and in chunks`, () => {
    const failures: string[] = [];
    let claims = 0;
    for (let seed = firstSeed; seed < firstSeed + mutatedCases; seed++) {
      const run = runTapeCase(makeTapeCase(seed, corpus, { ids: favoured, large: isLargeTapeSeed(seed) }));
      if (run.failure !== undefined) failures.push(run.failure);
      claims += run.claims;
    }
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${mutatedCases} cases differ`);
    // The mutations leave most claims readable: the mapper ran, not only its error paths.
    assert.ok(claims > mutatedCases, `${claims} claims read in ${mutatedCases} cases`);
  });

  it(`${largeCases} mutations of large inputs (over 200 KB) next to their 64 KiB window boundaries`, () => {
    const failures: string[] = [];
    // Seeds `npm run fuzz -- --target value-tape` makes large cases of too (so that it replays them).
    let seed = firstSeed + mutatedCases;
    while (!isLargeTapeSeed(seed)) seed++;
    for (let n = 0; n < largeCases; n++, seed += 500) {
      assert.ok(isLargeTapeSeed(seed));
      const c = makeTapeCase(seed, corpus, { large: true, ids: favoured });
      assert.ok(c.bytes.length > 200 * 1024, describeTapeCase(c));
      const { failure } = runTapeCase(c);
      if (failure !== undefined) failures.push(failure);
    }
    assert.deepEqual(failures, []);
  });

  it('one claim with each element, then each component, of each segment emptied in turn; its values replaced', () => {
    // The first synthetic claim with a drug line, a wasted-drug line and an administration line.
    const at = corpus.synthetic.claims.findIndex(
      (c) => c.some((s) => s.includes(':JW*')) && c.some((s) => s.startsWith('SV1*HC:96413')),
    );
    assert.ok(at >= 0);
    const text = syntheticSlice(corpus.synthetic, at, 1);
    const layout = layoutOf(text);
    assert.ok(layout);
    const firstClaimPart = layout.parts.findIndex((p) => /^\s*HL\*\d+\*1\*22\*/.test(p));
    const values = [
      '',
      '0',
      '1.',
      '.5',
      '1.2.3',
      '1.234',
      '-1',
      '+1',
      '01',
      '123456789',
      '1234567890',
      '99999999',
      'un',
      'ML',
      'MJ',
      'ZZ',
      'RD8',
      'DT',
      'N5',
      '20240230',
      '18000101',
      '17991231',
      '20240229',
      'HC:J1234:JW:JZ:25:59',
      'HC:J1234:',
      'HC::JW',
      'ER:J1234',
      '1:2:3:4:5',
      '1:1',
      '13',
      '1::2',
      '0000012345678',
      'ABK:C50911',
      'ABK:c50911',
      'ABK:C50.911',
      'BK:25000',
      'ABK:',
      'ABK:C50911:X',
      'ABJ:R69',
      '11:B:1',
      '11:A:1',
      '1:B:1',
      '11:B',
      '11:B:1:X',
      '11:B:a',
      'M',
      'm',
      'X',
    ];
    const failures: string[] = [];
    let cases = 0;
    const check = (part: number, next: string, label: string): void => {
      const parts = layout.parts.slice();
      const lead = /^\s*/.exec(parts[part] as string)?.[0] ?? '';
      parts[part] = lead + next;
      cases++;
      const d = tapeDifference(Buffer.from(parts.join(layout.term), 'latin1'));
      if (d !== undefined) failures.push(`${label}: ${JSON.stringify(next)}\n  ${d}`);
    };
    for (let i = firstClaimPart; i < layout.parts.length; i++) {
      const body = (layout.parts[i] as string).trim();
      if (body === '' || body.startsWith('SE*')) continue;
      const elements = body.split(layout.elem);
      const id = elements[0] as string;
      for (let k = 1; k < elements.length; k++) {
        const el = elements[k] as string;
        const set = (v: string): string => elements.map((e, j) => (j === k ? v : e)).join(layout.elem);
        check(i, set(''), `${body} with element ${k} emptied`);
        const comps = el.split(layout.comp);
        if (comps.length > 1)
          for (let m = 0; m < comps.length; m++)
            check(
              i,
              set(comps.map((c, j) => (j === m ? '' : c)).join(layout.comp)),
              `${body}, ${k}-${m + 1} emptied`,
            );
        if (tapeReadsNow.includes(id))
          for (const v of values) check(i, set(v), `${body} with element ${k} = ${JSON.stringify(v)}`);
      }
      check(i, `${body}${layout.elem}`, `${body} with a trailing separator`);
      check(i, `${body}${layout.elem}X`, `${body} with an extra element`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases} cases differ`);
    assert.ok(cases > 300, `${cases} cases`);
  });
});

// firstDifference is what failures print: it must find a difference where deepEqual does.
it('value tape test harness: firstDifference names where two results differ', () => {
  assert.equal(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), undefined);
  assert.equal(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }), '.a[1].b: 2 vs 3');
  assert.equal(firstDifference({ a: [1] }, { a: [1, 2] }), '.a[1]: undefined vs 2 (lengths 1 vs 2)');
  assert.equal(firstDifference({ a: 1 }, { a: 1, c: undefined }), '.c: undefined vs undefined');
});
