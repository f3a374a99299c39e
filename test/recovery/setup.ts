/**
 * What the recovery store tests share besides the generated pair (fixtures.ts): a test file's analysis context and
 * temporary folder, the recovery tables and their rows, and a store's rows copied into an older schema.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { openDatabase, type Migration } from '../../src/adapters/store/database.ts';
import type { RecoveryStore } from '../../src/adapters/store/recovery/store.ts';
import { loadRecoveryRules, type RecoveryRules } from '../../src/adapters/store/recovery/rules-files.ts';
import type { AnalysisContext } from '../../src/core/recovery/analyze.ts';
import type { ReferenceData } from '../../src/core/reference/port.ts';
import { sharedReference } from '../support/reference.ts';
import { analysisContext } from './fixtures.ts';

/** A test file's analysis context (loaded before its tests: read it inside them) and temporary folder `prefix…` (removed after them). */
export function recoveryTestSetup(prefix: string): { ctx: () => AnalysisContext; tmp: string } {
  let loaded: AnalysisContext | undefined;
  before(async () => {
    loaded = await analysisContext();
  });
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const ctx = (): AnalysisContext => {
    assert.ok(loaded, 'the analysis context is loaded in before(): read it inside a test');
    return loaded;
  };
  return { ctx, tmp };
}

/** What a letter test drafts with: the install's recovery rules and the shared reference data (loaded before its tests). */
export function letterTestInputs(): { readonly rules: RecoveryRules; readonly reference: ReferenceData } {
  let rules: RecoveryRules | undefined;
  let reference: ReferenceData | undefined;
  before(async () => {
    reference = await sharedReference();
    const r = loadRecoveryRules();
    assert.ok(r.ok);
    rules = r.value;
  });
  return {
    get rules(): RecoveryRules {
      assert.ok(rules, 'the rules are loaded in before(): read them inside a test');
      return rules;
    },
    get reference(): ReferenceData {
      assert.ok(reference, 'the reference is loaded in before(): read it inside a test');
      return reference;
    },
  };
}

/** The tables a reconcile reads: the files and what was read from them (migration 010's revision counts their writes). */
export const INPUT_TABLES = [
  'recovery_files',
  'recovery_claims',
  'recovery_remittances',
  'recovery_remit_claims',
];

/** The worklist's items, the remittance claims behind them and their history (migrations 001-004). */
const WORKLIST_TABLES = ['recovery_findings', 'recovery_finding_sources', 'recovery_finding_history'];

/** Every recovery table, each after the tables it refers to (the order their rows can be copied in). */
export const RECOVERY_TABLES = [...INPUT_TABLES, ...WORKLIST_TABLES, 'recovery_packaged_lines'];

/** Every row of every recovery table, in id order. */
export function recoveryRows(store: RecoveryStore): Record<string, unknown[]> {
  return Object.fromEntries(
    RECOVERY_TABLES.map((t) => [
      t,
      store.db
        .prepare(`SELECT * FROM ${t} ORDER BY id`)
        .all()
        .map((r) => ({ ...r })),
    ]),
  );
}

/**
 * The rows of `store` (saved beside `path` as `path`.current, then closed), ids and all, copied into a new database at
 * `path` made by the older `migrations`: every table but the packaged lines (migration 005), each checked first to
 * have no column `absent` matches (the columns the migrations left out add).
 */
export function copyIntoOlderSchema(
  store: RecoveryStore,
  path: string,
  migrations: readonly Migration[],
  absent: RegExp,
): void {
  const current = `${path}.current`;
  store.db.exec(`VACUUM INTO '${current}'`);
  store.close();
  const old = openDatabase(path, { migrations });
  old.exec(`ATTACH DATABASE '${current}' AS cur`);
  for (const table of [...INPUT_TABLES, ...WORKLIST_TABLES]) {
    const cols = (old.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[])
      .map((c) => c.name)
      .join(', ');
    assert.doesNotMatch(cols, absent);
    old.exec(`INSERT INTO main.${table} (${cols}) SELECT ${cols} FROM cur.${table}`);
  }
  old.exec('DETACH DATABASE cur');
  old.close();
}
