/**
 * The SQLite recovery store on the generated pair: idempotent import (same bytes, same content in another file),
 * reconcile in either order (remittances before claims), findings as in fixtures.ts, worklist transitions with
 * history, totals for the dashboard, unmatched items listed, and payer reversals closing the items they reverse.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { SQLInputValue } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { RecoveryStore } from '../../src/adapters/store/recovery/store.ts';
import { importRecoveryFile } from '../../src/adapters/store/recovery/session.ts';
import type { Remittance, RemittanceClaim } from '../../src/core/claim/model.ts';
import type { AnalysisContext } from '../../src/core/recovery/analyze.ts';
import { repoRoot } from '../support/shared.ts';
import { killWhenSaid } from '../support/kill.ts';
import { syntheticX12 } from '../../bench/x12.bench.ts';
import {
  commercialRemittance,
  EXPECTED_DENIALS,
  EXPECTED_UNDERPAYMENTS,
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
  analysisContext,
  reversalOf,
} from './fixtures.ts';

let ctx: AnalysisContext;
before(async () => {
  ctx = await analysisContext();
});

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const NOW = '2026-03-05T09:00:00.000Z';

function loaded(order: 'claims-first' | 'remits-first'): RecoveryStore {
  const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
    ownsDb: true,
  });
  const claims = () =>
    store.importClaims(
      { name: 'claims.837', bytes: bytes(write837P(generatedClaims())) },
      generatedClaims(),
      { format: '837P', now: NOW },
    );
  const remits = () => {
    store.importRemittances(
      { name: 'medicare.835', bytes: bytes(write835(medicareRemittance())) },
      [medicareRemittance()],
      { format: '835', now: NOW },
    );
    store.importRemittances(
      { name: 'commercial.835', bytes: bytes(write835(commercialRemittance(), 2)) },
      [commercialRemittance()],
      { format: '835', now: NOW },
    );
  };
  if (order === 'claims-first') {
    claims();
    remits();
    store.reconcile(ctx, { now: NOW });
  } else {
    remits();
    store.reconcile(ctx, { now: NOW });
    claims();
    store.reconcile(ctx, { now: NOW });
  }
  return store;
}

/**
 * A later Medicare 835 that reverses RC1004 (prior-auth denial) and RC1006 (underpaid) and readjudicates RC1004
 * under a new payer claim number, still denied.
 */
function reversalRemittance(): Remittance {
  const original = medicareRemittance();
  const byPcn = (pcn: string): RemittanceClaim => {
    const c = original.claims.find((x) => x.patientControlNumber === pcn);
    assert.ok(c, pcn);
    return c;
  };
  const corrected: RemittanceClaim = { ...byPcn('RC1004'), payerClaimControlNumber: '2026100000104' };
  return {
    ...original,
    payment: { ...original.payment, amountCents: -490_000, date: '2026-04-10', traceNumber: '883000222' },
    productionDate: '2026-04-10',
    claims: [reversalOf(byPcn('RC1004')), corrected, reversalOf(byPcn('RC1006'))],
  };
}

function importReversals(store: RecoveryStore): void {
  store.importRemittances(
    { name: 'reversals.835', bytes: bytes(write835(reversalRemittance(), 3)) },
    [reversalRemittance()],
    { format: '835', now: NOW },
  );
}

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-recovery-store-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

