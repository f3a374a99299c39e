/**
 * `data import` / `data sync` orchestration: read every file, recognise and parse it with the CMS readers, then
 * import every release in ONE store transaction. Any rejected file means nothing is imported (all-or-nothing).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Problem } from '../../core/problem.ts';
import type { DatasetKind, IsoDate } from '../../core/reference/model.ts';
import { parseDescriptor } from '../../core/reference/descriptor.ts';
import { readDatasetFile } from '../cms/index.ts';
import type { InputFile, ParsedDataset } from '../cms/types.ts';
import type { ImportReleasesOptions, ReferenceStore } from './types.ts';

export type FileImportStatus =
  /** Written to the store. */
  | 'imported'
  /** The same file (SHA-256) is already in the store: nothing to do. */
  | 'already-imported'
  /** Another form of a file that is imported (xlsx beside its CSV, zip beside its members, layout notes…). */
  | 'companion-skipped'
  /** Unknown or malformed: see `problems`. One rejected file stops the whole import. */
  | 'rejected'
  /** Read fine, but not imported because another file was rejected (or the store refused the import). */
  | 'not-imported';

export interface FileImportRow {
  /** Path relative to the folder imported (or the name given). */
  file: string;
  dataset: DatasetKind | null;
  releaseId: string | null;
  label: string | null;
  releaseDate: IsoDate | null;
  effectiveFrom: IsoDate | null;
  effectiveTo: IsoDate | null;
  records: number | null;
  status: FileImportStatus;
  /** Milliseconds spent reading and parsing this file. */
  ms: number;
  /** HCPCS only: how many procedure descriptors gave a billing unit, and how many were left unparsed. */
  descriptors?: { parsed: number; unparsed: number };
  problems: Problem[];
}

export interface ImportReport {
  ok: boolean;
  rows: FileImportRow[];
  /** Problems of the import as a whole (store failure), besides those of each row. */
  problems: Problem[];
  /** Milliseconds spent writing to the store (one transaction). */
  storeMs: number;
  totalMs: number;
}

export interface NamedInputFile extends InputFile {
  /** Path shown in reports (relative path within the folder); `name` stays the base name for recognition. */
  displayPath?: string;
  /** When set (data sync), the file must be recognised as this dataset or it is rejected. */
  expectedDataset?: DatasetKind;
  /** When set (data sync), the SHA-256 of the file read (for a zip: of its data member) must be this. */
  expectedSha256?: string;
}

/** Every regular file under `dir` (recursively, skipping dot files), sorted by path. */
export function readFolder(dir: string): NamedInputFile[] {
  const out: NamedInputFile[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile())
        out.push({ name: e.name, displayPath: relative(dir, full), bytes: readFileSync(full) });
    }
  };
  walk(dir);
  return out;
}

const hasError = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');

/** Parses every file and imports all recognised releases in one transaction. */
export async function importFiles(
  store: ReferenceStore,
  files: readonly NamedInputFile[],
  options: ImportReleasesOptions = {},
): Promise<ImportReport> {
  const started = performance.now();
  const rows: FileImportRow[] = [];
  const parsed: { row: FileImportRow; dataset: ParsedDataset }[] = [];
  for (const file of files) {
    const t0 = performance.now();
    const result = readDatasetFile({ name: basename(file.name), bytes: file.bytes });
    const ms = performance.now() - t0;
    const display = file.displayPath ?? file.name;
    if (file.expectedDataset !== undefined && result.dataset !== file.expectedDataset) {
      const problem: Problem = {
        code: 'import.unexpected-dataset',
        severity: 'error',
        message: `${display}: expected a ${file.expectedDataset} file, ${result.dataset === undefined ? 'but the readers do not recognise it' : `but it reads as ${result.dataset}`}`,
        at: { file: display },
      };
      rows.push({
        file: display,
        dataset: result.dataset ?? null,
        releaseId: null,
        label: null,
        releaseDate: null,
        effectiveFrom: null,
        effectiveTo: null,
        records: null,
        status: 'rejected',
        ms,
        problems: [problem, ...result.problems],
      });
      continue;
    }
    if (result.dataset === undefined) {
      rows.push({
        file: display,
        dataset: null,
        releaseId: null,
        label: null,
        releaseDate: null,
        effectiveFrom: null,
        effectiveTo: null,
        records: null,
        status: hasError(result.problems) ? 'rejected' : 'companion-skipped',
        ms,
        problems: result.problems,
      });
      continue;
    }
    const shaProblem: Problem[] =
      file.expectedSha256 !== undefined && result.release.sha256 !== file.expectedSha256
        ? [
            {
              code: 'import.sha256-mismatch',
              severity: 'error',
              message: `${display}: SHA-256 ${result.release.sha256} differs from the pinned ${file.expectedSha256}`,
              at: { file: display },
            },
          ]
        : [];
    const problems = [...shaProblem, ...result.problems];
    const row: FileImportRow = {
      file: display,
      dataset: result.dataset,
      releaseId: null,
      label: result.release.label,
      releaseDate: result.release.releaseDate,
      effectiveFrom: result.release.effectiveFrom,
      effectiveTo: result.release.effectiveTo,
      records: result.records.length,
      status: hasError(problems) ? 'rejected' : 'not-imported',
      ms,
      problems,
    };
    if (result.dataset === 'hcpcs') {
      let ok = 0;
      let procedures = 0;
      for (const r of result.records) {
        if (r.kind !== 'procedure') continue;
        procedures++;
        if (parseDescriptor(r.longDescription).kind === 'parsed') ok++;
      }
      row.descriptors = { parsed: ok, unparsed: procedures - ok };
    }
    rows.push(row);
    parsed.push({ row, dataset: result });
  }

  const rejected = rows.some((r) => r.status === 'rejected');
  const t1 = performance.now();
  let storeProblems: Problem[] = [];
  let ok = !rejected;
  if (!rejected && parsed.length === 0) {
    ok = false;
    storeProblems = [
      {
        code: 'import.nothing-recognised',
        severity: 'error',
        message:
          files.length === 0
            ? 'no files to import'
            : 'none of the files is a CMS/X12 dataset drugclaim reads',
      },
    ];
  }
  if (!rejected && parsed.length > 0) {
    const result = await store.importReleases(
      parsed.map((p) => p.dataset),
      options,
    );
    if (result.ok) {
      result.releases.forEach((r, i) => {
        const row = parsed[i]?.row;
        if (!row) return;
        row.status = r.status;
        row.releaseId = r.release.id;
      });
    } else {
      ok = false;
      storeProblems = result.problems;
    }
  }
  const storeMs = performance.now() - t1;
  return { ok, rows, problems: storeProblems, storeMs, totalMs: performance.now() - started };
}

/** `data import --from DIR`. */
export async function importFolder(
  store: ReferenceStore,
  dir: string,
  options: ImportReleasesOptions = {},
): Promise<ImportReport> {
  return importFiles(store, readFolder(dir), options);
}
