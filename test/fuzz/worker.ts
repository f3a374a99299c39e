/**
 * Runs the fuzzer inside a worker thread so that the parent can stop it when a case hangs. The worker reports the
 * seed it is about to run (every case, through a shared Int32Array, without message overhead) and its final report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runFuzz } from './engine.ts';
import type { FuzzFault } from './engine.ts';

export interface WorkerInput {
  seed: number;
  count?: number;
  seconds?: number;
  fault?: FuzzFault;
  /** current[0] = seed being run, current[1] = cases done. */
  current: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const current = new Int32Array(input.current);
const options: Parameters<typeof runFuzz>[0] = {
  seed: input.seed,
  onCase: (seed) => {
    Atomics.store(current, 0, seed | 0);
    Atomics.add(current, 1, 1);
  },
};
if (input.count !== undefined) options.count = input.count;
if (input.seconds !== undefined) options.seconds = input.seconds;
if (input.fault !== undefined) options.fault = input.fault;
parentPort?.postMessage(runFuzz(options));
