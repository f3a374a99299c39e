/**
 * `drugclaim data import --from DIR [--json]`, `data status [--json]`, `data releases [--dataset X] [--json]`,
 * `data remove RELEASE-ID [--json]`, `data sync [--base-url URL] [--timeout S] [--json]`: load and inspect the
 * reference store. `data backup OUT [--force] [--json]`: copy the whole store (docs/operations.md).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { compareReleases, DATASET_TITLES, uncoveredDatasets } from '../../../core/reference/as-of.ts';
import type { DatasetKind, Release } from '../../../core/reference/model.ts';
import type { Problem } from '../../../core/problem.ts';
import {
  baseUrlProblem,
  DEFAULT_TIMEOUT_MS,
  syncFromCms,
  type SyncOptions,
  type SyncReport,
} from '../../cms-sync/index.ts';
import {
  defaultDatabasePath,
  importFolder,
  type FileImportRow,
  type ImportReport,
} from '../../store/index.ts';
import { backupStore } from '../../store/backup.ts';
import {
  EXIT_ERROR,
  EXIT_NO,
  eprintln,
  formatTable,
  parseDateOption,
  printJson,
  println,
  today,
} from '../output.ts';
import { SyncProgressView } from './sync-progress.ts';
import { noStoreMessage, openStoreAt, StoreOnFirstUse } from './store-access.ts';

/** Warnings shown per file in text; the rest are counted and left to `--json`. */
const WARNINGS_SHOWN_PER_FILE = 20;

const ms = (n: number): number => Math.round(n * 10) / 10;

function secs(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`;
}

/** The JSON of one import (also used inside `data sync`). */
export function importJson(report: ImportReport): object {
  return {
    ok: report.ok,
    files: report.rows.map((r) => ({ ...r, ms: ms(r.ms) })),
    problems: report.problems,
    storeMs: ms(report.storeMs),
    totalMs: ms(report.totalMs),
  };
}

function period(r: { effectiveFrom: string | null; effectiveTo: string | null }): string {
  if (r.effectiveFrom === null) return '';
  return `${r.effectiveFrom} to ${r.effectiveTo ?? '(open)'}`;
}

export function printImportReport(report: ImportReport): void {
  const rows = [['file', 'dataset', 'release', 'effective', 'records', 'status', 'time']];
  for (const r of report.rows) {
    rows.push([
      r.file,
      r.dataset ?? '',
      r.label ?? '',
      period(r),
      r.records === null ? '' : String(r.records),
      r.status,
      secs(r.ms),
    ]);
  }
  for (const line of formatTable(rows)) println(line);
  const count = (s: FileImportRow['status']): number => report.rows.filter((r) => r.status === s).length;
  for (const r of report.rows) {
    if (r.descriptors && r.status === 'imported') {
      println(
        `${r.file}: ${r.descriptors.parsed} procedure descriptors give a billing unit; ${r.descriptors.unparsed} are kept as unparsed.`,
      );
    }
  }
  const errors = report.rows.flatMap((r) => r.problems.filter((p) => p.severity === 'error'));
  const warnings = report.rows.reduce(
    (n, r) => n + r.problems.filter((p) => p.severity === 'warning').length,
    report.problems.filter((p) => p.severity === 'warning').length,
  );
  if (report.ok) {
    printWarnings(report);
    println(
      `Imported ${count('imported')} release(s), ${count('already-imported')} already imported, ${count('companion-skipped')} companion file(s) skipped` +
        `${warnings > 0 ? `, ${warnings} warning(s)` : ''}; total ${secs(report.totalMs)} (store ${secs(report.storeMs)}).`,
    );
    return;
  }
  eprintln('Import refused: nothing was written, the store is unchanged.');
  for (const p of [...report.problems, ...errors].slice(0, 50)) eprintln(`  ${p.message}`);
  if (errors.length > 50) eprintln(`  … and ${errors.length - 50} more`);
}

const folderGroup = 'the folder';

/** The warnings of an import, grouped by file: where (line, field) and what. */
function printWarnings(report: ImportReport): void {
  const groups: [string, Problem[]][] = [];
  const folder = report.problems.filter((p) => p.severity === 'warning');
  if (folder.length > 0) groups.push([folderGroup, folder]);
  for (const r of report.rows) {
    const list = r.problems.filter((p) => p.severity === 'warning');
    if (list.length > 0) groups.push([r.file, list]);
  }
  for (const [file, list] of groups) {
    println(`warning(s) in ${file}:`);
    // The folder's own warnings each name their entry: nothing to take off.
    for (const p of list.slice(0, WARNINGS_SHOWN_PER_FILE))
      println(`  ${file === folderGroup ? p.message : warningLine(p)}`);
    if (list.length > WARNINGS_SHOWN_PER_FILE)
      println(`  … and ${list.length - WARNINGS_SHOWN_PER_FILE} more, see --json`);
  }
}

/**
 * "line 4897, field "NDC2": …": the readers' messages start with the file's name, which the group heading already
 * gives; the position is taken from the problem itself so that every line has it.
 */
export function warningLine(p: Problem): string {
  let text = p.message;
  const file = p.at?.file;
  if (file !== undefined) {
    for (const name of [file, basename(file)]) {
      if (!text.startsWith(name)) continue;
      const rest = /^(?:, line \d+)?(?:, field "[^"]*")?: /.exec(text.slice(name.length));
      if (rest) {
        text = text.slice(name.length + rest[0].length);
        break;
      }
    }
  }
  const where = [
    p.at?.line !== undefined ? `line ${p.at.line}` : '',
    p.at?.field !== undefined ? `field "${p.at.field}"` : '',
  ].filter((x) => x !== '');
  return where.length > 0 ? `${where.join(', ')}: ${text}` : text;
}

function releaseJson(r: Release): Release {
  return r;
}

const DATASETS = Object.keys(DATASET_TITLES) as DatasetKind[];

function parseDataset(value: string): DatasetKind {
  if (!(DATASETS as string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${DATASETS.join(', ')}; got "${value}"`);
  return value as DatasetKind;
}

