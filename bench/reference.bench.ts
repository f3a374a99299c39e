/**
 * Reference store benchmark: full import of every dataset in ../shared/data into a fresh database, loading it back
 * into memory, and 100k random as-of lookups (HCPCS + ASP + MUE + NDC packages for one code on one date).
 *
 * Compares the in-memory ReferenceIndex (what drugclaim uses), node:sqlite prepared statements (what drugclaim
 * stores in), and better-sqlite3 when it is installed in .tmp/bsq (bench-only, not a dependency):
 *   npm install better-sqlite3 --prefix .tmp/bsq --no-save
 * Set BENCH_LOOKUPS to change the number of lookups (default 100000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFolder } from '../src/adapters/store/import.ts';
import { readDatasetFile } from '../src/adapters/cms/index.ts';
import type { ParsedDataset } from '../src/adapters/cms/types.ts';
import { REFERENCE_MIGRATIONS, SqliteReferenceStore } from '../src/adapters/store/sqlite-reference-store.ts';
import { encodeValue, TABLES } from '../src/adapters/store/reference-schema.ts';
import { releaseId } from '../src/adapters/store/types.ts';
import type { ReferenceIndex } from '../src/core/reference/reference-index.ts';
import type { BenchModule, BenchRow } from './types.ts';
import { mulberry32 } from '../test/support/random.ts';

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..');
const dataDir = process.env['DRUGCLAIM_SHARED']
  ? join(process.env['DRUGCLAIM_SHARED'], 'data')
  : resolve(repoRoot, '..', 'shared', 'data');
const LOOKUPS = Number(process.env['BENCH_LOOKUPS'] ?? 100_000);

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

interface Question {
  code: string;
  date: string;
}

function questions(ref: ReferenceIndex): Question[] {
  const rnd = mulberry32(42);
  const drugCodes = ref.allHcpcs('2026-01-15').map((s) => s.value.code);
  const out: Question[] = [];
  const start = Date.UTC(2025, 9, 1);
  const days = 456; // 2025-10-01 … 2026-12-31: in force, between releases and after them
  for (let i = 0; i < LOOKUPS; i++) {
    const code = drugCodes[Math.floor(rnd() * drugCodes.length)] ?? 'J9173';
    const date = new Date(start + Math.floor(rnd() * days) * 86_400_000).toISOString().slice(0, 10);
    out.push({ code, date });
  }
  return out;
}

/** Times each question (all four lookups) separately; returns µs per question, sorted. */
function timeLookups(qs: readonly Question[], ask: (q: Question) => unknown): Float64Array {
  for (let i = 0; i < Math.min(2000, qs.length); i++) ask(qs[i] as Question); // warm up
  const times = new Float64Array(qs.length);
  let sink = 0;
  for (let i = 0; i < qs.length; i++) {
    const q = qs[i] as Question;
    const t0 = process.hrtime.bigint();
    const r = ask(q);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (r !== undefined) sink++;
  }
  if (sink < 0) console.log(sink);
  return times.sort();
}

function lookupRows(subject: string, times: Float64Array, note?: string): BenchRow[] {
  const p50 = percentile(times, 0.5);
  const p99 = percentile(times, 0.99);
  const base = {
    benchmark: `reference lookup ×${times.length} (hcpcs+asp+mue+ndc, as of a date)`,
    subject,
    unit: 'µs',
  };
  return [
    { ...base, metric: 'p50', value: p50, ...(note ? { note } : {}) },
    { ...base, metric: 'p99', value: p99, target: '< 50 µs', met: p99 < 50 },
  ];
}

/** SQL for one as-of lookup: the newest release of the dataset covering the date, then the code in it. */
const asOf = (table: string, dataset: string, key = 'code'): string =>
  `SELECT t.* FROM ${table} t WHERE t.release_id = (
     SELECT r.id FROM ref_release r WHERE r.dataset = '${dataset}' AND r.effective_from <= :date
       AND (r.effective_to IS NULL OR r.effective_to >= :date)
     ORDER BY r.effective_from DESC, r.release_date DESC, r.imported_at DESC LIMIT 1)
   AND t.${key} = :code`;

const LOOKUP_SQL = {
  hcpcs: asOf('ref_hcpcs', 'hcpcs'),
  asp: asOf('ref_asp', 'asp'),
  mue: asOf('ref_mue', 'mue-practitioner'),
  ndc: asOf('ref_ndc_crosswalk', 'ndc-crosswalk'),
};

interface SqlDb {
  prepare(sql: string): { get(...args: unknown[]): unknown; all(...args: unknown[]): unknown[] };
}

function sqlAsker(db: SqlDb): (q: Question) => unknown {
  const hcpcs = db.prepare(LOOKUP_SQL.hcpcs);
  const asp = db.prepare(LOOKUP_SQL.asp);
  const mue = db.prepare(LOOKUP_SQL.mue);
  const ndc = db.prepare(LOOKUP_SQL.ndc);
  return (q) => {
    const params = { date: q.date, code: q.code };
    const h = hcpcs.get(params);
    const a = asp.get(params);
    const m = mue.get(params);
    const n = ndc.all(params);
    return h ?? a ?? m ?? n;
  };
}

interface BetterSqlite3Db extends SqlDb {
  exec(sql: string): void;
  pragma(sql: string): unknown;
  transaction(fn: () => void): () => void;
  prepare(sql: string): {
    get(...args: unknown[]): unknown;
    all(...args: unknown[]): unknown[];
    run(...args: unknown[]): unknown;
  };
  close(): void;
}

