/**
 * The record-count check of `data import`: a file that would answer with markedly fewer records than the release
 * answering before it is refused. A download cut at a line break reads as a valid, shorter file — every row left is
 * whole — so only its count gives it away (QA: the January 2026 ASP file cut to 433 of its 877 rows replaced the
 * good release, and J9173 lost its payment limit).
 *
 * Thresholds (docs/reference-store.md, "Fewer records"), from the real files in ../shared/data:
 * - same dataset and start (the file would answer instead of that release): at least 90 % of its records. A file
 *   for a period the store already has is a re-download or a corrected re-issue, and a correction changes a few
 *   rows: the HCPCS January 2026 corrections list has 126 rows for 9,006 records, one of them a termination (which
 *   keeps the record).
 * - the next period of a dataset: at least 75 % of the release before it. From one quarter to the next a dataset
 *   changes by a few percent: the HCPCS Transaction Report of January 2026 lists 159 codes added and 101
 *   discontinued among 9,011 (1.1 % discontinued, and the file keeps discontinued codes with their end date).
 * - the first release of a dataset (nothing to compare with, e.g. a server's first import from
 *   DRUGCLAIM_DATA_DIR): at least a quarter of the records of the shared file of that dataset (FIRST_RELEASE_RECORDS).
 *   Only gross truncation is caught there: an older or smaller release of a dataset must still import.
 */
import type { Problem, Severity } from '../../core/problem.ts';
import { compareReleases, DATASET_TITLES } from '../../core/reference/as-of.ts';
import type { DatasetKind, Release } from '../../core/reference/model.ts';

/** Percent of the replaced release's records a file for the same dataset and start must have. */
export const SAME_PERIOD_MIN_PERCENT = 90;
/** Percent of the previous period's release a file for a later period must have. */
export const NEXT_PERIOD_MIN_PERCENT = 75;
/** Percent of FIRST_RELEASE_RECORDS the first release of a dataset must have. */
export const FIRST_RELEASE_MIN_PERCENT = 25;

/** Records of each dataset's file in ../shared/data (see its PROVENANCE.md): what a release of it looks like. */
export const FIRST_RELEASE_RECORDS: Readonly<Record<DatasetKind, { records: number; file: string }>> = {
  hcpcs: { records: 9006, file: 'HCPCS January 2026' },
  asp: { records: 877, file: 'ASP payment limits January 2026' },
  'ndc-crosswalk': { records: 7125, file: 'ASP NDC-HCPCS crosswalk January 2026' },
  'mue-practitioner': { records: 15095, file: 'MUE practitioner April 2026' },
  'mue-outpatient-hospital': { records: 15045, file: 'MUE outpatient hospital April 2026' },
  'mue-dme': { records: 3083, file: 'MUE DME supplier April 2026' },
  icd10cm: { records: 74719, file: 'ICD-10-CM FY2026' },
  carc: { records: 407, file: 'CARC list of November 2025' },
  rarc: { records: 1197, file: 'RARC list of March 2026' },
  opps: { records: 18798, file: 'OPPS Addendum B October 2025' },
  'ncci-aoc': { records: 9000, file: 'NCCI add-on codes 2026 Q2' },
};

/** The least number of records the first release of a dataset may have. */
export const firstReleaseMinimum = (dataset: DatasetKind): number =>
  Math.ceil((FIRST_RELEASE_RECORDS[dataset].records * FIRST_RELEASE_MIN_PERCENT) / 100);

/** A release about to be imported: what it will be in the store, and how the report names its file. */
export interface IncomingRelease {
  release: Release;
  display: string;
}

export type FewerRecordsRule = 'same-period' | 'previous-period' | 'first-release' | 'newer-code-list';

/**
 * Code lists dated by their own newest row (the CARC and RARC lists): a copy cut short loses its newest rows and so
 * looks like an older list. A later list keeps every code of an earlier one (a deactivated code stays, with its stop
 * date), so such a file is compared with the newest list in the store whatever its date.
 */
const CONTENT_DATED: ReadonlySet<string> = new Set(['carc', 'rarc']);

const stamp = (iso: string): string => iso.slice(0, 19).replace('T', ' ');
const percentOf = (n: number, of: number): string => `${((100 * n) / of).toFixed(1)} %`;

/**
 * For each incoming release (same order), the `import.fewer-records` problem when it has markedly fewer records than
 * what it is compared with, else undefined. `severity` is "error" (the import is refused) unless the user allowed
 * fewer records, then "warning". Releases whose SHA-256 is already in the store are not passed in: they change
 * nothing. `existing` is the store's releases.
 */
