/**
 * The import answers list each file's read problems with their positions (errors first, capped, with a count of those
 * left out), beside the `problems` count clients read today; the 422 when no file is imported says how many it left out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { READ_PROBLEMS_LISTED } from '../../src/adapters/http/routes/recovery.ts';
import type { Claim } from '../../src/core/claim/model.ts';
import { generatedClaims, medicareRemittance, write835, write837P } from '../recovery/fixtures.ts';
import { multipart, testApp, type TestApp } from './support.ts';

interface Problem {
  code: string;
  severity: string;
  message: string;
  at?: Record<string, unknown>;
  data?: Record<string, unknown>;
}
interface ImportAnswer {
  files: {
    file: string;
    status: string;
    items?: number;
    problems?: number;
    readProblems?: Problem[];
    problemsOmitted?: number;
    notStored?: { id?: string }[];
  }[];
}

/** The diagnosis qualifier and code in separate elements: a warning on the claim's HI. */
const splitDiagnosis = (text: string): string => text.replaceAll('HI*ABK:', 'HI*ABK*');
/** A service date that is no date: an error inside the line, so its claim is not stored. */
const badServiceDate = (text: string): string => text.replace('DTP*472*D8*20260210', 'DTP*472*D8*20261350');

/** `copies` of the generated claims, each with its own id. */
function manyClaims(copies: number): Claim[] {
  return Array.from({ length: copies }, (_, i) =>
    generatedClaims().map((c) => ({ ...c, id: `${c.id}-${i}` })),
  ).flat();
}

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

async function importClaims(name: string, text: string) {
  return t.as('biller', {
    method: 'POST',
    url: '/api/claims/import',
    headers: { 'content-type': 'application/edi-x12', 'x-file-name': name },
    payload: text,
  });
}

void describe('import: read problems with their positions', () => {
  void it('lists a warning and an error of one claim, errors first, beside the `problems` count', async () => {
    const text = badServiceDate(write837P(generatedClaims()).replace('HI*ABK:C3490', 'HI*ABK*C3490'));
    const res = await importClaims('one-bad-claim.837', text);
    assert.equal(res.statusCode, 200, res.body);
    const [row] = (res.json() as ImportAnswer).files;
    assert.equal(row?.status, 'imported');
    assert.deepEqual(
      row?.notStored?.map((n) => n.id),
      ['RC1001'],
    );
    assert.equal(row?.problems, 2);
    assert.equal(row?.problemsOmitted, 0);
    assert.deepEqual(
      row?.readProblems?.map((p) => [p.severity, p.code, p.at]),
      [
        [
          'error',
          'x12.element.invalid-date',
          {
            file: 'one-bad-claim.837',
            line: 24,
            segmentIndex: 23,
            segmentId: 'DTP',
            loop: '2400',
            element: 3,
          },
        ],
        [
          'warning',
          'x12.hi.split-composite',
          {
            file: 'one-bad-claim.837',
            line: 21,
            segmentIndex: 20,
            segmentId: 'HI',
            loop: '2300',
            element: 1,
          },
        ],
      ],
    );
    // The same bytes again are not read: nothing to list.
    const again = await importClaims('again.837', text);
    const [same] = (again.json() as ImportAnswer).files;
    assert.equal(same?.status, 'already-imported');
    assert.deepEqual([same?.readProblems, same?.problemsOmitted], [[], 0]);
  });

  void it(`lists at most ${READ_PROBLEMS_LISTED} a file, the errors first, and counts the others`, async () => {
    // 270 claims with a warning each, and the last one's service date broken: 271 problems, the error last in the file.
    const claims = manyClaims(30);
    const text = splitDiagnosis(write837P(claims));
    const lastDate = text.lastIndexOf('DTP*472*D8*20260210');
    const res = await importClaims(
      'many-warnings.837',
      `${text.slice(0, lastDate)}${badServiceDate(text.slice(lastDate))}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    const [row] = (res.json() as ImportAnswer).files;
    assert.equal(row?.status, 'imported');
    assert.equal(row?.problems, claims.length + 1);
    assert.equal(row?.readProblems?.length, READ_PROBLEMS_LISTED);
    assert.equal(row?.problemsOmitted, claims.length + 1 - READ_PROBLEMS_LISTED);
    assert.equal(row?.readProblems?.[0]?.code, 'x12.element.invalid-date');
    assert.ok(row?.readProblems?.slice(1).every((p) => p.code === 'x12.hi.split-composite'));
    // In file order within a severity.
    const lines = row?.readProblems?.slice(1).map((p) => Number(p.at?.['line'])) ?? [];
    assert.deepEqual(
      lines,
      [...lines].sort((a, b) => a - b),
    );
  });

  void it('a 422 (no file imported) lists the problems, errors first, and says how many it left out', async () => {
    // Every service date broken: no claim can be stored.
    const text = splitDiagnosis(write837P(manyClaims(30))).replaceAll(
      'DTP*472*D8*20260210',
      'DTP*472*D8*20261350',
    );
    const res = await importClaims('all-bad.837', text);
    assert.equal(res.statusCode, 422, res.body);
    const body = res.json() as { code: string; problems: Problem[] };
    assert.equal(body.code, 'unreadable-file');
    assert.equal(body.problems.length, READ_PROBLEMS_LISTED + 1);
    assert.ok(body.problems.slice(0, READ_PROBLEMS_LISTED).every((p) => p.severity === 'error'));
    const note = body.problems.at(-1);
    assert.equal(note?.code, 'import.problems-omitted');
    assert.equal(note?.at?.['file'], 'all-bad.837');
    const omitted = Number(note?.data?.['omitted']);
    assert.ok(omitted > 270, `the warnings and the errors past the cap: ${omitted}`);
    assert.match(
      note?.message ?? '',
      new RegExp(`^${omitted} more problems reading all-bad\\.837 are not listed`),
    );
  });
});

void describe('import: why a file was refused, apart from its read problems', () => {
  it('a remittance among claim files: its row says why in `reasons`; an imported file has none', async () => {
    const m = multipart([
      { name: 'claims.837', content: write837P(generatedClaims()) },
      { name: 'remit.835', content: write835(medicareRemittance()) },
    ]);
    const res = await t.as('biller', {
      method: 'POST',
      url: '/api/claims/import',
      headers: m.headers,
      payload: m.payload,
    });
    assert.equal(res.statusCode, 200, res.body);
    const rows = (res.json() as { files: { file: string; status: string; reasons?: string[] }[] }).files;
    assert.deepEqual(
      rows.map((r) => [r.file, r.status, r.reasons?.length]),
      [
        ['claims.837', 'imported', 0],
        ['remit.835', 'rejected', 1],
      ],
    );
    assert.match(rows[1]?.reasons?.[0] ?? '', /holds remittances, not claims: use \/api\/remits\/import/);
  });
});