void describe('importing files as they are read', () => {
  const fresh = (): RecoveryStore =>
    new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), { ownsDb: true });
  const file = (name: string, text: string): string => {
    const path = join(tmp, name);
    writeFileSync(path, text);
    return path;
  };

  void test('an 837 and an 835 import item by item, with the counts of an import from memory', () => {
    const store = fresh();
    const claims = importRecoveryFile(store, file('claims.837', write837P(generatedClaims())), 'claims');
    assert.ok(claims.ok);
    assert.deepEqual(
      [claims.summary.status, claims.summary.format, claims.summary.items, claims.summary.added],
      ['imported', '837P', 9, 9],
    );
    const remits = importRecoveryFile(
      store,
      file('medicare.835', write835(medicareRemittance())),
      'remittances',
    );
    assert.ok(remits.ok);
    assert.deepEqual([remits.summary.items, remits.summary.added, remits.summary.lines], [8, 8, 9]);
    const again = importRecoveryFile(store, join(tmp, 'medicare.835'), 'remittances');
    assert.ok(again.ok);
    assert.equal(again.summary.status, 'already-imported');
    assert.deepEqual(store.counts(), {
      files: 2,
      claims: 9,
      remittances: 1,
      remitClaims: 8,
      matched: 0,
      findings: 0,
    });
    store.close();
  });

  // The same content re-sent with new ISA13/IEA02, GS06/GE02 control numbers is another file with nothing new.
  const resent: [
    label: string,
    kind: 'claims' | 'remittances',
    write: (control: number) => string,
    n: number,
  ][] = [
    ['837P', 'claims', (c) => write837P(generatedClaims(), c), 9],
    ['835', 'remittances', (c) => write835(medicareRemittance(), c), 8],
  ];
  for (const [label, kind, write, n] of resent) {
    void test(`an ${label} re-sent with new envelope control numbers stores each item once`, () => {
      const store = fresh();
      const first = importRecoveryFile(store, file(`first-${label}`, write(101)), kind);
      const again = importRecoveryFile(store, file(`again-${label}`, write(777)), kind);
      assert.ok(first.ok && again.ok);
      assert.deepEqual(
        [
          first.summary.status,
          first.summary.added,
          again.summary.status,
          again.summary.items,
          again.summary.added,
        ],
        ['imported', n, 'imported', n, 0],
      );
      const counts = store.counts();
      assert.equal(kind === 'claims' ? counts.claims : counts.remitClaims, n);
      store.close();
    });
  }

  // Broken 835s (QA: SVC02 "80X0" stored as $0, SVC05 "7X5" as 1 unit, a file cut off mid-claim stored in part).
  const medicare835 = write835(medicareRemittance());
  const broken: [label: string, text: string, stored: number, notStored: string[]][] = [
    [
      'SVC02 not a number: that claim is not stored, the others are',
      medicare835.replace('SVC*HC:J9299*10000*0**240', 'SVC*HC:J9299*100X0*0**240'),
      7,
      ['RC1004 CLP: x12.element.invalid-number SVC.2'],
    ],
    [
      'SVC05 not a number',
      medicare835.replace('SVC*HC:J9299*10000*0**240', 'SVC*HC:J9299*10000*0**2X0'),
      7,
      ['RC1004 CLP: x12.element.invalid-number SVC.5'],
    ],
    [
      'cut off inside the last claim: the last claim is not stored',
      medicare835.slice(0, medicare835.indexOf('CLP*RC9999') + 60),
      7,
      ['RC9999 CLP: x12.envelope.unclosed NM1.-, x12.envelope.unclosed NM1.-, x12.envelope.unclosed NM1.-'],
    ],
  ];
  for (const [label, text, stored, notStored] of broken) {
    void test(`a broken 835, ${label}`, () => {
      assert.notEqual(text, medicare835);
      const store = fresh();
      const r = importRecoveryFile(store, file('broken.835', text), 'remittances');
      assert.ok(r.ok);
      assert.deepEqual(
        r.summary.notStored.map(
          (n) =>
            `${n.id} ${n.at?.segmentId}: ${n.problems.map((p) => `${p.code} ${p.at?.segmentId}.${p.at?.element ?? '-'}`).join(', ')}`,
        ),
        notStored,
      );
      assert.deepEqual([r.summary.added, store.counts().remitClaims], [stored, stored]);
      // Every reported error names where it is.
      for (const n of r.summary.notStored) {
        assert.ok(n.at?.segmentIndex !== undefined);
        for (const p of n.problems) assert.ok(p.at?.segmentIndex !== undefined && p.at.segmentId);
      }
      store.close();
    });
  }

  void test('a file whose every claim has an error inside is rejected, with positions, and nothing is kept', () => {
    const store = fresh();
    const one = write835({ ...medicareRemittance(), claims: medicareRemittance().claims.slice(3, 4) });
    const r = importRecoveryFile(
      store,
      file('all-bad.835', one.replace('SVC*HC:J9299*10000*0**240', 'SVC*HC:J9299*100X0*0**240')),
      'remittances',
    );
    assert.equal(r.ok, false);
    assert.match(
      r.ok ? '' : r.errors.join('\n'),
      /segment \d+ \(SVC\), loop 2110, element 2: .*"100X0".*\(claim RC1004 at line \d+, segment \d+ \(CLP\) not imported\)/,
    );
    assert.deepEqual(
      [store.counts().files, store.counts().remittances, store.counts().remitClaims],
      [0, 0, 0],
    );
    store.close();
  });

  void test('a file with none of what was asked for is rejected, and nothing of it is kept', () => {
    const store = fresh();
    const remits = file('remits.835', write835(medicareRemittance()));
    assert.deepEqual(importRecoveryFile(store, remits, 'claims'), {
      ok: false,
      errors: ['remits.835 holds remittances, not claims: use drugclaim remit import'],
    });
    const junk = importRecoveryFile(store, file('junk.835', 'hello, this is not an 835\n'), 'remittances');
    assert.equal(junk.ok, false);
    assert.match(junk.ok ? '' : (junk.errors[0] ?? ''), /^error: The content is not X12/);
    assert.deepEqual(importRecoveryFile(store, join(tmp, 'missing.835'), 'remittances'), {
      ok: false,
      errors: ['Cannot read the file: ENOENT.'],
    });
    assert.deepEqual(store.counts().files, 0);
    // Rejected, so not recorded: the same file can be imported as what it is.
    const right = importRecoveryFile(store, remits, 'remittances');
    assert.ok(right.ok);
    assert.equal(right.summary.status, 'imported');
    store.close();
  });

  void test('an 837 of 30,000 claims imports in a heap too small to hold it read whole', async () => {
    const x12 = await syntheticX12(30_000);
    const module = (path: string): string => JSON.stringify(pathToFileURL(join(repoRoot, path)).href);
    const script = `
      import { openDatabase } from ${module('src/adapters/store/database.ts')};
      import { RECOVERY_MIGRATIONS } from ${module('src/adapters/store/recovery/schema.ts')};
      import { RecoveryStore } from ${module('src/adapters/store/recovery/store.ts')};
      import { importRecoveryFile } from ${module('src/adapters/store/recovery/session.ts')};
      const db = openDatabase(${JSON.stringify(join(tmp, 'big.db'))}, { migrations: RECOVERY_MIGRATIONS });
      const r = importRecoveryFile(new RecoveryStore(db, { ownsDb: true }), ${JSON.stringify(x12)}, 'claims');
      console.log(JSON.stringify(r.ok ? [r.summary.items, r.summary.added, r.summary.lines] : r.errors));
    `;
    // Read whole, these claims and their stored JSON need about 200 MB of heap (measured: a 192 MB heap ran out).
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '[30000,30000,52592]');
  });

  void test('a kill -9 in the middle of an import leaves nothing of it, and the store opens normally', async () => {
    const x12 = file('kill.837', write837P(generatedClaims()));
    const dbPath = join(tmp, 'kill.db');
    const module = (path: string): string => JSON.stringify(pathToFileURL(join(repoRoot, path)).href);
    // Stores some claims of the file, says so, then waits inside the transaction to be killed.
    const script = `
      import { writeSync } from 'node:fs';
      import { openDatabase } from ${module('src/adapters/store/database.ts')};
      import { RECOVERY_MIGRATIONS } from ${module('src/adapters/store/recovery/schema.ts')};
      import { RecoveryStore } from ${module('src/adapters/store/recovery/store.ts')};
      import { readClaimFileEach } from ${module('src/adapters/claim-files/index.ts')};
      const store = new RecoveryStore(openDatabase(${JSON.stringify(dbPath)}, { migrations: RECOVERY_MIGRATIONS }), { ownsDb: true });
      let n = 0;
      store.importFile({ name: 'kill.837', sha256: 'k'.repeat(64) }, 'claims', (sink) =>
        readClaimFileEach(${JSON.stringify(x12)}, {
          claim: (c) => {
            sink.claim(c);
            if (++n === 5) {
              writeSync(1, 'IN-TRANSACTION\\n');
              Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
            }
          },
        }),
      );
    `;
    await killWhenSaid(['--input-type=module', '-e', script], 'IN-TRANSACTION');

    const db = openDatabase(dbPath, { migrations: RECOVERY_MIGRATIONS });
    const store = new RecoveryStore(db, { ownsDb: true });
    try {
      assert.deepEqual([store.counts().files, store.counts().claims], [0, 0]);
      assert.equal(
        (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check,
        'ok',
      );
      // The killed import held nothing back: the file imports whole now.
      const r = importRecoveryFile(store, x12, 'claims');
      assert.ok(r.ok);
      assert.deepEqual([r.summary.status, r.summary.items], ['imported', 9]);
    } finally {
      store.close();
    }
  });

  void test('when reading fails part way, the claims stored so far are undone', () => {
    const store = fresh();
    assert.throws(
      () =>
        store.importFile({ name: 'half.837', sha256: 'x'.repeat(64) }, 'claims', (sink) => {
          const [first, second] = generatedClaims();
          if (first) sink.claim(first);
          if (second) sink.claim(second);
          throw new Error('disk gone');
        }),
      /disk gone/,
    );
    assert.deepEqual([store.counts().files, store.counts().claims], [0, 0]);
    store.close();
  });
});

