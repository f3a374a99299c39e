/**
 * Contract between the CMS file readers (this folder) and the store. A reader turns one file's bytes into the
 * release it is (dataset + effective period) and its records, or into positioned problems. Readers do no
 * other I/O: the caller reads the bytes, so the same readers serve `data import --from DIR` and `data sync`.
 */
import type { Problem } from '../../core/problem.ts';
import type {
  AddOnCodeEdit,
  AdjustmentReasonCode,
  AspLimit,
  DatasetKind,
  HcpcsRecord,
  Icd10Code,
  Mue,
  NdcPackage,
  OppsRate,
  Release,
} from '../../core/reference/model.ts';

/** What a reader can say about a release before the store assigns id, import time and count. */
export type ReleaseInfo = Omit<Release, 'id' | 'importedAt' | 'recordCount'>;

export interface DatasetRecords {
  hcpcs: HcpcsRecord;
  asp: AspLimit;
  'ndc-crosswalk': NdcPackage;
  'mue-practitioner': Mue;
  'mue-outpatient-hospital': Mue;
  'mue-dme': Mue;
  icd10cm: Icd10Code;
  carc: AdjustmentReasonCode;
  rarc: AdjustmentReasonCode;
  opps: OppsRate;
  'ncci-aoc': AddOnCodeEdit;
}

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
