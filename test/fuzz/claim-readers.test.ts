/**
 * CI-sized fuzzing of the claim readers and writers: a few thousand seeded mutations of the shared samples, run in a
 * worker with a watchdog. Zero crashes, zero hangs, every problem code documented. `npm run fuzz` runs millions.
 * The seeds are fixed so that a failure here reproduces with `npm run fuzz -- --seed <seed> --count 1`.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { makeCase, loadCorpus } from './engine.ts';
import { fuzzInWorker } from './run.ts';

it('survives 3000 mutated claim files (no crash, no hang, documented codes only)', async () => {
  const run = await fuzzInWorker({ seed: 20250301, count: 3000, hangMs: 20_000 });
  const describe = (seed: number): string => {
    const c = makeCase(seed, loadCorpus());
    return `seed ${seed} (${c.source}: ${c.mutations.join(', ')})`;
  };
  assert.equal(run.crash, undefined, `the fuzz worker crashed: ${run.crash}`);
  assert.equal(run.hangSeed, undefined, run.hangSeed === undefined ? '' : `a case did not finish: ${describe(run.hangSeed)}`);
  assert.ok(run.report);
  assert.deepEqual(run.report.failures.map((f) => `seed ${f.seed} (${f.source}: ${f.mutations.join(', ')}): ${f.message}`), []);
  assert.equal(run.report.cases, 3000);
  // The mutations keep much of the input readable: the run exercised the mappers, not only the error paths.
  assert.ok(run.report.claims > 1000 && run.report.remittances > 300, `claims ${run.report.claims}, remittances ${run.report.remittances}`);
});
