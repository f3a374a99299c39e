/**
 * Long work in a request (reading, checking, importing a 20 MB upload) shares the one event loop with every other
 * request: it gives way now and then, so that a big upload does not hold up a worklist page or a health check for
 * its whole duration.
 */

/** A turn of the event loop: requests waiting since the last step are answered before the next one. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** How long work runs before it gives way (ms): a slice short against what a person notices. */
export const SLICE_MS = 20;

/**
 * A `pace` callback for long work, to await after each small step: it gives way (`turn`) once `sliceMs` have passed
 * since it last did, else returns at once. One per request.
 */
export function pacer(sliceMs = SLICE_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await turn();
    since = performance.now();
  };
}

/**
 * Runs `work` after the work queued before it has ended (failed or not): the steps of two imports (write, then
 * reconcile) never interleave, so each answers as if it had run alone.
 */
export function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    // `last` never rejects (caught below), so the work runs once the one before it has ended, however it ended.
    const run = last.then(() => work());
    last = run.catch(() => undefined);
    return run;
  };
}
