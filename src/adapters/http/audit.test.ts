import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { openDatabase } from '../store/database.ts';
import { AccountStore, type AuditEntry } from '../store/accounts/index.ts';
import {
  AuditWriter,
  outcomeWriter,
  requestTag,
  STREAM_OUTCOME_STATUS,
  watchStream,
  type StreamOutcome,
} from './audit.ts';

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
  void it('writes the first refused call per address and window, then one row with the count', async () => {
    const accounts = new AccountStore(openDatabase(':memory:'));
    let now = Date.parse('2026-03-01T10:00:00Z');
    const w = new AuditWriter(accounts, { windowMs: 60_000, now: () => now });
    for (let i = 0; i < 1500; i++)
      await w.refused(refused('10.0.0.1', i % 3 ? '/api/denials' : '/api/worklist'));
    await w.refused(refused('10.0.0.2'));
    assert.equal(accounts.listAudit({ limit: 1000 }).length, 2, 'one row per address so far');
    now += 30_000;
    await w.flush();
    assert.equal(accounts.listAudit({ limit: 1000 }).length, 2, 'the window is not over yet');
    now += 30_000;
    await w.flush();
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

  void it('starts a new window after the last one, and writes what is pending when closing', async () => {
    const accounts = new AccountStore(openDatabase(':memory:'));
    let now = 0;
    const w = new AuditWriter(accounts, { windowMs: 1000, now: () => now });
    await w.refused(refused('10.0.0.1'));
    await w.refused(refused('10.0.0.1', '/api/worklist', 429));
    now = 1500;
    await w.refused(refused('10.0.0.1'));
    assert.deepEqual(
      accounts.listAudit().map((r) => r.action),
      ['denials.list', 'refused.repeated', 'denials.list'],
    );
    await w.refused(refused('10.0.0.1'));
    await w.flush(true);
    assert.equal(accounts.listAudit()[0]?.action, 'refused.repeated');
    assert.equal(accounts.listAudit().length, 4);
  });

  void it('writes calls made with an identity one by one', async () => {
    const accounts = new AccountStore(openDatabase(':memory:'));
    const w = new AuditWriter(accounts, { windowMs: 60_000 });
    for (let i = 0; i < 5; i++)
      await w.write({ ...refused('10.0.0.1'), userId: 1, username: 'biller', status: 200 });
    assert.equal(accounts.listAudit().length, 5);
  });
});

void describe('watchStream', () => {
  /** A response and a body as the stream pipe sees them: their events. */
  const fakes = (state = { destroyed: false, writableFinished: false }) => {
    const response = Object.assign(new EventEmitter(), state);
    const body = new EventEmitter();
    const outcomes: StreamOutcome[] = [];
    watchStream(response, body, (o) => outcomes.push(o));
    return { response, body, outcomes };
  };

  void it('says nothing when the whole answer was sent', () => {
    const { response, outcomes } = fakes();
    response.emit('finish');
    response.emit('close');
    assert.deepEqual(outcomes, []);
  });

  void it('says aborted when the response closed before its end (the client went away)', () => {
    const { response, outcomes } = fakes();
    response.emit('close');
    response.emit('close');
    assert.deepEqual(outcomes, ['aborted']);
  });

  void it('says aborted at once when the client had already gone (its close came before the watch)', () => {
    const { response, outcomes } = fakes({ destroyed: true, writableFinished: false });
    assert.deepEqual(outcomes, ['aborted']);
    response.emit('close');
    assert.deepEqual(outcomes, ['aborted']);
  });

  void it('says failed when the body failed, also when a 500 then ended the response cleanly', () => {
    const { response, body, outcomes } = fakes();
    body.emit('error', new Error('writer failed'));
    response.emit('finish');
    response.emit('close');
    assert.deepEqual(outcomes, ['failed']);
  });
});

void describe('outcomeWriter', () => {
  const request = (log: string[]) =>
    ({
      id: 'req-7',
      principal: { user: { id: 3, username: 'viewer' }, via: 'token', token: { id: 9 } },
      routeOptions: { config: { audit: 'convert.run' }, url: '/api/convert' },
      method: 'POST',
      clientAddress: '10.0.0.5',
      auditResource: 'sha256:abc request:req-7',
      log: { error: (fields: object, msg: string) => log.push(`${msg} ${JSON.stringify(fields)}`) },
    }) as unknown as FastifyRequest;

  void it('appends a row with the same caller, action and route, and the given status and resource', () => {
    const accounts = new AccountStore(openDatabase(':memory:'));
    const req = request([]);
    assert.equal(requestTag(req), 'request:req-7');
    const write = outcomeWriter(new AuditWriter(accounts, { windowMs: 60_000 }), req);
    write(STREAM_OUTCOME_STATUS.aborted, `outcome:aborted ${requestTag(req)}`);
    const [row] = accounts.listAudit();
    assert.deepEqual(
      {
        userId: row?.userId,
        username: row?.username,
        tokenId: row?.tokenId,
        action: row?.action,
        route: row?.route,
        status: row?.status,
        resource: row?.resource,
        ip: row?.ip,
      },
      {
        userId: 3,
        username: 'viewer',
        tokenId: 9,
        action: 'convert.run',
        route: '/api/convert',
        status: 499,
        resource: 'outcome:aborted request:req-7',
        ip: '10.0.0.5',
      },
    );
  });

  void it('logs a row it cannot write (action and error code, not the resource) instead of throwing', () => {
    const log: string[] = [];
    const busy = {
      write: () => {
        throw Object.assign(new Error('database is locked'), { code: 'ERR_SQLITE_ERROR' });
      },
    };
    outcomeWriter(busy, request(log))(500, 'outcome:failed sha256:abc');
    assert.equal(log.length, 1);
    assert.match(
      log[0] ?? '',
      /^audit outcome row not written .*"action":"convert.run".*"errCode":"ERR_SQLITE_ERROR"/,
    );
    assert.doesNotMatch(log[0] ?? '', /sha256|locked/);
  });
});
