/**
 * `npm run fuzz [-- COUNT | --seconds N] [--seed S]`: long fuzzing of the claim readers and writers (the CI test
 * runs 3000 cases; this runs millions). Cases run in a worker with a hang watchdog, in batches of 20,000.
 * Default: 1,000,000 cases from a random seed. A failing case is written to the temp directory and can be replayed
 * with `npm run fuzz -- 1 --seed <seed>`.
 *
 * Exit codes: 0 no failure; 1 a crash, a broken invariant or a hang was found; 2 bad arguments.
 * `--fault throw@SEED|hang@SEED|crash@SEED` plants a fault at one seed, to check that it is reported (a test does).
 *
 * `--target value-tape`: the value tape's differential fuzzing instead (test/fuzz/value-tape-mutations.ts, run a few
 * thousand cases at a time by src/adapters/x12/value-tape.test.ts): each case, a targeted mutation of an 837, is read
 * with the tape on and off and the results must be the same. In this process (no worker, no hang watchdog); the
 * first difference stops the run, and `npm run fuzz -- 1 --target value-tape --seed <seed>` replays it.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus, makeCase, parseFault } from '../test/fuzz/engine.ts';
import { fuzzInWorker } from '../test/fuzz/run.ts';
import {
  isLargeTapeSeed,
  loadTapeCorpus,
  makeTapeCase,
  runTapeFuzz,
} from '../test/fuzz/value-tape-mutations.ts';

const usage =
  'usage: npm run fuzz -- [COUNT] [--seconds N] [--seed S] [--hang-ms MS] [--fault throw|hang|crash@SEED]\n' +
  '       npm run fuzz -- [COUNT] [--seconds N] [--seed S] --target value-tape\n';
function args(): ReturnType<typeof parse> {
  try {
    return parse();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
    process.exit(2);
  }
}
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string' },
      seed: { type: 'string' },
      'hang-ms': { type: 'string' },
      fault: { type: 'string' },
      target: { type: 'string' },
    },
  });
}
const { values, positionals } = args();
const count =
  positionals[0] === undefined
    ? values.seconds === undefined
      ? 1_000_000
      : Infinity
    : Number(positionals[0]);
const seconds = values.seconds === undefined ? Infinity : Number(values.seconds);
let seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const hangMs = values['hang-ms'] === undefined ? 30_000 : Number(values['hang-ms']);
const fault = values.fault === undefined ? undefined : parseFault(values.fault);
const target = values.target ?? 'claims';
if (
  (target !== 'claims' && target !== 'value-tape') ||
  (target === 'value-tape' && values.fault !== undefined) ||
  !Number.isFinite(seed) ||
  !(count > 0) ||
  !(seconds > 0) ||
  !(hangMs > 0) ||
  (values.fault !== undefined && fault === undefined)
) {
  process.stderr.write(usage);
  process.exit(2);
}

if (target === 'value-tape') await fuzzValueTape();

const corpus = loadCorpus();
const started = Date.now();
const deadline = started + seconds * 1000;
let done = 0;
let claims = 0;
let remittances = 0;
let slowest = { ms: 0, seed: 0 };
const batch = 20_000;

function saveCase(s: number): string {
  const c = makeCase(s, corpus);
  const file = join(tmpdir(), `drugclaim-fuzz-${s}.bin`);
  writeFileSync(file, c.bytes);
  return `seed ${s} (${c.source}: ${c.mutations.join(', ')}), input saved to ${file}`;
}

process.stdout.write(
  `fuzzing claim readers: ${Number.isFinite(count) ? count.toLocaleString('en-US') : 'unbounded'} cases${Number.isFinite(seconds) ? ` or ${seconds} s` : ''} from seed ${seed}, corpus of ${corpus.length} samples\n`,
);
while (done < count && Date.now() < deadline) {
  const n = Math.min(batch, count - done);
  const left = (deadline - Date.now()) / 1000;
  const run = await fuzzInWorker({
    seed,
    count: n,
    ...(Number.isFinite(left) ? { seconds: left } : {}),
    hangMs,
    ...(fault ? { fault } : {}),
  });
  if (run.crash !== undefined) {
    process.stdout.write(
      `\nworker crashed after ${done + run.cases} cases (batch from seed ${seed}): ${run.crash}\n`,
    );
    process.exit(1);
  }
  if (run.hangSeed !== undefined) {
    process.stdout.write(`\nHANG: no progress for ${hangMs} ms on ${saveCase(run.hangSeed)}\n`);
    process.exit(1);
  }
  const report = run.report;
  if (!report) break;
  if (report.failures.length > 0) {
    for (const f of report.failures) process.stdout.write(`\nFAILURE on ${saveCase(f.seed)}\n${f.message}\n`);
    process.exit(1);
  }
  done += report.cases;
  claims += report.claims;
  remittances += report.remittances;
  if (report.slowestMs > slowest.ms) slowest = { ms: report.slowestMs, seed: report.slowestSeed };
  seed = (seed + report.cases) >>> 0;
  const rate = done / ((Date.now() - started) / 1000);
  process.stdout.write(
    `\r${done.toLocaleString('en-US')} cases, ${Math.round(rate).toLocaleString('en-US')}/s, ${claims.toLocaleString('en-US')} claims and ${remittances.toLocaleString('en-US')} remittances read, slowest case ${slowest.ms.toFixed(1)} ms (seed ${slowest.seed})   `,
  );
  if (report.cases < n) break;
}
process.stdout.write(
  `\nno crash, no hang, no broken invariant in ${done.toLocaleString('en-US')} cases (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
);

/** `--target value-tape`: reading with and without the value tape, compared on mutated 837s; exits when done. */
async function fuzzValueTape(): Promise<never> {
  const tapeCorpus = await loadTapeCorpus();
  const started = Date.now();
  const deadline = started + seconds * 1000;
  let done = 0;
  let large = 0;
  let claims = 0;
  let slowest = { ms: 0, seed: 0 };
  process.stdout.write(
    `fuzzing the value tape (reading with it and without): ${Number.isFinite(count) ? count.toLocaleString('en-US') : 'unbounded'} cases${Number.isFinite(seconds) ? ` or ${seconds} s` : ''} from seed ${seed}\n`,
  );
  while (done < count && Date.now() < deadline) {
    const n = Math.min(5000, count - done);
    const left = (deadline - Date.now()) / 1000;
    const report = runTapeFuzz({
      seed,
      corpus: tapeCorpus,
      count: n,
      ...(Number.isFinite(left) ? { seconds: left } : {}),
      stopOnFailure: true,
    });
    done += report.cases;
    large += report.largeCases;
    claims += report.claims;
    if (report.slowestMs > slowest.ms) slowest = { ms: report.slowestMs, seed: report.slowestSeed };
    const failure = report.failures[0];
    if (failure !== undefined) {
      const c = makeTapeCase(failure.seed, tapeCorpus, { large: isLargeTapeSeed(failure.seed) });
      const file = join(tmpdir(), `drugclaim-fuzz-value-tape-${failure.seed}.x12`);
      writeFileSync(file, c.bytes);
      process.stdout.write(
        `\nDIFFERENCE after ${done.toLocaleString('en-US')} cases, input saved to ${file}` +
          `${c.chunk === undefined ? '' : ` (read it in chunks of ${c.chunk} bytes)`}:\n${failure.message}\n`,
      );
      process.exit(1);
    }
    seed = (seed + report.cases) >>> 0;
    const rate = done / ((Date.now() - started) / 1000);
    process.stdout.write(
      `\r${done.toLocaleString('en-US')} cases (${large.toLocaleString('en-US')} over 200 KB), ${Math.round(rate).toLocaleString('en-US')}/s, ${claims.toLocaleString('en-US')} claims read, slowest case ${slowest.ms.toFixed(1)} ms (seed ${slowest.seed})   `,
    );
    if (report.cases < n) break;
  }
  process.stdout.write(
    `\nno difference between reading with and without the value tape in ${done.toLocaleString('en-US')} cases (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
  );
  process.exit(0);
}
