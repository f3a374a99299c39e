/**
 * POST /api/check/fix streams the fixed file, and its audit row (status 200, with the request tag) is written as the
 * answer starts: a client that leaves before the end leaves a second row, `outcome:aborted`, tied to the first by
 * that tag, as POST /api/convert does. Over a socket: an injected request has no client to go away.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { syntheticX12 } from '../../bench/x12.bench.ts';
import { testApp, type TestApp } from './support.ts';

let t: TestApp;
let port: number;
let payload: Buffer;
before(async () => {
  t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
  // About 8 MB of 837P: a fixed file of several windows, more than the socket buffers hold.
  payload = readFileSync(await syntheticX12(20_000));
});
after(async () => {
  await t.close();
});

/** POSTs the 837 to check/fix over a socket, reads the first piece of the answer and closes the connection. */
function fixAndLeave(): Promise<number> {
  return new Promise((resolve, reject) => {
    const client = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/check/fix?dateOfRun=2026-03-01',
        headers: { 'content-type': 'application/edi-x12', authorization: `Bearer ${t.tokens.viewer}` },
      },
      (res) => {
        res.once('data', () => {
          client.destroy();
          resolve(res.statusCode ?? 0);
        });
      },
    );
    client.on('error', () => undefined);
    client.on('close', () => reject(new Error('closed before any answer')));
    client.end(payload);
  });
}

const fixRows = () => t.accounts.listAudit({ action: 'check.fix', limit: 10 });

void describe('POST /api/check/fix: the audit says when the fixed file did not reach the client whole', () => {
  void it('a client that leaves part-way: a second row, outcome:aborted, with the first row’s request tag', async () => {
    const before = fixRows().length;
    assert.equal(await fixAndLeave(), 200);
    for (let i = 0; i < 500 && fixRows().length < before + 2; i++) await sleep(10);
    const [outcome, first] = fixRows();
    assert.equal(fixRows().length, before + 2, 'the outcome row');
    assert.equal(first?.status, 200);
    const resource = first?.resource ?? '';
    assert.match(resource, /^sha256:[0-9a-f]{12} claims:20000 request:[\w.-]+$/);
    assert.equal(outcome?.status, 499);
    assert.equal(outcome?.resource, `outcome:aborted ${resource}`);
  });
});
