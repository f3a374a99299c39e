/**
 * Claims and remittances in, denials and underpayments out, the worklist, appeal letters and the dashboard, over
 * app.inject, on the generated Medicare + commercial scenario whose figures are known exactly (test/recovery).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  commercialRemittance,
  correctedClaim,
  EXPECTED_DENIALS,
  EXPECTED_UNDERPAYMENTS,
  generatedClaims,
  laterMedicareRemittance,
  medicareAdjudication,
  medicareRemittance,
  paidAgain,
  reversalOf,
  write835,
  write837P,
} from '../recovery/fixtures.ts';
import { multipart, testApp, type TestApp } from './support.ts';

let t: TestApp;
const claims837 = write837P(generatedClaims());
const remits = [
  { name: 'medicare.835', content: write835(medicareRemittance(), 2) },
  { name: 'commercial.835', content: write835(commercialRemittance(), 3) },
];

interface ImportAnswer {
  files: { file: string; status: string; items?: number; added?: number; errors?: string[] }[];
  reconcile: { matched: number; unmatched: number; denials: number; underpayments: number } | null;
}
interface Item {
  id: number;
  kind: string;
  claimId: string;
  line: number | null;
  rootCause: string;
  recoverableCents: number;
  recoverableNote: string | null;
  status: string;
  allowedStatuses: string[];
}

before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

void describe('import', () => {
  void it('imports the claims (raw 837 body) and the remittances (multipart, two files), then matches and classifies', async () => {
    const c = await t.as('biller', {
      method: 'POST',
      url: '/api/claims/import?fileName=claims.837',
      headers: { 'content-type': 'application/edi-x12' },
      payload: claims837,
    });
    assert.equal(c.statusCode, 200, c.body);
    const cb = c.json() as ImportAnswer;
    assert.deepEqual(
      cb.files.map((f) => [f.file, f.status, f.items]),
      [['claims.837', 'imported', 9]],
    );

    const m = multipart(remits);
    const r = await t.as('biller', {
      method: 'POST',
      url: '/api/remits/import',
      headers: m.headers,
      payload: m.payload,
    });
    assert.equal(r.statusCode, 200, r.body);
    const rb = r.json() as ImportAnswer;
    assert.deepEqual(
      rb.files.map((f) => [f.file, f.status]),
      [
        ['medicare.835', 'imported'],
        ['commercial.835', 'imported'],
      ],
    );
    assert.equal(rb.reconcile?.denials, EXPECTED_DENIALS.length);
    assert.equal(rb.reconcile?.underpayments, EXPECTED_UNDERPAYMENTS.length);
    // Professional claims: nothing is packaged under OPPS (test/recovery/opps-packaged.test.ts has the 837I case).
    assert.equal((rb.reconcile as { packagedLines?: number } | null)?.packagedLines, 0);
    const packaged = await t.as('viewer', { method: 'GET', url: '/api/packaged' });
    assert.equal(packaged.statusCode, 200, packaged.body);
    assert.deepEqual(packaged.json(), {
      packaged: [],
      total: 0,
      offset: 0,
      limit: 1000,
      totals: { amountCents: 0 },
    });
  });

  void it('is idempotent: the same bytes again add nothing', async () => {
    const again = await t.as('biller', {
      method: 'POST',
      url: '/api/claims/import?fileName=again.837',
      headers: { 'content-type': 'text/plain' },
      payload: claims837,
    });
    assert.equal(again.statusCode, 200);
    const body = again.json() as ImportAnswer;
    assert.equal(body.files[0]?.status, 'already-imported');
    assert.equal(body.reconcile, null);
  });

  void it('refuses a file of the wrong kind, an unreadable file, an empty body', async () => {
    const wrongKind = await t.as('biller', {
      method: 'POST',
      url: '/api/claims/import?fileName=remit.835',
      headers: { 'content-type': 'application/edi-x12' },
      payload: remits[0]?.content ?? '',
    });
    assert.equal(wrongKind.statusCode, 422);
    assert.match((wrongKind.json() as { message: string }).message, /remits\/import/);
    type Refusal = { code: string; problems: { code: string; at?: { file?: string; segmentId?: string } }[] };
    assert.deepEqual(
      (wrongKind.json() as Refusal).problems.map((p) => [p.code, p.at?.file]),
      [['import.wrong-kind', 'remit.835']],
    );
    // A broken 837: the reader's own problems, with their codes and segment positions.
    const broken = await t.as('biller', {
      method: 'POST',
      url: '/api/claims/import?fileName=broken.837',
      headers: { 'content-type': 'application/edi-x12' },
      payload:
        'ISA*00*          *00*          *ZZ*A              *ZZ*B              *260301*1200*^*00501*000000001*0*T*:~GS*HC*A*B*20260301*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~CLM*X~SE*3*0001~GE*1*1~IEA*1*000000001~',
    });
    assert.equal(broken.statusCode, 422, broken.body);
    const problems = (broken.json() as Refusal).problems;
    assert.ok(problems.length > 0);
    assert.ok(
      problems.every((p) => p.code.startsWith('x12.') && p.at?.file === 'broken.837'),
      JSON.stringify(problems),
    );
    const junk = await t.as('biller', {
      method: 'POST',
      url: '/api/remits/import',
      headers: { 'content-type': 'text/plain' },
      payload: 'not a remittance at all',
    });
    assert.equal(junk.statusCode, 422);
    const empty = await t.as('biller', {
      method: 'POST',
      url: '/api/remits/import',
      headers: { 'content-type': 'text/plain' },
      payload: '',
    });
    assert.equal(empty.statusCode, 400);
  });

  void it('needs a biller: 401 without a token, 403 for a viewer', async () => {
    assert.equal(
      (
        await t.as(null, {
          method: 'POST',
          url: '/api/claims/import',
          headers: { 'content-type': 'text/plain' },
          payload: claims837,
        })
      ).statusCode,
      401,
    );
    assert.equal(
      (
        await t.as('viewer', {
          method: 'POST',
          url: '/api/claims/import',
          headers: { 'content-type': 'text/plain' },
          payload: claims837,
        })
      ).statusCode,
      403,
    );
  });
});

void describe('denials and underpayments', () => {
  void it('lists exactly the expected denials with cause, action, amounts and deadline', async () => {
    const res = await t.as('viewer', { method: 'GET', url: '/api/denials?status=all' });
    assert.equal(res.statusCode, 200);
    const got = (res.json() as { denials: Record<string, unknown>[] }).denials
      .map((d) => [
        d['claimId'],
        d['line'],
        d['code'],
        d['groupCode'],
        d['carc'],
        d['rootCause'],
        d['action'],
        d['amountCents'],
        d['recoverableCents'],
        d['deadline'],
      ])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const want = EXPECTED_DENIALS.map((d) => [
      d.claimId,
      d.line,
      d.code,
      d.group,
      d.carc,
      d.cause,
      d.action,
      d.amount,
      d.recoverable,
      d.deadline,
    ]);
    assert.deepEqual(got, want);
  });

  void it('filters by cause and payer, and refuses an unknown cause', async () => {
    const byCause = (
      await t.as('viewer', { method: 'GET', url: '/api/denials?cause=prior-authorization' })
    ).json() as { denials: { claimId: string }[] };
    assert.deepEqual(
      byCause.denials.map((d) => d.claimId),
      ['RC1004'],
    );
    const byPayer = (
      await t.as('viewer', { method: 'GET', url: '/api/denials?payer=example%20health' })
    ).json() as { denials: unknown[] };
    assert.equal(byPayer.denials.length, 0);
    assert.equal(
      (await t.as('viewer', { method: 'GET', url: '/api/denials?cause=bad-luck' })).statusCode,
      400,
    );
    assert.equal((await t.as('viewer', { method: 'GET', url: '/api/denials?status=lost' })).statusCode, 400);
  });

  void it('lists the underpayments with paid, expected, gap and basis', async () => {
    const res = await t.as('viewer', { method: 'GET', url: '/api/underpayments' });
    const got = (res.json() as { underpayments: Record<string, unknown>[] }).underpayments
      .map((u) => [
        u['claimId'],
        u['line'],
        u['code'],
        u['paidCents'],
        u['expectedCents'],
        u['gapCents'],
        u['basis'],
      ])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(
      got,
      EXPECTED_UNDERPAYMENTS.map((u) => [u.claimId, u.line, u.code, u.paid, u.expected, u.gap, u.basis]),
    );
  });

  void it('needs a signed-in user', async () => {
    for (const url of [
      '/api/denials',
      '/api/underpayments',
      '/api/packaged',
      '/api/worklist',
      '/api/dashboard',
      '/api/claims/unmatched',
      '/api/worklist/1',
      '/api/appeals/RC1004/1',
    ]) {
      assert.equal((await t.as(null, { method: 'GET', url })).statusCode, 401, url);
    }
  });
});

void describe('denials and underpayments a page at a time, as the worklist: totals of every matching row', () => {
  interface ListPage {
    denials?: { id: number; recoverableCents: number }[];
    underpayments?: { id: number; gapCents: number }[];
    total: number;
    offset: number;
    limit: number;
    sort: string;
    totals: Record<string, number>;
  }
  const get = async (url: string): Promise<ListPage> => {
    const res = await t.as('viewer', { method: 'GET', url });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as ListPage;
  };
  const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);
  // Every item is still new (open) here. Of the deadlines, 2026-07-05 is within 14 days of 2026-06-25.
  const asOf = '2026-06-25';
  const denialTotals = {
    openItems: EXPECTED_DENIALS.length,
    recoverableCents: sum(EXPECTED_DENIALS.map((d) => d.recoverable)),
    amountCents: sum(EXPECTED_DENIALS.map((d) => d.amount)),
    dueSoon: EXPECTED_DENIALS.filter((d) => d.deadline >= asOf && d.deadline <= '2026-07-09').length,
    pastDeadline: EXPECTED_DENIALS.filter((d) => d.deadline < asOf).length,
  };

  void it('pages of denials join up to the whole list, each with the totals of all of them', async () => {
    const whole = await get(`/api/denials?sort=-recoverable&asOf=${asOf}`);
    assert.deepEqual(
      whole.denials?.map((d) => d.recoverableCents),
      EXPECTED_DENIALS.map((d) => d.recoverable).sort((a, b) => b - a),
    );
    const pages: ListPage[] = [];
    for (const offset of [0, 2, 4])
      pages.push(await get(`/api/denials?sort=-recoverable&limit=2&offset=${offset}&asOf=${asOf}`));
    assert.deepEqual(
      pages.map((p) => [p.denials?.length, p.total, p.offset, p.limit, p.sort]),
      [
        [2, 5, 0, 2, '-recoverable'],
        [2, 5, 2, 2, '-recoverable'],
        [1, 5, 4, 2, '-recoverable'],
      ],
    );
    assert.deepEqual(
      pages.flatMap((p) => p.denials?.map((d) => d.id)),
      whole.denials?.map((d) => d.id),
    );
    for (const p of [whole, ...pages]) assert.deepEqual(p.totals, denialTotals);
  });

  void it("the defaults are the worklist's (deadline order, 1000 a page, from 0); filters narrow the totals too", async () => {
    const first = await get('/api/denials');
    assert.deepEqual([first.total, first.offset, first.limit, first.sort], [5, 0, 1000, 'deadline']);
    const pa = await get('/api/denials?cause=prior-authorization');
    assert.deepEqual(
      [pa.total, pa.totals['openItems'], pa.totals['amountCents']],
      [1, 1, EXPECTED_DENIALS.find((d) => d.cause === 'prior-authorization')?.amount],
    );
    const closed = await get('/api/denials?status=recovered');
    assert.deepEqual([closed.denials, closed.total, closed.totals['amountCents']], [[], 0, 0]);
    const past = await get('/api/denials?offset=50');
    assert.deepEqual([past.denials, past.total], [[], 5]);
  });

  void it('underpayments page alike; amountCents totals the gaps', async () => {
    const pages = [
      await get('/api/underpayments?sort=-amount&limit=1'),
      await get('/api/underpayments?sort=-amount&limit=1&offset=1'),
    ];
    const gaps = EXPECTED_UNDERPAYMENTS.map((u) => u.gap).sort((a, b) => b - a);
    assert.deepEqual(
      pages.map((p) => [p.underpayments?.map((u) => u.gapCents), p.total, p.totals['amountCents']]),
      gaps.map((gap) => [[gap], 2, sum(gaps)]),
    );
  });

  void it('refuses what the worklist refuses: a sort outside the allow-list, a negative offset, a limit of 0 or over 5000', async () => {
    for (const url of ['/api/denials', '/api/underpayments', '/api/packaged'])
      for (const q of ['offset=-1', 'limit=5001', 'limit=0', 'limit=x'])
        assert.equal(
          (await t.as('viewer', { method: 'GET', url: `${url}?${q}` })).statusCode,
          400,
          `${url}?${q}`,
        );
    for (const url of ['/api/denials', '/api/underpayments'])
      for (const q of ['sort=id', 'sort=deadline;drop', 'sort=--deadline'])
        assert.equal(
          (await t.as('viewer', { method: 'GET', url: `${url}?${q}` })).statusCode,
          400,
          `${url}?${q}`,
        );
  });
});

void describe('worklist', () => {
  let items: Item[] = [];
  void it('lists open items, filters by kind and cause', async () => {
    const res = await t.as('viewer', { method: 'GET', url: '/api/worklist?asOf=2026-03-10' });
    assert.equal(res.statusCode, 200);
    items = (res.json() as { items: Item[] }).items;
    assert.equal(items.length, EXPECTED_DENIALS.length + EXPECTED_UNDERPAYMENTS.length);
    // Every item says how sure its recoverable amount is (null: the expected amount).
    assert.ok(items.every((i) => 'recoverableNote' in i));
    assert.ok(items.every((i) => i.status === 'new'));
    const under = (
      await t.as('viewer', { method: 'GET', url: '/api/worklist?kind=underpayment' })
    ).json() as { items: Item[] };
    assert.equal(under.items.length, 2);
    const mue = (await t.as('viewer', { method: 'GET', url: '/api/worklist?cause=units-mue' })).json() as {
      items: Item[];
    };
    assert.deepEqual(
      mue.items.map((i) => i.claimId),
      ['RC1005'],
    );
    assert.equal((await t.as('viewer', { method: 'GET', url: '/api/worklist?kind=refund' })).statusCode, 400);
  });

  // QA: expectedCents was null on every denial although the recoverable amount was its expected payment.
  void it("gives a denial's expected payment (on the units billed), and the statuses it can be set to", async () => {
    type Priced = Item & { expectedCents: number | null; paidCents: number; code: string };
    const res = await t.as('viewer', { method: 'GET', url: '/api/worklist?asOf=2026-03-10' });
    const all = (res.json() as { items: Priced[] }).items;
    const byClaim = Object.fromEntries(
      all.map((i) => [`${i.claimId}:${i.kind}`, [i.expectedCents, i.paidCents, i.recoverableCents]]),
    );
    assert.deepEqual(byClaim, {
      'RC1003:denial': [1_544_102, 0, 1_544_102],
      'RC1004:denial': [631_710, 0, 631_710],
      'RC1005:denial': [byClaim['RC1005:denial']?.[0], byClaim['RC1005:denial']?.[1], 468_252],
      'RC1006:underpayment': [507_268, 490_000, 17_268],
      'RC1007:denial': [507_268, 0, 507_268],
      'RC9999:denial': [263_212, 0, 263_212],
      'RC2001:underpayment': [
        byClaim['RC2001:underpayment']?.[0],
        byClaim['RC2001:underpayment']?.[1],
        95_000,
      ],
    });
    // A partial denial: what is recoverable is the expected payment on the 500 units billed less what was paid.
    const [expected, paid] = byClaim['RC1005:denial'] ?? [];
    assert.equal((expected ?? 0) - (paid ?? 0), 468_252);
    assert.ok((paid ?? 0) > 0);
    // "new" is listed for a new item to add a note (the CLI takes `set ID new --note …` too, and refuses it without).
    assert.deepEqual(all.find((i) => i.claimId === 'RC1004')?.allowedStatuses, [
      'in-progress',
      'appealed',
      'resubmitted',
      'recovered',
      'written-off',
      'new',
    ]);
  });

  void it("offers every denial's root cause whatever the page or filter, and says how much is an upper bound or an estimate", async () => {
    type Answer = {
      items: Item[];
      causes: { key: string; label: string; items: number }[];
      totals: Record<'upperBound' | 'estimate', { items: number; recoverableCents: number }>;
    };
    const all = (await t.as('viewer', { method: 'GET', url: '/api/worklist?limit=5000' })).json() as Answer;
    const denials = all.items.filter((i) => i.kind === 'denial');
    const seen = [...new Set(denials.map((i) => i.rootCause))].sort();
    assert.deepEqual(all.causes.map((c) => c.key).sort(), seen);
    assert.equal(
      all.causes.reduce((n, c) => n + c.items, 0),
      denials.length,
    );
    assert.ok(all.causes.every((c) => c.label !== '' && c.label !== c.key));
    // One item a page, filtered by one cause: still every cause to choose from.
    const one = (
      await t.as('viewer', { method: 'GET', url: '/api/worklist?limit=1&cause=units-mue' })
    ).json() as Answer;
    assert.deepEqual(one.causes, all.causes);
    // The ≤ and ~ items of the whole list, as the CLI's footnote counts its rows.
    for (const [key, prefix] of [
      ['upperBound', 'upper bound'],
      ['estimate', 'estimate'],
    ] as const) {
      const marked = denials.filter((i) => i.recoverableNote?.startsWith(prefix) === true);
      assert.deepEqual(
        all.totals[key],
        { items: marked.length, recoverableCents: marked.reduce((n, i) => n + i.recoverableCents, 0) },
        key,
      );
    }
    // (This fixture prices every denial; test/recovery/opps-packaged.test.ts has upper bounds and estimates.)
  });

  void it('changes status with a note, keeps history, refuses an illegal change (409), a viewer (403), an unknown item (404)', async () => {
    const item = items.find((i) => i.claimId === 'RC1004');
    assert.ok(item);
    const url = `/api/worklist/${item.id}/status`;
    const ok = await t.as('biller', {
      method: 'POST',
      url,
      payload: { status: 'appealed', note: 'Redetermination sent with the PA approval letter' },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((ok.json() as { item: Item }).item.status, 'appealed');
    const detail = (await t.as('viewer', { method: 'GET', url: `/api/worklist/${item.id}` })).json() as {
      history: { to: string; note?: string; by?: string }[];
      why: string[];
    };
    // Who changed it is kept with the change (the import's own "new" has no one).
    assert.deepEqual(detail.history.at(-1), {
      ...detail.history.at(-1),
      to: 'appealed',
      note: 'Redetermination sent with the PA approval letter',
      by: 'biller',
    });
    assert.equal(detail.history[0]?.by, undefined);
    assert.ok(detail.why.length > 0);

    const illegal = await t.as('biller', { method: 'POST', url, payload: { status: 'new' } });
    assert.equal(illegal.statusCode, 409);
    assert.equal((illegal.json() as { code: string }).code, 'status-change-refused');
    assert.equal(
      (await t.as('viewer', { method: 'POST', url, payload: { status: 'recovered' } })).statusCode,
      403,
    );
    assert.equal(
      (
        await t.as('biller', {
          method: 'POST',
          url: '/api/worklist/999999/status',
          payload: { status: 'recovered' },
        })
      ).statusCode,
      404,
    );
    assert.equal((await t.as('biller', { method: 'POST', url, payload: { status: 'won' } })).statusCode, 400);
    assert.equal(
      (
        await t.as('biller', {
          method: 'POST',
          url,
          payload: { status: 'recovered', note: 'x'.repeat(2001) },
        })
      ).statusCode,
      400,
    );
    assert.equal((await t.as('viewer', { method: 'GET', url: '/api/worklist/abc' })).statusCode, 400);
    // Numbers JavaScript would read ("1e3" as 1000, "0x10" as 16, " 7") are not item ids.
    for (const id of ['1e3', '0x10', '%207', '1.0', '0'])
      assert.equal((await t.as('viewer', { method: 'GET', url: `/api/worklist/${id}` })).statusCode, 400, id);
    assert.equal((await t.as('viewer', { method: 'GET', url: '/api/worklist/999999' })).statusCode, 404);
  });

  void it('records every access to claim data in the audit log, with who and from where, and no claim content', async () => {
    const entries = (await t.as('admin', { method: 'GET', url: '/api/audit?limit=1000' })).json() as {
      entries: {
        action: string;
        username: string | null;
        ip: string | null;
        resource: string | null;
        status: number;
      }[];
    };
    const actions = new Set(entries.entries.map((e) => e.action));
    for (const a of [
      'claims.import',
      'remits.import',
      'denials.list',
      'underpayments.list',
      'worklist.list',
      'worklist.read',
      'worklist.status',
    ])
      assert.ok(actions.has(a), a);
    const change = entries.entries.find((e) => e.action === 'worklist.status' && e.status === 200);
    assert.equal(change?.username, 'biller');
    assert.ok(change?.ip);
    // A list read records which items it disclosed (store ids, not claim ids).
    for (const action of ['worklist.list', 'denials.list', 'underpayments.list']) {
      const reads = entries.entries.filter((e) => e.action === action && e.status === 200);
      assert.ok(reads.length > 0, action);
      assert.ok(
        reads.every((e) => /^rows:0$|^rows:[1-9]\d* worklist:\d+(,\d+)*$/.test(e.resource ?? '')),
        JSON.stringify(reads.map((e) => e.resource)),
      );
      assert.ok(
        reads.some((e) => e.resource !== 'rows:0'),
        action,
      );
    }
    assert.ok(
      entries.entries.some((e) => e.status === 401 && e.username === null),
      'refused calls are audited too',
    );
    const text = JSON.stringify(entries);
    for (const phi of ['1EG4TE5MK', 'TEST03', '1950-01-01', 'claims.837', 'RC1004'])
      assert.equal(text.includes(phi), false, phi);
    // An import names its file by digest (as check.run does) and counts, never by name.
    const digest = createHash('sha256').update(claims837).digest('hex').slice(0, 12);
    const claimsImports = entries.entries
      .filter((e) => e.action === 'claims.import' && e.status === 200)
      .map((e) => e.resource?.replace(/ request:[\w.-]+$/, ''));
    assert.ok(claimsImports.includes(`imported sha256:${digest} items:9 added:9`), String(claimsImports));
    // The stored file's own row, written by the recovery store into the same database, is listed too.
    assert.ok(claimsImports.includes(`file sha256:${digest} items:9 added:9`), String(claimsImports));
    assert.ok(
      claimsImports.includes(`already-imported sha256:${digest} items:0 added:0`),
      String(claimsImports),
    );
  });
});

void describe('worklist pages: sorted and paged by the server, totals of every matching item', () => {
  interface Page {
    items: Item[];
    total: number;
    offset: number;
    limit: number;
    sort: string;
    totals: Record<string, unknown>;
  }
  const get = async (query: string): Promise<Page> => {
    const res = await t.as('viewer', { method: 'GET', url: `/api/worklist?${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Page;
  };
  /** No upper bound nor estimate: every denial here has an expected payment. */
  const NOT_QUALIFIED = {
    upperBound: { items: 0, recoverableCents: 0 },
    estimate: { items: 0, recoverableCents: 0 },
  };
  const allRecoverable =
    EXPECTED_DENIALS.reduce((s, x) => s + x.recoverable, 0) +
    EXPECTED_UNDERPAYMENTS.reduce((s, x) => s + x.gap, 0);

  void it('answers a page in the order asked for, with the totals of all the pages', async () => {
    const whole = await get('sort=-recoverable&asOf=2026-06-25');
    assert.deepEqual(
      whole.items.map((i) => i.recoverableCents),
      [...whole.items.map((i) => i.recoverableCents)].sort((a, b) => b - a),
    );
    const pages: Page[] = [];
    for (const offset of [0, 3, 6])
      pages.push(await get(`sort=-recoverable&limit=3&offset=${offset}&asOf=2026-06-25`));
    assert.deepEqual(
      pages.map((p) => [p.items.length, p.total, p.offset, p.limit, p.sort]),
      [
        [3, 7, 0, 3, '-recoverable'],
        [3, 7, 3, 3, '-recoverable'],
        [1, 7, 6, 3, '-recoverable'],
      ],
    );
    assert.deepEqual(
      pages.flatMap((p) => p.items.map((i) => i.id)),
      whole.items.map((i) => i.id),
    );
    // RC1004 is appealed (above): still open. Five Medicare deadlines of 2026-07-05 are within 14 days of
    // 2026-06-25; the contract's 2026-05-01 is past.
    for (const p of [whole, ...pages])
      assert.deepEqual(p.totals, {
        openItems: 7,
        recoverableCents: allRecoverable,
        dueSoon: 5,
        pastDeadline: 1,
        ...NOT_QUALIFIED,
      });
  });

  void it('filters the totals as it filters the items; the defaults: deadline order, 1000 a page', async () => {
    const under = await get('kind=underpayment&asOf=2026-03-10');
    assert.deepEqual(
      [under.total, under.totals, under.sort, under.limit, under.offset],
      [
        2,
        { openItems: 2, recoverableCents: 17_268 + 95_000, dueSoon: 0, pastDeadline: 0, ...NOT_QUALIFIED },
        'deadline',
        1000,
        0,
      ],
    );
    assert.deepEqual(
      under.items.map((i) => i.claimId),
      ['RC2001', 'RC1006'],
    );
    const past = await get('offset=50');
    assert.deepEqual([past.items, past.total], [[], 7]);
  });

  void it('refuses a sort outside the allow-list, a negative offset, a limit over 5000', async () => {
    for (const q of [
      'sort=id',
      'sort=deadline;drop',
      'sort=--deadline',
      'offset=-1',
      'limit=5001',
      'limit=0',
    ])
      assert.equal((await t.as('viewer', { method: 'GET', url: `/api/worklist?${q}` })).statusCode, 400, q);
  });
});