/** Seconds (a positive number, at most an hour) → milliseconds. */
function parseTimeout(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > 3600)
    throw new InvalidArgumentError(
      `expected a number of seconds, more than 0 and at most 3600; got "${value}"`,
    );
  return n * 1000;
}

function parseBaseUrl(value: string): string {
  const why = baseUrlProblem(value);
  if (why !== undefined) throw new InvalidArgumentError(why);
  return value;
}

/**
 * For each release, the release that shadows it: one of the same dataset and effective start that sorts after it
 * (newer publisher date, then newer import), so it answers instead for every date both cover.
 */
function shadowedBy(releases: readonly Release[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of releases) {
    const newer = releases
      .filter(
        (o) => o.dataset === r.dataset && o.effectiveFrom === r.effectiveFrom && compareReleases(o, r) > 0,
      )
      .sort(compareReleases)
      .at(-1);
    if (newer) out.set(r.id, newer.id);
  }
  return out;
}

const stamp = (iso: string): string => iso.slice(0, 19).replace('T', ' ');

/**
 * The store an import writes to, opened on first use. A store that does not exist yet has no releases: the import's
 * record-count check reads them without creating the file, so a refused import still leaves no empty store behind.
 */
class ImportTarget extends StoreOnFirstUse {
  override listReleases(): Promise<Release[]> {
    return existsSync(this.path) ? super.listReleases() : Promise.resolve([]);
  }
}

