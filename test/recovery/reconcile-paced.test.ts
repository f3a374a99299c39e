/**
 * `reconcilePaced`, the reconcile a server runs (reading, matching and classifying before the write transaction,
 * giving the event loop its turn): the same rows as `reconcile` through a lifecycle of corrections, reversals and
 * later payments; nothing changed when it fails part way; and work read before an import made meanwhile (on this
 * connection or by another process) is done again rather than filed stale. Also the worklist's one-query summary.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { recoverableNote } from '../../src/adapters/store/recovery/json.ts';
import {
  DUE_SOON_DAYS,
  RecoveryStore,
  type ReconcileSummary,
} from '../../src/adapters/store/recovery/store.ts';
import type { Claim, Remittance } from '../../src/core/claim/model.ts';
import { OPEN_STATUSES } from '../../src/core/recovery/worklist.ts';
import { addDays } from '../../src/core/reference/as-of.ts';
import {
  commercialRemittance,
  correctedClaim,
  generatedClaims,
  laterMedicareRemittance,
  medicareAdjudication,
  medicareRemittance,
  paidAgain,
  reversalOf,
} from './fixtures.ts';
import { recoveryRows, recoveryTestSetup } from './setup.ts';

const { ctx, tmp } = recoveryTestSetup('drugclaim-reconcile-paced-');

const memoryStore = (): RecoveryStore =>
  new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), { ownsDb: true });

/** A step of a store's life: a file imported (as of `now`), or nothing (a reconcile alone). */
type Step = { claims: Claim[] } | { remittances: Remittance[] } | { all: true };

function importStep(store: RecoveryStore, step: Step, n: number, now: string): void {
  const bytes = new TextEncoder().encode(`${n}:${JSON.stringify(step)}`);
  if ('claims' in step) store.importClaims({ name: `claims-${n}.837`, bytes }, step.claims, { now });
  else if ('remittances' in step)
    store.importRemittances({ name: `remits-${n}.835`, bytes }, step.remittances, { now });
}

/** The pace of a server: a turn of the event loop after each remittance claim. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** RC1004 line 1, denied CO-197 under payer claim 2026061000104 (fixtures.ts). */
const ORIGINAL_PCCN = '2026061000104';

function lifecycle(): Step[] {
  const rc1004 = generatedClaims().find((c) => c.id === 'RC1004');
  assert.ok(rc1004);
  const original = medicareAdjudication('RC1004');
  return [
    { claims: generatedClaims() },
    { remittances: [medicareRemittance(), commercialRemittance()] },
    // A replacement claim answering the denial, paid in part, then that payment reversed and paid again.
    { claims: [correctedClaim(rc1004, '7', ORIGINAL_PCCN)] },
    {
      remittances: [
        laterMedicareRemittance('2026-04-01', 'TRN-ANSWER', [paidAgain(original, 400_000, '2026091000001')]),
      ],
    },
    {
      remittances: [
        laterMedicareRemittance('2026-05-01', 'TRN-REVERSE', [
          reversalOf(paidAgain(original, 400_000, '2026091000001')),
          paidAgain(original, 500_000, '2026121000001'),
        ]),
      ],
    },
    // A reversal of an adjudication of the first 835, with nothing paid again.
    {
      remittances: [
        laterMedicareRemittance('2026-06-01', 'TRN-TAKEBACK', [reversalOf(medicareAdjudication('RC1001'))]),
      ],
    },
    { all: true },
  ];
}

void describe('reconcilePaced files what reconcile files', () => {
  void test('the same rows and summaries after every step of a lifecycle (corrections, reversals, --all)', async () => {
    const sync = memoryStore();
    const paced = memoryStore();
    try {
      let turns = 0;
      for (const [i, step] of lifecycle().entries()) {
        const now = `2026-07-${String(i + 1).padStart(2, '0')}T09:00:00.000Z`;
        importStep(sync, step, i, now);
        importStep(paced, step, i, now);
        const options = { now, all: 'all' in step };
        const expected = sync.reconcile(ctx(), options);
        const got = await paced.reconcilePaced(ctx(), options, () => {
          turns++;
          return turn();
        });
        assert.deepEqual(got, expected, `summary after step ${i}`);
        assert.deepEqual(recoveryRows(paced), recoveryRows(sync), `rows after step ${i}`);
      }
      assert.ok(turns > 10, `gave way ${turns} times`);
      // The lifecycle did reach the cases that are worked out in the transaction.
      const summary = recoveryRows(sync);
      assert.ok(
        (summary['recovery_claims'] ?? []).some((c) => (c as { replaces: unknown }).replaces !== null),
      );
      assert.ok(
        (summary['recovery_remit_claims'] ?? []).some((c) => (c as { reverses: unknown }).reverses !== null),
      );
    } finally {
      sync.close();
      paced.close();
    }
  });
});