function loadBetterSqlite3(): (new (path: string) => BetterSqlite3Db) | undefined {
  try {
    const require = createRequire(join(repoRoot, '.tmp', 'bsq', 'package.json'));
    return require('better-sqlite3') as new (path: string) => BetterSqlite3Db;
  } catch {
    return undefined;
  }
}

/** The same schema and the same rows as the node:sqlite store, written with better-sqlite3. */
function importWithBetterSqlite3(
  Database: new (path: string) => BetterSqlite3Db,
  path: string,
  datasets: readonly ParsedDataset[],
): BetterSqlite3Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  for (const m of REFERENCE_MIGRATIONS) db.exec(m.sql);
  const insertRelease = db.prepare(
    'INSERT INTO ref_release (id, dataset, file_name, sha256, release_date, effective_from, effective_to, label, record_count, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    const seen = new Set<string>();
    for (const d of datasets) {
      if (seen.has(d.release.sha256)) continue;
      seen.add(d.release.sha256);
      const id = releaseId(d.dataset, d.release.effectiveFrom, d.release.sha256);
      const r = d.release;
      insertRelease.run(
        id,
        r.dataset,
        r.fileName,
        r.sha256,
        r.releaseDate,
        r.effectiveFrom,
        r.effectiveTo,
        r.label,
        d.records.length,
        now,
      );
      const spec = TABLES[d.dataset];
      const cols = ['release_id', 'seq', ...spec.columns.map((c) => c.column)];
      const stmt = db.prepare(
        `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      );
      d.records.forEach((record, seq) => {
        const values = spec.columns.map((c) =>
          encodeValue(c.type, (record as unknown as Record<string, unknown>)[c.property]),
        );
        stmt.run(id, seq, ...values);
      });
    }
  })();
  return db;
}

export const benchmark: BenchModule = {
  name: 'reference',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-bench-'));
    try {
      // 1. Full import: read + parse every file, then one transaction into a fresh database.
      const t0 = performance.now();
      const files = readFolder(dataDir);
      const datasets: ParsedDataset[] = [];
      for (const f of files) {
        const r = readDatasetFile({ name: f.name, bytes: f.bytes });
        if (r.dataset !== undefined) datasets.push(r);
      }
      const tParsed = performance.now();
      const store = SqliteReferenceStore.open({ path: join(tmp, 'node-sqlite.db') });
      const result = await store.importReleases(datasets);
      if (!result.ok) throw new Error(`import failed: ${result.problems.map((p) => p.message).join('; ')}`);
      const tImported = performance.now();
      const records = datasets.reduce((n, d) => n + d.records.length, 0);
      rows.push(
        {
          benchmark: 'reference import (all datasets)',
          subject: 'CMS readers',
          metric: 'read + parse',
          value: (tParsed - t0) / 1000,
          unit: 's',
          note: `${datasets.length} files, ${records} records`,
        },
        {
          benchmark: 'reference import (all datasets)',
          subject: 'node:sqlite',
          metric: 'write (1 transaction)',
          value: (tImported - tParsed) / 1000,
          unit: 's',
        },
        {
          benchmark: 'reference import (all datasets)',
          subject: 'node:sqlite',
          metric: 'total',
          value: (tImported - t0) / 1000,
          unit: 's',
          target: '< 5 s',
          met: tImported - t0 < 5000,
        },
      );

      // 2. Load everything back into memory (what every command and the server do at start).
      const tl = performance.now();
      const ref = await store.loadReferenceData();
      rows.push({
        benchmark: 'reference load (store → memory index)',
        subject: 'node:sqlite',
        metric: 'load',
        value: (performance.now() - tl) / 1000,
        unit: 's',
      });

      // 3. Lookups.
      const qs = questions(ref);
      const inMemory = timeLookups(qs, (q) => {
        const h = ref.hcpcs(q.code, q.date);
        const a = ref.aspLimit(q.code, q.date);
        const m = ref.mue(q.code, 'practitioner', q.date);
        const n = ref.ndcPackagesForCode(q.code, q.date);
        return h ?? a ?? m ?? n;
      });
      rows.push(...lookupRows('ReferenceIndex (in memory)', inMemory, 'what drugclaim uses'));
      rows.push(
        ...lookupRows('node:sqlite (prepared SQL)', timeLookups(qs, sqlAsker(store.db as unknown as SqlDb))),
      );
      await store.close();

      // 4. better-sqlite3, when installed for the bench.
      const Better = loadBetterSqlite3();
      if (Better) {
        const tb = performance.now();
        const db = importWithBetterSqlite3(Better, join(tmp, 'better-sqlite3.db'), datasets);
        rows.push({
          benchmark: 'reference import (all datasets)',
          subject: 'better-sqlite3',
          metric: 'write (1 transaction)',
          value: (performance.now() - tb) / 1000,
          unit: 's',
        });
        rows.push(...lookupRows('better-sqlite3 (prepared SQL)', timeLookups(qs, sqlAsker(db))));
        db.close();
      } else {
        rows.push({
          benchmark: 'reference import (all datasets)',
          subject: 'better-sqlite3',
          metric: 'not installed',
          value: 0,
          unit: '-',
          note: 'see docs/reference-store.md: npm install better-sqlite3 --prefix .tmp/bsq --no-save',
        });
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return rows;
  },
};
