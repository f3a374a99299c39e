/**
 * /openapi.json says what the routes really answer: JSON documents (converted claims, SARIF) are documented as
 * objects, every route documents the 401 its token check gives, and every audited route the 503 `audit-unavailable`
 * it answers when its audit row cannot be written. Answers are checked against the document by a small JSON Schema
 * check (the keywords the document uses), so a generated client reads what the server sends.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { x12SamplesDir } from '../support/shared.ts';
import { lfhDrugSample, testApp, type TestApp } from './support.ts';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}
type Schema = Record<string, unknown>;

let t: TestApp;
let doc: OpenApi;
before(async () => {
  // Every route is called with a wrong token below: the refused-call limit must not answer 429 first.
  t = await testApp({ config: { refusedRateLimit: { max: 10_000, timeWindowMs: 60_000 } } });
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenApi;
});
after(async () => {
  await t.close();
});

const typeOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : Number.isInteger(value)
        ? 'integer'
        : typeof value;

/** Where `value` breaks `schema` (OpenAPI 3.0 keywords the document uses); [] when it conforms. */
function breaches(schema: Schema, value: unknown, at = '$'): string[] {
  if ('$ref' in schema) return [`${at}: $ref is not followed by this check`];
  if (value === null)
    return schema['nullable'] === true || schema['type'] === undefined ? [] : [`${at}: null`];
  const out: string[] = [];
  const type = schema['type'];
  const actual = typeOf(value);
  if (typeof type === 'string' && type !== actual && !(type === 'number' && actual === 'integer'))
    return [`${at}: must be ${type}, is ${actual}`];
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value))
    out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema['enum'])}`);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key] as Schema[] | undefined;
    if (branches && !branches.some((b) => breaches(b, value, at).length === 0))
      out.push(`${at}: matches none of its ${key} branches`);
  }
  for (const part of (schema['allOf'] as Schema[] | undefined) ?? []) out.push(...breaches(part, value, at));
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const key of (schema['required'] as string[] | undefined) ?? [])
      if (!(key in object)) out.push(`${at}.${key}: is required`);
    for (const [key, v] of Object.entries(object)) {
      const property = properties[key];
      if (property) out.push(...breaches(property, v, `${at}.${key}`));
      else if (schema['additionalProperties'] === false) out.push(`${at}.${key}: is not documented`);
      else if (typeof schema['additionalProperties'] === 'object')
        out.push(...breaches(schema['additionalProperties'] as Schema, v, `${at}.${key}`));
    }
  }
  if (actual === 'array' && schema['items'])
    (value as unknown[]).forEach((v, i) =>
      out.push(...breaches(schema['items'] as Schema, v, `${at}[${i}]`)),
    );
  return out;
}

/** The documented schema of an answer (its route, status and content type); fails when there is none. */
function documentedSchema(method: string, path: string, res: LightMyRequestResponse): Schema {
  const op = doc.paths[path]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is documented`);
  const response = op.responses[String(res.statusCode)];
  assert.ok(response, `${method} ${path} documents its ${res.statusCode}`);
  const type = String(res.headers['content-type'] ?? '').split(';')[0] ?? '';
  const schema = response.content?.[type]?.schema;
  assert.ok(schema, `${method} ${path} ${res.statusCode} documents ${type}`);
  return schema;
}

function assertConforms(method: string, path: string, res: LightMyRequestResponse): void {
  const schema = documentedSchema(method, path, res);
  assert.deepEqual(breaches(schema, res.json()), [], `${method} ${path} ${res.statusCode}`);
}

const upload = (url: string, payload: string | Buffer) =>
  t.as('viewer', {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/octet-stream' },
    payload,
  });

const dental835 = () =>
  readFileSync(join(x12SamplesDir(), '835_stedi_multiple-claims-single-check_dental.edi'));

void describe('JSON documents are documented as what they are', () => {
  void it('POST /api/convert?to=json: an object with the claims', async () => {
    const res = await upload('/api/convert?to=json&fileName=c.837', lfhDrugSample());
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(documentedSchema('POST', '/api/convert', res)['type'], 'object');
    assertConforms('POST', '/api/convert', res);
  });

  void it('POST /api/convert?to=json of an 835: an object with the remittances', async () => {
    const res = await upload('/api/convert?to=json&fileName=era.835', dental835());
    assert.equal(res.statusCode, 200, res.body);
    assert.ok((res.json() as { remittances?: unknown[] }).remittances?.length);
    assertConforms('POST', '/api/convert', res);
  });

  void it('POST /api/convert?to=fhir: a FHIR Bundle, claims and ExplanationOfBenefits', async () => {
    for (const [name, file] of [
      ['c.837', lfhDrugSample()],
      ['era.835', dental835()],
    ] as const) {
      const res = await upload(`/api/convert?to=fhir&fileName=${name}`, file);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(documentedSchema('POST', '/api/convert', res)['type'], 'object');
      assertConforms('POST', '/api/convert', res);
    }
  });

  void it('POST /api/check?format=sarif: a SARIF 2.1.0 log', async () => {
    const res = await upload('/api/check?format=sarif&fileName=c.837', lfhDrugSample());
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/sarif+json; charset=utf-8');
    assert.equal(documentedSchema('POST', '/api/check', res)['type'], 'object');
    assertConforms('POST', '/api/check', res);
  });

  void it('POST /api/check (JSON) still conforms', async () => {
    const res = await upload('/api/check?fileName=c.837', lfhDrugSample());
    assert.equal(res.statusCode, 200, res.body);
    assertConforms('POST', '/api/check', res);
  });

  void it('the check is strict enough to catch a string documented for an object', () => {
    assert.deepEqual(breaches({ type: 'string' }, { a: 1 }), ['$: must be string, is object']);
    assert.deepEqual(breaches({ type: 'object', required: ['runs'] }, {}), ['$.runs: is required']);
  });
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

void describe('every status a route answers for reasons of its own kind is documented', () => {
  void it('a wrong Bearer token is a 401 on every route, public ones included: each documents it', async () => {
    const undocumented: string[] = [];
    for (const { path, method, op } of operations()) {
      const url = path.replace(/\{[^}]+\}/g, '1');
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: 'Bearer dct_not-a-token' },
      });
      assert.equal(res.statusCode, 401, `${method} ${url}: ${res.body}`);
      if (!op.responses['401']) undocumented.push(`${method} ${path}`);
      else assertConforms(method, path, res);
    }
    assert.deepEqual(undocumented, []);
  });

  void it('every audited route documents 503 (the audit row could not be written: audit-unavailable)', () => {
    const audited = t.app.drugclaimRoutes.filter((r) => r.audit !== undefined && !r.hidden);
    assert.ok(audited.length >= 20, `audited routes: ${audited.length}`);
    const undocumented = audited
      .map((r) => ({ r, op: doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()] }))
      .filter(({ op }) => !op?.responses['503'])
      .map(({ r }) => `${r.method} ${r.url} (${r.audit})`);
    assert.deepEqual(undocumented, []);
  });
});
