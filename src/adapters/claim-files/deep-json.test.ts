/**
 * JSON nested thousands of levels deep (a 50 KB upload) must not overflow the stack of the code that sniffs and
 * reads it: every entry point answers with one positioned problem, and `read`/`check` exit 2.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fhirSamplesDir, repoRoot } from '../../../test/support/shared.ts';
import type { Problem } from '../../core/problem.ts';
import {
  jsonTooDeep,
  MAX_JSON_DEPTH,
  readClaimBytes,
  readClaimFile,
  readClaimFileEach,
  streamClaims,
} from './index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-deep-json-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const arrays = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
const objects = (n: number): string => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

/** Each shape as it would reach a reader, with the code and the position of the refusal. */
const shapes: { label: string; name: string; text: string; code: string; line: number; column: number }[] = [
  {
    label: '5,000 arrays',
    name: 'd5000.json',
    text: arrays(5000),
    code: 'json.invalid',
    line: 1,
    column: 101,
  },
  {
    label: '5,000 objects inside a claim',
    name: 'claims.json',
    text: `{"claims":[{"id":"A","x":${objects(5000)}}]}`,
    code: 'json.invalid',
    line: 1,
    column: 26 + 5 * 97, // the 98th {"a": inside {"claims":[{ opens level 101
  },
  {
    label: 'a FHIR Claim with 5,000 nested arrays in an extension',
    name: 'claim.json',
    text: `{"resourceType":"Claim",\n"extension":${arrays(5000)}}`,
    code: 'fhir.json.invalid',
    line: 2,
    column: 12 + 100,
  },
  {
    label: 'Bundles nested 20,000 deep (the FHIR reader follows entries)',
    name: 'bundle.json',
    text: `${'{"resourceType":"Bundle","entry":[{"resource":'.repeat(20000)}{}${'}]}'.repeat(20000)}`,
    code: 'fhir.json.invalid',
    line: 1,
    column: 33 * 46 + 34, // the [ of the 34th Bundle opens level 101
  },
  {
    label: '5,000 arrays never closed (not even valid JSON)',
    name: 'open.json',
    text: '['.repeat(5000),
    code: 'json.invalid',
    line: 1,
    column: 101,
  },
  {
    label: 'NDJSON with one deep line',
    name: 'claims.ndjson',
    text: `{"resourceType":"Claim","id":"a"}\n{"resourceType":"Claim","x":${arrays(5000)}}`,
    code: 'fhir.json.invalid',
    line: 2,
    column: 28 + 100,
  },
];

/** The one problem each reader must give: code, severity, file and line; no claims. */
function assertRefused(problems: readonly Problem[], claims: number, s: (typeof shapes)[number]): void {
  assert.equal(claims, 0);
  assert.deepEqual(
    problems.map((p) => ({ code: p.code, severity: p.severity, at: p.at, column: p.data?.['column'] })),
    [{ code: s.code, severity: 'error', at: { file: s.name, line: s.line }, column: s.column }],
  );
  assert.match(problems[0]?.message ?? '', new RegExp(`more than ${MAX_JSON_DEPTH} levels deep`));
}

describe('deeply nested JSON', () => {
  for (const s of shapes) {
    it(`${s.label}: one positioned error from every reader, no stack overflow`, async () => {
      const bytes = new TextEncoder().encode(s.text);
      const whole = readClaimBytes(s.name, bytes);
      assertRefused(whole.problems, whole.claims.length, s);
      const path = join(tmp, s.name);
      writeFileSync(path, s.text);
      const file = await readClaimFile(path);
      assertRefused(file.problems, file.claims.length, s);
      let streamed = 0;
      const stream = await streamClaims(path, () => streamed++);
      assertRefused(stream.problems, streamed, s);
      const each = readClaimFileEach(path, {});
      assertRefused(each.problems, each.claims, s);
    });
  }

  it(`${MAX_JSON_DEPTH} levels are read as usual; ${MAX_JSON_DEPTH + 1} are refused`, () => {
    const read = (n: number): string[] =>
      readClaimBytes('x.json', new TextEncoder().encode(`{"claims":${arrays(n - 1)}}`)).problems.map(
        (p) => `${p.code}${/levels deep/.test(p.message) ? ' (too deep)' : ''}`,
      );
    assert.ok(!read(MAX_JSON_DEPTH).some((c) => c.endsWith('(too deep)')));
    assert.deepEqual(read(MAX_JSON_DEPTH + 1), ['json.invalid (too deep)']);
  });

  it('every FHIR sample is far below the limit', () => {
    const files = readdirSync(fhirSamplesDir()).filter((f) => f.endsWith('.json'));
    assert.ok(files.length > 3);
    for (const f of files) {
      const text = readFileSync(join(fhirSamplesDir(), f), 'utf8');
      assert.equal(jsonTooDeep(text, 20), undefined, f);
    }
  });

  const scans: [string, string, { line: number; column: number } | undefined][] = [
    ['brackets inside strings do not count', `{"a":"${'['.repeat(300)}"}`, undefined],
    ['an escaped quote does not end the string', `{"a":"\\"${'['.repeat(300)}"}`, undefined],
    ['an escaped backslash does end it', `{"a":"\\\\"}${'['.repeat(4)}`, { line: 1, column: 14 }],
    ['closing brackets bring the depth down', `${arrays(3)}${arrays(3)}`, undefined],
    ['position after line breaks', `\n\n  ${'['.repeat(4)}`, { line: 3, column: 6 }],
  ];
  for (const [label, text, expected] of scans)
    it(`jsonTooDeep: ${label}`, () => assert.deepEqual(jsonTooDeep(text, 3), expected));

  it('format sniffing walks arrays without recursion: a resource under nested arrays, and a huge array', () => {
    const nested = readClaimBytes(
      'x.json',
      new TextEncoder().encode('[[[{"resourceType":"Claim","id":"n","status":"active"}]]]'),
    );
    assert.equal(nested.format, 'fhir');
    // One array of 300,000 items inside another: sniffing walks them all, the claim reader sees one bad claim.
    const many = `[[${Array.from({ length: 300_000 }, () => '1').join(',')}]]`;
    assert.equal(readClaimBytes('x.json', new TextEncoder().encode(many)).format, 'json');
  });

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, 'bin', 'drugclaim.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, DRUGCLAIM_DB: join(tmp, 'drugclaim.db') },
    });
  it('drugclaim read and convert: exit 2 with the problem, not "Maximum call stack size exceeded"', () => {
    const path = join(tmp, 'cli-deep.json');
    writeFileSync(path, arrays(5000));
    const read = cli('read', path);
    assert.equal(read.status, 2, read.stderr);
    assert.match(read.stdout, /json\.invalid {2}line 1: The JSON nests arrays and objects more than 100/);
    const convert = cli('convert', path, '--to', 'x12');
    assert.equal(convert.status, 2);
    assert.match(convert.stderr, /^error json\.invalid line 1: The JSON nests/m);
    assert.doesNotMatch(read.stderr + convert.stderr, /call stack/);
  });
});