void describe('unmatched, paged', () => {
  const page = async (query: string) => {
    const res = await t.as('viewer', { method: 'GET', url: `/api/claims/unmatched${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as {
      remitClaims: { patientControlNumber: string }[];
      claimsWithoutRemittance: { claimId: string; totalChargeCents: number }[];
      totals: { remitClaims: number; remitLines: number; claimsWithoutRemittance: number };
      limit: number;
      offset: number;
    };
  };
  const cases: { query: string; limit: number; offset: number; remitClaims: string[]; claims: string[] }[] = [
    { query: '', limit: 100, offset: 0, remitClaims: ['RC9999'], claims: ['RC1010'] },
    { query: '?limit=1', limit: 1, offset: 0, remitClaims: ['RC9999'], claims: ['RC1010'] },
    { query: '?limit=1&offset=1', limit: 1, offset: 1, remitClaims: [], claims: [] },
  ];
  for (const c of cases) {
    void it(`answers a page with the totals (${c.query || 'defaults'})`, async () => {
      const body = await page(c.query);
      assert.deepEqual(
        [
          body.limit,
          body.offset,
          body.remitClaims.map((r) => r.patientControlNumber),
          body.claimsWithoutRemittance.map((r) => r.claimId),
        ],
        [c.limit, c.offset, c.remitClaims, c.claims],
      );
      assert.deepEqual(body.totals, { remitClaims: 1, remitLines: 0, claimsWithoutRemittance: 1 });
    });
  }
  void it('refuses a limit over 1000 or below 1', async () => {
    for (const q of ['?limit=1001', '?limit=0', '?offset=-1'])
      assert.equal(
        (await t.as('viewer', { method: 'GET', url: `/api/claims/unmatched${q}` })).statusCode,
        400,
        q,
      );
  });
});

void describe('appeals', () => {
  void it('drafts the letter as Markdown, PDF and JSON', async () => {
    const md = await t.as('viewer', { method: 'GET', url: '/api/appeals/RC1004/1?date=2026-03-10' });
    assert.equal(md.statusCode, 200, md.body);
    assert.match(md.headers['content-type'] as string, /text\/markdown/);
    assert.match(md.body, /J9299/);
    assert.match(md.body, /197/);
    const pdf = await t.as('viewer', {
      method: 'GET',
      url: '/api/appeals/RC1004/1?format=pdf&date=2026-03-10',
    });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const json = (
      await t.as('viewer', { method: 'GET', url: '/api/appeals/RC1004/1?format=json' })
    ).json() as { rootCause: string; markdown: string };
    assert.equal(json.rootCause, 'prior-authorization');
  });

  void it('404 for a line without a denial, 400 for bad input', async () => {
    const none = await t.as('viewer', { method: 'GET', url: '/api/appeals/RC1001/1' });
    assert.deepEqual([none.statusCode, (none.json() as { code: string }).code], [404, 'not-found']);
    assert.equal((await t.as('viewer', { method: 'GET', url: '/api/appeals/RC1004/0' })).statusCode, 400);
    assert.equal(
      (await t.as('viewer', { method: 'GET', url: '/api/appeals/RC1004/1?format=docx' })).statusCode,
      400,
    );
  });
});

void describe('dashboard', () => {
  void it('sums open recoverable dollars by cause, payer, code and month', async () => {
    const res = await t.as('viewer', { method: 'GET', url: '/api/dashboard?asOf=2026-03-10' });
    assert.equal(res.statusCode, 200, res.body);
    const d = res.json() as {
      totals: { openItems: number; recoverableCents: number; openDenials: number };
      byCause: { key: string; recoverableCents: number }[];
      byPayer: { key: string }[];
      byMonth: { key: string }[];
      counts: { claims: number };
    };
    // "appealed" (RC1004, above) is still open: the money is not in yet.
    assert.equal(d.totals.openItems, EXPECTED_DENIALS.length + EXPECTED_UNDERPAYMENTS.length);
    assert.equal(d.totals.openDenials, EXPECTED_DENIALS.length);
    const recoverable =
      EXPECTED_DENIALS.reduce((s, x) => s + x.recoverable, 0) +
      EXPECTED_UNDERPAYMENTS.reduce((s, x) => s + x.gap, 0);
    assert.equal(d.totals.recoverableCents, recoverable);
    assert.equal(d.byCause.find((c) => c.key === 'ndc')?.recoverableCents, 1_544_102);
    assert.deepEqual(
      d.byMonth.map((m) => m.key),
      ['2026-03'],
    );
    assert.equal(d.counts.claims, 9);
    assert.ok(d.byPayer.some((p) => p.key === 'MEDICARE PART B'));
  });

  void it('its totals (summed in SQL) equal the open worklist items summed one by one', async () => {
    for (const asOf of ['2026-03-10', '2026-06-25', '2026-08-01']) {
      const d = (await t.as('viewer', { method: 'GET', url: `/api/dashboard?asOf=${asOf}` })).json() as {
        totals: Record<string, unknown>;
      };
      const items = (
        (await t.as('viewer', { method: 'GET', url: `/api/worklist?limit=5000&asOf=${asOf}` })).json() as {
          items: { kind: string; amountCents: number; recoverableCents: number; deadline: string | null }[];
        }
      ).items;
      const days = (deadline: string) => (Date.parse(deadline) - Date.parse(asOf)) / 86_400_000;
      const denials = items.filter((i) => i.kind === 'denial');
      const underpayments = items.filter((i) => i.kind !== 'denial');
      const sum = (xs: typeof items, f: (x: (typeof items)[number]) => number) =>
        xs.reduce((n, x) => n + f(x), 0);
      assert.deepEqual(
        {
          openItems: d.totals['openItems'],
          openDenials: d.totals['openDenials'],
          openUnderpayments: d.totals['openUnderpayments'],
          recoverableCents: d.totals['recoverableCents'],
          deniedCents: d.totals['deniedCents'],
          underpaidCents: d.totals['underpaidCents'],
          dueSoon: d.totals['dueSoon'],
          pastDeadline: d.totals['pastDeadline'],
          upperBound: d.totals['upperBound'],
        },
        {
          openItems: items.length,
          openDenials: denials.length,
          openUnderpayments: underpayments.length,
          recoverableCents: sum(items, (x) => x.recoverableCents),
          deniedCents: sum(denials, (x) => x.amountCents),
          underpaidCents: sum(underpayments, (x) => x.recoverableCents),
          dueSoon: items.filter((x) => x.deadline !== null && days(x.deadline) >= 0 && days(x.deadline) <= 14)
            .length,
          pastDeadline: items.filter((x) => x.deadline !== null && days(x.deadline) < 0).length,
          upperBound: (
            (await t.as('viewer', { method: 'GET', url: `/api/worklist?limit=1&asOf=${asOf}` })).json() as {
              totals: Record<string, unknown>;
            }
          ).totals['upperBound'],
        },
        asOf,
      );
    }
  });
});

void describe('recovered amount (RC1007: a duplicate denial, $5,072.68 recoverable)', () => {
  interface Detail {
    item: Item & { recoveredCents: number; recoveredByHandCents: number | null };
    history: { to: string; note?: string; by?: string }[];
  }
  const rc1007 = async (): Promise<Detail['item']> => {
    const res = await t.as('viewer', { method: 'GET', url: '/api/worklist?status=all&cause=duplicate' });
    const [item] = (res.json() as { items: Detail['item'][] }).items;
    assert.ok(item);
    return item;
  };
  const recoveredSoFar = async () =>
    (
      (await t.as('viewer', { method: 'GET', url: '/api/dashboard' })).json() as {
        totals: { recoveredCents: number };
      }
    ).totals.recoveredCents;

  void it('refuses an amount over the recoverable one, a negative one, or one with another status (422)', async () => {
    const item = await rc1007();
    const url = `/api/worklist/${item.id}/status`;
    const cases: { payload: Record<string, unknown>; message: RegExp }[] = [
      {
        payload: { status: 'recovered', recoveredCents: 507_269 },
        message:
          /the amount recovered \(\$5,072\.69\) is more than the item's recoverable amount \(\$5,072\.68\)/,
      },
      { payload: { status: 'recovered', recoveredCents: -1 }, message: /cannot be negative/ },
      {
        payload: { status: 'in-progress', recoveredCents: 100 },
        message: /goes with status "recovered" only/,
      },
    ];
    for (const c of cases) {
      const res = await t.as('biller', { method: 'POST', url, payload: c.payload });
      assert.equal(res.statusCode, 422, res.body);
      const body = res.json() as { code: string; message: string; problems: { code: string }[] };
      assert.equal(body.code, 'unprocessable');
      assert.match(body.message, c.message);
      assert.equal(body.problems[0]?.code, 'recovery.worklist.amount');
    }
    // Not an amount at all: a malformed request.
    for (const recoveredCents of ['5000', 12.5])
      assert.equal(
        (await t.as('biller', { method: 'POST', url, payload: { status: 'recovered', recoveredCents } }))
          .statusCode,
        400,
      );
    assert.equal((await rc1007()).status, 'new');
  });

  void it('takes the amount recovered: on the item, in its history and in "recovered so far"', async () => {
    const item = await rc1007();
    const before = await recoveredSoFar();
    const res = await t.as('biller', {
      method: 'POST',
      url: `/api/worklist/${item.id}/status`,
      payload: { status: 'recovered', recoveredCents: 400_000, note: 'the payer paid the first claim' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const changed = (res.json() as { item: Detail['item'] }).item;
    assert.deepEqual(
      [changed.status, changed.recoveredByHandCents, changed.recoveredCents],
      ['recovered', 400_000, 0],
    );
    assert.equal(await recoveredSoFar(), before + 400_000);
    const detail = (
      await t.as('viewer', { method: 'GET', url: `/api/worklist/${item.id}` })
    ).json() as Detail;
    assert.deepEqual(detail.history.at(-1), {
      ...detail.history.at(-1),
      to: 'recovered',
      note: 'Recovered $4,000.00 of $5,072.68. the payer paid the first claim',
      by: 'biller',
    });
    // Reopened: the amount goes with the status.
    const reopened = await t.as('biller', {
      method: 'POST',
      url: `/api/worklist/${item.id}/status`,
      payload: { status: 'in-progress' },
    });
    assert.equal((reopened.json() as { item: Detail['item'] }).item.recoveredByHandCents, null);
    assert.equal(await recoveredSoFar(), before);
  });

  // QA: a payer paying more than was left (interest) could not be recorded. It is, when the request says so.
  void it('takes an amount above the recoverable one with overpayment: true, and says by how much', async () => {
    const item = await rc1007();
    assert.deepEqual([item.status, item.recoverableCents], ['in-progress', 507_268]);
    const url = `/api/worklist/${item.id}/status`;
    const refused = await t.as('biller', {
      method: 'POST',
      url,
      payload: { status: 'recovered', recoveredCents: 510_000 },
    });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(
      (refused.json() as { message: string }).message,
      `the amount recovered ($5,100.00) is more than the item's recoverable amount ($5,072.68); if the payer paid more (interest, an overpayment), send "overpayment": true to record it as given`,
    );
    const before = await recoveredSoFar();
    const res = await t.as('biller', {
      method: 'POST',
      url,
      payload: { status: 'recovered', recoveredCents: 510_000, overpayment: true },
    });
    assert.equal(res.statusCode, 200, res.body);
    const changed = (res.json() as { item: Detail['item'] }).item;
    assert.deepEqual([changed.status, changed.recoveredByHandCents], ['recovered', 510_000]);
    assert.equal(await recoveredSoFar(), before + 510_000);
    const detail = (
      await t.as('viewer', { method: 'GET', url: `/api/worklist/${item.id}` })
    ).json() as Detail;
    assert.equal(
      detail.history.at(-1)?.note,
      'Recovered $5,100.00 of $5,072.68 ($27.32 more than was left to recover: interest or an overpayment).',
    );
    // Back as it was for the tests after this one.
    const reopened = await t.as('biller', { method: 'POST', url, payload: { status: 'in-progress' } });
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(await recoveredSoFar(), before);
  });
});