void describe('recovery store', () => {
  void test('import is idempotent: same bytes twice, and the same content under another file', () => {
    const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
      ownsDb: true,
    });
    const text = write835(medicareRemittance());
    const first = store.importRemittances({ name: 'a.835', bytes: bytes(text) }, [medicareRemittance()], {
      now: NOW,
    });
    assert.equal(first.status, 'imported');
    assert.deepEqual([first.items, first.added, first.lines], [8, 8, 9]);
    const again = store.importRemittances(
      { name: 'renamed.835', bytes: bytes(text) },
      [medicareRemittance()],
      { now: NOW },
    );
    assert.equal(again.status, 'already-imported');
    assert.equal(again.previousName, 'a.835');
    assert.equal(again.added, 0);
    // Same remittance content, different envelope control numbers → another file, nothing new in it.
    const other = store.importRemittances(
      { name: 'b.835', bytes: bytes(write835(medicareRemittance(), 99)) },
      [medicareRemittance()],
      { now: NOW },
    );
    assert.equal(other.status, 'imported');
    assert.equal(other.added, 0);
    assert.deepEqual(store.counts(), {
      files: 2,
      claims: 0,
      remittances: 1,
      remitClaims: 8,
      matched: 0,
      findings: 0,
    });
    const c1 = store.importClaims(
      { name: 'c.837', bytes: bytes(write837P(generatedClaims())) },
      generatedClaims(),
      { now: NOW },
    );
    const c2 = store.importClaims(
      { name: 'c.837', bytes: bytes(write837P(generatedClaims())) },
      generatedClaims(),
      { now: NOW },
    );
    assert.deepEqual([c1.status, c1.added, c2.status], ['imported', 9, 'already-imported']);
    store.close();
  });

  for (const order of ['claims-first', 'remits-first'] as const) {
    void test(`findings are exactly the expected ones (${order})`, () => {
      const store = loaded(order);
      const denials = store.denials();
      assert.deepEqual(
        denials
          .map((d) => [
            d.claimId,
            d.line,
            d.carc,
            d.rootCause,
            d.amountCents,
            d.recoverableCents,
            d.deadline,
            d.status,
          ])
          .sort(),
        EXPECTED_DENIALS.map((d) => [
          d.claimId,
          d.line,
          d.carc,
          d.cause,
          d.amount,
          d.recoverable,
          d.deadline,
          'new',
        ]).sort(),
      );
      const under = store.underpayments();
      assert.deepEqual(
        under.map((u) => [
          u.claimId,
          u.line,
          u.code,
          u.paidCents,
          u.expectedCents,
          u.amountCents,
          u.deadline,
        ]),
        // Ordered by deadline: the example plan's 60-day dispute limit (2026-05-01) comes before Medicare's (2026-07-05).
        [...EXPECTED_UNDERPAYMENTS]
          .reverse()
          .map((u) => [
            u.claimId,
            u.line,
            u.code,
            u.paid,
            u.expected,
            u.gap,
            u.claimId === 'RC2001' ? '2026-05-01' : '2026-07-05',
          ]),
      );
      assert.equal(store.counts().matched, 8);
      store.close();
    });
  }

  void test('reconcile twice changes nothing; a full re-analysis keeps worked statuses', () => {
    const store = loaded('claims-first');
    const again = store.reconcile(ctx, { now: NOW });
    assert.equal(again.findingsAdded, 0);
    assert.equal(again.remitClaimsAnalyzed, 0);
    const id = store.denials({ cause: 'prior-authorization' })[0]?.id ?? -1;
    assert.ok(store.setStatus(id, 'appealed', { note: 'sent redetermination', at: NOW }).ok);
    const all = store.reconcile(ctx, { all: true, now: NOW });
    assert.equal(all.remitClaimsAnalyzed, 9);
    assert.equal(all.findingsAdded, 0);
    assert.equal(store.finding(id)?.status, 'appealed');
    store.close();
  });

  void test('filters: payer, cause, status', () => {
    const store = loaded('claims-first');
    assert.equal(store.denials({ payer: 'medicare' }).length, 5);
    assert.equal(store.denials({ payer: 'example health' }).length, 0);
    assert.equal(store.underpayments({ payer: 'EHP01' }).length, 1);
    assert.deepEqual(
      store.denials({ cause: 'units-mue' }).map((d) => d.claimId),
      ['RC1005'],
    );
    assert.equal(store.worklist().length, 7);
    store.close();
  });

  void test('worklist: transitions with notes and history; refused transitions change nothing', () => {
    const store = loaded('claims-first');
    const item = store.denials({ cause: 'ndc' })[0];
    assert.ok(item);
    assert.ok(
      store.setStatus(item.id, 'in-progress', { note: 'found the right NDC', at: '2026-03-06T10:00:00.000Z' })
        .ok,
    );
    assert.ok(store.setStatus(item.id, 'resubmitted', { at: '2026-03-07T10:00:00.000Z' }).ok);
    const bad = store.setStatus(item.id, 'new', { at: '2026-03-08T10:00:00.000Z' });
    assert.equal(bad.ok, false);
    assert.equal(store.setStatus(item.id, 'nonsense').ok, false);
    assert.equal(store.setStatus(99_999, 'recovered').ok, false);
    assert.ok(
      store.setStatus(item.id, 'recovered', { note: 'paid $15,441.02', at: '2026-04-01T10:00:00.000Z' }).ok,
    );
    assert.deepEqual(store.history(item.id), [
      { from: null, to: 'new', at: NOW },
      { from: 'new', to: 'in-progress', at: '2026-03-06T10:00:00.000Z', note: 'found the right NDC' },
      { from: 'in-progress', to: 'resubmitted', at: '2026-03-07T10:00:00.000Z' },
      { from: 'resubmitted', to: 'recovered', at: '2026-04-01T10:00:00.000Z', note: 'paid $15,441.02' },
    ]);
    assert.equal(store.worklist().length, 6);
    assert.equal(store.worklist({ status: ['recovered'] }).length, 1);
    store.close();
  });

  void test('newestClaims: the stored claims, newest first, at most the limit asked for', () => {
    const store = loaded('claims-first');
    const ids = generatedClaims().map((c) => c.id);
    assert.equal(ids.length, 9);
    assert.deepEqual(
      [...store.newestClaims(100)].map((c) => c.id),
      [...ids].reverse(),
    );
    const two = [...store.newestClaims(2)];
    assert.deepEqual(
      two.map((c) => c.id),
      ids.slice(-2).reverse(),
    );
    assert.deepEqual(
      two[0]?.lines.map((l) => l.procedure.code),
      generatedClaims()
        .at(-1)
        ?.lines.map((l) => l.procedure.code),
    );
    store.close();
  });

  void test('totals by cause, payer, code and month for the dashboard', () => {
    const store = loaded('claims-first');
    const byCause = Object.fromEntries(store.totals('cause').map((t) => [t.key, t.recoverableCents]));
    assert.deepEqual(byCause, {
      ndc: 1_544_102,
      'prior-authorization': 631_710,
      duplicate: 507_268,
      'units-mue': 468_252,
      'diagnosis-medical-necessity': 263_212,
      underpayment: 17_268 + 95_000,
    });
    const byPayer = Object.fromEntries(store.totals('payer').map((t) => [t.key, t.recoverableCents]));
    assert.deepEqual(byPayer, { 'MEDICARE PART B': 3_414_544 + 17_268, 'EXAMPLE HEALTH PLAN': 95_000 });
    assert.deepEqual(
      store.totals('month').map((t) => [t.key, t.count]),
      [['2026-03', 7]],
    );
    assert.equal(store.totals('code').find((t) => t.key === 'J9173')?.count, 2);
    store.close();
  });

  void test('unmatched items are listed, never dropped', () => {
    const store = loaded('claims-first');
    const u = store.unmatched();
    assert.deepEqual(
      u.remitClaims.map((r) => [r.patientControlNumber, r.reason]),
      [['RC9999', 'no-claim']],
    );
    assert.deepEqual(u.remitLines, []);
    assert.deepEqual(
      u.claimsWithoutRemittance.map((c) => c.claimId),
      ['RC1010'],
    );
    store.close();
  });

  void test('appeal context: the submitted claim and the remittance behind a denial', () => {
    const store = loaded('claims-first');
    const [d] = store.lineDenials('RC1005', 1);
    assert.ok(d);
    const ctxRow = store.context(d.id);
    assert.equal(ctxRow?.submitted?.id, 'RC1005');
    assert.equal(ctxRow?.remitClaim.payerClaimControlNumber, '2026061000105');
    assert.equal(ctxRow?.remittance.payment.date, '2026-03-02');
    store.close();
  });

  void test('a payer reversal closes the open items of the adjudication it reverses; a re-adjudication with the same denial keeps the item open', () => {
    const store = loaded('claims-first');
    const priorAuth = store.denials({ cause: 'prior-authorization' });
    assert.equal(priorAuth.length, 1);
    const denied = priorAuth[0]!;
    assert.ok(store.setStatus(denied.id, 'appealed', { note: 'sent redetermination', at: NOW }).ok);
    const underpaid = store.underpayments().find((u) => u.claimId === 'RC1006');
    assert.ok(underpaid);
    const openBefore = store.worklist().length;

    importReversals(store);
    const later = '2026-04-11T08:00:00.000Z';
    const summary = store.reconcile(ctx, { now: later });
    assert.deepEqual(
      [summary.reversalsLinked, summary.findingsReversed, summary.findingsTakenBack],
      [2, 1, 1],
    );

    // RC1004: reversed and denied again (CO-197) in the same 835: the item stays open, with the new determination's
    // deadline (2026-04-10 + 125 days).
    assert.equal(store.finding(denied.id)?.status, 'appealed');
    assert.equal(store.finding(denied.id)?.deadline, '2026-08-13');
    assert.equal(store.denials({ cause: 'prior-authorization' }).length, 1);
    const notes = store.history(denied.id).map((h) => h.note ?? '');
    assert.match(
      notes.at(-2) ?? '',
      /^The payer reversed this adjudication \(835 CLP02 22; remittance of 2026-04-10, check\/EFT 883000222, payer claim 2026061000104\) and adjudicated the line again \(remittance of 2026-04-10, check\/EFT 883000222, payer claim 2026100000104\): the net of the two decides this item\.$/,
    );
    assert.match(
      notes.at(-1) ?? '',
      /and denied this line again: CO-197, the denial this item is about; counted once\. A new initial determination: deadline now 2026-08-13\.$/,
    );
    // RC1006: its $4,900.00 taken back with no new adjudication: the underpayment is reversed and the line is an
    // item of its own, the whole expected $5,072.68 to recover.
    assert.equal(store.finding(underpaid.id)?.status, 'reversed');
    const [takeback] = store.denials({ claimId: 'RC1006', cause: 'payment-reversed' });
    assert.deepEqual(
      [takeback?.status, takeback?.amountCents, takeback?.recoverableCents, takeback?.deadline],
      ['new', 490_000, 507_268, '2026-08-13'],
    );
    assert.equal(store.worklist().length, openBefore);
    assert.ok(!store.worklist().some((w) => w.id === underpaid.id));

    // Nothing more on a second run or a full re-analysis; a reversed item reopened by hand stays open.
    const twice = store.reconcile(ctx, { now: later });
    assert.deepEqual([twice.reversalsLinked, twice.findingsReversed], [0, 0]);
    assert.ok(store.setStatus(underpaid.id, 'in-progress', { note: 'check the correction', at: later }).ok);
    const all = store.reconcile(ctx, { all: true, now: later });
    assert.deepEqual([all.reversalsLinked, all.findingsReversed], [0, 0]);
    assert.equal(store.finding(underpaid.id)?.status, 'in-progress');
    assert.equal(store.finding(denied.id)?.status, 'appealed');
    assert.equal(store.denials({ claimId: 'RC1006', cause: 'payment-reversed' }).length, 1);
    // Only reconciliation sets "reversed".
    const byHand = store.setStatus(denied.id, 'reversed', { at: later });
    assert.equal(byHand.ok, false);
    store.close();
  });

  void test('a reversal imported before the adjudication it reverses is tied when that arrives (same payer only)', () => {
    const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
      ownsDb: true,
    });
    store.importClaims(
      { name: 'claims.837', bytes: bytes(write837P(generatedClaims())) },
      generatedClaims(),
      { format: '837P', now: NOW },
    );
    importReversals(store);
    // Another payer reversing its own adjudication of RC1002 (same patient control number) ties to nothing here.
    const rc1002 = medicareRemittance().claims.find((c) => c.patientControlNumber === 'RC1002');
    assert.ok(rc1002);
    const otherPayer: Remittance = {
      ...reversalRemittance(),
      payer: { name: 'EXAMPLE HEALTH PLAN', id: 'EHP01' },
      claims: [reversalOf(rc1002)],
    };
    store.importRemittances(
      { name: 'other-payer.835', bytes: bytes(write835(otherPayer, 4)) },
      [otherPayer],
      { format: '835', now: NOW },
    );
    const first = store.reconcile(ctx, { now: NOW });
    assert.deepEqual([first.reversalsLinked, first.findingsReversed], [0, 0]);
    store.importRemittances(
      { name: 'medicare.835', bytes: bytes(write835(medicareRemittance())) },
      [medicareRemittance()],
      { format: '835', now: NOW },
    );
    const second = store.reconcile(ctx, { now: NOW });
    assert.deepEqual([second.reversalsLinked, second.findingsReversed], [2, 2]);
    const reversed = store.findings({ status: ['reversed'] }).map((f) => f.claimId);
    assert.deepEqual(reversed.sort(), ['RC1004', 'RC1006']);
    store.close();
  });
});

