/**
 * A recovery store in memory that a test scenario imports X12 files into, through the same readers as the CLI,
 * each import followed by reconcile: what the lifecycle, reversal and idempotency tests share.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { importRecoveryFile } from '../../src/adapters/store/recovery/session.ts';
import {
  RecoveryStore,
  type FindingRow,
  type ReconcileSummary,
} from '../../src/adapters/store/recovery/store.ts';
import type { Claim, Remittance } from '../../src/core/claim/model.ts';
import type { AnalysisContext } from '../../src/core/recovery/analyze.ts';
import { write835, write837P } from './fixtures.ts';

export class StoreScenario {
  readonly store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
    ownsDb: true,
  });
  /** Next interchange control number for the files a scenario writes. */
  protected control = 1;

  private readonly ctx: () => AnalysisContext;
  private readonly dir: string;

  /** `ctx` is read at each import (tests set it in `before`); files go to `dir`. */
  constructor(ctx: () => AnalysisContext, dir: string) {
    this.ctx = ctx;
    this.dir = dir;
  }

  /** Writes the text to a new file, imports it (claims or remittances) and reconciles as of `now`. */
  protected importText(text: string, kind: 'claims' | 'remittances', now: string): ReconcileSummary {
    const path = join(this.dir, `${kind}-${randomUUID()}.${kind === 'claims' ? '837' : '835'}`);
    writeFileSync(path, text);
    const r = importRecoveryFile(this.store, path, kind);
    assert.ok(r.ok && r.summary.status === 'imported', JSON.stringify(r));
    return this.store.reconcile(this.ctx(), { now });
  }

  /** Imports an 837P of these claims (the fixtures' writer, the next control number) and reconciles as of `now`. */
  protected importClaims(claims: readonly Claim[], now: string): ReconcileSummary {
    return this.importText(write837P(claims, this.control++), 'claims', now);
  }

  /** Imports an 835 of this remittance (the fixtures' writer, the next control number) and reconciles as of `now`. */
  protected importRemittance(r: Remittance, now: string): ReconcileSummary {
    return this.importText(write835(r, this.control++), 'remittances', now);
  }

  /** The RC1004 prior-authorization denial (CO-197) of the generated pair. */
  priorAuth(): FindingRow {
    const [it] = this.store.denials({ claimId: 'RC1004', cause: 'prior-authorization' });
    assert.ok(it);
    return it;
  }

  /** "Recovered so far" on the dashboard. */
  recoveredSoFar(): number {
    return this.store.totals('status').reduce((n, t) => n + t.recoveredCents, 0);
  }

  /** What the open worklist holds to recover. */
  openRecoverable(): number {
    return this.store.worklist().reduce((n, w) => n + w.recoverableCents, 0);
  }
}
