/**
 * The recovery lists' shared page printing: the count of a page, and the ≤/~ footnote under the recoverable total,
 * which qualifies the total (every page) and not the rows shown. End to end through the real CLI on a temporary
 * store (each start costs about a second).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { formatDollars } from '../../../core/money.ts';
import { UPPER_BOUND } from '../../../core/recovery/analyze.ts';
import type { FindingRow } from '../../store/recovery/store.ts';
import { repoRoot, sharedDataDir } from '../../../../test/support/shared.ts';
import {
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
} from '../../../../test/recovery/fixtures.ts';
import { pageCount, recoverableFootnote, type RecoverableQualifiers } from './paged-table.ts';

void describe('pageCount', () => {
  const cases: [
    label: string,
    total: number,
    page: { offset: number; shown: number } | undefined,
    text: string,
  ][] = [
    ['no page', 5, undefined, '5 denials'],
    ['one', 1, undefined, '1 denial'],
    ['the whole list on one page', 5, { offset: 0, shown: 5 }, '5 denials'],
    ['a middle page', 120, { offset: 50, shown: 50 }, 'Denials 51–100 of 120'],
    ['thousands grouped', 12_000, { offset: 1_000, shown: 1_000 }, 'Denials 1,001–2,000 of 12,000'],
  ];
  for (const [label, total, page, text] of cases)
    void it(label, () => assert.equal(pageCount(total, page, 'denial', 'denials'), text));
});

void describe('recoverableFootnote', () => {
  const none = { items: 0, recoverableCents: 0 };
  const row = (recoverableNote: string | null) =>
    ({ finding: { kind: 'denial', recoverableNote } }) as unknown as FindingRow;

  void it('a page of exact amounts over a total that holds an estimate: the estimate of the total', () => {
    const q: RecoverableQualifiers = { upperBound: none, estimate: { items: 2, recoverableCents: 10_851 } };
    assert.deepEqual(recoverableFootnote(q, [row(null), row(null)]), [
      "~ estimate: the expected payment at the national unadjusted OPPS (APC) rate, before the hospital's wage index — 2 item(s), $108.51.",
    ]);
  });

  void it('counts what the total holds, not what the page shows', () => {
    const q: RecoverableQualifiers = {
      upperBound: { items: 3, recoverableCents: 1_331_710 },
      estimate: none,
    };
    assert.deepEqual(recoverableFootnote(q, [row(UPPER_BOUND)]), [
      `≤ ${UPPER_BOUND}: the denied amount (the charge), not a payment the payer would make — 3 item(s), $13,317.10.`,
    ]);
  });

  void it('a mark only closed items on the page carry is explained, as not in the total', () => {
    assert.deepEqual(recoverableFootnote({ upperBound: none, estimate: none }, [row('estimate: OPPS')]), [
      "~ estimate: the expected payment at the national unadjusted OPPS (APC) rate, before the hospital's wage index — on closed items only, not in the total.",
    ]);
  });

  void it('nothing when the total is all expected payments', () =>
    assert.deepEqual(recoverableFootnote({ upperBound: none, estimate: none }, [row(null)]), []));
});

void describe('denials and worklist pages: the footnote is of the total, all pages', () => {
  let dir: string;
  const db = () => join(dir, 'drugclaim.db');
  const cli = (...args: string[]): string => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'drugclaim.js'), ...args], {
      env: { ...process.env, DRUGCLAIM_DB: db(), DRUGCLAIM_DATA_DIR: sharedDataDir() },
      encoding: 'utf8',
      cwd: dir,
      input: '',
      timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const tail = (out: string, n: number) => out.trimEnd().split('\n').slice(-n);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'drugclaim-cli-paged-'));
    writeFileSync(join(dir, 'claims.837'), write837P(generatedClaims()));
    writeFileSync(join(dir, 'medicare.835'), write835(medicareRemittance()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('a page whose rows are all exact, while another page holds an estimate', () => {
    cli('claims', 'import', 'claims.837');
    cli('remit', 'import', 'medicare.835');
    const denials = JSON.parse(cli('denials', '--json')) as { id: number; recoverableCents: number }[];
    assert.ok(denials.length > 1);
    // The last denial's recoverable amount becomes an estimate (an APC rate), as the OPPS pricing writes it.
    const estimated = denials.at(-1);
    assert.ok(estimated);
    const store = new DatabaseSync(db());
    store
      .prepare(`UPDATE recovery_findings SET body = json_set(body, '$.recoverableNote', ?) WHERE id = ?`)
      .run('estimate: the national unadjusted OPPS rate (SI S, APC 5691)', estimated.id);
    store.close();
    const footnote = `~ estimate: the expected payment at the national unadjusted OPPS (APC) rate, before the hospital's wage index — 1 item(s), ${formatDollars(estimated.recoverableCents)}.`;

    // The first page shows exact amounts only; its total covers the estimate on the last page.
    const firstPage = cli('denials', '--limit', '1');
    assert.doesNotMatch(firstPage, /~\d/, 'no row of the page is marked');
    assert.match(
      tail(firstPage, 2)[0] ?? '',
      new RegExp(`^Denials 1–1 of ${denials.length}\\b.*\\(all pages\\)\\.$`),
    );
    assert.equal(tail(firstPage, 1)[0], footnote);
    // The page that shows it, and the whole list, say the same of the same total.
    const lastPage = cli('denials', '--offset', String(denials.length - 1));
    assert.match(lastPage, /~\d+\.\d\d/);
    assert.equal(tail(lastPage, 1)[0], footnote);
    assert.equal(tail(cli('denials'), 1)[0], footnote);
    assert.equal(tail(cli('worklist', '--limit', '1'), 1)[0], footnote);

    // Closed, it leaves the total: the page that still lists it explains the mark without counting it.
    cli('worklist', 'set', String(estimated.id), 'written-off');
    assert.doesNotMatch(cli('denials', '--limit', '1'), /estimate/);
    assert.equal(
      tail(cli('denials', '--status', 'all', '--offset', String(denials.length - 1)), 1)[0],
      "~ estimate: the expected payment at the national unadjusted OPPS (APC) rate, before the hospital's wage index — on closed items only, not in the total.",
    );
  });
});
