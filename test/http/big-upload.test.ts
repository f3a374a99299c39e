/**
 * One big upload does not hold up everyone else: while a generated 837P of 20,000 claims (or an 835 of as many
 * remittance claims) is read, prepared and checked, fixed or imported, other requests are answered. What is asserted
 * is the order of events (a request answered between two steps of the upload), never a time. The paced reading and import
 * give what the synchronous ones give, and an import that fails at its last step leaves the store as it was.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Claim, Remittance } from '../../src/core/claim/model.ts';
import { readClaimBytes, readClaimBytesPaced } from '../../src/adapters/claim-files/index.ts';
import { openDatabase } from '../../src/adapters/store/database.ts';
import {
  prepareImport,
  RecoveryStore,
  type ImportSummary,
  type PreparedImport,
} from '../../src/adapters/store/recovery/store.ts';
import { turn } from '../../src/adapters/http/pace.ts';
import { sharedReference } from '../support/reference.ts';
import { generatedClaims, medicareRemittance, write835, write837P } from '../recovery/fixtures.ts';
import { lfhDrugSample, multipart, testApp, type TestApp } from './support.ts';

const N = 20_000;

/** The generated claims again and again, each for another patient (no two alike). */
function manyClaims(n: number): Claim[] {
  const bases = generatedClaims();
  return Array.from({ length: n }, (_, i): Claim => {
    const base = bases[i % bases.length] as Claim;
    const memberId = `BIGM${String(i).padStart(6, '0')}`;
    return {
      ...base,
      id: `${base.id}B${String(i).padStart(6, '0')}`,
      patient: { ...base.patient, memberId, lastName: `PATIENT${i}` },
      ...(base.subscriber ? { subscriber: { ...base.subscriber, memberId } } : {}),
    };
  });
}

/** The Medicare remittance with its claims repeated to `n`, each for another claim of `manyClaims`. */
function bigRemittance(n: number): Remittance {
  const r = medicareRemittance();
  const claims = Array.from({ length: n }, (_, i) => {
    const c = r.claims[i % r.claims.length] as Remittance['claims'][number];
    return {
      ...c,
      patientControlNumber: `${c.patientControlNumber}B${String(i).padStart(6, '0')}`,
      payerClaimControlNumber: `PCCN${i}`,
    };
  });
  return { ...r, claims };
}

const big837 = write837P(manyClaims(N), 7);
const big835 = write835(bigRemittance(N), 8);

/**
 * Asks GET /api/auth/me again and again, one after the other, until `stopped`: each answer is an event. What a
 * biller paging the worklist meanwhile would see.
 */
function pollUntil(t: TestApp, events: string[], stopped: () => boolean): Promise<void> {
  return (async () => {
    while (!stopped()) {
      const res = await t.as('viewer', { method: 'GET', url: '/api/auth/me' });
      assert.equal(res.statusCode, 200);
      events.push('answer');
      // An injected request is answered without leaving the microtask queue: a turn before the next, as a client
      // on a socket would have, so that the upload's own turns come too.
      await turn();
    }
  })();
}

/** How many answers came between the first event `from` and the first event `to` that follows it. */
function answersBetween(events: readonly string[], from: string, to: string): number {
  const start = events.indexOf(from);
  const end = events.indexOf(to, start);
  assert.ok(start >= 0 && end > start, `${from} then ${to} in ${events.filter((e) => e !== 'answer')}`);
  return events.slice(start, end).filter((e) => e === 'answer').length;
}

