/**
 * Test helpers for the CMS readers: load a shared data file (tests fail when ../shared is missing), read it, and
 * make damaged copies in memory. Never writes copies of shared files anywhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../../core/problem.ts';
import { sharedDataDir } from '../../../test/support/shared.ts';
import { sha256 } from './index.ts';
import type { DatasetReader, InputFile, ParsedDataset } from './types.ts';

export const FILES = {
  hcpcsTxt: 'hcpcs/HCPC2026_JAN_ANWEB_01122026.txt',
  hcpcsZip: 'hcpcs/january-2026-alpha-numeric-hcpcs-file.zip',
  asp: 'asp/section 508 version of January 2026 Medicare Part B Payment Limit File 121725.csv',
  crosswalk: 'ndc-hcpcs/section 508 version of January 2026 ASP NDC-HCPCS Crosswalk 121725.csv',
  muePractitioner: 'mue/MCR_MUE_PractitionerServices_Eff_04-01-2026.csv',
  mueOutpatient: 'mue/MCR_MUE_OutpatientHospitalServices_Eff_04-01-2026.csv',
  mueDme: 'mue/MCR_MUE_DMESupplierServices_Eff_04-01-2026.csv',
  icd10: 'icd10cm/icd10cm-codes-2026.txt',
  carc: 'carc-rarc/carc_from_x12_html.csv',
  rarc: 'carc-rarc/rarc_split.csv',
  opps: 'opps/508 version of October 2025 Web Addendum B.10.31.25.csv',
  aoc: 'ncci-aoc/AOC_V2026Q2-MCR.from-xlsx.csv',
} as const;

const cache = new Map<string, Uint8Array>();

/** The bytes of a shared data file (path relative to shared/data). */
export function sharedBytes(relative: string): Uint8Array {
  let bytes = cache.get(relative);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(join(sharedDataDir(), relative)));
    cache.set(relative, bytes);
  }
  return bytes;
}

export const baseOf = (relative: string): string => relative.slice(relative.lastIndexOf('/') + 1);

export function sharedFile(relative: string): InputFile {
  return { name: baseOf(relative), bytes: sharedBytes(relative) };
}

export function readWith(reader: DatasetReader, file: InputFile): ParsedDataset {
  return reader.read(file, sha256(file.bytes));
}

const cp1252 = new TextDecoder('windows-1252');

/** The file as text (cp1252), to edit and re-encode with `bytesOf`. */
export const textOf = (bytes: Uint8Array): string => cp1252.decode(bytes);

/** Re-encodes text whose characters are all ≤ U+00FF as single bytes (fine for the ASCII/cp1252 edits in tests). */
export function bytesOf(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** UTF-16LE with BOM, as Excel "Unicode text" saves. */
export function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i] = c & 0xff;
    out[3 + 2 * i] = c >> 8;
  }
  return out;
}

/** Replaces the 1-based line `lineNo` (lines split on LF, CR kept) using `edit`. */
export function editLine(text: string, lineNo: number, edit: (line: string) => string): string {
  const lines = text.split('\n');
  const i = lineNo - 1;
  const line = lines[i];
  if (line === undefined) throw new Error(`no line ${lineNo}`);
  lines[i] = edit(line);
  return lines.join('\n');
}

export const errors = (problems: readonly Problem[]): Problem[] =>
  problems.filter((p) => p.severity === 'error');
export const codesOf = (problems: readonly Problem[]): string[] => problems.map((p) => p.code);

/** A shared file read by `reader`, its records as `R`, and those records by code (for the "real file" suites). */
export function readShared<R extends { code: string }>(
  reader: DatasetReader,
  relative: string,
): { parsed: ParsedDataset; rows: R[]; by: Map<string, R> } {
  const parsed = readWith(reader, sharedFile(relative));
  // The caller names the record type of the reader's dataset; ParsedDataset's union cannot check that here.
  const rows = parsed.records as unknown[] as R[];
  return { parsed, rows, by: new Map(rows.map((r) => [r.code, r])) };
}

export interface DamagedCopies {
  /** The shared file's base name: what edited copies are called unless told otherwise. */
  name: string;
  /** The shared file as text, to edit. */
  original: string;
  /** Reads an edited copy (encoded as the original was) with the suite's reader. */
  read(text: string, name?: string): ParsedDataset;
  /** The 1-based line of the original that `matches` first; throws when none does (the fixture changed). */
  lineOf(matches: (line: string) => boolean): number;
}

/**
 * Setup of a "bad input" suite: a shared file as text and a way to read edited copies of it. Windows-1252 files
 * round-trip through `textOf`/`bytesOf`; UTF-8 files (the CARC/RARC and AOC CSVs) through TextDecoder/TextEncoder.
 */
export function damagedCopies(
  reader: DatasetReader,
  relative: string,
  encoding: 'windows-1252' | 'utf-8' = 'windows-1252',
): DamagedCopies {
  const bytes = sharedBytes(relative);
  const utf8 = encoding === 'utf-8';
  const original = utf8 ? new TextDecoder('utf-8').decode(bytes) : textOf(bytes);
  const encode = utf8 ? (text: string) => new TextEncoder().encode(text) : bytesOf;
  const base = baseOf(relative);
  return {
    name: base,
    original,
    read: (text, name = base) => reader.read({ name, bytes: encode(text) }, 'x'),
    lineOf(matches) {
      const index = original.split('\n').findIndex(matches);
      if (index === -1) throw new Error(`no line of ${base} matches ${String(matches)}`);
      return index + 1;
    },
  };
}