/** The medicare 835 again, as a payer re-sends it: a new TRN and, when asked, new payer claim numbers (CLP07). */
function resent(newPccns: boolean): Remittance {
  const r = medicareRemittance();
  return {
    ...r,
    payment: { ...r.payment, traceNumber: '883000299' },
    claims: r.claims.map((c, i) =>
      newPccns ? { ...c, payerClaimControlNumber: `2026990000${String(i).padStart(3, '0')}` } : c,
    ),
  };
}

/** A later 835 (2026-04-01) paying RC1004 line 1 (denied CO-197, recoverable $6,317.10) with `paidCents`. */
function laterPayment(paidCents: number, trace = '883000300'): Remittance {
  const r = medicareRemittance();
  const denied = r.claims.find((c) => c.patientControlNumber === 'RC1004');
  assert.ok(denied);
  const line = denied.serviceLines[0];
  assert.ok(line);
  const paid: RemittanceClaim = {
    ...denied,
    status: '1',
    payerClaimControlNumber: '2026091000104',
    paidCents,
    serviceLines: [
      {
        ...line,
        paidCents,
        adjustments: [{ group: 'CO', carc: '45', amountCents: line.chargeCents - paidCents }],
      },
    ],
  };
  return {
    ...r,
    payment: { ...r.payment, amountCents: paidCents, date: '2026-04-01', traceNumber: trace },
    productionDate: '2026-04-01',
    claims: [paid],
  };
}

