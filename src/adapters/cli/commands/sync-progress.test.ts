/** What `data sync` writes while it downloads when stderr is not a terminal: plain lines. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SyncProgressView } from './sync-progress.ts';

function view(intervalMs: number): { lines: string[]; view: SyncProgressView } {
  const lines: string[] = [];
  const v = new SyncProgressView(
    { write: (text: string) => lines.push(...text.split('\n').filter((l) => l !== '')), isTTY: false },
    { intervalMs },
  );
  return { lines, view: v };
}

const url = 'http://127.0.0.1:1/asp/section%20508%20version%20of%20January%202026.csv';

it('plain lines: start, retry, a second attempt, the end; bytes at most once per interval', () => {
  const { lines, view: v } = view(60_000);
  v.update({ kind: 'start', id: 'asp', url, attempt: 1 });
  v.update({ kind: 'response', id: 'asp', total: 2000 });
  v.update({ kind: 'bytes', id: 'asp', bytes: 1000, total: 2000 });
  v.update({
    kind: 'retry',
    id: 'asp',
    attempt: 2,
    reason: 'received 1000 bytes, the server announced 2000',
  });
  v.update({ kind: 'start', id: 'asp', url, attempt: 2 });
  v.update({ kind: 'bytes', id: 'asp', bytes: 2000, total: 2000 });
  v.update({ kind: 'done', id: 'asp', bytes: 2000 });
  v.stop();
  assert.deepEqual(
    lines.map((l) => l.replace(/in \d+\.\d s$/, 'in T s')),
    [
      `asp: downloading section 508 version of January 2026.csv from ${url}`,
      'asp: received 1000 bytes, the server announced 2000; retrying (attempt 2 of 2)',
      'asp: attempt 2: downloading section 508 version of January 2026.csv',
      'asp: section 508 version of January 2026.csv: done, 2,000 bytes in T s',
    ],
  );
});

it('a download that goes quiet gets a line saying nothing was received', async () => {
  const { lines, view: v } = view(40);
  v.update({ kind: 'start', id: 'opps', url: 'http://127.0.0.1:1/opps/b.csv', attempt: 1 });
  v.update({ kind: 'response', id: 'opps', total: null });
  v.update({ kind: 'bytes', id: 'opps', bytes: 1234, total: null });
  await new Promise((resolve) => setTimeout(resolve, 200));
  v.update({ kind: 'failed', id: 'opps', message: 'no data for 0.2 s after 1234 bytes' });
  v.stop();
  assert.ok(
    lines.some((l) => /^opps: b\.csv: 1,234 bytes so far, nothing received for \d+ s$/.test(l)),
    lines.join('\n'),
  );
  assert.match(
    lines.at(-1) ?? '',
    /^opps: b\.csv: failed after \d+\.\d s: no data for 0\.2 s after 1234 bytes$/,
  );
});
