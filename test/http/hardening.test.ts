/**
 * What an integrator's QA found at the edges of the API, each asserted on real requests: unknown JSON fields are
 * refused by name, JSON syntax errors say where, long path parameters answer in drugclaim's shape without echoing
 * the URL, compressed uploads are read (or refused with 415), an empty JSON body is no body, /api is an API path,
 * worklist retries add no history, the payer filter takes % and _ literally, an import's reconcile counts are its
 * own, failed uploads are audited with their digest, and /openapi.json declares what the routes answer.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { jsonErrorOffset, lineColumn } from '../../src/adapters/http/json-body.ts';
import { z } from 'zod';
import { openApi30, swaggerTransform } from '../../src/adapters/http/zod.ts';
import {
  commercialRemittance,
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
} from '../recovery/fixtures.ts';
import { x12SamplesDir } from '../support/shared.ts';
import { multipart, testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

const sample = readFileSync(join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837'));
const json = { 'content-type': 'application/json' };

interface ErrorAnswer {
  statusCode: number;
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

void describe('request bodies name only known fields', () => {
  const cases: [string, string, string, Record<string, unknown>, string][] = [
    [
      'a token with a misspelt expiry',
      'POST',
      '/api/tokens',
      { name: 'ehr', expiresDays: 1 },
      'body.expiresDays',
    ],
    [
      'units with a misspelt 340B field',
      'POST',
      '/api/units',
      { code: 'J9173', dose: '750 mg', modifer340b: 'TB' },
      'body.modifer340b',
    ],
    [
      'a fact check with an extra field',
      'POST',
      '/api/factcheck',
      { text: 'J9173 is durvalumab.', lang: 'en' },
      'body.lang',
    ],
    [
      'a worklist status with an extra field',
      'POST',
      '/api/worklist/1/status',
      { status: 'appealed', force: true },
      'body.force',
    ],
    [
      'a user change with an extra field',
      'PATCH',
      '/api/users/1',
      { role: 'viewer', admin: true },
      'body.admin',
    ],
  ];
  for (const [label, method, url, payload, path] of cases)
    void it(`${label} → 400 naming ${path}`, async () => {
      const tokens = t.accounts.listTokens().length;
      const res = await t.as('admin', { method: method as 'POST', url, headers: json, payload });
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json() as ErrorAnswer;
      assert.equal(body.code, 'bad-request');
      assert.deepEqual(body.issues, [{ path, message: 'is not a known field' }]);
      assert.match(body.message, new RegExp(path.replace('.', '\\.')));
      assert.equal(t.accounts.listTokens().length, tokens, 'nothing was created');
    });

  void it('the right field still works: expiresInDays makes an expiring token', async () => {
    const res = await t.as('viewer', {
      method: 'POST',
      url: '/api/tokens',
      headers: json,
      payload: { name: 'ehr', expiresInDays: 1 },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.notEqual((res.json() as { record: { expiresAt: string | null } }).record.expiresAt, null);
  });
});

void describe('JSON syntax errors say where, without quoting the body', () => {
  const cases: [string, string, number, number][] = [
    ['a bare word for a value', '{"username": "x", "password": hunter2}', 1, 31],
    ['a trailing comma', '{"username": "x",\n "password": "y",\n}', 3, 1],
    ['cut short', '{"username": "x", "pass', 1, 24],
  ];
  for (const [label, payload, line, column] of cases)
    void it(`${label}: 400 at line ${line}, column ${column}`, async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/units', headers: json, payload });
      assert.equal(res.statusCode, 400);
      const body = res.json() as ErrorAnswer;
      assert.equal(body.code, 'bad-request');
      assert.match(body.message, new RegExp(`line ${line}, column ${column}\\b`));
      assert.doesNotMatch(res.body, /hunter2/);
    });

  const offsets: [string, string, number][] = [
    ['valid JSON', '{"a": [1, -2.5e3, true, null, "\\u00e9"]}', -1],
    ['a bad escape', '"a\\x"', 2],
    ['a control character in a string', '"a\nb"', 2],
    ['text after the value', '{"a": 1} x', 9],
    ['a missing colon', '{"a" 1}', 5],
    ['an empty element', '[1,,2]', 3],
    ['10,000 levels of nesting (no recursion)', `${'['.repeat(10_000)}${']'.repeat(9_999)}`, 19_999],
  ];
  for (const [label, text, offset] of offsets)
    void it(`offset: ${label}`, () => assert.equal(jsonErrorOffset(text), offset));
  void it('line and column of an offset', () =>
    assert.deepEqual(lineColumn('ab\ncd\nef', 7), { line: 3, column: 2 }));
});

void describe('path parameters longer than the router takes', () => {
  void it('414 in drugclaim’s error shape, without the URL, and logged', async () => {
    const logged = t.logs.length;
    const res = await t.app.inject({ method: 'GET', url: `/api/codes/QUIXOTE${'A'.repeat(3000)}` });
    assert.equal(res.statusCode, 414);
    assert.deepEqual(res.json(), {
      statusCode: 414,
      code: 'uri-too-long',
      message: 'A path parameter is longer than 200 characters.',
    });
    const lines = t.logs.slice(logged).join('');
    assert.match(lines, /"status":414/);
    assert.doesNotMatch(lines + res.body, /QUIXOTE/);
  });

  void it('a malformed %-escape: 400 without the URL', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/appeals/QUIXOTE%E0%A4%A/1' });
    assert.equal(res.statusCode, 400);
    assert.equal((res.json() as ErrorAnswer).code, 'bad-request');
    assert.doesNotMatch(res.body, /QUIXOTE/);
  });
});

void describe('compressed uploads', () => {
  const check = (payload: Buffer | string, headers: Record<string, string>) =>
    t.as('viewer', {
      method: 'POST',
      url: '/api/check?fileName=s.837&dateOfRun=2026-03-01',
      headers: { 'content-type': 'application/edi-x12', ...headers },
      payload,
    });
  let plain: unknown;
  before(async () => {
    const res = await check(sample, {});
    assert.equal(res.statusCode, 200, res.body);
    plain = (res.json() as { findings: unknown }).findings;
  });

  const same: [string, () => Buffer, Record<string, string>][] = [
    ['Content-Encoding: gzip', () => gzipSync(sample), { 'content-encoding': 'gzip' }],
    ['Content-Encoding: deflate', () => deflateSync(sample), { 'content-encoding': 'deflate' }],
    ['a .gz file sent as it is (no Content-Encoding)', () => gzipSync(sample), {}],
  ];
  for (const [label, body, headers] of same)
    void it(`${label}: read as the file inside`, async () => {
      const res = await check(body(), headers);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual((res.json() as { findings: unknown }).findings, plain);
    });

  const refused: [string, () => Buffer | string, Record<string, string>, number, string][] = [
    [
      'an encoding the server does not read',
      () => sample,
      { 'content-encoding': 'compress' },
      415,
      'unsupported-content-encoding',
    ],
    ['gzip that is not gzip', () => sample, { 'content-encoding': 'gzip' }, 400, 'bad-request'],
    [
      'a ZIP archive',
      () => Buffer.concat([Buffer.from('PK\x03\x04'), sample]),
      {},
      415,
      'unsupported-media-type',
    ],
  ];
  for (const [label, body, headers, status, code] of refused)
    void it(`${label} → ${status} ${code}`, async () => {
      const res = await check(body(), headers);
      assert.equal(res.statusCode, status, res.body);
      assert.equal((res.json() as ErrorAnswer).code, code);
    });

  void it('a gzip body is held to the upload limit once decoded', async () => {
    const small = await testApp({ config: { uploadLimitBytes: 64 * 1024 } });
    try {
      const big = gzipSync(Buffer.alloc(1024 * 1024, 'A'));
      assert.ok(big.length < 64 * 1024);
      const res = await small.as('viewer', {
        method: 'POST',
        url: '/api/check',
        headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
        payload: big,
      });
      assert.equal(res.statusCode, 413, res.body);
    } finally {
      await small.close();
    }
  });

  void it('one budget per request: gzipped parts that each fit but together do not → 413', async () => {
    const small = await testApp({ config: { uploadLimitBytes: 64 * 1024 } });
    try {
      // Each part inflates to 40 KiB (under the limit on its own); two of them are past it.
      const part = gzipSync(Buffer.alloc(40 * 1024, 'A'));
      const one = multipart([{ name: 'a.837.gz', content: part }]);
      const alone = await small.as('viewer', { method: 'POST', url: '/api/check', ...one });
      assert.notEqual(alone.statusCode, 413, 'one part fits');
      const many = multipart(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.837.gz`, content: part })));
      const res = await small.as('viewer', { method: 'POST', url: '/api/check', ...many });
      assert.equal(res.statusCode, 413, res.body);
      assert.equal((res.json() as ErrorAnswer).code, 'payload-too-large');
      assert.match((res.json() as ErrorAnswer).message, /per request, all files together/);
      // Plain parts too: the total, not each file.
      const plain = multipart(
        Array.from({ length: 3 }, (_, i) => ({ name: `p${i}.837`, content: 'A'.repeat(30 * 1024) })),
      );
      const res2 = await small.as('viewer', { method: 'POST', url: '/api/check', ...plain });
      assert.equal(res2.statusCode, 413, res2.body);
    } finally {
      await small.close();
    }
  });
});

void describe('small HTTP-client pitfalls', () => {
  void it('DELETE with content-type application/json and no body revokes the token', async () => {
    const created = await t.as('viewer', {
      method: 'POST',
      url: '/api/tokens',
      headers: json,
      payload: { name: 'to revoke' },
    });
    const id = (created.json() as { record: { id: number } }).record.id;
    const res = await t.as('viewer', {
      method: 'DELETE',
      url: `/api/tokens/${id}`,
      headers: json,
      payload: '',
    });
    assert.equal(res.statusCode, 200, res.body);
    const empty = await t.as('viewer', { method: 'POST', url: '/api/tokens', headers: json, payload: '' });
    assert.equal(empty.statusCode, 400, 'a route that takes a body still wants one');
  });

  void it('GET /api is an API path: a JSON 404, not the web app', async () => {
    const web = mkdtempSync(join(tmpdir(), 'drugclaim-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>app</title>');
    const withWeb = await testApp({ deps: { webRoot: web } });
    try {
      for (const url of ['/api', '/api/', '/api/nope']) {
        const res = await withWeb.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404, url);
        assert.equal((res.json() as ErrorAnswer).code, 'not-found', url);
      }
      assert.match((await withWeb.app.inject({ method: 'GET', url: '/worklist' })).body, /<title>app/);
    } finally {
      await withWeb.close();
      rmSync(web, { recursive: true, force: true });
    }
  });
});

void describe('recovery: imports, the worklist, the payer filter', () => {
  interface Reconcile {
    remitClaimsAnalyzed: number;
    matched: number;
    unmatched: number;
    stillUnmatched: number;
  }
  const importFile = async (url: string, name: string, content: string) => {
    const res = await t.as('biller', {
      method: 'POST',
      url: `${url}?fileName=${name}`,
      headers: { 'content-type': 'application/edi-x12' },
      payload: content,
    });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { reconcile: Reconcile }).reconcile;
  };

  void it("an import's reconcile counts its own remittance claims; earlier ones are stillUnmatched", async () => {
    const medicare = medicareRemittance();
    const commercial = commercialRemittance();
    const first = await importFile('/api/remits/import', 'medicare.835', write835(medicare, 2));
    assert.deepEqual(
      [first.remitClaimsAnalyzed, first.matched, first.unmatched, first.stillUnmatched],
      [medicare.claims.length, 0, medicare.claims.length, 0],
    );
    const second = await importFile('/api/remits/import', 'commercial.835', write835(commercial, 3));
    assert.deepEqual(
      [second.remitClaimsAnalyzed, second.unmatched, second.stillUnmatched],
      [commercial.claims.length, commercial.claims.length, medicare.claims.length],
    );
    // The claims arrive: the remittance claims waiting for them match now.
    const claims = await importFile('/api/claims/import', 'claims.837', write837P(generatedClaims()));
    assert.equal(claims.unmatched, 0);
    assert.ok(claims.matched > 0);
  });

  void it('a repeated status change adds one history row, not two', async () => {
    const list = (
      await t.as('viewer', { method: 'GET', url: '/api/worklist?status=all&limit=1' })
    ).json() as {
      items: { id: number }[];
    };
    const id = list.items[0]?.id;
    assert.ok(id !== undefined);
    const history = async () =>
      (
        (await t.as('viewer', { method: 'GET', url: `/api/worklist/${id}` })).json() as {
          history: { to: string; note?: string }[];
        }
      ).history;
    const start = (await history()).length;
    const post = (payload: Record<string, unknown>) =>
      t.as('biller', { method: 'POST', url: `/api/worklist/${id}/status`, headers: json, payload });
    for (let i = 0; i < 2; i++) assert.equal((await post({ status: 'appealed' })).statusCode, 200);
    assert.equal((await history()).length, start + 1);
    for (let i = 0; i < 2; i++)
      assert.equal((await post({ status: 'appealed', note: 'called the payer' })).statusCode, 200);
    assert.equal((await history()).length, start + 2, 'a new note is a new row, sent twice it is one');
    assert.equal((await history()).at(-1)?.note, 'called the payer');
  });

  void it('the payer filter takes % and _ as themselves', async () => {
    const total = async (payer: string) =>
      (
        (
          await t.as('viewer', {
            method: 'GET',
            url: `/api/worklist?status=all&payer=${encodeURIComponent(payer)}`,
          })
        ).json() as { total: number }
      ).total;
    assert.ok((await total('medicare')) > 0);
    assert.equal(await total('%'), 0);
    assert.equal(await total('_'), 0);
    assert.equal(await total('medic_re'), 0);
    const denials = await t.as('viewer', { method: 'GET', url: '/api/denials?status=all&payer=%25' });
    const { denials: rows, total: matched } = denials.json() as { denials: unknown[]; total: number };
    assert.deepEqual([rows, matched], [[], 0]);
  });
});

void describe('audit rows of failed uploads name the file', () => {
  void it('a check refused as unreadable (422) is recorded with the digest of what was sent', async () => {
    const bytes = Buffer.from('this is not a claim file\n');
    const res = await t.as('viewer', {
      method: 'POST',
      url: '/api/check?fileName=junk.txt',
      headers: { 'content-type': 'text/plain' },
      payload: bytes,
    });
    assert.equal(res.statusCode, 422, res.body);
    const row = t.accounts.listAudit({ action: 'check.run', limit: 1 })[0];
    const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    assert.equal(row?.status, 422);
    assert.equal(row?.resource, `sha256:${digest} bytes:${bytes.length}`);
  });
});

void describe('audit rows of refused archives', () => {
  void it('a ZIP refused with 415 is recorded with the digest of the bytes sent', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), sample]);
    const res = await t.as('viewer', { method: 'POST', url: '/api/check', payload: zip });
    assert.equal(res.statusCode, 415, res.body);
    const row = t.accounts.listAudit({ action: 'check.run', limit: 1 })[0];
    assert.equal(
      row?.resource,
      `sha256:${createHash('sha256').update(zip).digest('hex').slice(0, 12)} bytes:${zip.length}`,
    );
  });
});

void describe('claims that name no patient, over HTTP', () => {
  void it('rows of a CSV without patient columns are not one patient: no MUE sum, one note', async () => {
    const header =
      'claimId,payerKind,billingNpi,placeOfService,diagnoses,line,serviceDate,procedure,modifiers,units,charge,diagnosisPointers';
    const rows = Array.from(
      { length: 40 },
      (_, i) => `NP${i},medicare,1234567893,11,C3490,1,2026-02-10,J9173,JZ,75,8000.00,1`,
    );
    const res = await t.as('viewer', {
      method: 'POST',
      url: '/api/check?fileName=nopat.csv&dateOfRun=2026-03-01',
      headers: { 'content-type': 'text/csv' },
      payload: [header, ...rows].join('\n'),
    });
    assert.equal(res.statusCode, 200, res.body);
    const ids = (res.json() as { findings: { editId: string }[] }).findings.map((f) => f.editId);
    assert.equal(ids.filter((id) => id === 'patient-unidentified').length, 1);
    assert.equal(ids.filter((id) => id === 'mue-date-of-service' || id === 'duplicate-line').length, 0);
  });
});

void describe('/openapi.json declares what the routes answer', () => {
  interface Operation {
    parameters?: { in: string }[];
    requestBody?: unknown;
    responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  }
  let doc: { paths: Record<string, Record<string, Operation>> };
  before(async () => {
    doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as typeof doc;
  });
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );

  void it('429 and 500 on every route; 413 and 415 where a body is sent; 414 where the path has parameters', () => {
    for (const { path, method, op } of operations()) {
      const has = (s: string) => assert.ok(op.responses[s], `${method.toUpperCase()} ${path} declares ${s}`);
      has('429');
      has('500');
      if (op.requestBody !== undefined) {
        has('413');
        has('415');
      }
      if (path.includes('{')) has('414');
    }
  });

  void it('OAS 3.0 schemas: no nullable without a type (ajv refuses them), no ±2^53 integer bounds', () => {
    const bad: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`));
      else if (node !== null && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o['nullable'] === true && o['type'] === undefined) bad.push(`${at}: nullable without type`);
        if (
          o['type'] === 'integer' &&
          (o['minimum'] === Number.MIN_SAFE_INTEGER || o['maximum'] === Number.MAX_SAFE_INTEGER)
        )
          bad.push(`${at}: ±2^53 bound`);
        for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
      }
    };
    walk(doc, '');
    assert.deepEqual(bad, []);
    const code =
      doc.paths['/api/codes/{code}']?.['get']?.responses['200']?.content?.['application/json']?.schema;
    assert.ok(code !== undefined, 'the code route documents its answer');
  });

  void it('response headers given as zod schemas are documented with their description', () => {
    const { schema } = swaggerTransform({
      url: '/x',
      schema: {
        response: {
          200: {
            description: 'a file',
            content: { 'text/plain': { schema: z.string() } },
            headers: { 'x-count': z.number().int().min(0).describe('how many') },
          },
        },
      },
    });
    const ok = (schema.response as Record<string, { headers?: unknown }>)['200'];
    assert.deepEqual(ok?.headers, { 'x-count': { type: 'integer', minimum: 0, description: 'how many' } });
  });

  void it('a nullable union is written as nullable branches', () =>
    assert.deepEqual(
      openApi30({ nullable: true, anyOf: [{ type: 'object' }, { type: 'string' }], description: 'x' }),
      {
        anyOf: [
          { type: 'object', nullable: true },
          { type: 'string', nullable: true },
        ],
        description: 'x',
      },
    ));
});

void describe('the error codes the API answers are documented', () => {
  void it('every HttpError code in src/adapters/http is in docs/http.md', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'http.md'), 'utf8');
    const dir = join(import.meta.dirname, '..', '..', 'src', 'adapters', 'http');
    const files = [
      'app.ts',
      'auth.ts',
      'errors.ts',
      'uploads.ts',
      'json-body.ts',
      'content-encoding.ts',
      'zod.ts',
    ]
      .map((f) => join(dir, f))
      .concat(
        [
          'accounts.ts',
          'check.ts',
          'codes.ts',
          'convert.ts',
          'factcheck.ts',
          'guides.ts',
          'meta.ts',
          'recovery.ts',
          'units.ts',
          'waste.ts',
        ].map((f) => join(dir, 'routes', f)),
      );
    const codes = new Set<string>();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/HttpError\(\s*[\d\w ?:]+,\s*'([a-z-]+)'/g)) codes.add(m[1] as string);
      for (const m of text.matchAll(/unprocessable\(\s*'([a-z-]+)'/g)) codes.add(m[1] as string);
      for (const m of text.matchAll(/status(?:Code)?: \d+,\s*code: '([a-z-]+)'/g)) codes.add(m[1] as string);
    }
    // Account errors pass their own code through (routes/accounts.ts accountError).
    const accounts = readFileSync(join(dir, '..', 'store', 'accounts', 'index.ts'), 'utf8');
    const union = /class AccountError[^]*?readonly code: ([^;]+);/.exec(accounts)?.[1] ?? '';
    for (const m of union.matchAll(/'([a-z-]+)'/g)) codes.add(m[1] as string);
    for (const code of ['last-admin', 'rate-limited', 'internal', 'uri-too-long', 'mixed-formats'])
      assert.ok(codes.has(code), `${code} is found in the code`);
    assert.ok(codes.size > 15, [...codes].join(' '));
    for (const code of codes) assert.ok(doc.includes(`\`${code}\``), `${code} is documented in docs/http.md`);
  });
});
