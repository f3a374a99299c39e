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

/** Queued work that did not run: refused because too much already waited, or skipped when its turn came. */
export type NotRun = { ran: false; code: 'queue-full' | 'skipped' };

export interface SerialQueue {
  /**
   * Runs `work` after the work queued before it has ended (failed or not): the steps of two imports (write, then
   * reconcile) never interleave, so each answers as if it had run alone. Refused at once (`queue-full`) when
   * `maxWaiting` works already wait behind the running one: each holds its upload in memory while it waits. Not run
   * (`skipped`) when `left` has aborted (nobody is left to answer: the client has gone) before its turn; aborted while
   * it waits, it gives its place back at once rather than when its turn comes.
   */
  run<T>(work: () => Promise<T>, left?: AbortSignal): Promise<{ ran: true; value: T } | NotRun>;
  /** Works in the queue: the running one and those waiting behind it. */
  readonly length: number;
}

export function serialQueue(maxWaiting = Infinity): SerialQueue {
  let last: Promise<unknown> = Promise.resolve();
  let length = 0;
  return {
    get length() {
      return length;
    },
    run(work, left) {
      if (length > maxWaiting) return Promise.resolve({ ran: false, code: 'queue-full' });
      if (left?.aborted === true) return Promise.resolve({ ran: false, code: 'skipped' });
      length++;
      let counted = true;
      const leave = (): void => {
        if (!counted) return;
        counted = false;
        length--;
      };
      // Dropped when its caller gives up: a waiting job holds its upload, which must not wait for the queue to free it.
      let job: typeof work | null = work;
      let gaveUp = (): void => undefined;
      const waiting = new Promise<NotRun>((resolve) => {
        gaveUp = () => ((job = null), leave(), resolve({ ran: false, code: 'skipped' }));
        left?.addEventListener('abort', gaveUp, { once: true });
      });
      const run = last.then(async () => {
        left?.removeEventListener('abort', gaveUp);
        try {
          // Gone while it waited: its place is already given back and its caller answered.
          if (job === null || !counted || left?.aborted === true)
            return { ran: false, code: 'skipped' } as const;
          return { ran: true, value: await job() } as const;
        } finally {
          leave();
        }
      });
      // `last` never rejects (caught here), so the work runs once the one before it has ended, however it ended.
      last = run.catch(() => undefined);
      return Promise.race([run, waiting]);
    },
  };
}