void describe('other requests are answered while a big upload is processed', () => {
  let t: TestApp;
  const events: string[] = [];
  before(async () => {
    const reference = await sharedReference();
    // The check starts by asking for the reference data and its edits are the first to use it: the two events
    // around the reading of the upload.
    let used = false;
    const watched = new Proxy(reference, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (!used) events.push('edits');
          used = true;
          // Every use, once in a row: what comes after the last one is past the edits (check/fix: the writing).
          if (events.at(-1) !== 'reference') events.push('reference');
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    t = await testApp({
      // One token asks as fast as answers come: above the per-token limit meant for people.
      config: { rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } },
      deps: {
        reference: () => {
          events.push('check');
          used = false;
          return watched;
        },
      },
    });
    // The write of each file, in one transaction: the event after the upload was read and prepared.
    const store = t.recovery.store;
    const write = store.importPrepared.bind(store);
    store.importPrepared = (file, prepared, meta) => {
      events.push(`write ${file.name}`);
      return write(file, prepared, meta);
    };
  });
  after(async () => {
    await t.close();
  });

  /** Posts the upload and polls until its answer: the events, the answer last. */
  async function whileUploading(
    post: () => Promise<LightMyRequestResponse>,
    startPolling: string,
  ): Promise<LightMyRequestResponse> {
    events.length = 0;
    let done = false;
    let polling: Promise<void> | undefined;
    const started = (async () => {
      while (!events.includes(startPolling) && !done) await turn();
      if (!done) polling = pollUntil(t, events, () => done);
    })();
    const res = await post();
    events.push('upload answered');
    done = true;
    await started;
    await polling;
    return res;
  }

  void it('POST /api/check: answers come while the 837P is read, before the edits start', async () => {
    const res = await whileUploading(
      () =>
        t.as('viewer', {
          method: 'POST',
          url: '/api/check?fileName=big.837&dateOfRun=2026-03-01',
          headers: { 'content-type': 'application/edi-x12' },
          payload: big837,
        }),
      'check',
    );
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal((res.json() as { summary: { claims: number } }).summary.claims, N);
    assert.ok(answersBetween(events, 'check', 'edits') >= 3, events.join(' '));
  });

  void it('POST /api/check/fix: answers come while the fixed file is written from the claims', async () => {
    // Two uploads: the file is written from the claims (an 837 alone is patched in place, paced since before).
    const { payload, headers } = multipart([
      { name: 'big.837', content: big837 },
      { name: 'small.837', content: lfhDrugSample() },
    ]);
    const res = await whileUploading(
      () => t.as('viewer', { method: 'POST', url: '/api/check/fix?dateOfRun=2026-03-01', headers, payload }),
      'check',
    );
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['x-drugclaim-written-from'], 'claims');
    assert.ok(Number(res.headers['x-drugclaim-fixes-applied']) >= N);
    assert.equal(res.body.match(/~\nCLM\*/g)?.length, N + 1);
    // The fixes are checked again, then the file is written: the answers after the last use of the reference data
    // came while it was written, or in the last steps of that check (1 or 2 when the file was written in one go).
    const last = events.lastIndexOf('reference');
    assert.ok(answersBetween(events.slice(last), 'reference', 'upload answered') >= 3, events.join(' '));
  });

  void it('POST /api/claims/import: answers come while the second file is read and prepared, before its write', async () => {
    const { payload, headers } = multipart([
      { name: 'small.837', content: lfhDrugSample() },
      { name: 'big.837', content: big837 },
    ]);
    const res = await whileUploading(
      () => t.as('biller', { method: 'POST', url: '/api/claims/import', headers, payload }),
      'write small.837',
    );
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    const files = (res.json() as { files: { status: string; added?: number }[] }).files;
    assert.deepEqual(
      files.map((f) => [f.status, f.added]),
      [
        ['imported', 1],
        ['imported', N],
      ],
    );
    // More than one: the turn between two files lets one request through, the paced reading many.
    assert.ok(answersBetween(events, 'write small.837', 'write big.837') >= 3, events.join(' '));
    assert.equal(events.at(-1), 'upload answered');
  });

  void it('POST /api/remits/import: answers come while an 835 of 20,000 claims is read and prepared', async () => {
    const { payload, headers } = multipart([
      { name: 'small.835', content: write835(medicareRemittance(), 9) },
      { name: 'big.835', content: big835 },
    ]);
    const res = await whileUploading(
      () => t.as('biller', { method: 'POST', url: '/api/remits/import', headers, payload }),
      'write small.835',
    );
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    const body = res.json() as { files: { status: string; items?: number }[] };
    assert.deepEqual(
      body.files.map((f) => f.status),
      ['imported', 'imported'],
    );
    assert.equal(body.files[1]?.items, N);
    assert.ok(answersBetween(events, 'write small.835', 'write big.835') >= 3, events.join(' '));
  });
});

/** Every row an import writes, in order, without the file ids and times that differ between two stores. */
function rows(store: RecoveryStore): unknown[] {
  const all = (sql: string) => store.db.prepare(sql).all();
  return [
    all('SELECT kind, name, sha256, format, problems, items, added FROM recovery_files ORDER BY id'),
    all(
      'SELECT id, claim_key, claim_id, payer_claim_control_number, payer_name, payer_id, payer_kind, total_charge_cents, service_from, line_count, body, correction, sent_date FROM recovery_claims ORDER BY id',
    ),
    all(
      'SELECT id, payer_name, payer_id, payment_cents, payment_date, trace_number, header FROM recovery_remittances ORDER BY id',
    ),
    all(
      'SELECT id, remittance_id, remit_key, patient_control_number, payer_claim_control_number, status, charge_cents, paid_cents, line_count, body FROM recovery_remit_claims ORDER BY id',
    ),
  ];
}

const NOW = '2026-03-05T12:00:00.000Z';
const noPause = (): Promise<void> => Promise.resolve();

