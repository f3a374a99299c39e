/**
 * The import queue is bounded and minds its clients: past `maxWaitingImports` imports waiting behind the running one,
 * an import is 503 `import-queue-full` (with Retry-After, audited); an import whose client went away while it waited
 * is not run when its turn comes (nothing written) and its audit row says why. The running import is held on purpose:
 * its matching waits for reference data the test releases.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { RecoveryStore } from '../../src/adapters/store/recovery/store.ts';
import { RecoverySession } from '../../src/adapters/store/recovery/session.ts';
import { generatedClaims, medicareRemittance, write835, write837P } from '../recovery/fixtures.ts';
import { sharedReference } from '../support/reference.ts';
import { testApp, type TestApp } from './support.ts';

/** An app whose first import holds the queue: its matching waits for reference data until `release()`. */
async function heldApp(maxWaitingImports: number): Promise<{
  t: TestApp;
  /** Resolved when the first import is waiting for reference data (it runs: the queue is held). */
  holding: Promise<void>;
  release: () => void;
}> {
  const reference = await sharedReference();
  let holds = (): void => undefined;
  const holding = new Promise<void>((resolve) => (holds = resolve));
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const opened = RecoverySession.open({
    dbPath: ':memory:',
    reference: async () => {
      holds();
      await released;
      return reference;
    },
  });
  assert.ok(opened.ok);
  const t = await testApp({ config: { maxWaitingImports }, deps: { recovery: opened.value } });
  return { t, holding, release };
}

