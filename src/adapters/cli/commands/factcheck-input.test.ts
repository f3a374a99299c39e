/**
 * `drugclaim factcheck FILE` on input that is not UTF-8 text (bin/drugclaim.js, a temp database loaded from
 * ../shared/data): UTF-16 is decoded and checked (J9312 is rituximab in the January 2026 HCPCS file, so "J9312 is
 * pemetrexed" is false, exit 1); a gzip file, a SQLite database and bytes that are not text exit 2 with the reason.
 * Also what the printer says of a code left unchecked (pairing or reading not certain), and the QA round 2 repro texts.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { sharedDataDir } from '../../../../test/support/shared.ts';
import { runDrugclaim } from '../../../../test/support/cli.ts';
import type { CliRun } from '../../../../test/support/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-factcheck-input-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const db = join(tmp, 'store.db');

const drugclaim = (args: string[]): Promise<CliRun> => runDrugclaim(args, { db });

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

  // QA round 2 (#3, #4): the report's repro texts, each line with a verdict and none left not checked. JW is for
  // single-dose containers only (CMS JW/JZ policy FAQ); J9271 pembrolizumab 1 mg, J9173 durvalumab 10 mg, J9045
  // carboplatin 50 mg (HCPCS January 2026); Imfinzi is J9173 (ASP NDC-HCPCS crosswalk January 2026).
  const QA2: [name: string, text: string, verdicts: string[], summary: string][] = [
    [
      'fc-jw.txt',
      'Use modifier JW when drug is discarded from a multi-dose vial.\nJW is used when drug is wasted from a multi-dose vial.\nAppend JW to report waste from multiple-dose containers.\nUse JW for multi-dose vials.\n',
      [
        'FALSE    line 1  JW  "JW for multiple-dose containers"',
        'FALSE    line 2  JW  "JW for multiple-dose containers"',
        'FALSE    line 3  JW  "JW for multiple-dose containers"',
        'FALSE    line 4  JW  "JW for multiple-dose containers"',
      ],
      '4 statements checked on 2026-02-15: 0 true, 4 false, 0 outdated, 0 unknown; 0 sentences with codes or modifiers not checked.',
    ],
    [
      'fc-nc.txt',
      'Pembrolizumab 200 mg = 20 units of J9271.\nBill 200 units of J9271 for a 200 mg dose of Keytruda.\nImfinzi is durvalumab and is billed under J9271.\nJ9173 is Imfinzi and is billed per 1 mg.\nJ9045 carboplatin is billed per 10 mg.\n',
      [
        'FALSE    line 1  J9271  drug "Pembrolizumab", unit "200 mg = 20 units"',
        'TRUE     line 2  J9271  drug "Keytruda", unit "200 units for 200 mg"',
        'FALSE    line 3  J9271  drug "Imfinzi"',
        'FALSE    line 4  J9173  drug "Imfinzi", unit "1 mg"',
        'FALSE    line 5  J9045  drug "carboplatin", unit "10 mg"',
      ],
      '5 statements checked on 2026-02-15: 1 true, 4 false, 0 outdated, 0 unknown; 0 sentences with codes or modifiers not checked.',
    ],
  ];
  for (const [name, text, verdicts, summary] of QA2)
    void it(`QA round 2 ${name}: every line gets its verdict`, async () => {
      writeFileSync(join(tmp, name), text);
      const run = await drugclaim(['factcheck', join(tmp, name), '--date', '2026-02-15']);
      assert.equal(run.code, 1, run.stderr);
      const lines = run.stdout.split('\n');
      assert.deepEqual(
        lines.filter((l) => /^(?:TRUE|FALSE|UNKNOWN|OUTDATED|NOT CHECKED)\s/.test(l)),
        verdicts,
      );
      assert.ok(lines.includes(summary), run.stdout);
      if (name === 'fc-jw.txt')
        assert.ok(
          lines.includes(
            '         → Do not report JW for a multiple-dose container; JW is reported only for drugs from single-dose containers.',
          ),
        );
      else
        assert.ok(
          lines.includes(
            '         → J9271 is pembrolizumab, 1 mg; 200 mg of J9271 = 200 units (1 unit = 1 mg), not 20.',
          ),
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
