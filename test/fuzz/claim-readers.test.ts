/**
 * CI-sized fuzzing of the claim readers and writers: a few thousand seeded mutations of the shared samples, run in a
 * worker with a watchdog. Zero crashes, zero hangs, every problem code documented. `npm run fuzz` runs millions.
 * The seeds are fixed so that a failure here reproduces with `npm run fuzz -- 1 --seed <seed>`.
 * Planted faults prove that the harness and the script report what they are meant to find.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../support/shared.ts';
import { makeCase, loadCorpus, runCase } from './engine.ts';
import { fuzzInWorker } from './run.ts';

it('survives 3000 mutated claim files (no crash, no hang, documented codes only)', async () => {
  const run = await fuzzInWorker({ seed: 20250301, count: 3000, hangMs: 20_000 });
  const describe = (seed: number): string => {
    const c = makeCase(seed, loadCorpus());
    return `seed ${seed} (${c.source}: ${c.mutations.join(', ')})`;
  };
  assert.equal(run.crash, undefined, `the fuzz worker crashed: ${run.crash}`);
  assert.equal(
    run.hangSeed,
    undefined,
    run.hangSeed === undefined ? '' : `a case did not finish: ${describe(run.hangSeed)}`,
  );
  assert.ok(run.report);
  assert.deepEqual(
    run.report.failures.map((f) => `seed ${f.seed} (${f.source}: ${f.mutations.join(', ')}): ${f.message}`),
    [],
  );
  assert.equal(run.report.cases, 3000);
  // The mutations keep much of the input readable: the run exercised the mappers, not only the error paths.
  assert.ok(
    run.report.claims > 1000 && run.report.remittances > 300,
    `claims ${run.report.claims}, remittances ${run.report.remittances}`,
  );
});

it('cases `npm run fuzz` once failed on pass every invariant now', () => {
  const corpus = loadCorpus();
  for (const [seed, was] of [
    // The writer copied an ISA qualifier read with a NUL into its output, which then read as binary (no claims).
    [1553881382, 'x12: wrote 1 claims, read back 0'],
    // ISA16 guessed as a line feed from a damaged ISA: the patcher wrote it into SV101, cutting the segment in two.
    [1440482186, 'patch: 21 claims in, 20 read back'],
  ] as const) {
    assert.doesNotThrow(() => runCase(makeCase(seed, corpus)), `seed ${seed} (${was})`);
  }
});

it('makes the same case from the same seed', () => {
  const corpus = loadCorpus();
  const a = makeCase(123456, corpus);
  const b = makeCase(123456, corpus);
  assert.deepEqual(
    [a.source, a.mutations, Buffer.from(a.bytes).toString('base64')],
    [b.source, b.mutations, Buffer.from(b.bytes).toString('base64')],
  );
  assert.notDeepEqual(makeCase(123457, corpus).bytes, a.bytes);
});

describe('planted faults are reported', () => {
  it('a broken invariant: a failure with its seed', async () => {
    const run = await fuzzInWorker({ seed: 1, count: 20, hangMs: 10_000, fault: { seed: 7, kind: 'throw' } });
    assert.deepEqual(
      run.report?.failures.map((f) => [f.seed, f.message.split('\n')[0]]),
      [[7, 'Error: planted failure at seed 7']],
    );
    assert.equal(run.report?.cases, 20, 'the run goes on after a failure');
  });

  it('a hang: the watchdog stops the worker and names the seed', async () => {
    const run = await fuzzInWorker({ seed: 1, count: 20, hangMs: 1500, fault: { seed: 7, kind: 'hang' } });
    assert.deepEqual([run.hangSeed, run.report, run.crash], [7, undefined, undefined]);
  });

  it('a crash of the worker', async () => {
    const run = await fuzzInWorker({ seed: 1, count: 20, hangMs: 10_000, fault: { seed: 7, kind: 'crash' } });
    assert.match(run.crash ?? '', /planted crash at seed 7/);
  });
});

describe('npm run fuzz (scripts/fuzz.ts) with a bounded count', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-fuzz-test-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const script = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, 'scripts', 'fuzz.ts'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: tmp },
      timeout: 60_000,
    });

  it('exits 0 and says so when nothing is found', () => {
    const r = script('100', '--seed', '7');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /no crash, no hang, no broken invariant in 100 cases/);
  });

  it('exits 1 on a failure and saves the input for replay', () => {
    const r = script('20', '--seed', '1', '--fault', 'throw@5');
    assert.equal(r.status, 1);
    assert.match(r.stdout, /FAILURE on seed 5 .*input saved to /);
    assert.deepEqual(readdirSync(tmp), ['drugclaim-fuzz-5.bin']);
  });

  it('exits 2 on bad arguments', () => {
    assert.equal(script('--count', '5').status, 2);
    assert.equal(script('10', '--fault', 'sleep@3').status, 2);
  });
});