export function register(program: Command): void {
  const data = program
    .command('data')
    .description('Load and inspect the reference store (CMS code sets, versioned by release)');

  data
    .command('import')
    .description('Import every recognised CMS file of a folder, all-or-nothing')
    .requiredOption('--from <dir>', 'folder of CMS files (searched recursively), e.g. ../shared/data')
    .option(
      '--allow-fewer-records',
      'import a file even when it has markedly fewer records than the release it replaces or follows (normally refused as cut short)',
    )
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (opts: { from: string; allowFewerRecords?: boolean; json?: boolean }) => {
      const dir = resolve(opts.from);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        eprintln(`drugclaim: ${dir} is not a folder.`);
        process.exitCode = EXIT_ERROR;
        return;
      }
      const store = new ImportTarget(defaultDatabasePath());
      try {
        const report = await importFolder(store, dir, { allowFewerRecords: opts.allowFewerRecords ?? false });
        if (opts.json) printJson({ database: store.path, from: dir, ...importJson(report) });
        else printImportReport(report);
        if (!report.ok) process.exitCode = EXIT_NO;
      } finally {
        await store.close();
      }
    });

  data
    .command('status')
    .description('List the releases in the store and the datasets no release covers today')
    .option('--date <YYYY-MM-DD>', 'the day to check coverage for (default: today)', parseDateOption)
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (opts: { date?: string; json?: boolean }) => {
      const path = defaultDatabasePath();
      const date = opts.date ?? today();
      // A status query never creates a store: opening the path would make an empty database file (and folder).
      if (!existsSync(path)) {
        const message = noStoreMessage(path);
        if (opts.json)
          printJson({ database: path, date, exists: false, releases: [], uncovered: [], message });
        else println(message);
        process.exitCode = EXIT_NO;
        return;
      }
      const store = openStoreAt(path);
      try {
        const releases = await store.listReleases();
        const uncovered = uncoveredDatasets(releases, date);
        if (opts.json) {
          printJson({
            database: store.path,
            date,
            exists: true,
            releases: releases.map(releaseJson),
            uncovered: uncovered.map((u) => ({
              dataset: u.dataset,
              why: u.why,
              nearestReleaseId: u.nearest.id,
              message: u.message,
            })),
          });
          return;
        }
        println(`Database: ${store.path}`);
        if (releases.length === 0) {
          println('No reference data yet: run `drugclaim data import --from DIR` or `drugclaim data sync`.');
          return;
        }
        const rows = [['dataset', 'release', 'effective', 'published', 'records', 'file', 'imported']];
        for (const r of releases) {
          rows.push([
            r.dataset,
            r.label,
            period(r),
            r.releaseDate ?? '',
            String(r.recordCount),
            r.fileName,
            r.importedAt.slice(0, 19).replace('T', ' '),
          ]);
        }
        for (const line of formatTable(rows)) println(line);
        for (const u of uncovered) println(`warning: ${u.message}`);
        if (uncovered.length > 0)
          println(
            `Lookups for ${date} in ${uncovered.length === 1 ? 'that dataset' : `those ${uncovered.length} datasets`} are answered from a release not in force. ` +
              'Load the current files: `drugclaim data sync`, or `drugclaim data import --from DIR`.',
          );
      } finally {
        await store.close();
      }
    });

  data
    .command('releases')
    .description('List every release in the store: id, dataset, period, file, SHA-256, import time')
    .option('--dataset <name>', `only this dataset (${DATASETS.join(', ')})`, parseDataset)
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (opts: { dataset?: DatasetKind; json?: boolean }) => {
      const path = defaultDatabasePath();
      if (!existsSync(path)) {
        const message = noStoreMessage(path);
        if (opts.json) printJson({ database: path, exists: false, releases: [], message });
        else println(message);
        process.exitCode = EXIT_NO;
        return;
      }
      const store = openStoreAt(path);
      let releases: Release[];
      try {
        releases = await store.listReleases();
      } finally {
        await store.close();
      }
      const shadow = shadowedBy(releases);
      const shown = releases.filter((r) => opts.dataset === undefined || r.dataset === opts.dataset);
      if (opts.json) {
        printJson({
          database: path,
          exists: true,
          releases: shown.map((r) => ({ ...r, shadowedBy: shadow.get(r.id) ?? null })),
        });
        return;
      }
      if (shown.length === 0) {
        println(
          opts.dataset === undefined ? `No release in ${path}.` : `No ${opts.dataset} release in ${path}.`,
        );
        return;
      }
      const rows = [['id', 'dataset', 'effective', 'file', 'sha256', 'imported', 'note']];
      for (const r of shown) {
        const by = shadow.get(r.id);
        rows.push([
          r.id,
          r.dataset,
          period(r),
          r.fileName,
          r.sha256,
          stamp(r.importedAt),
          by === undefined ? '' : `shadowed by ${by} (same start)`,
        ]);
      }
      for (const line of formatTable(rows)) println(line);
      if (shadow.size > 0)
        println(
          'A shadowed release never answers: another file for the same period is newer. Remove the one you do not want with `drugclaim data remove RELEASE-ID`.',
        );
    });

  data
    .command('remove')
    .description('Remove one release and its records from the store (ids: `drugclaim data releases`)')
    .argument('<release-id>', 'e.g. asp:2026-01-01:2374d611')
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const path = defaultDatabasePath();
      if (!existsSync(path)) {
        const message = noStoreMessage(path);
        if (opts.json) printJson({ database: path, removed: null, message });
        else eprintln(`drugclaim: ${message}`);
        process.exitCode = EXIT_NO;
        return;
      }
      const store = openStoreAt(path);
      let removed: Release | undefined;
      let remaining: Release[] = [];
      try {
        const before = await store.listReleases();
        removed = before.find((r) => r.id === id.trim());
        if (removed && (await store.deleteRelease(removed.id)))
          remaining = (await store.listReleases()).filter((r) => r.dataset === removed?.dataset);
        else removed = undefined;
      } finally {
        await store.close();
      }
      if (!removed) {
        const message = `No release ${id.trim()} in ${path}: nothing was removed. \`drugclaim data releases\` lists the ids.`;
        if (opts.json) printJson({ database: path, removed: null, message });
        else eprintln(`drugclaim: ${message}`);
        process.exitCode = EXIT_NO;
        return;
      }
      const gone = removed;
      const samePeriod = remaining
        .filter((r) => r.effectiveFrom === gone.effectiveFrom && r.effectiveTo === gone.effectiveTo)
        .sort(compareReleases)
        .at(-1);
      const after =
        samePeriod !== undefined
          ? `${samePeriod.fileName} (release ${samePeriod.id}) now answers for ${period(gone)}.`
          : remaining.length === 0
            ? `No ${gone.dataset} release is left in the store.`
            : `${remaining.length} other ${gone.dataset} release(s) remain; none has the same period.`;
      const message =
        `Removed release ${gone.id}: ${gone.label}, ${period(gone)}, ${gone.fileName} ` +
        `(SHA-256 ${gone.sha256}, ${gone.recordCount} records, imported ${stamp(gone.importedAt)}). ${after}`;
      if (opts.json)
        printJson({
          database: path,
          removed: gone,
          answeringReleaseId: samePeriod?.id ?? null,
          message,
        });
      else println(message);
    });

  data
    .command('backup')
    .description(
      'Copy the whole store (reference data, claims, accounts, audit log) to OUT, consistent while a server runs; OUT is made 0600',
    )
    .argument('<out>', 'the backup file to create, e.g. /var/backups/drugclaim/drugclaim-2026-05-01.db')
    .option('--force', 'replace OUT when it exists')
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (out: string, opts: { force?: boolean; json?: boolean }) => {
      const path = defaultDatabasePath();
      const result = await backupStore(path, out, { force: opts.force ?? false });
      if (!result.ok) {
        if (opts.json) printJson({ database: path, ...result });
        else eprintln(`drugclaim: ${result.message}`);
        process.exitCode = EXIT_ERROR;
        return;
      }
      if (opts.json) {
        printJson({ database: path, ...result });
        return;
      }
      println(
        `Backed up ${path} to ${result.path}: ${result.bytes} bytes (${(result.bytes / 1048576).toFixed(1)} MiB), ` +
          `mode ${result.mode}, integrity check ok.`,
      );
      println(`Schema versions: ${result.schemaVersions.join(', ') || '(none: an empty store)'}`);
    });

  data
    .command('sync')
    .description(
      "Download the current quarter's files from CMS (URLs in src/adapters/cms-sync/sources.json), verify and import them",
    )
    .option(
      '--base-url <url>',
      'download from a mirror laid out like ../shared/data (<folder>/<file>) instead of the publishers',
      parseBaseUrl,
    )
    .option(
      '--timeout <seconds>',
      `give a request up when no response or no new data arrives for this long (default ${DEFAULT_TIMEOUT_MS / 1000}); it is retried once`,
      parseTimeout,
    )
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (opts: { baseUrl?: string; timeout?: number; json?: boolean }) => {
      const path = defaultDatabasePath();
      const view = new SyncProgressView(process.stderr);
      const options: SyncOptions = { onProgress: (p) => view.update(p) };
      if (opts.baseUrl !== undefined) options.baseUrl = opts.baseUrl;
      if (opts.timeout !== undefined) options.timeoutMs = opts.timeout;
      // Opened when the downloads are in and the import starts: a failed sync creates no empty store.
      const store = new ImportTarget(path);
      let report: SyncReport;
      try {
        report = await syncFromCms(store, options);
      } finally {
        view.stop();
        await store.close();
      }
      if (opts.json) {
        printJson({
          database: path,
          ok: report.ok,
          downloads: report.downloads.map((d) => ({ ...d, ms: ms(d.ms) })),
          import: report.import ? importJson(report.import) : null,
          problems: report.problems,
          totalMs: ms(report.totalMs),
        });
      } else {
        const rows = [['source', 'url', 'status', 'bytes', 'time']];
        for (const d of report.downloads)
          rows.push([
            d.id,
            d.url ?? '(none: mirror only)',
            d.status,
            d.bytes === null ? '' : String(d.bytes),
            secs(d.ms),
          ]);
        for (const line of formatTable(rows)) println(line);
        if (report.import) printImportReport(report.import);
        if (!report.ok) {
          eprintln('Sync failed: the store is unchanged.');
          // A refused import has listed its reasons already.
          if (!report.import) for (const p of report.problems) eprintln(`  ${p.message}`);
        }
      }
      if (!report.ok) process.exitCode = EXIT_NO;
    });
}