void describe('reconcilePaced: all or nothing', () => {
  test('a failure while filing the findings leaves every row as it was', async () => {
    const store = memoryStore();
    try {
      importStep(store, { claims: generatedClaims() }, 0, '2026-07-01T09:00:00.000Z');
      importStep(store, { remittances: [medicareRemittance()] }, 1, '2026-07-01T09:00:00.000Z');
      const before = recoveryRows(store);
      // A finding filed, then the disk fails on the next one.
      const filing = store as unknown as { placeFinding: (...args: unknown[]) => void };
      const place = filing.placeFinding.bind(store);
      let calls = 0;
      filing.placeFinding = (...args) => {
        if (++calls === 2) throw new Error('disk I/O error');
        place(...args);
      };
      await assert.rejects(store.reconcilePaced(ctx(), {}, turn), /disk I\/O error/);
      assert.equal(calls, 2);
      assert.deepEqual(recoveryRows(store), before);
      assert.ok(store.hasUnanalysedRemittances(), 'still to reconcile');
    } finally {
      store.close();
    }
  });

  test('a failure while analysing, before the transaction, leaves every row as it was', async () => {
    const store = memoryStore();
    try {
      importStep(store, { claims: generatedClaims() }, 0, '2026-07-01T09:00:00.000Z');
      importStep(store, { remittances: [medicareRemittance()] }, 1, '2026-07-01T09:00:00.000Z');
      const before = recoveryRows(store);
      let calls = 0;
      const failing = async (): Promise<void> => {
        if (++calls === 3) throw new Error('request aborted');
        await turn();
      };
      await assert.rejects(store.reconcilePaced(ctx(), {}, failing), /request aborted/);
      assert.deepEqual(recoveryRows(store), before);
    } finally {
      store.close();
    }
  });
});

void describe('reconcilePaced: what changed while it read is read again', () => {
  const NOW = '2026-07-01T09:00:00.000Z';
  const withoutRc1001 = (): Claim[] => generatedClaims().filter((c) => c.id !== 'RC1001');
  const rc1001 = (): Claim[] => generatedClaims().filter((c) => c.id === 'RC1001');

  /** The store reconciled once every file is in: what the paced run must end with. */
  function reference(): { summary: ReconcileSummary; rows: Record<string, unknown[]> } {
    const store = memoryStore();
    try {
      importStep(store, { claims: withoutRc1001() }, 0, NOW);
      importStep(store, { remittances: [medicareRemittance()] }, 1, NOW);
      importStep(store, { claims: rc1001() }, 2, NOW);
      return { summary: store.reconcile(ctx(), { now: NOW }), rows: recoveryRows(store) };
    } finally {
      store.close();
    }
  }

  test('an import on the same connection during the reading: RC1001 is matched, as after the import', async () => {
    const store = memoryStore();
    try {
      importStep(store, { claims: withoutRc1001() }, 0, NOW);
      importStep(store, { remittances: [medicareRemittance()] }, 1, NOW);
      // Once RC1001's remittance claim was read and left unmatched (it comes first in the 835).
      let turns = 0;
      const summary = await store.reconcilePaced(ctx(), { now: NOW }, async () => {
        if (++turns === 3) importStep(store, { claims: rc1001() }, 2, NOW);
        await turn();
      });
      const expected = reference();
      assert.equal(summary.unmatched, 1, 'RC9999 alone, never submitted');
      assert.deepEqual(summary, expected.summary);
      assert.deepEqual(recoveryRows(store), expected.rows);
    } finally {
      store.close();
    }
  });

  test('an import by another process (another connection to the file) during the reading', async () => {
    const path = join(tmp, 'two-connections.db');
    const store = RecoveryStore.open(path);
    const other = RecoveryStore.open(path);
    try {
      importStep(store, { claims: withoutRc1001() }, 0, NOW);
      importStep(store, { remittances: [medicareRemittance()] }, 1, NOW);
      // Once RC1001's remittance claim was read and left unmatched (it comes first in the 835).
      let turns = 0;
      const summary = await store.reconcilePaced(ctx(), { now: NOW }, async () => {
        if (++turns === 3) importStep(other, { claims: rc1001() }, 2, NOW);
        await turn();
      });
      const expected = reference();
      assert.deepEqual(summary, expected.summary);
      assert.deepEqual(recoveryRows(store), expected.rows);
    } finally {
      other.close();
      store.close();
    }
  });
});

