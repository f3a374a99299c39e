/**
 * The recovery CLI end to end on generated 837P/835 files, in a fresh database: import (twice), denials/underpaid
 * JSON shapes and values, worklist set with history, appeal to PDF and Markdown, exit codes. (Unmatched lists and
 * dashboard totals are asserted on the store in store.test.ts; each CLI start costs about a second.)
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { formatDollars } from '../../src/core/money.ts';
import { repoRoot, sharedDataDir } from '../support/shared.ts';
import {
  commercialRemittance,
  correctedClaim,
  EXPECTED_DENIALS,
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
} from './fixtures.ts';

let dir: string;
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  DRUGCLAIM_DB: join(dir, 'drugclaim.db'),
  DRUGCLAIM_DATA_DIR: sharedDataDir(),
});

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'drugclaim.js'), ...args], {
    env: env(),
    encoding: 'utf8',
    cwd: dir,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-recovery-cli-'));
  writeFileSync(join(dir, 'claims.837'), write837P(generatedClaims()));
  writeFileSync(join(dir, 'medicare.835'), write835(medicareRemittance()));
  writeFileSync(join(dir, 'commercial.835'), write835(commercialRemittance(), 2));
  writeFileSync(join(dir, 'not-x12.835'), 'hello, this is not an 835\n');
  const original = (id: string) => generatedClaims().find((c) => c.id === id) ?? generatedClaims()[0]!;
  writeFileSync(
    join(dir, 'corrected.837'),
    write837P([correctedClaim(original('RC1003'), '7', '2026061000103')], 5),
  );
  writeFileSync(
    join(dir, 'void.837'),
    write837P([correctedClaim(original('RC1007'), '8', '2026061000107')], 6),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

void describe('recovery CLI', () => {
  void test('import, list, work and appeal', () => {
    let r = cli('remit', 'import', 'medicare.835', 'commercial.835', '--json');
    assert.equal(r.code, 0, r.stderr);
    const imported = JSON.parse(r.stdout) as {
      files: { status: string; items: number; added: number }[];
      reconcile: { denials: number; underpayments: number };
    };
    assert.deepEqual(
      imported.files.map((f) => [f.status, f.items, f.added]),
      [
        ['imported', 8, 8],
        ['imported', 1, 1],
      ],
    );
    assert.deepEqual([imported.reconcile.denials, imported.reconcile.underpayments], [5, 2]);

    r = cli('claims', 'import', 'claims.837', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { reconcile: { matched: number } }).reconcile.matched, 8);

    // The same file again: nothing added, exit 0.
    r = cli('remit', 'import', 'medicare.835', '--json');
    assert.equal(r.code, 0);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { files: { status: string }[] }).files.map((f) => f.status),
      ['already-imported'],
    );

    // A file that is not a remittance: exit 1, nothing imported.
    r = cli('remit', 'import', 'not-x12.835');
    assert.equal(r.code, 1);

    r = cli('denials', '--json', '--as-of', '2026-03-10');
    assert.equal(r.code, 0, r.stderr);
    const denials = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.deepEqual(
      denials
        .map((d) => [
          d['claimId'],
          d['line'],
          d['code'],
          d['groupCode'],
          d['carc'],
          d['rarc'],
          d['rootCause'],
          d['action'],
          d['amountCents'],
          d['recoverableCents'],
          d['deadline'],
        ])
        .sort(),
      EXPECTED_DENIALS.map((d) => [
        d.claimId,
        d.line,
        d.code,
        d.group,
        d.carc,
        [...d.rarc],
        d.cause,
        d.action,
        d.amount,
        d.recoverable,
        d.deadline,
      ]).sort(),
    );
    for (const key of [
      'id',
      'payer',
      'claimId',
      'line',
      'code',
      'groupCode',
      'carc',
      'rarc',
      'rootCause',
      'action',
      'amount',
      'deadline',
    ])
      assert.ok(key in (denials[0] ?? {}), key);
    assert.equal(denials.find((d) => d['claimId'] === 'RC1004')?.['amount'], '10000.00');
    assert.equal(denials.find((d) => d['claimId'] === 'RC1004')?.['ageDays'], 8);

    r = cli('denials', '--cause', 'units-mue', '--csv');
    assert.equal(r.code, 0);
    const csv = r.stdout.trim().split('\r\n');
    assert.equal(csv.length, 2);
    assert.match(
      csv[1] ?? '',
      /^\d+,MEDICARE PART B,RC1005,1,J9271,,500,,2026-02-10,CO,151,N362,units-mue,appeal,7500\.00,4682\.52,2026-03-02,2026-07-05,new,/,
    );

    r = cli('underpaid', '--json');
    const under = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.deepEqual(
      under.map((u) => [u['claimId'], u['line'], u['code'], u['paid'], u['expected'], u['gap'], u['basis']]),
      [
        ['RC2001', 1, 'J9271', '12000.00', '12950.00', '950.00', 'contract'],
        ['RC1006', 1, 'J9173', '4900.00', '5072.68', '172.68', 'medicare-asp'],
      ],
    );

    const mue = denials.find((d) => d['claimId'] === 'RC1005');
    r = cli('worklist', 'set', String(mue?.['id']), 'appealed', '--note', 'redetermination sent');
    assert.equal(r.code, 0, r.stderr);
    r = cli('worklist', 'set', String(mue?.['id']), 'new');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot go from appealed to new/);
    r = cli('worklist', '--status', 'appealed', '--json');
    const items = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.equal(items.length, 1);
    assert.equal(items[0]?.['claimId'], 'RC1005');
    assert.deepEqual(
      (items[0]?.['notes'] as string[]).map((n) => n.slice(11)),
      ['appealed: redetermination sent'],
    );

    r = cli('appeal', 'RC1005', '1', '--date', '2026-03-10', '--out', 'rc1005.pdf');
    assert.equal(r.code, 0, r.stderr);
    const text = execFileSync('pdftotext', [join(dir, 'rc1005.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    assert.ok(text.includes('Redetermination request — claim RC1005, line 1'));
    assert.ok(text.includes('"The number of Days or Units of Service exceeds our acceptable maximum."'));

    r = cli('appeal', 'RC1003', '1', '--date', '2026-03-10', '--out', 'rc1003.md');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      readFileSync(join(dir, 'rc1003.md'), 'utf8'),
      /^# Corrected-claim worksheet \(root cause: ndc\) — claim RC1003, line 1/,
    );
    // Letters and the store hold PHI: readable by their owner only, not 0644 as the usual umask would make them.
    // The -wal and -shm files are gone once the command ends; src/adapters/store/database.test.ts checks them open.
    const modes = ['rc1005.pdf', 'rc1003.md', 'drugclaim.db'].map((f) => [
      f,
      (statSync(join(dir, f)).mode & 0o777).toString(8),
    ]);
    assert.deepEqual(
      modes,
      modes.map(([f]) => [f, '600']),
    );

    // Dated after the deadline: the letter says it is late, stderr warns, still exit 0 (the letter is usable).
    r = cli('appeal', 'RC1005', '1', '--date', '2026-08-01');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^drugclaim: warning: the letter is dated 2026-08-01, 27 days after the redetermination request deadline of 2026-07-05/,
    );
    assert.match(r.stdout, /sent after the redetermination request deadline of \*\*2026-07-05\*\*/);
    assert.doesNotMatch(r.stdout, /sent before the/);

    r = cli('appeal', 'RC1001', '1');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no denial found for claim RC1001 line 1/);
  });

  void test('worklist --status all, and remit unmatched a page at a time', () => {
    // Runs after the test above, in the same store (its imports).
    let r = cli('worklist', '--status', 'all', '--json');
    assert.equal(r.code, 0, r.stderr);
    const all = JSON.parse(r.stdout) as { status: string }[];
    r = cli('worklist', '--json');
    const open = JSON.parse(r.stdout) as unknown[];
    assert.equal(all.length, 7);
    assert.ok(all.length >= open.length);
    // `all` as for the worklist, on the commands that share its --status parser.
    r = cli('underpaid', '--status', 'all', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, 2);
    r = cli('denials', '--status', 'all,new', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, 5);
    r = cli('underpaid', '--status', 'bogus');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /unknown status "bogus" \(new, .*, or all\)/);
    // The text summary has the recovered column the JSON has.
    r = cli('worklist', 'summary', '--by', 'kind', '--all');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^KIND +ITEMS +AMOUNT +RECOVERABLE +RECOVERED\n/);
    assert.match(r.stdout, /\nunderpayment +2 +1122\.68 +1122\.68 +0\.00\n/);
    r = cli('remit', 'unmatched', '--limit', '0', '--json');
    const u = JSON.parse(r.stdout) as { totals: Record<string, number>; limit: number | null };
    assert.deepEqual(
      [u.totals, u.limit],
      [{ remitClaims: 1, remitLines: 0, claimsWithoutRemittance: 1 }, null],
    );
    r = cli('remit', 'unmatched', '--offset', '1');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Submitted claims with no remittance yet: 1\n/);
    assert.doesNotMatch(r.stdout, /RC1010/);
    r = cli('remit', 'unmatched', '--limit', 'x');
    assert.notEqual(r.code, 0);
  });

  void test('denials and underpaid a page at a time (--limit/--offset, as worklist); the totals are of all pages', () => {
    // Runs after the tests above, in the same store. The whole lists first, then pages of them.
    const ids = (out: string) => (JSON.parse(out) as { id: number }[]).map((d) => d.id);
    const lastLine = (out: string) => out.trimEnd().split('\n').at(-1) ?? '';
    const whole = ids(cli('denials', '--json').stdout);
    assert.equal(whole.length, EXPECTED_DENIALS.length);
    let r = cli('denials', '--limit', '2', '--offset', '1', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ids(r.stdout), whole.slice(1, 3));
    // "5 denials (4 open), $X recoverable on the open ones." → "Denials 3–4 of 5 (4 open), $X … (all pages)."
    const all = lastLine(cli('denials').stdout);
    assert.match(all, /^5 denials.*, \$[\d,.]+ recoverable/);
    r = cli('denials', '--limit', '2', '--offset', '2');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      lastLine(r.stdout),
      all.replace(/^5 denials/, 'Denials 3–4 of 5').replace(/\.$/, ' (all pages).'),
    );
    assert.equal(cli('denials', '--limit', '0', '--json').stdout, cli('denials', '--json').stdout);
    r = cli('denials', '--offset', '10');
    assert.equal(r.stdout, 'No denials from --offset 10: the list is shorter.\n');

    const under = ids(cli('underpaid', '--json').stdout);
    assert.equal(under.length, 2);
    r = cli('underpaid', '--offset', '1', '--json');
    assert.deepEqual(ids(r.stdout), under.slice(1));
    r = cli('underpaid', '--limit', '1');
    assert.equal(lastLine(r.stdout), 'Underpaid lines 1–1 of 2, $1,122.68 below expected (all pages).');
    r = cli('underpaid', '--limit', '-1');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /expected a whole number, 0 or more/);
  });

  void test('a corrected claim sets its denial to corrected-claim-sent; a void withdraws it', () => {
    // Runs after the tests above, in the same store.
    let r = cli('claims', 'import', 'corrected.837');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /1 corrected claim\(s\) \(CLM05-3 7\/8\) tied to the claim they replace or void; 1 item\(s\) now corrected-claim-sent\./,
    );
    r = cli('worklist', '--json');
    const items = JSON.parse(r.stdout) as {
      id: number;
      claimId: string;
      status: string;
      correctedClaim: unknown;
    }[];
    const ndc = items.find((i) => i.claimId === 'RC1003');
    assert.equal(ndc?.status, 'corrected-claim-sent');
    assert.deepEqual(ndc?.correctedClaim, {
      claimId: 'RC1003',
      kind: 'replacement',
      frequencyCode: '7',
      payerClaimControlNumber: '2026061000103',
      // BHT04 of corrected.837 (fixtures.ts write837P): when it was sent, not when it was imported.
      date: '2026-03-02',
    });
    r = cli('worklist', 'show', String(ndc?.id));
    assert.match(
      r.stdout,
      /\n {2}corrected claim RC1003 \(frequency 7, replacement of payer claim 2026061000103\), imported \d{4}-\d\d-\d\d\n/,
    );
    assert.match(r.stdout, /new → corrected-claim-sent {2}A corrected claim was sent: claim RC1003/);
    r = cli('worklist', 'set', String(ndc?.id), 'corrected-claim-sent');
    assert.equal(r.code, 1);

    r = cli('claims', 'import', 'void.837');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /1 item\(s\) withdrawn \(the claim was voided, the payer denied its corrected claim, or after a reversal it denied the line again for another reason\)\./,
    );
    r = cli('appeal', 'RC1007', '1');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /worklist item #\d+ was withdrawn \(the claim was voided/);
  });
  void test('worklist pages: --sort, --limit, --offset; worklist set recovered --amount', () => {
    // Runs after the tests above, in the same store: RC1003 corrected-claim-sent, RC1005 appealed, RC1007 withdrawn.
    let r = cli('worklist', '--sort', '-recoverable', '--json');
    assert.equal(r.code, 0, r.stderr);
    const all = JSON.parse(r.stdout) as { id: number; claimId: string; recoverableCents: number }[];
    assert.deepEqual(
      all.map((i) => i.recoverableCents),
      [...all.map((i) => i.recoverableCents)].sort((a, b) => b - a),
    );
    r = cli('worklist', '--sort', '-recoverable', '--limit', '2', '--offset', '1', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { id: number }[]).map((i) => i.id),
      all.slice(1, 3).map((i) => i.id),
    );
    // The text says which part of the list it is, and totals all of it.
    const open = all.reduce((n, i) => n + i.recoverableCents, 0);
    r = cli('worklist', '--sort', '-recoverable', '--limit', '2', '--offset', '1');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(
        `\\nItems 2–3 of ${all.length}, ${formatDollars(open).replace(/[$.]/g, '\\$&')} recoverable \\(open items only, all pages\\)\\.\\n`,
      ),
    );
    for (const bad of [
      ['--sort', 'id'],
      ['--limit', '-1'],
      ['--offset', 'x'],
    ]) {
      r = cli('worklist', ...bad);
      assert.equal(r.code, 2, bad.join(' '));
    }

    const rc1004 = all.find((i) => i.claimId === 'RC1004');
    assert.ok(rc1004);
    const id = String(rc1004.id);
    // Refused: negative, not "recovered", several items. Nothing changes. (More than the recoverable amount is
    // taken: see the last test.)
    for (const [args, message] of [
      [['recovered', '--amount=-5'], /cannot be negative/],
      [['recovered', '--amount', '12.345'], /expected dollars like 123\.45/],
      // A decimal comma (or a typo) is no amount: never $336.00.
      [['recovered', '--amount', '3,36'], /a comma only between thousands \(got "3,36"\)/],
      [['in-progress', '--amount', '5'], /--amount goes with status "recovered" only/],
    ] as const) {
      r = cli('worklist', 'set', id, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    r = cli('worklist', 'set', `${id},${String(all[0]?.id)}`, 'recovered', '--amount', '5');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /give one item id/);

    r = cli('worklist', 'set', id, 'recovered', '--amount', '$5,000.00', '--note', 'check 1042');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /: recovered, \$5,000\.00 recovered — check 1042\n/);
    r = cli('worklist', 'show', id, '--json');
    const shown = JSON.parse(r.stdout) as {
      status: string;
      recoveredByHandCents: number | null;
      history: { to: string; note?: string; by?: string }[];
    };
    assert.deepEqual([shown.status, shown.recoveredByHandCents], ['recovered', 500_000]);
    assert.equal(shown.history.at(-1)?.note, 'Recovered $5,000.00 of $6,317.10. check 1042');
    assert.match(shown.history.at(-1)?.by ?? '', /^cli:/);
    r = cli('worklist', 'show', id);
    assert.match(r.stdout, /\n {2}recovered \$5,000\.00 \(\$5,000\.00 entered by hand\)\n/);
    r = cli('worklist', 'summary', '--by', 'status', '--all', '--json');
    const recovered = (JSON.parse(r.stdout) as { key: string; recoveredCents: number }[]).find(
      (t) => t.key === 'recovered',
    );
    assert.equal(recovered?.recoveredCents, 500_000);
    // The denials record says it too (and says nothing for items closed without an amount).
    r = cli('denials', '--status', 'all', '--json');
    const records = JSON.parse(r.stdout) as { id: number; recoveredByHandCents: number | null }[];
    assert.deepEqual(
      records
        .filter((d) => d.recoveredByHandCents !== null)
        .map((d) => [String(d.id), d.recoveredByHandCents]),
      [[id, 500_000]],
    );
  });
  // QA round 2, #9 #10 #11: impossible --as-of dates, "No denials" after remittances were imported, an amount above
  // the recoverable one (interest), and "new" as a status.
  void test('--as-of takes real dates only; "no denials" says why; worklist set takes interest, never "new"', () => {
    for (const [cmd, date] of [
      ['denials', '2026-13-01'],
      ['denials', '2026-02-31'],
      ['underpaid', '2026-02-31'],
      ['worklist', '2026-02-30'],
    ] as const) {
      const r = cli(cmd, '--as-of', date);
      assert.equal(r.code, 2, `${cmd} --as-of ${date}`);
      assert.match(r.stderr, new RegExp(`expected a date as YYYY-MM-DD, got "${date}"`));
    }
    assert.equal(cli('denials', '--as-of', '2026-02-28').code, 0);

    let r = cli('denials', '--payer', 'NO SUCH PAYER');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'No denials match these options (the imported remittances have 5 denials in all).\n',
    );

    r = cli('underpaid', '--json');
    const rc2001 = (
      JSON.parse(r.stdout) as { id: number; claimId: string; gapCents: number; status: string }[]
    ).find((u) => u.claimId === 'RC2001');
    assert.deepEqual([rc2001?.gapCents, rc2001?.status], [95_000, 'new']);
    const id = String(rc2001?.id);
    r = cli('worklist', 'set', id, 'new');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the item is already new: setting new again only adds a note, so give the note/);
    // The payer paid $1,000.00 on a $950.00 gap (interest): recorded as paid, and said.
    r = cli('worklist', 'set', id, 'recovered', '--amount', '1,000.00');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /: recovered, \$1,000\.00 recovered \(\$50\.00 more than the \$950\.00 left to recover: interest or an overpayment, recorded as paid\)\n$/,
    );
    r = cli('worklist', 'show', id, '--json');
    const shown = JSON.parse(r.stdout) as { recoveredByHandCents: number; history: { note?: string }[] };
    assert.equal(shown.recoveredByHandCents, 100_000);
    assert.equal(
      shown.history.at(-1)?.note,
      'Recovered $1,000.00 of $950.00 ($50.00 more than was left to recover: interest or an overpayment).',
    );
  });
});
