import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storeFault, type StoreFault } from './errors.ts';

/** An error as node:sqlite throws it: `code`, the extended result code `errcode`, its text `errstr`. */
const sqliteError = (errcode: number, errstr: string): Error =>
  Object.assign(new Error(errstr), { code: 'ERR_SQLITE_ERROR', errcode, errstr });

void describe('storeFault', () => {
  const cases: [string, unknown, StoreFault | undefined][] = [
    ['SQLITE_BUSY 5', sqliteError(5, 'database is locked'), 'busy'],
    ['SQLITE_BUSY_SNAPSHOT 517 (extended)', sqliteError(517, 'database is locked'), 'busy'],
    ['SQLITE_LOCKED 6', sqliteError(6, 'database table is locked'), 'busy'],
    ['SQLITE_READONLY 8', sqliteError(8, 'attempt to write a readonly database'), 'read-only'],
    [
      'SQLITE_READONLY_DBMOVED 1032 (extended)',
      sqliteError(1032, 'attempt to write a readonly database'),
      'read-only',
    ],
    ['SQLITE_FULL 13', sqliteError(13, 'database or disk is full'), 'full'],
    ['SQLITE_CONSTRAINT 19: not a store fault', sqliteError(19, 'constraint failed'), undefined],
    ['SQLITE_IOERR 10: not a store fault', sqliteError(10, 'disk I/O error'), undefined],
    [
      'an errcode without code: ERR_SQLITE_ERROR',
      { errcode: 13, errstr: 'database or disk is full' },
      undefined,
    ],
    ['ERR_SQLITE_ERROR without a numeric errcode', { code: 'ERR_SQLITE_ERROR', errcode: '13' }, undefined],
    ['an errno error', Object.assign(new Error('no space'), { code: 'ENOSPC' }), undefined],
    ['null', null, undefined],
  ];
  for (const [label, err, fault] of cases) void it(label, () => assert.equal(storeFault(err), fault));
});
