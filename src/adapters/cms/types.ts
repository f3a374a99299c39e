/**
 * Contract between the CMS file readers (this folder) and the store. A reader turns one file's bytes into the
 * release it is (dataset + effective period) and its records, or into positioned problems. Readers do no
 * other I/O: the caller reads the bytes, so the same readers serve `data import --from DIR` and `data sync`.
 */
import type { Problem } from '../../core/problem.ts';
import type { DatasetKind, Release } from '../../core/reference/model.ts';
import type { ReferenceRecordTypes } from '../../core/reference/reference-index.ts';

/** What a reader can say about a release before the store assigns id, import time and count. */
export type ReleaseInfo = Omit<Release, 'id' | 'importedAt' | 'recordCount'>;

/** The record type of each dataset: the core's mapping, which the readers produce. */
export type DatasetRecords = ReferenceRecordTypes;

export type ParsedDataset = {
  [K in DatasetKind]: { dataset: K; release: ReleaseInfo; records: DatasetRecords[K][]; problems: Problem[] };
}[DatasetKind];

export interface InputFile {
  /** File name as found (used in messages and recognition). */
  name: string;
  bytes: Uint8Array;
}

export interface DatasetReader {
  dataset: DatasetKind;
  /** Recognises the file by name and content (first few KB decoded as Windows-1252). */
  recognise(name: string, head: string): boolean;
  /**
   * Reads the whole file. A malformed file yields `problems` with severity "error" (file, line, field);
   * the store refuses to import a release that has any.
   */
  read(file: InputFile, sha256: string): ParsedDataset;
}