function importRemit(store: RecoveryStore, name: string, r: Remittance, control: number): void {
  const s = store.importRemittances({ name, bytes: bytes(write835(r, control)) }, [r], {
    format: '835',
    now: NOW,
  });
  assert.equal(s.status, 'imported');
}

const openTotal = (store: RecoveryStore): [number, number] => [
  store.worklist().length,
  store.worklist().reduce((n, w) => n + w.recoverableCents, 0),
];

void describe('one item per adjudication of a line (QA 5)', () => {
  const cases: { label: string; remit: Remittance }[] = [
    { label: 'the same 835 with a new TRN', remit: resent(false) },
    { label: 'the same adjudications re-issued with new payer claim numbers', remit: resent(true) },
  ];
  for (const { label, remit } of cases) {
    void test(`${label}: no new item, the worked status and history kept, the remittance noted`, () => {
      const store = loaded('claims-first');
      const before = openTotal(store);
      const mue = store.denials({ cause: 'units-mue' })[0];
      assert.ok(mue);
      assert.ok(store.setStatus(mue.id, 'appealed', { note: 'redetermination sent', at: NOW }).ok);
      importRemit(store, 'resent.835', remit, 7);
      const later = '2026-03-06T09:00:00.000Z';
      const s = store.reconcile(ctx, { now: later });
      // 5 Medicare denials (RC9999 unmatched included) and the RC1006 underpayment.
      assert.deepEqual([s.findingsAdded, s.findingsJoined, s.findingsRemoved], [0, 6, 0]);
      assert.deepEqual(openTotal(store), before);
      assert.equal(store.finding(mue.id)?.status, 'appealed');
      const notes = store.history(mue.id).map((h) => [h.from, h.to, h.note]);
      assert.deepEqual(notes.at(-1), [
        'appealed',
        'appealed',
        `The same adjudication came again (remittance of 2026-03-02, check/EFT 883000299${label.includes('new payer') ? ', payer claim 2026990000004' : ', payer claim 2026061000105'}); counted once.`,
      ]);
      // Again, and a full re-analysis: still nothing new.
      assert.equal(store.reconcile(ctx, { now: later }).findingsAdded, 0);
      const all = store.reconcile(ctx, { all: true, now: later });
      assert.deepEqual([all.findingsAdded, all.findingsJoined, all.findingsRemoved], [0, 0, 0]);
      assert.deepEqual(openTotal(store), before);
      store.close();
    });
  }

  void test('imported before the claims it answers, the copy still joins the item once matched', () => {
    const store = loaded('remits-first');
    const before = openTotal(store);
    importRemit(store, 'resent.835', resent(true), 7);
    store.reconcile(ctx, { now: NOW });
    assert.deepEqual(openTotal(store), before);
    store.close();
  });

  void test('a reversal after a re-sent copy: the re-adjudication joins the one item', () => {
    const store = loaded('claims-first');
    importRemit(store, 'resent.835', resent(false), 7);
    store.reconcile(ctx, { now: NOW });
    importReversals(store);
    const s = store.reconcile(ctx, { now: '2026-04-11T08:00:00.000Z' });
    // RC1006's takeback is the one item added.
    assert.deepEqual([s.reversalsLinked, s.findingsReversed, s.findingsAdded], [2, 1, 1]);
    assert.deepEqual(
      store.findings({ cause: 'prior-authorization' }).map((f) => f.status),
      ['new'],
    );
    store.close();
  });
});

