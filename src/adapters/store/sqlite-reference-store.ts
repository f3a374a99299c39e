/**
 * The reference store on SQLite (node:sqlite). An import is one `BEGIN IMMEDIATE … COMMIT` transaction: SQLite's
 * journal (WAL) guarantees that a failure, or a kill of the process mid-import, leaves the previous state.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Problem } from '../../core/problem.ts';
import type { Release } from '../../core/reference/model.ts';
import { ReferenceIndex, type ReferenceEntry } from '../../core/reference/reference-index.ts';
import type { ParsedDataset } from '../cms/types.ts';
import { openDatabase, rollbackIfOpen } from './database.ts';
import {
  decodeValue,
  encodeValue,
  REFERENCE_MIGRATIONS,
  RELEASE_COLUMNS,
  TABLES,
  type TableSpec,
} from './reference-schema.ts';
import {
  releaseId,
  type LoadOptions,
  type ImportReleasesOptions,
  type ImportReleasesResult,
  type ReferenceStore,
  type ReleaseImport,
} from './types.ts';

export { REFERENCE_MIGRATIONS };

const RELEASE_SELECT = `SELECT ${Object.keys(RELEASE_COLUMNS)
  .map((p) => p.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`))
  .join(', ')} FROM ref_release`;

interface ReleaseRow {
  id: string;
  dataset: Release['dataset'];
  file_name: string;
  sha256: string;
  release_date: string | null;
  effective_from: string;
  effective_to: string | null;
  label: string;
  record_count: number;
  imported_at: string;
}

function rowToRelease(r: ReleaseRow): Release {
  return {
    id: r.id,
    dataset: r.dataset,
    fileName: r.file_name,
    sha256: r.sha256,
    releaseDate: r.release_date,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    label: r.label,
    recordCount: Number(r.record_count),
    importedAt: r.imported_at,
  };
}

export interface SqliteReferenceStoreOptions {
  /** Database file; default `$DRUGCLAIM_DB` or ~/.drugclaim/drugclaim.db. */
  path?: string;
}

