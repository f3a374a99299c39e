/**
 * The worklist a page at a time (RecoveryStore.findings with sort/limit/offset) and the totals of everything a filter
 * matches (findingTotals), on the generated pair: 7 open items whose figures fixtures.ts gives.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  WORKLIST_SORT_KEYS,
  isWorklistSort,
  type FindingRow,
  type WorklistSort,
} from '../../src/adapters/store/recovery/store.ts';
import type { AnalysisContext } from '../../src/core/recovery/analyze.ts';
import { OPEN_STATUSES } from '../../src/core/recovery/worklist.ts';
import { WORKLIST_STATUSES } from '../../src/core/recovery/model.ts';
import {
  analysisContext,
  commercialRemittance,
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
} from './fixtures.ts';
import { StoreScenario } from './scenario.ts';

let ctx: AnalysisContext;
const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-worklist-page-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const NOW = '2026-03-05T09:00:00.000Z';

/** The generated claims with the Medicare and the commercial 835, imported and reconciled. */
class Pair extends StoreScenario {
  constructor() {
    super(() => ctx, tmp);
    this.importText(write837P(generatedClaims(), this.control++), 'claims', NOW);
    this.importText(write835(medicareRemittance(), this.control++), 'remittances', NOW);
    this.importText(write835(commercialRemittance(), this.control++), 'remittances', NOW);
  }
}

let pair: Pair;
before(async () => {
  ctx = await analysisContext();
  pair = new Pair();
});
after(() => pair.store.close());

const claims = (rows: readonly FindingRow[]): string[] => rows.map((r) => r.claimId);

void describe('sorted pages', () => {
  const cases: { sort: WorklistSort; claims: string[] }[] = [
    {
      sort: '-recoverable',
      claims: ['RC1003', 'RC1004', 'RC1007', 'RC1005', 'RC9999', 'RC2001', 'RC1006'],
    },
    {
      sort: 'recoverable',
      claims: ['RC1006', 'RC2001', 'RC9999', 'RC1005', 'RC1007', 'RC1004', 'RC1003'],
    },
    { sort: 'claim', claims: ['RC1003', 'RC1004', 'RC1005', 'RC1006', 'RC1007', 'RC2001', 'RC9999'] },
    { sort: '-claim', claims: ['RC9999', 'RC2001', 'RC1007', 'RC1006', 'RC1005', 'RC1004', 'RC1003'] },
    {
      sort: '-amount',
      claims: ['RC1003', 'RC1004', 'RC1007', 'RC1005', 'RC9999', 'RC2001', 'RC1006'],
    },
  ];
  for (const c of cases) {
    void test(`${c.sort}: the order asked for`, () => {
      const rows = pair.store.worklist({}, { sort: c.sort });
      assert.equal(rows.length, 7);
      assert.deepEqual(claims(rows).slice(0, c.claims.length), c.claims);
    });
  }

  void test('deadline: the earliest first, ties by id; descending keeps ties by id and no deadline last', () => {
    const asc = pair.store.worklist({}, { sort: 'deadline' });
    assert.deepEqual(
      asc.map((r) => r.deadline),
      ['2026-05-01', ...Array<string>(5).fill('2026-07-05'), '2027-02-10'],
    );
    const tied = asc.filter((r) => r.deadline === '2026-07-05').map((r) => r.id);
    assert.deepEqual(
      tied,
      [...tied].sort((a, b) => a - b),
    );
    const desc = pair.store.worklist({}, { sort: '-deadline' });
    assert.deepEqual(
      desc.map((r) => r.deadline),
      ['2027-02-10', ...Array<string>(5).fill('2026-07-05'), '2026-05-01'],
    );
    assert.deepEqual(
      desc.filter((r) => r.deadline === '2026-07-05').map((r) => r.id),
      tied,
    );
    // The default is the deadline order.
    assert.deepEqual(
      pair.store.worklist().map((r) => r.id),
      asc.map((r) => r.id),
    );
  });

  void test('status sorts in workflow order, not the alphabet', () => {
    const s = new Pair();
    const set = (cause: string, status: string) => {
      const [item] = s.store.findings({ cause });
      assert.ok(item);
      assert.ok(s.store.setStatus(item.id, status, { at: NOW }).ok, `${cause} ${status}`);
    };
    set('duplicate', 'written-off');
    set('prior-authorization', 'appealed');
    set('units-mue', 'in-progress');
    set('ndc', 'recovered');
    const statuses = (sort: WorklistSort) =>
      s.store.worklist({ status: WORKLIST_STATUSES }, { sort }).map((r) => r.status);
    assert.deepEqual(statuses('status'), [
      'new',
      'new',
      'new',
      'in-progress',
      'appealed',
      'recovered',
      'written-off',
    ]);
    assert.deepEqual(statuses('-status'), [
      'written-off',
      'recovered',
      'appealed',
      'in-progress',
      'new',
      'new',
      'new',
    ]);
    s.store.close();
  });

  for (const sort of WORKLIST_SORT_KEYS.flatMap((k): WorklistSort[] => [k, `-${k}`])) {
    void test(`${sort}: pages of 2 put together are the whole list, none twice, none left out`, () => {
      const whole = pair.store.worklist({}, { sort }).map((r) => r.id);
      const paged: number[] = [];
      for (let offset = 0; offset < 10; offset += 2)
        paged.push(...pair.store.worklist({}, { sort, limit: 2, offset }).map((r) => r.id));
      assert.deepEqual(paged, whole);
      assert.equal(new Set(whole).size, 7);
    });
  }

  void test('a page past the end is empty; no limit is every row', () => {
    assert.deepEqual(pair.store.worklist({}, { offset: 7 }), []);
    assert.equal(pair.store.worklist({}, { offset: 5 }).length, 2);
    assert.equal(pair.store.worklist({}, { limit: 3 }).length, 3);
  });

  void test('the sort keys: the allow-list, with "-" for descending; nothing else', () => {
    for (const ok of ['deadline', '-deadline', 'received', '-status', 'cause'])
      assert.equal(isWorklistSort(ok), true, ok);
    for (const bad of ['', '-', '--deadline', 'id', 'f.id; DROP TABLE x', 'Deadline', 'deadline '])
      assert.equal(isWorklistSort(bad), false, bad);
  });
});

