import assert from 'node:assert/strict';
import { constants, DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { writeProbe } from './readiness.ts';

/** The connection's busy timeout in ms: the probe sets it to 0 and must put it back. */
const busyTimeout = (db: DatabaseSync): number =>
  Number((db.prepare('PRAGMA busy_timeout').get() as { timeout?: number }).timeout);

/** What SQLite is made to refuse (an authorizer denies it) or fail on (the authorizer throws), on a 5000 ms connection. */
interface Refusal {
  rollback?: boolean;
  userVersionWrite?: boolean;
  restore?: boolean;
}

function probeWith(refuse: Refusal): { db: DatabaseSync; result: unknown } {
  const db = new DatabaseSync(':memory:', { timeout: 5000 });
  db.setAuthorizer((action, arg1, arg2) => {
    if (refuse.rollback && action === constants.SQLITE_TRANSACTION && arg1 === 'ROLLBACK')
      return constants.SQLITE_DENY;
    if (
      refuse.userVersionWrite &&
      action === constants.SQLITE_PRAGMA &&
      arg1 === 'user_version' &&
      arg2 !== null
    )
      return constants.SQLITE_DENY;
    if (refuse.restore && action === constants.SQLITE_PRAGMA && arg1 === 'busy_timeout' && arg2 === '5000')
      throw new Error('restoring the busy timeout failed');
    return constants.SQLITE_OK;
  });
  let result: unknown;
  try {
    result = writeProbe(db);
  } catch (err) {
    result = err;
  }
  db.setAuthorizer(null);
  return { db, result };
}

/** The SQLITE_AUTH error (23) the authorizer's denial throws. */
const isDenied = (result: unknown): boolean =>
  result instanceof Error && (result as { errcode?: unknown }).errcode === 23;

void describe('writeProbe: the busy timeout it lowers to 0 is restored whatever fails', () => {
  const cases: [string, Refusal, (result: unknown) => void, number][] = [
    [
      'nothing fails: the probe passes',
      {},
      (result) => assert.deepEqual(result, { name: 'store-write', ok: true, detail: 'ok' }),
      5000,
    ],
    [
      "the probe's write fails: a failed check",
      { userVersionWrite: true },
      (result) =>
        assert.deepEqual(result, {
          name: 'store-write',
          ok: false,
          detail: 'the store cannot be written (SQLite 23 authorization denied)',
        }),
      5000,
    ],
    [
      'ROLLBACK fails: its error is thrown',
      { rollback: true },
      (result) => assert.ok(isDenied(result)),
      5000,
    ],
    [
      'ROLLBACK and the restore fail: ROLLBACK’s error is thrown, not the restore’s',
      { rollback: true, restore: true },
      (result) => assert.ok(isDenied(result), String(result)),
      0,
    ],
  ];
  for (const [label, refuse, check, timeout] of cases)
    void it(label, () => {
      const { db, result } = probeWith(refuse);
      try {
        check(result);
        assert.equal(busyTimeout(db), timeout);
      } finally {
        if (db.isTransaction) db.exec('ROLLBACK');
        db.close();
      }
    });
});
