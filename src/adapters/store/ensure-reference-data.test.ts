/** `ensureReferenceData` when the startup sync fails: the error names the first problems and counts the rest. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureReferenceData, NoReferenceDataError } from './index.ts';
import { SqliteReferenceStore } from './sqlite-reference-store.ts';

describe('ensureReferenceData: a failed sync', () => {
  it('lists 5 problems and says how many more there are', async () => {
    const store = SqliteReferenceStore.open({ path: ':memory:' });
    const saved = process.env['DRUGCLAIM_DATA_DIR'];
    delete process.env['DRUGCLAIM_DATA_DIR'];
    try {
      const notFound = (): Promise<Response> => Promise.resolve(new Response('gone', { status: 404 }));
      await assert.rejects(
        ensureReferenceData(store, {
          sync: true,
          log: () => undefined,
          syncOptions: { baseUrl: 'http://mirror.invalid/data/', fetch: notFound, timeoutMs: 1000 },
        }),
        (err: unknown) => {
          assert.ok(err instanceof NoReferenceDataError);
          assert.equal(err.reason, 'sync-failed');
          const listed = err.message
            .split('\n')
            .filter((l) => l.startsWith('  ') && !l.startsWith('  drugclaim'));
          assert.equal(listed.length, 6, err.message);
          assert.match(listed[5] ?? '', /^ {2}… and \d+ more \(`drugclaim data sync` shows them all\)$/);
          // What failed, apart from the "Load it with" block: what `npm start` prints on its own.
          assert.ok(err.detail !== undefined && err.message.startsWith(`${err.detail}\n`));
          assert.doesNotMatch(err.detail, /The reference store /);
          return true;
        },
      );
    } finally {
      if (saved !== undefined) process.env['DRUGCLAIM_DATA_DIR'] = saved;
      await store.close();
    }
  });
});
