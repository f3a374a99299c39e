/**
 * `drugclaim data import --from DIR [--json]`, `drugclaim data status [--json]`,
 * `drugclaim data sync [--base-url URL] [--json]`: load and inspect the reference store.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { uncoveredDatasets } from '../../../core/reference/as-of.ts';
import type { Release } from '../../../core/reference/model.ts';
import { syncFromCms, type SyncReport } from '../../cms-sync/index.ts';
import {
  defaultDatabasePath,
  importFolder,
  openReferenceStore,
  type FileImportRow,
  type ImportReport,
} from '../../store/index.ts';
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
    0,
  );
  if (report.ok) {
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

function releaseJson(r: Release): Release {
  return r;
}

export function register(program: Command): void {
  const data = program
    .command('data')
    .description('Load and inspect the reference store (CMS code sets, versioned by release)');

  data
    .command('import')
    .description('Import every recognised CMS file of a folder, all-or-nothing')
    .requiredOption('--from <dir>', 'folder of CMS files (searched recursively), e.g. ../shared/data')
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (opts: { from: string; json?: boolean }) => {
      const dir = resolve(opts.from);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        eprintln(`drugclaim: ${dir} is not a folder.`);
        process.exitCode = EXIT_ERROR;
        return;
      }
      const store = openReferenceStore();
      try {
        const report = await importFolder(store, dir);
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
        const message = `No store at ${path}. Create it with \`drugclaim data import --from DIR\` or \`drugclaim data sync\`, or point DRUGCLAIM_DB at an existing store.`;
        if (opts.json)
          printJson({ database: path, date, exists: false, releases: [], uncovered: [], message });
        else println(message);
        process.exitCode = EXIT_NO;
        return;
      }
      const store = openReferenceStore();
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
    .command('sync')
    .description(
      "Download the current quarter's files from CMS (URLs in src/adapters/cms-sync/sources.json), verify and import them",
    )
    .option(
      '--base-url <url>',
      'download from a mirror laid out like ../shared/data (<folder>/<file>) instead of the publishers',
    )
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (opts: { baseUrl?: string; json?: boolean }) => {
      const store = openReferenceStore();
      let report: SyncReport;
      try {
        report = await syncFromCms(store, opts.baseUrl === undefined ? {} : { baseUrl: opts.baseUrl });
      } finally {
        await store.close();
      }
      if (opts.json) {
        printJson({
          database: defaultDatabasePath(),
          ok: report.ok,
          downloads: report.downloads,
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
          for (const p of report.problems) eprintln(`  ${p.message}`);
        }
      }
      if (!report.ok) process.exitCode = EXIT_NO;
    });
}
