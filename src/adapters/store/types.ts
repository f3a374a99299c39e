/**
 * The reference store port: versioned releases of the CMS files, imported all-or-nothing. SQLite implements it
 * now (./sqlite-reference-store.ts); a PostgreSQL implementation must pass the same contract suite (./contract.ts).
 */
import type { Problem } from '../../core/problem.ts';
import type { Release } from '../../core/reference/model.ts';
import type { ReferenceIndex } from '../../core/reference/reference-index.ts';
import type { ParsedDataset } from '../cms/types.ts';

export type ReleaseImportStatus = 'imported' | 'already-imported';

export interface ReleaseImport {
  release: Release;
  /** "already-imported": a release with the same SHA-256 is in the store (or earlier in the same batch); nothing written. */
  status: ReleaseImportStatus;
}

export type ImportReleasesResult =
  | { ok: true; releases: ReleaseImport[] }
  /** Nothing was written: `problems` says why (every error problem of every dataset, or the store's own failure). */
  | { ok: false; problems: Problem[] };

export interface ImportProgress {
  release: Release;
  /** Releases written so far in this import, including this one. */
  done: number;
  total: number;
}

export interface ImportReleasesOptions {
  /** Called inside the transaction after each release's rows are written (progress bars, tests). */
  onProgress?: (progress: ImportProgress) => void;
  /** Import time stamp (ISO); defaults to now. */
  now?: string;
}

export interface LoadOptions {
  /**
   * Read each dataset on its first lookup instead of all at once (a hint: a store that cannot read synchronously
   * loads eagerly). The store must stay open while a lazy index is in use. Commands use it to start fast; a server
   * loads eagerly.
   */
  lazy?: boolean;
  /**
   * Awaited between the steps of an eager load (each release read, each lookup map and the search index built a
   * few hundred entries at a time), so that a server reloading its data keeps answering. Without it, the load runs
   * in one go.
   */
  pause?: () => Promise<void>;
}

export interface ReferenceStore {
  /**
   * Imports parsed datasets in ONE transaction. If any dataset has an error problem, or anything fails, nothing is
   * written and the store keeps its previous state. A dataset whose SHA-256 is already in the store is a no-op.
   */
  importReleases(
    datasets: readonly ParsedDataset[],
    options?: ImportReleasesOptions,
  ): Promise<ImportReleasesResult>;
  /** Releases in the store, by dataset then effective start. */
  listReleases(): Promise<Release[]>;
  /** Every release and its records, loaded into an in-memory index. */
  loadReferenceData(options?: LoadOptions): Promise<ReferenceIndex>;
  /** Removes one release and its records; false when there was no such release. */
  deleteRelease(id: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The release id the model documents: "<dataset>:<effectiveFrom>:<first 8 hex of sha256>". */
export function releaseId(dataset: string, effectiveFrom: string, sha256: string): string {
  return `${dataset}:${effectiveFrom}:${sha256.slice(0, 8)}`;
}
