/**
 * Runs the fuzzer in a worker with a watchdog: when no new case starts within `hangMs`, the worker is stopped and
 * the seed it was running is reported as a hang. Used by the CI test and by `npm run fuzz`.
 */
import { Worker } from 'node:worker_threads';
import type { FuzzFault, FuzzReport } from './engine.ts';

export interface FuzzRun {
  report?: FuzzReport;
  /** Seed of a case that did not finish within hangMs. */
  hangSeed?: number;
  /** The worker itself failed (e.g. out of memory). */
  crash?: string;
  cases: number;
}

export async function fuzzInWorker(options: {
  seed: number;
  count?: number;
  seconds?: number;
  hangMs: number;
  onTick?: (cases: number) => void;
  fault?: FuzzFault;
}): Promise<FuzzRun> {
  const current = new SharedArrayBuffer(8);
  const view = new Int32Array(current);
  const workerData: {
    seed: number;
    current: SharedArrayBuffer;
    count?: number;
    seconds?: number;
    fault?: FuzzFault;
  } = { seed: options.seed, current };
  if (options.fault !== undefined) workerData.fault = options.fault;
  if (options.count !== undefined) workerData.count = options.count;
  if (options.seconds !== undefined) workerData.seconds = options.seconds;
  const worker = new Worker(new URL('./worker.ts', import.meta.url), {
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  return new Promise<FuzzRun>((resolve) => {
    let lastCases = -1;
    let settled = false;
    const finish = (run: FuzzRun): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      resolve(run);
    };
    const timer = setInterval(() => {
      const cases = Atomics.load(view, 1);
      options.onTick?.(cases);
      if (cases === lastCases) {
        const hangSeed = Atomics.load(view, 0) >>> 0;
        void worker.terminate();
        finish({ hangSeed, cases });
      }
      lastCases = cases;
    }, options.hangMs);
    worker.on('message', (report: FuzzReport) => {
      finish({ report, cases: report.cases });
      void worker.terminate();
    });
    worker.on('error', (err) => finish({ crash: err.stack ?? String(err), cases: Atomics.load(view, 1) }));
    worker.on('exit', (code) => {
      if (code !== 0) finish({ crash: `worker exited with code ${code}`, cases: Atomics.load(view, 1) });
    });
  });
}