void describe('totals of every item a filter matches', () => {
  const all = 1_544_102 + 631_710 + 507_268 + 468_252 + 263_212 + 17_268 + 95_000;
  const cases: { label: string; asOf: string; soon: number; late: number }[] = [
    { label: '15 days before the Medicare deadline: not due soon', asOf: '2026-06-20', soon: 0, late: 1 },
    { label: '14 days before: due soon', asOf: '2026-06-21', soon: 5, late: 1 },
    { label: 'on the deadline day: still due soon, not late', asOf: '2026-07-05', soon: 5, late: 1 },
    { label: 'the day after: late', asOf: '2026-07-06', soon: 0, late: 6 },
    { label: 'before every deadline', asOf: '2026-03-10', soon: 0, late: 0 },
    { label: '14 days before the contract deadline', asOf: '2026-04-17', soon: 1, late: 0 },
  ];
  for (const c of cases) {
    void test(`${c.label} (${c.asOf})`, () => {
      assert.deepEqual(pair.store.findingTotals({ status: OPEN_STATUSES }, c.asOf), {
        items: 7,
        openItems: 7,
        recoverableCents: all,
        dueSoon: c.soon,
        pastDeadline: c.late,
      });
    });
  }

  void test('with the filters; closed items count as items, never in the dollars or deadlines', () => {
    const s = new Pair();
    assert.deepEqual(s.store.findingTotals({ status: OPEN_STATUSES, kind: 'underpayment' }, '2026-07-06'), {
      items: 2,
      openItems: 2,
      recoverableCents: 17_268 + 95_000,
      dueSoon: 0,
      pastDeadline: 2,
    });
    const [duplicate] = s.store.denials({ cause: 'duplicate' });
    assert.ok(duplicate);
    assert.ok(s.store.setStatus(duplicate.id, 'written-off', { at: NOW }).ok);
    assert.deepEqual(s.store.findingTotals({ status: WORKLIST_STATUSES }, '2026-07-06'), {
      items: 7,
      openItems: 6,
      recoverableCents: all - 507_268,
      dueSoon: 0,
      pastDeadline: 5,
    });
    assert.equal(s.store.findingTotals({ status: OPEN_STATUSES }, '2026-07-06').items, 6);
    assert.deepEqual(s.store.findingTotals({ status: OPEN_STATUSES, payer: 'nobody' }, '2026-07-06'), {
      items: 0,
      openItems: 0,
      recoverableCents: 0,
      dueSoon: 0,
      pastDeadline: 0,
    });
    s.store.close();
  });
});
