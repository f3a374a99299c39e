/**
 * `data import` / `data sync` orchestration: read every file, recognise and parse it with the CMS readers, then
 * import every release in ONE store transaction. Any rejected file means nothing is imported (all-or-nothing).
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Problem } from '../../core/problem.ts';
import { compareReleases, DATASET_TITLES } from '../../core/reference/as-of.ts';
import type { DatasetKind, IsoDate, Release } from '../../core/reference/model.ts';
import { parseDescriptor } from '../../core/reference/descriptor.ts';
import { readDatasetFile } from '../cms/index.ts';
import type { InputFile, ParsedDataset } from '../cms/types.ts';
import { fewerRecordsProblems, type IncomingRelease } from './record-count-check.ts';
import { releaseId, type ImportReleasesOptions, type ReferenceStore } from './types.ts';

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

/** Options of `data import`, besides the store's own. */
export interface ImportChecks {
  /**
   * Import a file that has markedly fewer records than the release it would replace or follow (or, for the first
   * release of a dataset, than such a file has): its `import.fewer-records` problem is then a warning, not an error.
   */
  allowFewerRecords?: boolean;
}

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

/** What `listFolder` found: the files to read, and the entries it passed over (each a warning naming why). */
export interface FolderListing {
  files: NamedInputFile[];
  skipped: Problem[];
}

/**
 * Every regular file under `dir` (recursively, skipping dot files), sorted by path. Symbolic links are followed
 * (to files and to folders; a folder reached twice is read once, so a link loop ends). An entry that is not read —
 * a dangling link, a socket or FIFO — is reported in `skipped`, never dropped silently.
 */
export function listFolder(dir: string): FolderListing {
  const files: NamedInputFile[] = [];
  const skipped: Problem[] = [];
  const seen = new Set<string>([realpathSync(dir)]);
  const skip = (full: string, why: string): void => {
    const display = relative(dir, full);
    skipped.push({
      code: 'import.entry-skipped',
      severity: 'warning',
      message: `${display}: skipped, ${why}`,
      at: { file: display },
    });
  };
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = join(d, e.name);
      const kind = entryKind(e, full);
      if (typeof kind === 'object') skip(full, kind.skipped);
      else if (kind === 'file')
        files.push({ name: e.name, displayPath: relative(dir, full), bytes: readFileSync(full) });
      else {
        const real = realpathSync(full);
        if (seen.has(real)) skip(full, `a link to a folder already read (${real})`);
        else {
          seen.add(real);
          walk(full);
        }
      }
    }
  };
  walk(dir);
  return { files, skipped };
}

/** A folder entry's kind, following a symbolic link to what it points at; or why it is passed over. */
function entryKind(e: Dirent, full: string): 'file' | 'folder' | { skipped: string } {
  if (e.isFile()) return 'file';
  if (e.isDirectory()) return 'folder';
  const other = { skipped: 'not a regular file or folder (a socket, FIFO or device)' };
  if (!e.isSymbolicLink()) return other;
  let target;
  try {
    target = statSync(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      skipped:
        code === 'ENOENT' || code === 'ELOOP'
          ? 'a symbolic link to nothing (its target does not exist, or the links loop)'
          : `a symbolic link whose target cannot be read (${code ?? String(err)})`,
    };
  }
  return target.isFile() ? 'file' : target.isDirectory() ? 'folder' : other;
}

/** Every regular file under `dir` (see `listFolder`; the entries passed over are not returned). */
export function readFolder(dir: string): NamedInputFile[] {
  return listFolder(dir).files;
}

const hasError = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');

export interface ImportFilesOptions extends ImportReleasesOptions, ImportChecks {
  /** Problems found before reading (entries of the folder passed over): reported with the import as a whole. */
  listingProblems?: readonly Problem[];
}

/** Parses every file and imports all recognised releases in one transaction. */
export async function importFiles(
  store: ReferenceStore,
  files: readonly NamedInputFile[],
  options: ImportFilesOptions = {},
): Promise<ImportReport> {
  const { listingProblems = [], allowFewerRecords = false, ...storeOptions } = options;
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

  const t1 = performance.now();
  // One time stamp for the check and the store: the check must order the new releases as the store will.
  const now = storeOptions.now ?? new Date().toISOString();
  const releaseOptions: ImportReleasesOptions = { ...storeOptions, now };
  if (!rows.some((r) => r.status === 'rejected') && parsed.length > 0)
    await checkRecordCounts(store, parsed, now, allowFewerRecords);
  const rejected = rows.some((r) => r.status === 'rejected');
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
            ? `no files to import${listingProblems.length > 0 ? ` (${listingProblems.length} entr${listingProblems.length === 1 ? 'y was' : 'ies were'} skipped: ${listingProblems.map((p) => p.at?.file ?? '').join(', ')})` : ''}`
            : 'none of the files is a CMS/X12 dataset drugclaim reads',
      },
    ];
  }
  if (!rejected && parsed.length > 0) {
    const result = await store.importReleases(
      parsed.map((p) => p.dataset),
      releaseOptions,
    );
    if (result.ok) {
      const imported: { row: FileImportRow; release: Release }[] = [];
      result.releases.forEach((r, i) => {
        const row = parsed[i]?.row;
        if (!row) return;
        row.status = r.status;
        row.releaseId = r.release.id;
        if (r.status === 'imported') imported.push({ row, release: r.release });
      });
      if (imported.length > 0) {
        const all = await store.listReleases();
        for (const { row, release } of imported) {
          const problem = samePeriodProblem(row.file, release, all);
          if (problem) row.problems.push(problem);
        }
      }
    } else {
      ok = false;
      storeProblems = result.problems;
    }
  }
  const storeMs = performance.now() - t1;
  return {
    ok,
    rows,
    problems: [...listingProblems, ...storeProblems],
    storeMs,
    totalMs: performance.now() - started,
  };
}