void describe('reconcilePaced: what it did not read does not make it read again', () => {
  test('another connection writing other tables (the audit log, sessions) during the reading: one pass', async () => {
    const NOW = '2026-07-01T09:00:00.000Z';
    const path = join(tmp, 'audit-traffic.db');
    const store = RecoveryStore.open(path);
    // The server's audit log and sessions live in the same file, written through another connection.
    const other = openDatabase(path, { migrations: [] });
    try {
      other.exec('CREATE TABLE IF NOT EXISTS traffic (at TEXT)');
      importStep(store, { claims: generatedClaims() }, 0, NOW);
      importStep(store, { remittances: [medicareRemittance()] }, 1, NOW);
      let turns = 0;
      const summary = await store.reconcilePaced(ctx(), { now: NOW }, async () => {
        turns++;
        other.prepare('INSERT INTO traffic (at) VALUES (?)').run(NOW);
        await turn();
      });
      const quiet = memoryStore();
      try {
        importStep(quiet, { claims: generatedClaims() }, 0, NOW);
        importStep(quiet, { remittances: [medicareRemittance()] }, 1, NOW);
        assert.deepEqual(summary, quiet.reconcile(ctx(), { now: NOW }));
      } finally {
        quiet.close();
      }
      // One turn after the first read and one per remittance claim: read once, not again and again.
      const remitClaims = medicareRemittance().claims.length;
      assert.equal(turns, 1 + remitClaims);
    } finally {
      other.close();
      store.close();
    }
  });
});

void describe('findingSummary', () => {
  test('the totals, open amount and ≤/~ qualifiers of a list, as its rows add up', () => {
    const store = memoryStore();
    try {
      importStep(store, { claims: generatedClaims() }, 0, '2026-07-01T09:00:00.000Z');
      importStep(
        store,
        { remittances: [medicareRemittance(), commercialRemittance()] },
        1,
        '2026-07-01T09:00:00.000Z',
      );
      store.reconcile(ctx(), { now: '2026-07-01T09:00:00.000Z' });
      // Two denials marked as the reconcile marks an upper bound and an OPPS estimate, so both qualifiers count.
      const mark = store.db.prepare(
        `UPDATE recovery_findings SET body = json_set(body, '$.recoverableNote', ?)
         WHERE id = (SELECT id FROM recovery_findings WHERE kind = 'denial' ORDER BY id LIMIT 1 OFFSET ?)`,
      );
      mark.run('upper bound, no expected rate: the denied amount', 0);
      mark.run('estimate: the national unadjusted OPPS rate', 1);
      const asOf = '2026-04-20';
      const filters = [
        {},
        { kind: 'denial' as const },
        { kind: 'underpayment' as const },
        { status: OPEN_STATUSES },
        { payer: 'MEDICARE' },
        { claimId: 'RC1004' },
      ];
      for (const filter of filters) {
        // Worked out here from the rows themselves, as a reader of the list would add them up.
        const rows = store.findings(filter);
        const open = rows.filter((r) => OPEN_STATUSES.includes(r.status));
        const sum = (list: typeof rows): number => list.reduce((n, r) => n + r.recoverableCents, 0);
        const soonest = addDays(asOf, DUE_SOON_DAYS);
        const marked = (prefix: string) =>
          open.filter((r) => r.kind === 'denial' && (recoverableNote(r.finding) ?? '').startsWith(prefix));
        assert.deepEqual(
          store.findingSummary(filter, asOf),
          {
            items: rows.length,
            openItems: open.length,
            recoverableCents: sum(open),
            dueSoon: open.filter((r) => r.deadline !== null && r.deadline >= asOf && r.deadline <= soonest)
              .length,
            pastDeadline: open.filter((r) => r.deadline !== null && r.deadline < asOf).length,
            openAmountCents: open.reduce((n, r) => n + r.amountCents, 0),
            qualifiers: {
              upperBound: {
                items: marked('upper bound').length,
                recoverableCents: sum(marked('upper bound')),
              },
              estimate: { items: marked('estimate').length, recoverableCents: sum(marked('estimate')) },
            },
          },
          JSON.stringify(filter),
        );
      }
      const all = store.findingSummary({}, asOf);
      assert.deepEqual(
        [all.openItems > 0, all.dueSoon, all.qualifiers.upperBound.items, all.qualifiers.estimate.items],
        [true, 1, 1, 1],
      );
    } finally {
      store.close();
    }
  });
});
