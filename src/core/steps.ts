/**
 * Work done in steps: a generator that pauses (`yield`) between slices of a long computation and returns its result.
 * The same generator runs in one go (a CLI, a library call) or gives way at each pause (a server answering other
 * requests in between), with the same result.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to their end in one go. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Runs the steps, awaiting `pace` at each pause. */
export async function runStepsPaced<T>(steps: Steps<T>, pace: () => Promise<void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await pace();
  }
}
