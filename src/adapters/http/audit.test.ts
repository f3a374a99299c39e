import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../store/database.ts';
import { AccountStore, type AuditEntry } from '../store/accounts/index.ts';
import { AuditWriter } from './audit.ts';

const refused = (ip: string, route = '/api/denials', status = 401): AuditEntry => ({
  userId: null,
  username: null,
  tokenId: null,
  action: 'denials.list',
  method: 'GET',
  route,
  resource: null,
  status,
  ip,
});

void describe('AuditWriter', () => {
  void it('writes the first refused call per address and window, then one row with the count', () => {
    const accounts = new AccountStore(openDatabase(':memory:'));
    let now = Date.parse('2026-03-01T10:00:00Z');
    const w = new AuditWriter(accounts, { windowMs: 60_000, now: () => now });
    for (let i = 0; i < 1500; i++) w.refused(refused('10.0.0.1', i % 3 ? '/api/denials' : '/api/worklist'));
    w.refused(refused('10.0.0.2'));
    assert.equal(accounts.listAudit({ limit: 1000 }).length, 2, 'one row per address so far');
    now += 30_000;
    w.flush();
    assert.equal(accounts.listAudit({ limit: 1000 }).length, 2, 'the window is not over yet');
    now += 30_000;
    w.flush();
    const rows = accounts.listAudit({ limit: 1000 });
    assert.equal(rows.length, 3);
    const summary = rows[0];
    assert.equal(summary?.action, 'refused.repeated');
    assert.equal(summary?.ip, '10.0.0.1');
    assert.equal(summary?.status, 401);
    assert.match(
      summary?.resource ?? '',
      /^repeats:1499 since:2026-03-01T10:00:00.000Z statuses:401×1499 routes:GET \/api\/denials×1000,GET \/api\/worklist×499$/,
    );
  });

  void it('starts a new window after the last one, and writes what is pending when closing', () => {
    const accounts = new AccountStore(openDatabase(':memory:'));
    let now = 0;
    const w = new AuditWriter(accounts, { windowMs: 1000, now: () => now });
    w.refused(refused('10.0.0.1'));
    w.refused(refused('10.0.0.1', '/api/worklist', 429));
    now = 1500;
    w.refused(refused('10.0.0.1'));
    assert.deepEqual(
      accounts.listAudit().map((r) => r.action),
      ['denials.list', 'refused.repeated', 'denials.list'],
    );
    w.refused(refused('10.0.0.1'));
    w.flush(true);
    assert.equal(accounts.listAudit()[0]?.action, 'refused.repeated');
    assert.equal(accounts.listAudit().length, 4);
  });

  void it('writes calls made with an identity one by one', () => {
    const accounts = new AccountStore(openDatabase(':memory:'));
    const w = new AuditWriter(accounts, { windowMs: 60_000 });
    for (let i = 0; i < 5; i++)
      w.write({ ...refused('10.0.0.1'), userId: 1, username: 'biller', status: 200 });
    assert.equal(accounts.listAudit().length, 5);
  });
});