void describe('corrected claims and payer reversals (runs last: it changes RC1003)', () => {
  interface Reconciled {
    reconcile: {
      correctionsLinked: number;
      findingsCorrected: number;
      findingsRecovered: number;
      findingsReopened: number;
    } | null;
  }
  const post = async (kind: 'claims' | 'remits', name: string, content: string) => {
    const res = await t.as('biller', {
      method: 'POST',
      url: `/api/${kind}/import?fileName=${name}`,
      headers: { 'content-type': 'application/edi-x12' },
      payload: content,
    });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as Reconciled).reconcile;
  };
  const rc1003 = async () => {
    const res = await t.as('viewer', { method: 'GET', url: '/api/worklist?status=all&cause=ndc' });
    assert.equal(res.statusCode, 200, res.body);
    const [item] = (res.json() as { items: (Item & { correctedClaim: unknown })[] }).items;
    assert.ok(item);
    return item;
  };

  void it('a corrected claim (CLM05-3 7, REF*F8) sets the denial to corrected-claim-sent; its payment recovers it; a reversal of that payment reopens it', async () => {
    const original = generatedClaims().find((c) => c.id === 'RC1003');
    assert.ok(original);
    const sent = await post(
      'claims',
      'corrected.837',
      write837P([correctedClaim(original, '7', '2026061000103')], 20),
    );
    assert.deepEqual([sent?.correctionsLinked, sent?.findingsCorrected], [1, 1]);
    let item = await rc1003();
    assert.equal(item.status, 'corrected-claim-sent');
    assert.deepEqual(item.correctedClaim, {
      claimId: 'RC1003',
      kind: 'replacement',
      frequencyCode: '7',
      payerClaimControlNumber: '2026061000103',
      // BHT04 of the corrected 837 (fixtures.ts write837P): when it was sent, not when it was imported.
      date: '2026-03-02',
    });
    // Open: in the default list and in the dashboard's open dollars; set only by reconciliation.
    const open = await t.as('viewer', { method: 'GET', url: '/api/worklist?status=open' });
    assert.ok((open.json() as { items: Item[] }).items.some((i) => i.id === item.id));
    assert.ok(!item.allowedStatuses.includes('withdrawn'));
    const dashboard = async () =>
      (
        (await t.as('viewer', { method: 'GET', url: '/api/dashboard?asOf=2026-06-01' })).json() as {
          totals: { recoverableCents: number; recoveredCents: number };
        }
      ).totals;
    const before = await dashboard();

    const payment = paidAgain(medicareAdjudication('RC1003'), 1_544_102, '2026130000103');
    const answered = await post(
      'remits',
      'answer.835',
      write835(
        laterMedicareRemittance('2026-05-12', '883000500', [
          reversalOf(medicareAdjudication('RC1003')),
          payment,
        ]),
        21,
      ),
    );
    assert.equal(answered?.findingsRecovered, 1);
    item = await rc1003();
    assert.deepEqual([item.status, item.recoverableCents], ['recovered', 0]);
    const paidOff = await dashboard();
    assert.equal(paidOff.recoverableCents, before.recoverableCents - 1_544_102);
    assert.equal(paidOff.recoveredCents, before.recoveredCents + 1_544_102);

    const takeback = await post(
      'remits',
      'takeback.835',
      write835(laterMedicareRemittance('2026-06-15', '883000600', [reversalOf(payment)]), 22),
    );
    assert.equal(takeback?.findingsReopened, 1);
    item = await rc1003();
    assert.deepEqual([item.status, item.recoverableCents], ['corrected-claim-sent', 1_544_102]);
    assert.deepEqual(await dashboard(), before);
    const detail = await t.as('viewer', { method: 'GET', url: `/api/worklist/${item.id}` });
    const history = (detail.json() as { history: { to: string; note?: string }[] }).history;
    assert.deepEqual(
      history.map((h) => h.to),
      ['new', 'corrected-claim-sent', 'corrected-claim-sent', 'recovered', 'corrected-claim-sent'],
    );
    assert.match(history.at(-1)?.note ?? '', /^The payer reversed the payment that recovered this item/);
  });
});
