/**
 * The CMS file readers and how a file finds its reader: content first (the header or fixed-width shape), the
 * name only for release dates and for clearer messages. Companion files that ship beside the data (xlsx copies,
 * layouts, transaction reports) are recognised by name and reported as "not imported", not as errors.
 */
import { createHash } from 'node:crypto';
import type { Problem } from '../../core/problem.ts';
import type { DatasetKind } from '../../core/reference/model.ts';
import { carcReader, rarcReader } from './adjustment-codes.ts';
import { aspReader } from './asp.ts';
import { baseName, decodeHead, emptyFileProblem, problem, utf16Problem } from './common.ts';
import { hcpcsReader } from './hcpcs.ts';
import { icd10cmReader } from './icd10cm.ts';
import { mueDmeReader, mueOutpatientHospitalReader, muePractitionerReader } from './mue.ts';
import { ncciAocReader } from './ncci-aoc.ts';
import { ndcCrosswalkReader } from './ndc-crosswalk.ts';
import { oppsReader } from './opps.ts';
import type { DatasetReader, InputFile, ParsedDataset } from './types.ts';
import { isZip, listZip, readZipEntry } from './zip.ts';

export type { DatasetReader, InputFile, ParsedDataset, ReleaseInfo } from './types.ts';
export { HEAD_BYTES, decodeHead } from './common.ts';

/** One reader per dataset kind, in the order they are tried. */
export const readers: DatasetReader[] = [
  hcpcsReader,
  aspReader,
  ndcCrosswalkReader,
  muePractitionerReader,
  mueOutpatientHospitalReader,
  mueDmeReader,
  icd10cmReader,
  carcReader,
  rarcReader,
  oppsReader,
  ncciAocReader,
];

export const readerFor = (dataset: DatasetKind): DatasetReader | undefined =>
  readers.find((r) => r.dataset === dataset);

/** SHA-256 of the bytes, lower-case hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Files that come with the CMS data but are not imported, and why. Matched on the base name.
 * @see shared/data/PROVENANCE.md §1 (HCPCS zip members), §4-5 (xlsx originals), §7 (CARC/RARC sources)
 */
const COMPANIONS: readonly [RegExp, string][] = [
  [
    /Transaction Report/i,
    'HCPCS transaction report (what changed since the last quarter); informational, the HCPCS txt is imported',
  ],
  [
    /^HCPC\d{4}_[A-Z]{3}_ANWEB.*Corrections/i,
    'HCPCS corrections list; the corrected HCPCS txt already contains them',
  ],
  [
    /^NOC codes/i,
    'list of not-otherwise-classified HCPCS codes; they are also in the HCPCS txt, which is imported',
  ],
  [/recordlayout/i, 'HCPCS record layout (documentation of the fixed-width file)'],
  [/^proc_notes/i, 'HCPCS processing-note texts (field 22 of the record layout); not imported'],
  [
    /^HCPC\d{4}_[A-Z]{3}_ANWEB.*\.(?:xlsx|from-xlsx\.csv)$/i,
    'HCPCS file in Excel form (or a CSV made from it); the fixed-width txt with the same records is imported',
  ],
  [
    /^carc_codes_full\.html?$/i,
    'saved x12.org CARC page; carc_from_x12_html.csv, derived from it, is imported',
  ],
  [
    /^rarc_codes\.csv$/i,
    'raw RARC scrape with dates glued to the descriptions; rarc_split.csv, derived from it, is imported',
  ],
  [
    /^carc_codes\.csv$/i,
    'third-party CARC list that drops the alphabetic codes; carc_from_x12_html.csv is imported instead',
  ],
  [/\.xlsx?$/i, 'Excel workbook; the CSV or txt form of the same file is imported'],
  [/^(?:PROVENANCE|README|CHANGELOG|LICENSE)(?:\.[a-z]+)?$/i, 'documentation'],
  [/\.(?:md|pdf|docx?)$/i, 'documentation'],
];