void describe('a later remittance paying the line (QA 6)', () => {
  const cases: { label: string; paid: number; status: string; recovered: number; left: number }[] = [
    { label: 'paid in full: recovered', paid: 631_710, status: 'recovered', recovered: 631_710, left: 0 },
    {
      label: 'paid above expected: recovered',
      paid: 700_000,
      status: 'recovered',
      recovered: 631_710,
      left: 0,
    },
    {
      label: 'paid within the tolerance: recovered',
      paid: 631_000,
      status: 'recovered',
      recovered: 631_000,
      left: 710,
    },
    {
      label: 'paid in part: open, less to recover',
      paid: 300_000,
      status: 'appealed',
      recovered: 300_000,
      left: 331_710,
    },
  ];
  for (const c of cases) {
    void test(c.label, () => {
      const store = loaded('claims-first');
      const [denied] = store.denials({ cause: 'prior-authorization' });
      assert.ok(denied);
      assert.equal(denied.recoverableCents, 631_710);
      assert.ok(store.setStatus(denied.id, 'appealed', { note: 'redetermination sent', at: NOW }).ok);
      const [openBefore, dollarsBefore] = openTotal(store);
      importRemit(store, 'later.835', laterPayment(c.paid), 8);
      const later = '2026-04-02T08:00:00.000Z';
      const s = store.reconcile(ctx, { now: later });
      const row = store.finding(denied.id);
      assert.deepEqual(
        [row?.status, row?.recoveredCents, row?.recoverableCents],
        [c.status, c.recovered, c.left],
      );
      assert.equal(s.findingsRecovered, c.status === 'recovered' ? 1 : 0);
      // No second item for the same money (a partial payment's own underpayment is this item's).
      assert.equal(s.findingsAdded, 0);
      const closed = c.status === 'recovered';
      assert.deepEqual(openTotal(store), [
        openBefore - (closed ? 1 : 0),
        dollarsBefore - 631_710 + (closed ? 0 : c.left),
      ]);
      assert.match(
        store.history(denied.id).at(-1)?.note ?? '',
        /later remittance paid .*remittance of 2026-04-01, check\/EFT 883000300/,
      );
      // "Recovered so far" on the dashboard.
      assert.equal(
        store.totals('status').reduce((n, t) => n + t.recoveredCents, 0),
        c.recovered,
      );
      // A closed item has nothing left to recover, in every grouping (the dashboard's month and status charts too).
      const recoveredRow = store.totals('status').find((t) => t.key === 'recovered');
      if (recoveredRow) assert.equal(recoveredRow.recoverableCents, 0);
      assert.equal(
        store.totals('month').reduce((n, t) => n + t.recoverableCents, 0),
        store.totals('month', { openOnly: true }).reduce((n, t) => n + t.recoverableCents, 0),
      );
      // Idempotent; a copy of the same payment counts once.
      importRemit(store, 'later-again.835', laterPayment(c.paid, '883000301'), 9);
      const again = store.reconcile(ctx, { now: later });
      assert.equal(again.findingsRecovered, 0);
      assert.equal(store.finding(denied.id)?.recoveredCents, c.recovered);
      store.close();
    });
  }

  void test('an earlier remittance is no later payment; a reversed later payment no longer counts', () => {
    const store = loaded('claims-first');
    const [denied] = store.denials({ cause: 'prior-authorization' });
    assert.ok(denied);
    const partial = laterPayment(300_000);
    importRemit(store, 'later.835', partial, 8);
    store.reconcile(ctx, { now: NOW });
    assert.equal(store.finding(denied.id)?.recoveredCents, 300_000);
    const paidClaim = partial.claims[0];
    assert.ok(paidClaim);
    const reversal: Remittance = {
      ...partial,
      payment: { ...partial.payment, date: '2026-04-05', traceNumber: '883000302', amountCents: -300_000 },
      claims: [reversalOf(paidClaim)],
    };
    importRemit(store, 'reversal.835', reversal, 10);
    store.reconcile(ctx, { now: NOW });
    const row = store.finding(denied.id);
    assert.deepEqual([row?.status, row?.recoveredCents, row?.recoverableCents], ['new', 0, 631_710]);
    store.close();
  });
});