/**
 * Refuses (status `rejected`, an `import.fewer-records` error) each file that would answer with markedly fewer
 * records than the release before it (./record-count-check.ts); with `allowFewerRecords` it is a warning. Files
 * whose SHA-256 is in the store, or earlier in this batch, change nothing and are not checked. The store's releases
 * are read just before its write transaction: an import committed by another process in between is not seen.
 */
async function checkRecordCounts(
  store: ReferenceStore,
  parsed: readonly { row: FileImportRow; dataset: ParsedDataset }[],
  now: string,
  allowFewerRecords: boolean,
): Promise<void> {
  const existing = await store.listReleases();
  const seen = new Set(existing.map((r) => r.sha256));
  const incoming: (IncomingRelease & { row: FileImportRow })[] = [];
  for (const { row, dataset } of parsed) {
    const info = dataset.release;
    if (seen.has(info.sha256)) continue;
    seen.add(info.sha256);
    const release: Release = {
      ...info,
      id: releaseId(dataset.dataset, info.effectiveFrom, info.sha256),
      recordCount: dataset.records.length,
      importedAt: now,
    };
    incoming.push({ release, display: row.file, row });
  }
  const problems = fewerRecordsProblems(incoming, existing, allowFewerRecords ? 'warning' : 'error');
  problems.forEach((problem, i) => {
    const row = incoming[i]?.row;
    if (problem === undefined || row === undefined) return;
    row.problems.push(problem);
    if (problem.severity === 'error') row.status = 'rejected';
  });
}

/**
 * A release just imported whose dataset and effective period another file (a different SHA-256) already gives —
 * a re-downloaded or edited copy, a corrected re-issue, or a damaged file. Both stay in the store and only one
 * answers (the newer publisher date, then the newer import: `compareReleases`), so the administrator is told which,
 * and how to take the other out.
 */
function samePeriodProblem(display: string, release: Release, all: readonly Release[]): Problem | undefined {
  const same = all.filter(
    (r) =>
      r.dataset === release.dataset &&
      r.effectiveFrom === release.effectiveFrom &&
      r.effectiveTo === release.effectiveTo,
  );
  const others = same.filter((r) => r.sha256 !== release.sha256);
  if (others.length === 0) return undefined;
  const answering = [...same].sort(compareReleases).at(-1) ?? release;
  const period = `${release.effectiveFrom} to ${release.effectiveTo ?? '(open)'}`;
  const described = others
    .map(
      (r) =>
        `${r.fileName} (release ${r.id}, SHA-256 ${r.sha256}, published ${r.releaseDate ?? 'undated'}, imported ${r.importedAt.slice(0, 19).replace('T', ' ')})`,
    )
    .join('; ');
  const rivals = same.filter((r) => r.id !== answering.id);
  const why = rivals.some((r) => (r.releaseDate ?? '') === (answering.releaseDate ?? ''))
    ? rivals.some((r) => r.importedAt === answering.importedAt)
      ? 'same publisher date and import time: the tie goes to the release id'
      : 'same publisher date: the newest import wins'
    : 'the newest publisher date wins';
  const remove = answering.id === release.id ? release.id : others.map((r) => r.id).join(' or ');
  return {
    code: 'import.same-period',
    severity: 'warning',
    message:
      `${display} (SHA-256 ${release.sha256}) is a different file for a period the store already has: ` +
      `${DATASET_TITLES[release.dataset]}, ${period}, is also given by ${described}. ` +
      `${answering.id === release.id ? 'This file' : answering.fileName} (release ${answering.id}) now answers for that period (${why}). ` +
      `If that is the wrong one, remove it with \`drugclaim data remove ${remove}\`.`,
    at: { file: display },
    data: {
      releaseId: release.id,
      sha256: release.sha256,
      answeringReleaseId: answering.id,
      samePeriod: others.map((r) => ({
        releaseId: r.id,
        fileName: r.fileName,
        sha256: r.sha256,
        releaseDate: r.releaseDate,
        importedAt: r.importedAt,
      })),
    },
  };
}

/** `data import --from DIR`. */
export async function importFolder(
  store: ReferenceStore,
  dir: string,
  options: ImportReleasesOptions & ImportChecks = {},
): Promise<ImportReport> {
  const { files, skipped } = listFolder(dir);
  return importFiles(store, files, { ...options, listingProblems: skipped });
}