void describe('the paced reading and import give what the synchronous ones give', () => {
  // A claim cut short (no CLM amount) and a claim in the file twice: a read error in an item, and a repeat key.
  const claims = manyClaims(300);
  const text = write837P([...claims, claims[0] as Claim], 3).replace(
    new RegExp(`CLM\\*${claims[5]?.id}\\*[0-9.]+`),
    `CLM*${claims[5]?.id}*X`,
  );
  const bytes = new TextEncoder().encode(text);
  const remittanceBytes = new TextEncoder().encode(write835(bigRemittance(500), 4));

  void it('readClaimBytesPaced reads what readClaimBytes reads (837P, 835, JSON)', async () => {
    let paused = 0;
    const pace = () => {
      paused++;
      return turn();
    };
    assert.deepEqual(await readClaimBytesPaced('a.837', bytes, { pace }), readClaimBytes('a.837', bytes));
    assert.ok(paused > 1, 'paced 64 KiB at a time');
    assert.deepEqual(
      await readClaimBytesPaced('r.835', remittanceBytes, { pace }),
      readClaimBytes('r.835', remittanceBytes),
    );
    const json = new TextEncoder().encode(JSON.stringify({ claims: claims.slice(0, 3) }));
    assert.deepEqual(await readClaimBytesPaced('c.json', json, { pace }), readClaimBytes('c.json', json));
  });

  for (const [kind, name, data] of [
    ['claims', 'a.837', bytes],
    ['remittances', 'r.835', remittanceBytes],
  ] as const) {
    void it(`prepareImport + importPrepared store the same ${kind} rows and summary as the synchronous import`, async () => {
      const read = readClaimBytes(name, data);
      const meta = { format: read.format, problems: read.problems, now: NOW };
      const before = new RecoveryStore(openDatabase(':memory:'), { ownsDb: true });
      const paced = new RecoveryStore(openDatabase(':memory:'), { ownsDb: true });
      try {
        const file = { name, bytes: data };
        const summaries: ImportSummary[] = [];
        // Twice: the second time is already-imported on both.
        for (let i = 0; i < 2; i++) {
          const expected =
            kind === 'claims'
              ? before.importClaims(file, read.claims, meta)
              : before.importRemittances(file, read.remittances, meta);
          const got = paced.importPrepared(
            { name, sha256: RecoveryStore.hash(data) },
            await prepareImport(kind, read, noPause),
            meta,
          );
          assert.deepEqual(got, expected);
          summaries.push(got);
        }
        assert.deepEqual(
          summaries.map((s) => s.status),
          ['imported', 'already-imported'],
        );
        if (kind === 'claims') assert.equal(summaries[0]?.notStored.length, 1, 'the claim cut short');
        assert.deepEqual(rows(paced), rows(before));
      } finally {
        before.close();
        paced.close();
      }
    });
  }
});

void describe('an import is all or nothing', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.close();
  });

  void it('a write failing at its last claim leaves no row; the same file then imports whole', async () => {
    const text = write837P(manyClaims(3_000), 10);
    const store = t.recovery.store;
    const write = store.importPrepared.bind(store);
    // The last item breaks the write after every other claim of the file was inserted.
    store.importPrepared = (file, prepared, meta) => {
      const broken = { claim: {} as Claim, keyed: { body: '{}', key: 'broken' } };
      const withBroken: PreparedImport = { ...prepared, claims: [...prepared.claims, broken] };
      return write(file, withBroken, meta);
    };
    const post = () =>
      t.as('biller', {
        method: 'POST',
        url: '/api/claims/import?fileName=claims.837',
        headers: { 'content-type': 'application/edi-x12' },
        payload: text,
      });
    try {
      const failed = await post();
      assert.equal(failed.statusCode, 500);
      assert.equal(failed.json<{ code: string }>().code, 'internal');
      const counts = store.counts();
      assert.deepEqual([counts.files, counts.claims], [0, 0]);
    } finally {
      store.importPrepared = write;
    }
    const res = await post();
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.deepEqual(
      res.json<{ files: { status: string; added: number }[] }>().files.map((f) => [f.status, f.added]),
      [['imported', 3_000]],
    );
  });

  void it('two imports at once run one after the other: the same file twice is imported once', async () => {
    const text = write837P(manyClaims(2_000), 11);
    const post = () =>
      t.as('biller', {
        method: 'POST',
        url: '/api/claims/import?fileName=again.837',
        headers: { 'content-type': 'application/edi-x12' },
        payload: text,
      });
    const answers = await Promise.all([post(), post()]);
    assert.deepEqual(
      answers.map((r) => r.json<{ files: { status: string }[] }>().files[0]?.status),
      ['imported', 'already-imported'],
    );
  });
});
