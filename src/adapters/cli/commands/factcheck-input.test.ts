/**
 * `drugclaim factcheck FILE` on input that is not UTF-8 text (bin/drugclaim.js, a temp database loaded from
 * ../shared/data): UTF-16 is decoded and checked (J9312 is rituximab in the January 2026 HCPCS file, so "J9312 is
 * pemetrexed" is false, exit 1); a gzip file, a SQLite database and bytes that are not text exit 2 with the reason.
 * Also what the printer says of a code left unchecked (pairing or reading not certain).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { repoRoot, sharedDataDir } from '../../../../test/support/shared.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-factcheck-input-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const db = join(tmp, 'store.db');

function drugclaim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('DRUGCLAIM_')) env[k] = v;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(repoRoot, 'bin', 'drugclaim.js'), ...args],
      { env: { ...env, DRUGCLAIM_DB: db }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }),
    );
    child.stdin?.end('');
  });
}

const TEXT = 'J9312 is pemetrexed.\n';

void describe('drugclaim factcheck: input that is not UTF-8 text', () => {
  before(async () => {
    const imported = await drugclaim(['data', 'import', '--from', sharedDataDir(), '--json']);
    assert.equal(imported.code, 0, imported.stderr);
    copyFileSync(db, join(tmp, 'copy.sqlite'));
  });

  const DECODED: [name: string, bytes: Buffer][] = [
    ['utf16-bom.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')])],
    ['utf16-nobom.txt', Buffer.from(TEXT, 'utf16le')],
  ];
  for (const [name, bytes] of DECODED)
    void it(`${name}: decoded and checked`, async () => {
      writeFileSync(join(tmp, name), bytes);
      const run = await drugclaim(['factcheck', join(tmp, name), '--date', '2026-02-01']);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^FALSE {4}line 1 {2}J9312 {2}drug "pemetrexed"/);
    });

  // Why a code was not checked: a pairing of names with codes, or an "or" that may mean each code or one of them.
  void it('a code left unchecked says why: pairing or reading not certain (text and JSON)', async () => {
    const file = join(tmp, 'uncertain.txt');
    writeFileSync(
      file,
      'J9312, J9271 and J9299 are rituximab and pembrolizumab.\nRituximab is billed with J9312 or J9271.\n',
    );
    const run = await drugclaim(['factcheck', file, '--date', '2026-02-01']);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.ok(
      lines.includes(
        'NOT CHECKED  line 1  J9312, J9271, J9299: which name goes with which code is not certain',
      ),
      run.stdout,
    );
    assert.ok(
      lines.includes(
        'NOT CHECKED  line 2  J9312, J9271: the "or" or "nor" joining the codes or names may be read more than one way',
      ),
      run.stdout,
    );
    const json = JSON.parse(
      (await drugclaim(['factcheck', file, '--date', '2026-02-01', '--json'])).stdout,
    ) as {
      notChecked: { codes: string[]; pairingUncertain?: true; readingUncertain?: true }[];
    };
    assert.deepEqual(
      json.notChecked.map((u) => [u.codes, u.pairingUncertain, u.readingUncertain]),
      [
        [['J9312', 'J9271', 'J9299'], true, undefined],
        [['J9312', 'J9271'], undefined, true],
      ],
    );
  });

  const REFUSED: [name: string, bytes: () => Buffer, why: RegExp][] = [
    ['text.gz', () => gzipSync(Buffer.from(TEXT)), /it is a gzip file/],
    ['copy.sqlite', () => Buffer.alloc(0), /it is a SQLite database/],
    ['noise.bin', () => Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131 + 7) % 256)), /not text/],
  ];
  for (const [name, bytes, why] of REFUSED)
    void it(`${name}: refused, exit 2`, async () => {
      if (name !== 'copy.sqlite') writeFileSync(join(tmp, name), bytes());
      const run = await drugclaim(['factcheck', join(tmp, name), '--date', '2026-02-01']);
      assert.equal(run.code, 2, run.stdout);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, why);
    });
});
