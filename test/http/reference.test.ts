/** Reference lookups over HTTP: codes as of a date, search, NDC, releases, units; public by config. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

interface Sourced<T> {
  value: T;
  source: { fileName: string; label: string };
  inForce: boolean;
}
interface Facts {
  code: string;
  status: string | null;
  statusText: string;
  hcpcs: Sourced<{ longDescription: string; kind: string; addedDate: string | null }> | null;
  descriptor: { kind: string; drugName: string; billingUnit: { amount: number; unit: string } } | null;
  asp: Sourced<{ paymentLimitMills: number }> | null;
  mue: { practitioner: Sourced<{ value: number; mai: number }> | null };
  ndcs: Sourced<{ ndc11: string; billingUnitsPerPackage: number | null }[]> | null;
}

const get = (url: string) => t.app.inject({ method: 'GET', url });

void describe('GET /api/codes/:code', () => {
  void it('J9173 in January 2026: durvalumab 10 mg, ASP 86.270, MUE practitioner 150 MAI 3, each with its release', async () => {
    const res = await get('/api/codes/J9173?date=2026-01-15');
    assert.equal(res.statusCode, 200);
    const f = res.json() as Facts;
    assert.equal(f.status, 'active');
    assert.equal(f.hcpcs?.value.longDescription, 'Injection, durvalumab, 10 mg');
    assert.deepEqual(f.descriptor?.billingUnit, { amount: 10, unit: 'mg', text: '10 mg' });
    assert.equal(f.asp?.value.paymentLimitMills, 86270);
    assert.equal(f.asp?.inForce, true);
    assert.equal(f.mue.practitioner?.value.value, 150);
    assert.equal(f.mue.practitioner?.value.mai, 3);
    assert.ok(f.ndcs?.value.some((p) => p.ndc11 === '00310450012' && p.billingUnitsPerPackage === 12));
    for (const s of [f.hcpcs, f.asp, f.mue.practitioner, f.ndcs])
      assert.ok(s?.source.fileName, 'every fact names its file');
  });

  void it('J9309: polatuzumab vedotin 1 mg with NDC packages of 30 and 140 units', async () => {
    const f = (await get('/api/codes/j9309?date=2026-02-01')).json() as Facts;
    assert.equal(f.code, 'J9309');
    assert.deepEqual(f.descriptor?.billingUnit.amount, 1);
    assert.deepEqual(
      [...new Set(f.ndcs?.value.map((p) => p.billingUnitsPerPackage))].sort((a, b) => (a ?? 0) - (b ?? 0)),
      [30, 140],
    );
  });

  void it('modifiers work too (JZ)', async () => {
    const f = (await get('/api/codes/JZ?date=2026-02-01')).json() as Facts;
    assert.equal(f.hcpcs?.value.kind, 'modifier');
  });

  void it('a code with modifiers (J9173-JZ, j9173:jw-xx), as `drugclaim code` takes it: each modifier on the date', async () => {
    type WithModifiers = Facts & {
      modifiers?: { code: string; known: boolean; status: string | null; statusText: string }[];
    };
    const res = await get('/api/codes/J9173-JZ?date=2026-02-10');
    assert.equal(res.statusCode, 200, res.body);
    const f = res.json() as WithModifiers;
    assert.equal(f.code, 'J9173');
    assert.equal(f.hcpcs?.value.longDescription, 'Injection, durvalumab, 10 mg');
    assert.deepEqual(
      f.modifiers?.map((m) => [m.code, m.known, m.status]),
      [['JZ', true, 'active']],
    );
    const two = (await get('/api/codes/j9173:jw-xx?date=2026-02-10')).json() as WithModifiers;
    assert.deepEqual(
      two.modifiers?.map((m) => [m.code, m.known]),
      [
        ['JW', true],
        ['XX', false],
      ],
    );
    assert.match(two.modifiers?.[1]?.statusText ?? '', /not a modifier/);
    // Without modifiers the answer has no `modifiers` (as before).
    assert.equal('modifiers' in ((await get('/api/codes/J9173?date=2026-02-10')).json() as object), false);
  });

  void it('search says whether a HCPCS release covers the date (inForce)', async () => {
    type Hits = { hits: { code: string; status: string; inForce: boolean }[] };
    const covered = (await get('/api/search?q=imfinzi&date=2026-02-01')).json() as Hits;
    const later = (await get('/api/search?q=imfinzi&date=2027-06-01')).json() as Hits;
    assert.deepEqual(
      covered.hits.filter((h) => h.code === 'J9173').map((h) => [h.status, h.inForce]),
      [['active', true]],
    );
    assert.deepEqual(
      later.hits.filter((h) => h.code === 'J9173').map((h) => h.inForce),
      [false],
    );
  });

  void it('a code added 2026-01-01 is not yet valid on 2025-12-31', async () => {
    const hits = (await get('/api/search?q=injection&limit=100&date=2026-02-01')).json() as {
      hits: { code: string }[];
    };
    let checked = 0;
    for (const { code } of hits.hits) {
      const f = (await get(`/api/codes/${code}?date=2025-12-31`)).json() as Facts;
      if (f.hcpcs?.value.addedDate !== '2026-01-01') continue;
      assert.equal(f.status, 'not-yet-valid', code);
      checked++;
      break;
    }
    assert.equal(checked, 1, 'found a code added 2026-01-01 among the search hits');
  });

  const bad: [string, string, number, string][] = [
    ['unknown code', '/api/codes/J0000', 404, 'unknown-code'],
    ['not a code', '/api/codes/J91%2F3', 400, 'bad-request'],
    ['too long', '/api/codes/J917300', 400, 'bad-request'],
    ['a modifier of 3 characters', '/api/codes/J9173-JZZ', 400, 'bad-request'],
    ['modifiers after a modifier', '/api/codes/JW-JZ', 400, 'bad-request'],
    ['five modifiers', '/api/codes/J9173-JW-JZ-KX-GA-GY', 400, 'bad-request'],
    ['unknown code with a modifier', '/api/codes/J0000-JZ', 404, 'unknown-code'],
    ['impossible date', '/api/codes/J9173?date=2026-02-30', 400, 'bad-request'],
    ['date in another format', '/api/codes/J9173?date=01/15/2026', 400, 'bad-request'],
  ];
  for (const [label, url, status, code] of bad) {
    void it(`${label} → ${status}`, async () => {
      const res = await get(url);
      assert.equal(res.statusCode, status, res.body);
      assert.equal((res.json() as { code: string }).code, code);
    });
  }
});

void describe('GET /api/search', () => {
  const cases: [string, string, string][] = [
    ['brand', 'imfinzi', 'J9173'],
    ['drug', 'durvalumab', 'J9173'],
    ['brand', 'polivy', 'J9309'],
    ['code', 'J9393', 'J9393'],
    ['NDC with hyphens', '00310-4500-12', 'J9173'],
    ['brand and drug', 'keytruda pembrolizumab', 'J9271'],
  ];
  for (const [label, q, code] of cases) {
    void it(`finds ${code} by ${label} "${q}"`, async () => {
      const res = await get(`/api/search?q=${encodeURIComponent(q)}&limit=5&date=2026-02-01`);
      assert.equal(res.statusCode, 200);
      const body = res.json() as { hits: { code: string }[]; limit: number };
      assert.equal(body.hits[0]?.code, code);
      assert.equal(body.limit, 5);
    });
  }
  void it('refuses an empty query and a limit out of range', async () => {
    for (const url of [
      '/api/search',
      '/api/search?q=',
      '/api/search?q=%20%20',
      '/api/search?q=x&limit=0',
      '/api/search?q=x&limit=101',
      '/api/search?q=x&limit=ten',
    ]) {
      assert.equal((await get(url)).statusCode, 400, url);
    }
  });
});

void describe('GET /api/ndc/:ndc', () => {
  void it('normalises a 4-4-2 NDC and maps it to J9173 with 12 billing units', async () => {
    const res = await get('/api/ndc/0310-4500-12?date=2026-02-01');
    assert.equal(res.statusCode, 200);
    const body = res.json() as {
      result: string;
      normalised: { ndc11: string; from: string };
      packages: Sourced<{ code: string; billingUnitsPerPackage: number }[]>;
    };
    assert.equal(body.result, 'ok');
    assert.equal(body.normalised.ndc11, '00310450012');
    assert.equal(body.normalised.from, '4-4-2');
    assert.equal(body.packages.value[0]?.code, 'J9173');
    assert.equal(body.packages.value[0]?.billingUnitsPerPackage, 12);
  });
  void it('says an unhyphenated 10-digit NDC is ambiguous unless the crosswalk knows one reading', async () => {
    const res = await get('/api/ndc/0310450012?date=2026-02-01');
    const body = res.json() as {
      result: string;
      normalised: { ndc11: string } | null;
      candidates: unknown[];
    };
    if (body.result === 'ok') assert.equal(body.normalised?.ndc11, '00310450012');
    else assert.equal(body.result, 'ambiguous');
    const unknown = (await get('/api/ndc/1234567890')).json() as { result: string; candidates: unknown[] };
    assert.equal(unknown.result, 'ambiguous');
    assert.equal(unknown.candidates.length, 3);
  });
  void it('invalid → 400, unknown → 404', async () => {
    assert.equal((await get('/api/ndc/abc')).statusCode, 400);
    assert.equal((await get('/api/ndc/123')).statusCode, 400);
    assert.equal((await get('/api/ndc/99999-9999-99')).statusCode, 404);
  });
});

void describe('GET /api/releases', () => {
  void it('lists every release with its effective period', async () => {
    const body = (await get('/api/releases')).json() as {
      releases: { dataset: string; effectiveFrom: string }[];
    };
    const datasets = new Set(body.releases.map((r) => r.dataset));
    for (const d of ['hcpcs', 'asp', 'ndc-crosswalk', 'mue-practitioner', 'icd10cm', 'carc', 'opps'])
      assert.ok(datasets.has(d), d);
  });
});

void describe('units', () => {
  void it('J9309 1.8 mg/kg × 80 kg → 144 units from 5 × 30 mg, JW 6 (POST JSON)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/units',
      payload: { code: 'J9309', dose: '1.8mg/kg', weight: '80kg', date: '2026-02-01' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const u = res.json() as {
      administeredUnits: number;
      discardedUnits: number;
      lines: { modifiers: string[]; units: number }[];
      opened: { size: { amount: number }; count: number }[];
    };
    assert.equal(u.administeredUnits, 144);
    assert.equal(u.discardedUnits, 6);
    assert.deepEqual(
      u.lines.map((l) => [l.modifiers.join('+'), l.units]),
      [
        ['', 144],
        ['JW', 6],
      ],
    );
    assert.deepEqual(
      u.opened.map((o) => [o.size.amount, o.count]),
      [[30, 5]],
    );
  });

  void it('J9173 750 mg as a GET query: 75 units, money in cents', async () => {
    const res = await get('/api/units?code=J9173&dose=750%20mg&date=2026-02-01');
    assert.equal(res.statusCode, 200, res.body);
    const u = res.json() as {
      administeredUnits: number;
      money: { paymentLimitMills: number; administeredCents: number };
    };
    assert.equal(u.administeredUnits, 75);
    assert.equal(u.money.paymentLimitMills, 86270);
    assert.equal(u.money.administeredCents, 647025);
  });

  const bad: [string, Record<string, unknown>, number][] = [
    ['no dose', { code: 'J9173' }, 400],
    [
      'a dose in mL for a mg code without a concentration',
      { code: 'J9309', dose: '20 mL', date: '2026-02-01' },
      422,
    ],
    ['per-kg dose without a weight', { code: 'J9309', dose: '1.8mg/kg', date: '2026-02-01' }, 422],
    ['a dose that is not a dose', { code: 'J9173', dose: 'lots', date: '2026-02-01' }, 422],
    // Past 2^53 − 1 the units and dollars would not be exact (QA: 833333333333333400 × 120 mg with a 200).
    [
      'a dose too large to count exactly',
      { code: 'J9173', dose: '99999999999999999999mg', date: '2026-02-01' },
      422,
    ],
    [
      'a dose whose dollars pass 2^53 − 1 tenths of a cent',
      { code: 'J9173', dose: '9007199254740mg', date: '2026-02-01' },
      422,
    ],
    ['an unknown code', { code: 'J0000', dose: '10 mg', date: '2026-02-01' }, 422],
    ['a bad 340B modifier', { code: 'J9173', dose: '750 mg', modifier340b: 'XX' }, 400],
  ];
  for (const [label, payload, status] of bad) {
    void it(`${label} → ${status} with a JSON error`, async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/units', payload });
      assert.equal(res.statusCode, status, res.body);
      const body = res.json() as { message: string; problems?: unknown[] };
      assert.ok(body.message.length > 0);
      if (status === 422) assert.ok((body.problems?.length ?? 0) > 0);
    });
  }
});

void describe('private reference (config publicReference: false)', () => {
  void it('requires sign-in for lookups, still answers health', async () => {
    const p = await testApp({ config: { publicReference: false } });
    try {
      assert.equal((await p.app.inject({ method: 'GET', url: '/api/codes/J9173' })).statusCode, 401);
      assert.equal((await p.app.inject({ method: 'GET', url: '/api/search?q=imfinzi' })).statusCode, 401);
      assert.equal((await p.as('viewer', { method: 'GET', url: '/api/codes/J9173' })).statusCode, 200);
      const health = (await p.app.inject({ method: 'GET', url: '/api/health' })).json() as {
        publicReference: boolean;
      };
      assert.equal(health.publicReference, false);
    } finally {
      await p.close();
    }
  });
});

void describe('no reference data yet', () => {
  void it('answers 503 with how to load it, and the rest still works', async () => {
    const e = await testApp({ deps: { reference: () => undefined } });
    try {
      const res = await e.app.inject({ method: 'GET', url: '/api/codes/J9173' });
      assert.equal(res.statusCode, 503);
      const body = res.json() as { code: string; message: string };
      assert.equal(body.code, 'no-reference-data');
      assert.match(body.message, /drugclaim data sync/);
      assert.match(body.message, /drugclaim data import --from DIR/);
      const health = (await e.app.inject({ method: 'GET', url: '/api/health' })).json() as {
        referenceData: boolean;
      };
      assert.equal(health.referenceData, false);
      assert.equal((await e.as('viewer', { method: 'GET', url: '/api/auth/me' })).statusCode, 200);
    } finally {
      await e.close();
    }
  });
});

void describe('answer cache (production mode: responses not re-validated)', () => {
  void it('serves the same bytes for a repeated lookup and still answers 404 for an unknown code', async () => {
    const c = await testApp({ config: { validateResponses: false } });
    try {
      const a = await c.app.inject({ method: 'GET', url: '/api/codes/J9173?date=2026-02-01' });
      const b = await c.app.inject({ method: 'GET', url: '/api/codes/J9173?date=2026-02-01' });
      assert.equal(a.statusCode, 200);
      assert.match(a.headers['content-type'] as string, /application\/json/);
      assert.equal(a.body, b.body);
      const direct = (
        await t.app.inject({ method: 'GET', url: '/api/codes/J9173?date=2026-02-01' })
      ).json() as unknown;
      assert.deepEqual(a.json(), direct, 'the cached answer equals the validated one');
      for (let i = 0; i < 2; i++)
        assert.equal((await c.app.inject({ method: 'GET', url: '/api/codes/J0000' })).statusCode, 404);
      const s1 = await c.app.inject({ method: 'GET', url: '/api/search?q=imfinzi&date=2026-02-01' });
      const s2 = await c.app.inject({ method: 'GET', url: '/api/search?q=imfinzi&date=2026-02-01' });
      assert.equal(s1.body, s2.body);
    } finally {
      await c.close();
    }
  });
});
