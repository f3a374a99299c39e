/**
 * The report renderers hand out a report in pieces (a batch's JSON passes V8's longest string well before memory
 * runs out). The pieces must join to exactly the text of one `JSON.stringify(…, null, 2)`, and stay small.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../core/findings/model.ts';
import {
  renderJson,
  renderReportChunks,
  renderSarif,
  REPORT_FORMATS,
  type CheckReport,
  type ReportFormat,
} from './findings.ts';

function finding(i: number): Finding {
  return {
    editId: i % 2 === 0 ? 'jw-jz-missing' : 'units-vs-mue',
    severity: i % 3 === 0 ? 'error' : 'warning',
    claimId: `PCN${String(Math.floor(i / 2)).padStart(6, '0')}`,
    claimIndex: Math.floor(i / 2),
    line: i % 4 === 0 ? null : 1 + (i % 3),
    field: 'modifiers',
    message: `Finding ${i}: "quoted", a tab\there and a line break\nthere.`,
    why: 'Because.',
    source: 'CMS JW/JZ FAQ',
    denial: { group: 'CO', carc: '16', rarc: ['N822', 'MA130'] },
    ...(i % 5 === 0
      ? {
          fix: {
            description: 'Add modifier JZ',
            actions: [{ kind: 'add-modifier', claimIndex: 0, line: 1, modifier: 'JZ' }],
          },
        }
      : {}),
    at: { file: 'claims.837', segmentIndex: 10 + i, segmentId: 'SV1', line: 11 + i, loop: '2400' },
    data: { units: i, nested: { list: [1, 2, { deep: true }] } },
  };
}

function report(findings: Finding[]): CheckReport {
  return {
    tool: { name: 'drugclaim', version: '0.1.0' },
    dateOfRun: '2026-11-24',
    files: [{ path: 'claims.837', format: '837P', claims: 5000, firstClaim: 0 }],
    summary: {
      claims: 5000,
      lines: 9000,
      drugLines: 6000,
      errors: 1,
      warnings: 2,
      infos: 0,
      claimsWithErrors: 1,
      fixable: 1,
    },
    findings,
    skipped: [],
    rulesApplied: [],
    readProblems: [],
  };
}

for (const n of [0, 1, 3, 10_000]) {
  test(`renderers: ${n} findings in pieces give the text of one JSON.stringify`, () => {
    const r = report(Array.from({ length: n }, (_, i) => finding(i)));
    const json = renderJson(r);
    assert.equal(json, `${JSON.stringify(JSON.parse(json), null, 2)}\n`, 'JSON text');
    assert.equal((JSON.parse(json) as { findings: unknown[] }).findings.length, n);
    const sarif = renderSarif(r);
    assert.equal(sarif, `${JSON.stringify(JSON.parse(sarif), null, 2)}\n`, 'SARIF text');
    assert.equal((JSON.parse(sarif) as { runs: { results: unknown[] }[] }).runs[0]?.results.length, n);
  });
}

test('renderers: a big report comes out in pieces of a bounded size, in every format', () => {
  const r = report(Array.from({ length: 10_000 }, (_, i) => finding(i)));
  for (const format of REPORT_FORMATS) {
    const pieces = [...renderReportChunks(r, format)];
    const total = pieces.reduce((sum, p) => sum + p.length, 0);
    assert.ok(pieces.length > 5, `${format}: ${pieces.length} pieces`);
    assert.ok(
      pieces.every((p) => p.length < 2_000_000),
      `${format}: largest piece ${Math.max(...pieces.map((p) => p.length))} of ${total}`,
    );
  }
});

test('text and HTML reports show the control characters of claim data instead of acting on them', () => {
  const f: Finding = {
    ...finding(1),
    claimId: 'X1005\u202E',
    message: 'Units 5\u001B[2J exceed the MUE\0.',
  };
  const r = report([f]);
  r.readProblems = [
    { code: 'x12.segment.invalid-id', severity: 'error', message: 'Bad id "AAA\u202EEVIL".' },
  ];
  const cases: [ReportFormat, string[]][] = [
    ['text', ['Claim X1005\\u202E', 'Units 5\\u001B[2J exceed the MUE\\u0000.', 'Bad id "AAA\\u202EEVIL".']],
    [
      'html',
      [
        'Claim <code>X1005\\u202E</code>',
        'Units 5\\u001B[2J exceed the MUE\\u0000.',
        'Bad id &quot;AAA\\u202EEVIL&quot;.',
      ],
    ],
  ];
  for (const [format, shown] of cases) {
    const text = [...renderReportChunks(r, format)].join('');
    for (const s of shown) assert.ok(text.includes(s), `${format}: ${s}`);
    // eslint-disable-next-line no-control-regex -- the point of the test
    assert.doesNotMatch(text, /[\u0000\u001B\u202E]/, format);
  }
  // JSON keeps the data as it is (a JSON reader gets the same string).
  assert.equal((JSON.parse(renderJson(r)) as { findings: Finding[] }).findings[0]?.claimId, 'X1005\u202E');
});

test('a listing (the API cap): JSON and SARIF stay one JSON text; each says how many were left out, text and HTML too', () => {
  const all = Array.from({ length: 10 }, (_, i) => finding(i));
  const indexes = [0, 3, 6, 9];
  const r: CheckReport = {
    ...report(indexes.map((i) => all[i] as Finding)),
    listing: { maxFindings: 4, indexes, omitted: 6, kept: 'errors first', hint: 'Use the CLI.' },
  };
  const note =
    'Only 4 of 10 findings are listed (6 left out; at most 4 in one answer): errors first. The summary counts them all. Use the CLI.';
  const json = renderJson(r);
  assert.equal(json, `${JSON.stringify(JSON.parse(json), null, 2)}\n`, 'JSON text');
  const body = JSON.parse(json) as {
    summary: { findingsOmitted: number };
    truncated: boolean;
    truncation: unknown;
    findings: { index: number; message: string }[];
  };
  assert.deepEqual(
    [body.summary.findingsOmitted, body.truncated, body.truncation],
    [6, true, { maxFindings: 4, listed: 4, omitted: 6, message: note }],
  );
  assert.deepEqual(
    body.findings.map((f) => [f.index, f.message.slice(0, 10)]),
    indexes.map((i) => [i, `Finding ${i}:`]),
  );
  const sarif = renderSarif(r);
  assert.equal(sarif, `${JSON.stringify(JSON.parse(sarif), null, 2)}\n`, 'SARIF text');
  assert.deepEqual((JSON.parse(sarif) as { runs: { properties: unknown }[] }).runs[0]?.properties, {
    maxFindings: 4,
    findings: 10,
    findingsListed: 4,
    findingsOmitted: 6,
    truncated: true,
    message: note,
  });
  for (const format of ['text', 'html'] as const)
    assert.ok([...renderReportChunks(r, format)].join('').includes(note), format);
  // Nothing left out: said too (`truncated: false`), with no note; without a listing (the CLI), nothing is said.
  const whole = renderJson({ ...r, listing: { ...r.listing!, omitted: 0 } });
  assert.deepEqual(
    [(JSON.parse(whole) as { truncated: boolean }).truncated, whole.includes('truncation')],
    [false, false],
  );
  const cli = JSON.parse(renderJson(report(all))) as Record<string, unknown>;
  assert.deepEqual(['truncated' in cli, 'findingsOmitted' in (cli['summary'] as object)], [false, false]);
});