export function fewerRecordsProblems(
  incoming: readonly IncomingRelease[],
  existing: readonly Release[],
  severity: Severity,
): (Problem | undefined)[] {
  const displayOf = new Map(incoming.map((i) => [i.release.id, i.display]));
  const all = [...existing, ...incoming.map((i) => i.release)];
  const describe = (r: Release): string => {
    const display = displayOf.get(r.id);
    return display !== undefined
      ? `${display} (in this import)`
      : `release ${r.id} (${r.fileName}, imported ${stamp(r.importedAt)})`;
  };
  return incoming.map(({ release, display }) => {
    const ofDataset = all.filter((r) => r.dataset === release.dataset && r.id !== release.id);
    const title = DATASET_TITLES[release.dataset];
    const n = release.recordCount;
    const remedy =
      severity === 'error'
        ? 'If the file is right, import it with `drugclaim data import --from DIR --allow-fewer-records`.'
        : 'Imported anyway: --allow-fewer-records was given.';
    const data = (rule: FewerRecordsRule, minimum: number, compared?: Release): Record<string, unknown> => ({
      rule,
      records: n,
      minimum,
      ...(compared === undefined
        ? { knownRecords: FIRST_RELEASE_RECORDS[release.dataset].records }
        : {
            comparedReleaseId: compared.id,
            comparedFile: displayOf.get(compared.id) ?? compared.fileName,
            comparedRecords: compared.recordCount,
          }),
    });
    const found = (
      rule: FewerRecordsRule,
      message: string,
      minimum: number,
      compared?: Release,
    ): Problem => ({
      code: 'import.fewer-records',
      severity,
      message: `${message} ${remedy}`,
      at: { file: display },
      data: data(rule, minimum, compared),
    });

    const sameStart = ofDataset.filter((r) => r.effectiveFrom === release.effectiveFrom);
    if (sameStart.length > 0) {
      // Only the newest release of a start answers: a file that sorts before another one is shadowed, harmless.
      if (sameStart.some((r) => compareReleases(r, release) > 0)) return undefined;
      const largest = sameStart.reduce((a, b) => (b.recordCount > a.recordCount ? b : a));
      if (n * 100 >= largest.recordCount * SAME_PERIOD_MIN_PERCENT) return undefined;
      return found(
        'same-period',
        `${display} has ${n} records, ${percentOf(n, largest.recordCount)} of the ${largest.recordCount} of ` +
          `${describe(largest)}, which it would replace for ${title}, ${release.effectiveFrom} to ${release.effectiveTo ?? '(open)'}. ` +
          `A file for a period the store already has is a re-download or a correction, and a correction does not drop ` +
          `${100 - SAME_PERIOD_MIN_PERCENT} % of the rows: the file is probably cut short (a download that stopped at a line break).`,
        Math.ceil((largest.recordCount * SAME_PERIOD_MIN_PERCENT) / 100),
        largest,
      );
    }
    if (CONTENT_DATED.has(release.dataset)) {
      const newer = ofDataset
        .filter((r) => r.effectiveFrom > release.effectiveFrom)
        .sort(compareReleases)
        .at(-1);
      if (newer !== undefined && n * 100 < newer.recordCount * SAME_PERIOD_MIN_PERCENT)
        return found(
          'newer-code-list',
          `${display} has ${n} records, ${percentOf(n, newer.recordCount)} of the ${newer.recordCount} of ` +
            `${describe(newer)}, a later ${title} list (from ${newer.effectiveFrom}; this one from ${release.effectiveFrom}). ` +
            `This list is dated by its newest row and a later list keeps every earlier code: the file is probably cut ` +
            `short, which also made it look older.`,
          Math.ceil((newer.recordCount * SAME_PERIOD_MIN_PERCENT) / 100),
          newer,
        );
    }
    const before = ofDataset
      .filter((r) => r.effectiveFrom < release.effectiveFrom)
      .sort(compareReleases)
      .at(-1);
    if (before !== undefined) {
      if (n * 100 >= before.recordCount * NEXT_PERIOD_MIN_PERCENT) return undefined;
      return found(
        'previous-period',
        `${display} has ${n} records, ${percentOf(n, before.recordCount)} of the ${before.recordCount} of ` +
          `${describe(before)}, the ${title} release before it (from ${before.effectiveFrom}; this one from ${release.effectiveFrom}). ` +
          `From one period to the next a dataset changes by a few percent, not by ${100 - NEXT_PERIOD_MIN_PERCENT} %: ` +
          `the file is probably cut short (a download that stopped at a line break).`,
        Math.ceil((before.recordCount * NEXT_PERIOD_MIN_PERCENT) / 100),
        before,
      );
    }
    // Nothing earlier to compare with: a first import, or a period older than any in the store.
    const minimum = firstReleaseMinimum(release.dataset);
    if (n >= minimum) return undefined;
    const known = FIRST_RELEASE_RECORDS[release.dataset];
    return found(
      'first-release',
      `${display} has ${n} records; the ${known.file} file has ${known.records}, and a file of the same kind with ` +
        `fewer than ${minimum} (${FIRST_RELEASE_MIN_PERCENT} % of that) is cut short, not a release.`,
      minimum,
    );
  });
}