/** Waits (a few seconds at most) until `done()`: for what happens on the server after a socket closed. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (done()) return;
    await sleep(10);
  }
  assert.fail(`timed out waiting for ${what}`);
}

const opened: TestApp[] = [];
after(async () => {
  for (const t of opened) await t.close();
});

const x12 = { 'content-type': 'application/edi-x12' };

void describe('the import queue', () => {
  void it('past the imports allowed to wait, 503 import-queue-full with Retry-After, audited, naming no file', async () => {
    const { t, holding, release } = await heldApp(1);
    opened.push(t);
    const post = (url: string, payload: string, fileName: string) =>
      t.as('biller', { method: 'POST', url, headers: { ...x12, 'x-file-name': fileName }, payload });
    const running = post('/api/claims/import', write837P(generatedClaims(), 1), 'claims.837');
    await holding;
    // Two more: one may wait behind the running import, the other is refused at once (whichever comes second).
    const more = [
      post('/api/remits/import', write835(medicareRemittance(), 2), 'SMITH_JOHN_remit.835'),
      post('/api/claims/import', write837P(generatedClaims(), 3), 'SMITH_JOHN_claims.837'),
    ];
    const first = await Promise.race(more.map((p, i) => p.then((res) => ({ i, res }))));
    assert.equal(first.res.statusCode, 503, first.res.body);
    const body = first.res.json() as { statusCode: number; code: string; message: string };
    assert.equal(body.code, 'import-queue-full');
    assert.match(body.message, /busy importing other files/);
    assert.doesNotMatch(first.res.body, /SMITH|JOHN/);
    assert.equal(first.res.headers['retry-after'], '30');
    const action = first.i === 0 ? 'remits.import' : 'claims.import';
    const row = t.accounts.listAudit({ action, limit: 1 })[0];
    assert.equal(row?.status, 503);
    assert.equal(row?.username, 'biller');
    assert.match(row?.resource ?? '', /^sha256:[0-9a-f]{12} bytes:\d+$/);

    release();
    assert.equal((await running).statusCode, 200);
    const waited = await more[1 - first.i];
    assert.equal(waited?.statusCode, 200, waited?.body);
  });

  void it('an import whose client went away while it waited is skipped: nothing written, audited as skipped', async () => {
    const { t, holding, release } = await heldApp(4);
    opened.push(t);
    const running = t.as('biller', {
      method: 'POST',
      url: '/api/claims/import',
      headers: x12,
      payload: write837P(generatedClaims(), 1),
    });
    await holding;

    // The second import comes over a socket, waits in the queue, and its client gives up.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const remit = write835(medicareRemittance(), 2);
    const client = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/remits/import',
      headers: { ...x12, authorization: `Bearer ${t.tokens.biller}`, 'x-file-name': 'remit.835' },
    });
    client.on('error', () => undefined); // the socket hang-up this test causes
    client.end(remit);
    await until(
      () => t.logs.some((line) => line.includes('import waits for the imports before it')),
      'the import to be queued',
    );
    client.destroy();
    const connections = (): Promise<number> =>
      new Promise((resolve, reject) =>
        t.app.server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
      );
    for (let i = 0; i < 500 && (await connections()) > 0; i++) await sleep(10);
    assert.equal(await connections(), 0, 'the server saw the client go');

    release();
    assert.equal((await running).statusCode, 200);
    await until(() => t.accounts.listAudit({ action: 'remits.import' }).length > 0, 'the audit row');
    const row = t.accounts.listAudit({ action: 'remits.import', limit: 1 })[0];
    assert.equal(row?.status, 499);
    assert.equal(row?.username, 'biller');
    assert.match(row?.resource ?? '', /^skipped:client-gone sha256:[0-9a-f]{12} bytes:\d+$/);
    // The address was taken when the request came in: the socket had none left when the row was written.
    assert.match(row?.ip ?? '', /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);

    assert.equal(
      t.recovery.store.fileBySha(RecoveryStore.hash(Buffer.from(remit)), 'remittances'),
      undefined,
      'the remittance file was not written',
    );
    // Sent again, it is imported: the skipped import left nothing behind (not even `already-imported`).
    const again = await t.as('biller', {
      method: 'POST',
      url: '/api/remits/import',
      headers: x12,
      payload: remit,
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(
      (again.json() as { files: { status: string }[] }).files.map((f) => f.status),
      ['imported'],
    );
  });

  void it('a full queue refuses an import before reading its upload: the 503 comes while the body is still sent', async () => {
    const { t, holding, release } = await heldApp(0);
    opened.push(t);
    const running = t.as('biller', {
      method: 'POST',
      url: '/api/claims/import',
      headers: x12,
      payload: write837P(generatedClaims(), 1),
    });
    await holding;

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const remit = Buffer.from(write835(medicareRemittance(), 2));
    const client = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/remits/import',
      headers: {
        ...x12,
        authorization: `Bearer ${t.tokens.biller}`,
        'content-length': String(remit.length),
      },
    });
    client.on('error', () => undefined); // the hang-up this test causes
    // Half the body, and the rest never: an import that waited for the whole upload would never answer.
    client.write(remit.subarray(0, remit.length >> 1));
    const res = await new Promise<{ status: number; retryAfter: unknown; body: string }>((resolve) =>
      client.on('response', (r) => {
        let body = '';
        r.on('data', (chunk: Buffer) => (body += String(chunk)));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, retryAfter: r.headers['retry-after'], body }));
      }),
    );
    client.destroy();
    assert.equal(res.status, 503, res.body);
    assert.equal((JSON.parse(res.body) as { code: string }).code, 'import-queue-full');
    assert.equal(res.retryAfter, '30');
    await until(() => t.accounts.listAudit({ action: 'remits.import' }).length > 0, 'the audit row');
    assert.equal(t.accounts.listAudit({ action: 'remits.import', limit: 1 })[0]?.status, 503);

    release();
    assert.equal((await running).statusCode, 200);
  });

  void it('an import whose client left while it waited gives its place back at once: a live import is taken', async () => {
    const { t, holding, release } = await heldApp(1);
    opened.push(t);
    const running = t.as('biller', {
      method: 'POST',
      url: '/api/claims/import',
      headers: x12,
      payload: write837P(generatedClaims(), 1),
    });
    await holding;

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const client = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/remits/import',
      headers: { ...x12, authorization: `Bearer ${t.tokens.biller}`, 'x-file-name': 'remit.835' },
    });
    client.on('error', () => undefined); // the hang-up this test causes
    client.end(write835(medicareRemittance(), 2));
    await until(
      () => t.logs.some((line) => line.includes('import waits for the imports before it')),
      'the import to be queued',
    );
    client.destroy();
    // Answered (audited as skipped) while the running import still holds the queue, not when its turn comes.
    await until(() => t.accounts.listAudit({ action: 'remits.import' }).length > 0, 'the skipped row');
    assert.equal(t.accounts.listAudit({ action: 'remits.import', limit: 1 })[0]?.status, 499);

    // The one place to wait is free again: this import waits instead of being refused.
    const live = t.as('biller', {
      method: 'POST',
      url: '/api/claims/import',
      headers: x12,
      payload: write837P(generatedClaims(), 3),
    });
    release();
    assert.equal((await running).statusCode, 200);
    const res = await live;
    assert.equal(res.statusCode, 200, res.body);
  });
});
