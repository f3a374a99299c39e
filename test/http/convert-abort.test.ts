/**
 * POST /api/convert streams its document, and its audit row (status 200) is written as the answer starts: a client
 * that leaves before the end leaves a second row, tied to the first by the request id, saying the answer did not
 * complete; a client that leaves before the answer starts leaves one row, status 499. Over a socket: an injected request has no client to go away.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Remittance } from '../../src/core/claim/model.ts';
import { medicareRemittance, write835 } from '../recovery/fixtures.ts';
import { testApp, type TestApp } from './support.ts';

let t: TestApp;
let port: number;
before(async () => {
  t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
after(async () => {
  await t.close();
});

/** An 835 of `n` remittance claims: about 10 kB of ExplanationOfBenefits each. */
function big835(n: number): string {
  const r = medicareRemittance();
  const claims = Array.from({ length: n }, (_, i) => ({
    ...(r.claims[i % r.claims.length] as Remittance['claims'][number]),
    patientControlNumber: `BIG${i}`,
  }));
  return write835({ ...r, claims }, 9);
}

/** POSTs the 835 for FHIR over a socket; `leave` reads the first piece of the answer and closes the connection. */
function convertOverSocket(payload: string, leave: boolean): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const client = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/convert?to=fhir',
        headers: { 'content-type': 'application/edi-x12', authorization: `Bearer ${t.tokens.viewer}` },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (leave) {
            client.destroy();
            resolve({ status: res.statusCode ?? 0, bytes });
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      },
    );
    client.on('error', (err) => (leave ? undefined : reject(err)));
    client.end(payload);
  });
}

/** Waits (a few seconds at most) until `done()`: the outcome row is written when the server sees the socket close. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (done()) return;
    await sleep(10);
  }
  assert.fail(`timed out waiting for ${what}`);
}

const convertRows = () => t.accounts.listAudit({ action: 'convert.run', limit: 10 });

void describe('POST /api/convert: the audit says when the document did not reach the client whole', () => {
  void it('a client that leaves part-way: a second row, outcome:aborted, with the first row’s request id', async () => {
    const before = convertRows().length;
    const sent = await convertOverSocket(big835(4_000), true);
    assert.equal(sent.status, 200);
    await until(() => convertRows().length === before + 2, 'the outcome row');
    const [outcome, first] = convertRows();
    assert.equal(first?.status, 200);
    const firstResource = first?.resource ?? '';
    assert.match(
      firstResource,
      /^sha256:[0-9a-f]{12} to:fhir claims:0 remittance-claims:4000 request:[\w.-]+$/,
    );
    assert.equal(outcome?.status, 499);
    assert.equal(outcome?.resource, `outcome:aborted ${firstResource}`);
    assert.deepEqual(
      [outcome?.userId, outcome?.tokenId, outcome?.route, outcome?.ip],
      [first?.userId, first?.tokenId, '/api/convert', first?.ip],
    );
  });

  void it('a client that leaves while its upload is converted: one row, status 499, and no outcome row', async () => {
    const before = convertRows().length;
    const payload = big835(40_000);
    await new Promise<void>((resolve) => {
      const client = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/convert?to=fhir',
        headers: { 'content-type': 'application/edi-x12', authorization: `Bearer ${t.tokens.viewer}` },
      });
      client.on('error', () => undefined); // the hang-up this test causes
      client.on('response', () => assert.fail('the answer started before the client left'));
      // Sent whole, then left at once: the server (in this process) still reads and converts 40,000 remittance
      // claims (a few hundred ms) after the upload's last bytes, and TCP delivers the hang-up after them. A pause
      // here raced the conversion on fast machines.
      client.end(payload, () => (client.destroy(), resolve()));
    });
    await until(() => convertRows().length > before, 'the audit row');
    await sleep(50);
    const rows = convertRows();
    assert.equal(rows.length, before + 1, 'one row, no outcome row');
    assert.equal(rows[0]?.status, 499);
    assert.match(
      rows[0]?.resource ?? '',
      /^sha256:[0-9a-f]{12} to:fhir claims:0 remittance-claims:40000 request:/,
    );
    assert.match(rows[0]?.ip ?? '', /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
  });

  void it('a document sent whole: one row, status 200, and no outcome row', async () => {
    const before = convertRows().length;
    const sent = await convertOverSocket(big835(50), false);
    assert.equal(sent.status, 200);
    assert.ok(sent.bytes > 100_000, `${sent.bytes} bytes`);
    // The server has answered whole: a row it would add comes as the response closes, within a turn or two.
    await sleep(50);
    const rows = convertRows();
    assert.equal(rows.length, before + 1);
    assert.equal(rows[0]?.status, 200);
  });
});