void describe('migration recovery/003', () => {
  void test('a store of the old schema upgrades: each item gets its key, duplicates still new fold into one', () => {
    const path = join(tmp, 'old.db');
    // The store as it is today, written to a database of the old schema (migrations 001 and 002).
    const current = loaded('claims-first');
    const oldDb = openDatabase(path, { migrations: RECOVERY_MIGRATIONS.slice(0, 2) });
    const src = current.db;
    const copy = (table: string, cols: string): void => {
      const rows = src.prepare(`SELECT ${cols} FROM ${table} ORDER BY id`).all() as Record<
        string,
        SQLInputValue
      >[];
      const names = cols.split(',').map((c) => c.trim());
      const insert = oldDb.prepare(
        `INSERT INTO ${table} (${cols}) VALUES (${names.map(() => '?').join(', ')})`,
      );
      for (const r of rows) insert.run(...names.map((n) => r[n] ?? null));
    };
    copy('recovery_files', 'id, kind, name, sha256, format, imported_at, items, added, problems');
    copy(
      'recovery_claims',
      'id, file_id, claim_key, claim_id, payer_claim_control_number, payer_name, payer_id, payer_kind, total_charge_cents, service_from, line_count, body',
    );
    copy(
      'recovery_remittances',
      'id, file_id, payer_name, payer_id, payment_cents, payment_date, trace_number, header',
    );
    const rcCols =
      'id, remittance_id, remit_key, patient_control_number, payer_claim_control_number, status, charge_cents, paid_cents, line_count, body, claim_row, match_method, match_reason, line_matches, analyzed_at, reverses';
    copy('recovery_remit_claims', rcCols);
    const fCols =
      'id, finding_key, kind, remit_claim_row, claim_id, line, code, payer_name, payer_id, payer_kind, group_code, carc, rarc, root_cause, action, amount_cents, recoverable_cents, paid_cents, expected_cents, service_date, remit_date, deadline, status, status_at, created_at, body';
    copy('recovery_findings', fCols);
    copy('recovery_finding_history', 'id, finding_id, from_status, to_status, at, note');
    current.close();
    // What the old code stored for a re-sent copy (another file, a new TRN): every remittance claim and finding again.
    oldDb.exec(`
      INSERT INTO recovery_files (id, kind, name, sha256, imported_at) VALUES (90, 'remittances', 'resent.835', 'ab', '${NOW}');
      INSERT INTO recovery_remittances (id, file_id, payer_name, payer_id, payment_cents, payment_date, trace_number, header)
        SELECT 90, 90, payer_name, payer_id, payment_cents, payment_date, '883000299', header FROM recovery_remittances
        WHERE payer_name = 'MEDICARE PART B';
      INSERT INTO recovery_remit_claims (${rcCols})
        SELECT id + 1000, 90, remit_key || '+', patient_control_number, payer_claim_control_number, status, charge_cents, paid_cents, line_count, body, claim_row, match_method, match_reason, line_matches, analyzed_at, reverses
        FROM recovery_remit_claims WHERE remittance_id <> 90 AND remittance_id = (SELECT id FROM recovery_remittances WHERE payer_name = 'MEDICARE PART B' AND id <> 90);
      INSERT INTO recovery_findings (${fCols})
        SELECT id + 1000, finding_key || '+', kind, remit_claim_row + 1000, claim_id, line, code, payer_name, payer_id, payer_kind, group_code, carc, rarc, root_cause, action, amount_cents, recoverable_cents, paid_cents, expected_cents, service_date, remit_date, deadline, status, status_at, created_at, body
        FROM recovery_findings WHERE remit_claim_row + 1000 IN (SELECT id FROM recovery_remit_claims);
      INSERT INTO recovery_finding_history (finding_id, from_status, to_status, at, note)
        SELECT id, NULL, 'new', created_at, NULL FROM recovery_findings WHERE id > 1000;
    `);
    const duplicates = Number(
      (oldDb.prepare('SELECT COUNT(*) AS n FROM recovery_findings WHERE id > 1000').get() as { n: number }).n,
    );
    assert.equal(duplicates, 6);
    // A duplicate a biller already worked stays as it is.
    const worked = (
      oldDb
        .prepare("SELECT id FROM recovery_findings WHERE id > 1000 AND root_cause = 'units-mue'")
        .get() as { id: number }
    ).id;
    oldDb.prepare("UPDATE recovery_findings SET status = 'appealed' WHERE id = ?").run(worked);
    oldDb.close();

    const store = RecoveryStore.open(path);
    assert.equal(store.counts().findings, 7 + 1);
    assert.equal(store.finding(worked)?.status, 'appealed');
    const keys = store.db
      .prepare('SELECT COUNT(*) AS n FROM recovery_findings WHERE item_key IS NULL')
      .get() as { n: number };
    assert.equal(Number(keys.n), 0);
    const sources = store.db.prepare('SELECT COUNT(*) AS n FROM recovery_finding_sources').get() as {
      n: number;
    };
    assert.equal(Number(sources.n), 7 + 6);
    const pa = store.denials({ cause: 'prior-authorization' });
    assert.equal(pa.length, 1);
    assert.match(
      store.history(pa[0]!.id).at(-1)?.note ?? '',
      /came again \(remittance of 2026-03-02.*\); counted once \(item \d+ folded into this one\)/,
    );
    // The upgraded store reconciles as a new one: nothing added, a later payment closes an item.
    importRemit(store, 'later.835', laterPayment(631_710), 8);
    const s = store.reconcile(ctx, { now: NOW });
    assert.deepEqual([s.findingsAdded, s.findingsRecovered], [0, 1]);
    store.close();
  });
});
