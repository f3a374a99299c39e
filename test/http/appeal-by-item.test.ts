/**
 * Appeal letters keyed by the worklist item id (GET /api/worklist/:id/appeal), so that no claim id (CLM01, the
 * patient account number: PHI) has to be in a URL; the claim-id route stays for API clients, deprecated, and the
 * server log never holds its URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  commercialRemittance,
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
} from '../recovery/fixtures.ts';
import { multipart, testApp, type TestApp } from './support.ts';

let t: TestApp;
/** The worklist item of the prior-authorization denial on claim RC1004 line 1. */
let item: number;

interface AuditEntry {
  action: string;
  route: string;
  resource: string | null;
}

before(async () => {
  t = await testApp();
  const claims = await t.as('biller', {
    method: 'POST',
    url: '/api/claims/import?fileName=claims.837',
    headers: { 'content-type': 'application/edi-x12' },
    payload: write837P(generatedClaims()),
  });
  assert.equal(claims.statusCode, 200, claims.body);
  const m = multipart([
    { name: 'medicare.835', content: write835(medicareRemittance(), 2) },
    { name: 'commercial.835', content: write835(commercialRemittance(), 3) },
  ]);
  const remits = await t.as('biller', {
    method: 'POST',
    url: '/api/remits/import',
    headers: m.headers,
    payload: m.payload,
  });
  assert.equal(remits.statusCode, 200, remits.body);
  const list = await t.as('viewer', { method: 'GET', url: '/api/worklist?kind=denial&limit=1000' });
  const items = (list.json() as { items: { id: number; claimId: string; line: number | null }[] }).items;
  const found = items.find((i) => i.claimId === 'RC1004' && i.line === 1);
  assert.ok(found, 'the RC1004 line 1 denial is on the worklist');
  item = found.id;
});
after(async () => {
  await t.close();
});

void describe('GET /api/worklist/:id/appeal', () => {
  void it('drafts the same letter as the claim-id route: Markdown, PDF and JSON', async () => {
    const md = await t.as('viewer', { method: 'GET', url: `/api/worklist/${item}/appeal?date=2026-03-10` });
    assert.equal(md.statusCode, 200, md.body);
    assert.match(md.headers['content-type'] as string, /text\/markdown/);
    assert.match(md.body, /J9299/);
    const old = await t.as('viewer', {
      method: 'GET',
      url: `/api/appeals/RC1004/1?date=2026-03-10&findingId=${item}`,
    });
    assert.equal(md.body, old.body);

    const pdf = await t.as('viewer', {
      method: 'GET',
      url: `/api/worklist/${item}/appeal?format=pdf&date=2026-03-10`,
    });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    // A neutral download name: no claim id in a header a proxy may log.
    assert.equal(pdf.headers['content-disposition'], 'attachment; filename="appeal-line1.pdf"');

    const json = await t.as('viewer', { method: 'GET', url: `/api/worklist/${item}/appeal?format=json` });
    assert.equal(json.statusCode, 200);
    const body = json.json() as { rootCause: string; claimId: string; line: number };
    assert.deepEqual([body.rootCause, body.claimId, body.line], ['prior-authorization', 'RC1004', 1]);
  });

  void it('404 for an unknown item, 400 for a bad id or format', async () => {
    const none = await t.as('viewer', { method: 'GET', url: '/api/worklist/999999/appeal' });
    assert.deepEqual([none.statusCode, (none.json() as { code: string }).code], [404, 'not-found']);
    for (const url of [
      '/api/worklist/0/appeal',
      '/api/worklist/x/appeal',
      `/api/worklist/${item}/appeal?format=docx`,
    ])
      assert.equal((await t.as('viewer', { method: 'GET', url })).statusCode, 400, url);
  });

  void it('needs a signed-in user and is audited like the claim-id route', async () => {
    const anon = await t.as(null, { method: 'GET', url: `/api/worklist/${item}/appeal` });
    assert.deepEqual([anon.statusCode, (anon.json() as { code: string }).code], [401, 'unauthorized']);
    const route = (url: string) => t.app.drugclaimRoutes.find((r) => r.method === 'GET' && r.url === url);
    const byItem = route('/api/worklist/:id/appeal');
    const byClaim = route('/api/appeals/:claimId/:line');
    assert.ok(byItem && byClaim);
    assert.deepEqual([byItem.access, byItem.audit], [byClaim.access, byClaim.audit]);

    await t.as('viewer', { method: 'GET', url: `/api/worklist/${item}/appeal` });
    const audit = await t.as('admin', { method: 'GET', url: '/api/audit?action=appeals.read&limit=1' });
    const entry = (audit.json() as { entries: AuditEntry[] }).entries[0];
    assert.deepEqual(entry, {
      ...entry,
      route: '/api/worklist/:id/appeal',
      resource: `findings:${item}`,
    });
  });

  void it('OpenAPI: the claim-id route is deprecated, the item route is not', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, { get?: { deprecated?: boolean; description?: string } }>;
    };
    const byClaim = doc.paths['/api/appeals/{claimId}/{line}']?.get;
    assert.equal(byClaim?.deprecated, true);
    assert.match(byClaim.description ?? '', /PHI/);
    const byItem = doc.paths['/api/worklist/{id}/appeal']?.get;
    assert.ok(byItem);
    assert.equal(byItem.deprecated, undefined);
  });
});

void describe('the server log', () => {
  void it('holds the route pattern of a claim-id URL, never the claim id', async () => {
    const before = t.logs.length;
    const ok = await t.as('viewer', { method: 'GET', url: '/api/appeals/RC1004/1?format=md' });
    assert.equal(ok.statusCode, 200);
    // A claim id with no letter: the 404 (its message quotes the claim id to the caller) is logged without it.
    const none = await t.as('viewer', { method: 'GET', url: '/api/appeals/ZZPHI123456789/1' });
    assert.equal(none.statusCode, 404);
    const lines = t.logs.slice(before).join('');
    assert.match(lines, /"route":"\/api\/appeals\/:claimId\/:line"/);
    assert.match(lines, /"status":404/);
    assert.doesNotMatch(lines, /RC1004|ZZPHI123456789/);
  });
});