/** Why a file is a known companion that is not imported, or undefined when it is not one. */
export function knownCompanionFile(name: string): string | undefined {
  const base = baseName(name);
  for (const [pattern, reason] of COMPANIONS) if (pattern.test(base)) return reason;
  return undefined;
}

/** File-name shapes of each dataset, only to explain a content mismatch. */
const NAME_HINTS: readonly [DatasetKind, RegExp][] = [
  ['hcpcs', /^HCPC\d{4}_[A-Z]{3}_ANWEB/i],
  ['asp', /Payment Limit File/i],
  ['ndc-crosswalk', /NDC-HCPCS Crosswalk/i],
  ['mue-practitioner', /MUE_PractitionerServices/i],
  ['mue-outpatient-hospital', /MUE_OutpatientHospitalServices/i],
  ['mue-dme', /MUE_DMESupplierServices/i],
  ['icd10cm', /icd-?10-?cm/i],
  ['carc', /carc/i],
  ['rarc', /rarc/i],
  ['opps', /Addendum B/i],
  ['ncci-aoc', /^AOC_V\d{4}Q/i],
];

/**
 * Folders of shared/data that hold one dataset (mue/ and carc-rarc/ hold several, so they say nothing). Only
 * seen when the caller passes a path as the name.
 */
const FOLDER_HINTS: Readonly<Record<string, DatasetKind>> = {
  hcpcs: 'hcpcs',
  asp: 'asp',
  'ndc-hcpcs': 'ndc-crosswalk',
  icd10cm: 'icd10cm',
  opps: 'opps',
  'ncci-aoc': 'ncci-aoc',
};

/** The dataset a file's name (or else the folder in a path such as "asp/x.csv") says it is. */
export function datasetFromName(name: string): DatasetKind | undefined {
  const base = baseName(name);
  const byName = NAME_HINTS.find(([, re]) => re.test(base))?.[0];
  if (byName !== undefined) return byName;
  const parts = name.split(/[\\/]/);
  const folder = parts[parts.length - 2]?.toLowerCase();
  return folder === undefined ? undefined : FOLDER_HINTS[folder];
}

/**
 * The reader for a file, judged by its first bytes (`head`, see HEAD_BYTES) and, when two readers claim it, by
 * its name. Undefined when no reader recognises the content.
 */
export function identify(name: string, head: string): DatasetReader | undefined {
  const candidates = readers.filter((r) => r.recognise(name, head));
  if (candidates.length <= 1) return candidates[0];
  const byName = datasetFromName(name);
  return candidates.find((r) => r.dataset === byName) ?? candidates[0];
}

/** What readDatasetFile returns for a file it does not import. `companion` says why when it is a known companion. */
export interface UnreadFile {
  dataset: undefined;
  problems: Problem[];
  companion?: string;
}

/**
 * Reads one file of any supported kind. Unknown files yield a "cms.unknown-file" error, companions an info
 * problem; a zip is opened and its data member read (so the release equals importing that member directly:
 * same file name, same SHA-256).
 */
