/**
 * The WebAssembly structural index: the committed binary is what its source assembles to; it lists exactly the
 * separator and terminator positions, terminator entries and line-feed counts a plain loop finds (every length, so
 * every tail of a 16-byte block); and the scanner reads mutated real files the same with it as with its JavaScript
 * byte loop.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { buildWasm, wasmOutput, wasmSources } from '../../../scripts/wasm.ts';
import { loadCorpus, makeCase } from '../../../test/fuzz/engine.ts';
import { repoRoot } from '../../../test/support/shared.ts';
import { mulberry32 } from '../../../test/support/random.ts';
import { scanSegments } from '../../../test/support/x12-scan.ts';
import { StructuralIndex } from './structural-index.ts';

describe('structural index (WebAssembly)', () => {
  it('the committed .wasm files are their sources built (npm run build:wasm)', async () => {
    for (const source of wasmSources) {
      const built = await buildWasm(source);
      const committed = new Uint8Array(readFileSync(resolve(repoRoot, wasmOutput(source))));
      assert.deepEqual(committed, built, `${source}: run npm run build:wasm`);
    }
  });

  it('a window of delimiters only, as long as its memory: every entry, nothing overwritten', () => {
    // The routine stores eight positions per block whatever their count: with an entry for every byte, a full
    // window is where a store past the array would overwrite the terminator entries that follow it.
    const index = StructuralIndex.create();
    assert.ok(index, 'this runtime runs WebAssembly SIMD');
    for (const length of [65536, 65536 - 5, 131072]) {
      const window = index.reserve(length);
      for (let i = 0; i < length; i++) window[i] = i % 3 === 0 ? 126 : 42;
      index.build(42, 126, 58);
      const at = `length ${length}`;
      assert.equal(index.count, length, at);
      assert.equal(index.terminators, Math.ceil(length / 3), at);
      for (let j = 0; j < index.terminators; j++) {
        assert.equal(index.terminatorEntries[j], 3 * j, `${at}, terminator ${j}`);
        assert.equal(index.feedsBefore[j], 0, `${at}, terminator ${j}`);
      }
      for (let i = 0; i < length; i++) assert.equal(index.positions[i], i, `${at}, entry ${i}`);
    }
  });

  it('lists the same entries as a byte loop, for every window length and tail', () => {
    const index = StructuralIndex.create();
    assert.ok(index, 'this runtime runs WebAssembly SIMD');
    const random = mulberry32(7);
    const alphabet = [42, 126, 10, 13, 58, 65, 48, 32, 124, 0, 255];
    for (let length = 0; length <= 300; length++) {
      for (const [sep, term] of [
        [42, 126],
        [124, 10],
        [29, 28],
      ] as const) {
        const window = index.reserve(length);
        for (let i = 0; i < length; i++)
          window[i] = alphabet[Math.floor(random() * alphabet.length)] as number;
        index.build(sep, term, 58);
        const positions: number[] = [];
        const terminatorEntries: number[] = [];
        const feedsBefore: number[] = [];
        let feeds = 0;
        for (let i = 0; i < length; i++) {
          const c = window[i] as number;
          if (c === term) {
            terminatorEntries.push(positions.length);
            feedsBefore.push(feeds);
          }
          if (c === sep || c === term) positions.push(i);
          if (c === 10) feeds++;
        }
        const at = `length ${length}, delimiters ${sep}/${term}`;
        assert.deepEqual(Array.from(index.positions.subarray(0, index.count)), positions, at);
        assert.equal(index.terminators, terminatorEntries.length, at);
        assert.deepEqual(
          Array.from(index.terminatorEntries.subarray(0, index.terminators)),
          terminatorEntries,
          at,
        );
        assert.deepEqual(Array.from(index.feedsBefore.subarray(0, index.terminators)), feedsBefore, at);
        for (let j = 0; j < terminatorEntries.length; j++)
          assert.equal(index.terminatorAt(positions[terminatorEntries[j] as number] as number), j, at);
        assert.equal(index.terminatorAt(-1), -1);
      }
    }
  });

  it('grows for windows larger than its memory and keeps working', () => {
    const index = StructuralIndex.create();
    assert.ok(index);
    const length = 3_000_000 + 5;
    const window = index.reserve(length);
    window.fill(65);
    window[length - 1] = 126;
    window[17] = 42;
    window[20] = 10;
    index.build(42, 126, 58);
    assert.deepEqual(Array.from(index.positions.subarray(0, index.count)), [17, length - 1]);
    assert.deepEqual(Array.from(index.terminatorEntries.subarray(0, index.terminators)), [1]);
    assert.deepEqual(Array.from(index.feedsBefore.subarray(0, index.terminators)), [1]);
  });

  it('the scanner reads 600 mutated sample files the same with the index and with the byte loop', () => {
    const corpus = loadCorpus();
    const random = mulberry32(11);
    for (let seed = 1; seed <= 600; seed++) {
      const { bytes, source, mutations } = makeCase(seed, corpus);
      const step = [0, 1, 7, 64, 4096][Math.floor(random() * 5)] as number;
      const a = scanSegments(bytes, { step, structuralIndex: true });
      const b = scanSegments(bytes, { step, structuralIndex: false });
      assert.deepEqual(a, b, `seed ${seed} (${source}: ${mutations.join(', ')}), step ${step}`);
    }
  });
});
