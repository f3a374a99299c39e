import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialQueue } from './pace.ts';

/** A promise and the function that settles it: work that ends when the test says. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

void describe('serialQueue', () => {
  void it('runs one work at a time, in order, the next one also after a failure', async () => {
    const queue = serialQueue();
    const events: string[] = [];
    const first = gate();
    const a = queue.run(async () => {
      events.push('a start');
      await first.opened;
      events.push('a end');
      throw new Error('a failed');
    });
    const b = queue.run(async () => {
      events.push('b');
      return 'b done';
    });
    assert.equal(queue.length, 2);
    first.open();
    await assert.rejects(a, /a failed/);
    assert.deepEqual(await b, { ran: true, value: 'b done' });
    assert.deepEqual(events, ['a start', 'a end', 'b']);
    assert.equal(queue.length, 0);
  });

  void it('refuses work past `maxWaiting` behind the running one, and takes it again once one has ended', async () => {
    const queue = serialQueue(2);
    const running = gate();
    const ran: number[] = [];
    const work = (n: number) => async () => {
      if (n === 1) await running.opened;
      ran.push(n);
      return n;
    };
    const accepted = [queue.run(work(1)), queue.run(work(2)), queue.run(work(3))];
    assert.deepEqual(await queue.run(work(4)), { ran: false, code: 'queue-full' });
    assert.equal(queue.length, 3, 'the refused work is not queued');
    running.open();
    assert.deepEqual(
      (await Promise.all(accepted)).map((r) => r.ran && r.value),
      [1, 2, 3],
    );
    assert.deepEqual(ran, [1, 2, 3], 'the refused work never ran');
    assert.deepEqual(await queue.run(work(5)), { ran: true, value: 5 });
  });

  void it('with no waiting allowed, work is taken only when nothing runs', async () => {
    const queue = serialQueue(0);
    const running = gate();
    const first = queue.run(() => running.opened);
    assert.deepEqual(await queue.run(async () => 2), { ran: false, code: 'queue-full' });
    running.open();
    assert.equal((await first).ran, true);
    assert.deepEqual(await queue.run(async () => 3), { ran: true, value: 3 });
  });

  void it('skips work whose caller left before its turn', async () => {
    const queue = serialQueue();
    const running = gate();
    let ranSkipped = false;
    const first = queue.run(() => running.opened);
    const gone = new AbortController();
    const second = queue.run(async () => {
      ranSkipped = true;
    }, gone.signal);
    const third = queue.run(async () => 'third', new AbortController().signal);
    gone.abort();
    running.open();
    await first;
    assert.deepEqual(await second, { ran: false, code: 'skipped' });
    assert.equal(ranSkipped, false);
    assert.deepEqual(await third, { ran: true, value: 'third' });
    assert.equal(queue.length, 0);
  });

  void it('frees the place of work whose caller left while it waited, answering it skipped at once', async () => {
    const queue = serialQueue(1);
    const running = gate();
    let ranLeft = false;
    const first = queue.run(() => running.opened);
    const leaving = new AbortController();
    const second = queue.run(async () => {
      ranLeft = true;
    }, leaving.signal);
    assert.equal(queue.length, 2);
    leaving.abort();
    assert.deepEqual(await second, { ran: false, code: 'skipped' });
    assert.equal(queue.length, 1);
    // Its place is free: a live caller is taken, not refused.
    const third = queue.run(async () => 'third');
    running.open();
    await first;
    assert.deepEqual(await third, { ran: true, value: 'third' });
    assert.equal(ranLeft, false);
    assert.equal(queue.length, 0);
  });
});