export function readDatasetFile(file: InputFile): ParsedDataset | UnreadFile {
  const companion = knownCompanionFile(file.name);
  if (companion !== undefined) {
    return {
      dataset: undefined,
      companion,
      problems: [problem('info', 'cms.companion-file', `not imported: ${companion}`, { file: file.name })],
    };
  }
  // Whatever the name: an empty or UTF-16 file says so, rather than "unknown file".
  const unreadable = emptyFileProblem(file) ?? utf16Problem(file);
  if (unreadable !== undefined) return { dataset: undefined, problems: [unreadable] };
  if (isZip(file.bytes)) return readZip(file);

  const head = decodeHead(file.bytes);
  const reader = identify(file.name, head);
  if (reader !== undefined) return reader.read(file, sha256(file.bytes));
  const hinted = datasetFromName(file.name);
  const byName = hinted === undefined ? undefined : readerFor(hinted);
  if (byName === undefined) return { dataset: undefined, problems: [unknownFileProblem(file)] };
  // The name (or folder) says which dataset this is but the content does not pass as it: let that reader say what
  // differs (the missing column and the header it found, a bad line), instead of a vague "unknown file". Its own
  // checks still decide; a file it reads without error is that dataset with, say, its columns reordered.
  const parsed = byName.read(file, sha256(file.bytes));
  const by = datasetFromName(baseName(file.name)) === undefined ? 'folder' : 'name';
  parsed.problems.unshift(
    problem(
      'info',
      'cms.read-by-name',
      `the content does not have the usual ${DATASET_NAMES[byName.dataset]} layout; read as one because the ${by} says so`,
      { file: file.name },
      { nameSuggests: byName.dataset },
    ),
  );
  return parsed;
}

/** How messages name each dataset. */
const DATASET_NAMES: Readonly<Record<DatasetKind, string>> = {
  hcpcs: 'HCPCS Level II file',
  asp: 'ASP payment-limit file',
  'ndc-crosswalk': 'ASP NDC-HCPCS crosswalk',
  'mue-practitioner': 'MUE practitioner file',
  'mue-outpatient-hospital': 'MUE outpatient hospital file',
  'mue-dme': 'MUE DME supplier file',
  icd10cm: 'ICD-10-CM code file',
  carc: 'CARC list',
  rarc: 'RARC list',
  opps: 'OPPS Addendum B',
  'ncci-aoc': 'NCCI add-on code file',
};

function unknownFileProblem(file: InputFile): Problem {
  return problem(
    'error',
    'cms.unknown-file',
    'no reader recognises this file (expected one of: HCPCS txt, ASP payment limits, ASP NDC-HCPCS crosswalk, MUE, ICD-10-CM codes, CARC/RARC CSV, OPPS Addendum B, NCCI AOC)',
    { file: file.name },
  );
}

function readZip(file: InputFile): ParsedDataset | UnreadFile {
  const listing = listZip(file.bytes);
  if (!listing.ok) {
    return {
      dataset: undefined,
      problems: [problem('error', 'cms.zip.damaged', listing.reason, { file: file.name })],
    };
  }
  const problems: Problem[] = [];
  const members: { name: string; bytes: Uint8Array; reader: DatasetReader }[] = [];
  for (const entry of listing.entries) {
    if (entry.name.endsWith('/') || knownCompanionFile(entry.name) !== undefined) continue;
    const data = readZipEntry(file.bytes, entry);
    if (!data.ok) {
      problems.push(problem('error', 'cms.zip.damaged', data.reason, { file: `${file.name}!${entry.name}` }));
      continue;
    }
    const reader = identify(entry.name, decodeHead(data.bytes));
    if (reader !== undefined) members.push({ name: baseName(entry.name), bytes: data.bytes, reader });
  }
  const first = members[0];
  if (first === undefined) {
    if (problems.length === 0) {
      problems.push(
        problem('error', 'cms.unknown-file', 'the zip holds no file that a reader recognises', {
          file: file.name,
        }),
      );
    }
    return { dataset: undefined, problems };
  }
  for (const extra of members.slice(1)) {
    problems.push(
      problem(
        'warning',
        'cms.zip.extra-member',
        `${extra.name} is also a ${extra.reader.dataset} file; only ${first.name} was read — import it on its own`,
        {
          file: file.name,
        },
      ),
    );
  }
  const parsed = first.reader.read({ name: first.name, bytes: first.bytes }, sha256(first.bytes));
  parsed.problems.unshift(
    problem(
      'info',
      'cms.zip.member',
      `read ${first.name} from the zip; the release is the same as importing that file directly`,
      {
        file: file.name,
      },
    ),
    ...problems,
  );
  return parsed;
}