export class SqliteReferenceStore implements ReferenceStore {
  readonly db: DatabaseSync;
  readonly path: string;
  private readonly insertStatements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, path: string) {
    this.db = db;
    this.path = path;
  }

  /** Opens (and migrates) the database file. */
  static open(options: SqliteReferenceStoreOptions = {}): SqliteReferenceStore {
    const db =
      options.path === undefined
        ? openDatabase(undefined, { migrations: REFERENCE_MIGRATIONS })
        : openDatabase(options.path, { migrations: REFERENCE_MIGRATIONS });
    return new SqliteReferenceStore(db, db.location() ?? options.path ?? ':memory:');
  }

  importReleases(
    datasets: readonly ParsedDataset[],
    options: ImportReleasesOptions = {},
  ): Promise<ImportReleasesResult> {
    return Promise.resolve(this.importSync(datasets, options));
  }

  private importSync(
    datasets: readonly ParsedDataset[],
    options: ImportReleasesOptions,
  ): ImportReleasesResult {
    const refused = datasets.flatMap((d) => d.problems.filter((p) => p.severity === 'error'));
    if (refused.length > 0) return { ok: false, problems: refused };
    const now = options.now ?? new Date().toISOString();
    const db = this.db;
    const bySha = db.prepare(`${RELEASE_SELECT} WHERE sha256 = ?`);
    const insertRelease = db.prepare(
      'INSERT INTO ref_release (id, dataset, file_name, sha256, release_date, effective_from, effective_to, label, record_count, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const results: ReleaseImport[] = [];
    const toWrite = datasets.length;
    let done = 0;
    db.exec('BEGIN IMMEDIATE');
    try {
      const batch = new Map<string, Release>();
      for (const d of datasets) {
        const existing =
          batch.get(d.release.sha256) ?? (bySha.get(d.release.sha256) as ReleaseRow | undefined);
        if (existing) {
          results.push({
            release: 'file_name' in existing ? rowToRelease(existing) : existing,
            status: 'already-imported',
          });
          done++;
          continue;
        }
        const release: Release = {
          ...d.release,
          id: releaseId(d.dataset, d.release.effectiveFrom, d.release.sha256),
          recordCount: d.records.length,
          importedAt: now,
        };
        insertRelease.run(
          release.id,
          release.dataset,
          release.fileName,
          release.sha256,
          release.releaseDate,
          release.effectiveFrom,
          release.effectiveTo,
          release.label,
          release.recordCount,
          release.importedAt,
        );
        this.insertRecords(TABLES[d.dataset], release.id, d.records);
        batch.set(release.sha256, release);
        results.push({ release, status: 'imported' });
        done++;
        options.onProgress?.({ release, done, total: toWrite });
      }
      db.exec('COMMIT');
    } catch (err) {
      rollbackIfOpen(db);
      const problem: Problem = {
        code: 'store.import-failed',
        severity: 'error',
        message: `import failed, nothing was written: ${err instanceof Error ? err.message : String(err)}`,
      };
      return { ok: false, problems: [problem] };
    }
    return { ok: true, releases: results };
  }

  private insertStatement(spec: TableSpec): StatementSync {
    let stmt = this.insertStatements.get(spec.table);
    if (!stmt) {
      const cols = ['release_id', 'seq', ...spec.columns.map((c) => c.column)];
      stmt = this.db.prepare(
        `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      );
      this.insertStatements.set(spec.table, stmt);
    }
    return stmt;
  }

  private insertRecords(spec: TableSpec, id: string, records: readonly object[]): void {
    const stmt = this.insertStatement(spec);
    const columns = spec.columns;
    const n = columns.length;
    const values: SQLInputValue[] = new Array<SQLInputValue>(n + 2);
    values[0] = id;
    for (let seq = 0; seq < records.length; seq++) {
      const record = records[seq] as Record<string, unknown>;
      values[1] = seq;
      for (let i = 0; i < n; i++) {
        const c = columns[i];
        if (c) values[i + 2] = encodeValue(c.type, record[c.property]);
      }
      stmt.run(...values);
    }
  }

  listReleases(): Promise<Release[]> {
    return Promise.resolve(this.listReleasesSync());
  }

  listReleasesSync(): Release[] {
    const rows = this.db
      .prepare(`${RELEASE_SELECT} ORDER BY dataset, effective_from, release_date, imported_at, id`)
      .all() as unknown as ReleaseRow[];
    return rows.map(rowToRelease);
  }

  async loadReferenceData(options: LoadOptions = {}): Promise<ReferenceIndex> {
    const pause = options.pause;
    if (options.lazy || pause === undefined) return this.loadSync(options);
    const entries: ReferenceEntry[] = [];
    for (const release of this.listReleasesSync()) {
      entries.push({
        release,
        records: this.readRecords(TABLES[release.dataset], release.id),
      } as ReferenceEntry);
      await pause();
    }
    return ReferenceIndex.build(entries).warmInSteps(pause);
  }

  /**
   * Reads every release's records (one query per release) and builds the in-memory index. With `lazy`, a
   * dataset's records are read on its first lookup instead (the store must then stay open while the index is used).
   */
  loadSync(options: LoadOptions = {}): ReferenceIndex {
    const entries: ReferenceEntry[] = [];
    for (const release of this.listReleasesSync()) {
      const spec = TABLES[release.dataset];
      const records = options.lazy
        ? () => this.readRecords(spec, release.id)
        : this.readRecords(spec, release.id);
      entries.push({ release, records } as ReferenceEntry);
    }
    const index = ReferenceIndex.build(entries);
    return options.lazy ? index : index.warm();
  }

  private readRecords(spec: TableSpec, id: string): object[] {
    const stmt = this.db.prepare(
      `SELECT ${spec.columns.map((c) => c.column).join(', ')} FROM ${spec.table} WHERE release_id = ? ORDER BY seq`,
    );
    stmt.setReturnArrays(true);
    const rows = stmt.all(id) as unknown as unknown[][];
    const columns = spec.columns;
    const out: object[] = new Array<object>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] ?? [];
      const record: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i];
        if (c) record[c.property] = decodeValue(c.type, row[i]);
      }
      out[r] = record;
    }
    return out;
  }

  deleteRelease(id: string): Promise<boolean> {
    const result = this.db.prepare('DELETE FROM ref_release WHERE id = ?').run(id);
    return Promise.resolve(Number(result.changes) > 0);
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}
