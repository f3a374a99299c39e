/**
 * As-of semantics, pure: which release of a dataset is in force on a date of service, and whether a HCPCS code
 * is valid on that date. No clock and no I/O: every function takes the date it answers for.
 */
import type { CodeStatus, DatasetKind, HcpcsRecord, IsoDate, Release } from './model.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is false). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * Throws a TypeError (`code` "date.invalid") unless `value` is a real date written YYYY-MM-DD: for the public
 * functions whose answer has no room for a problem (`runEdits`, `codeFacts`), so that "02/01/2026" or "yesterday"
 * fails before anything runs instead of giving an answer for a date nobody meant.
 */
export function assertIsoDate(value: unknown, parameter: string): asserts value is IsoDate {
  if (typeof value === 'string' && isIsoDate(value)) return;
  const error = new TypeError(
    `${parameter} must be a real date written YYYY-MM-DD, not ${JSON.stringify(value) ?? String(value)}`,
  );
  Object.defineProperty(error, 'code', { value: 'date.invalid', enumerable: true });
  throw error;
}

/** The ISO date `days` days after `date` (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return t.toISOString().slice(0, 10);
}

/** Days from a to b (b − a), for ISO dates. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((midnightMs(b) - midnightMs(a)) / 86_400_000);
}

/** Days since 1970-01-01 of an ISO date (for sorting and windows of days). */
export function dayNumber(date: IsoDate): number {
  return Math.round(midnightMs(date) / 86_400_000);
}

const midnights = new Map<IsoDate, number>();

/** `Date.parse` of the date at 00:00 UTC; remembered (a batch has few dates, compared many times). */
function midnightMs(date: IsoDate): number {
  let ms = midnights.get(date);
  if (ms === undefined) {
    ms = Date.parse(`${date}T00:00:00Z`);
    if (midnights.size < 10_000) midnights.set(date, ms);
  }
  return ms;
}

/**
 * Status of a HCPCS code (procedure or modifier) on a date of service.
 *
 * - Before the added date the code is not yet valid.
 * - The termination date is the LAST day the code may be used, so the code is still active on that day and
 *   terminated from the day after.
 *   @see CMS HCPCS record layout (HCPC2026_recordlayout.txt, field 29 "HCPCS Termination Date", positions
 *   285-292): "Last date for which a procedure or modifier code may be used by Medicare providers."
 * - Field 27 "HCPCS Code Added Date" (positions 269-276) is the date the code was added; a code added 2026-01-01
 *   is valid from 2026-01-01 (the quarterly file's effective date).
 */
export function codeStatus(
  record: Pick<HcpcsRecord, 'addedDate' | 'terminationDate'>,
  date: IsoDate,
): CodeStatus {
  if (record.addedDate !== null && date < record.addedDate) return 'not-yet-valid';
  if (record.terminationDate !== null && date > record.terminationDate) return 'terminated';
  return 'active';
}

/** Short names used in notes and labels. */
export const DATASET_TITLES: Readonly<Record<DatasetKind, string>> = {
  hcpcs: 'HCPCS',
  asp: 'ASP payment limit',
  'ndc-crosswalk': 'ASP NDC-HCPCS crosswalk',
  'mue-practitioner': 'MUE (practitioner)',
  'mue-outpatient-hospital': 'MUE (outpatient hospital)',
  'mue-dme': 'MUE (DME supplier)',
  icd10cm: 'ICD-10-CM',
  carc: 'CARC',
  rarc: 'RARC',
  opps: 'OPPS Addendum B',
  'ncci-aoc': 'NCCI add-on code',
};

/** Oldest first: by effective start, then publisher date, then import time, then id (a stable total order). */
export function compareReleases(a: Release, b: Release): number {
  return (
    cmp(a.effectiveFrom, b.effectiveFrom) ||
    cmp(a.releaseDate ?? '', b.releaseDate ?? '') ||
    cmp(a.importedAt, b.importedAt) ||
    cmp(a.id, b.id)
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A release with the last day it answers for: its own end, or the day before a newer release starts. */
export interface ReleaseSpan<R extends Release = Release> {
  release: R;
  /** Last day in force; null = open-ended (the newest open-ended release). */
  coverTo: IsoDate | null;
}

/**
 * Orders the releases of ONE dataset and works out how long each answers for. An open-ended release
 * (effectiveTo null) is superseded by the next release with a later start: it then covers up to the day before.
 * A bounded release ends on its own effectiveTo or, if a newer one starts earlier, the day before that one.
 */
export function releaseSpans<R extends Release>(releases: readonly R[]): ReleaseSpan<R>[] {
  const sorted = [...releases].sort(compareReleases);
  return sorted.map((release, i) => {
    let next: R | undefined;
    for (let j = i + 1; j < sorted.length; j++) {
      const candidate = sorted[j];
      if (candidate && candidate.effectiveFrom > release.effectiveFrom) {
        next = candidate;
        break;
      }
    }
    const supersededOn = next ? addDays(next.effectiveFrom, -1) : null;
    let coverTo = release.effectiveTo;
    if (supersededOn !== null && (coverTo === null || supersededOn < coverTo)) coverTo = supersededOn;
    return { release, coverTo };
  });
}

export interface ReleaseChoice<R extends Release = Release> {
  release: R;
  inForce: boolean;
  /** Plain-words explanation when `inForce` is false. */
  note?: string;
}

/**
 * The release of one dataset in force on `date`: the newest one whose span covers the date. When none does, the
 * nearest one answers instead with `inForce: false` and a note: the newest release ending before the date, or
 * the oldest release when the date precedes them all. `spans` must come from `releaseSpans` (oldest first).
 */
export function chooseRelease<R extends Release>(
  spans: readonly ReleaseSpan<R>[],
  date: IsoDate,
): ReleaseChoice<R> | undefined {
  let covering: R | undefined;
  let before: ReleaseSpan<R> | undefined;
  for (const span of spans) {
    const r = span.release;
    if (r.effectiveFrom > date) break;
    if (span.coverTo === null || span.coverTo >= date) covering = r;
    else before = span;
  }
  if (covering) return { release: covering, inForce: true };
  const first = spans[0];
  if (!first) return undefined;
  const title = DATASET_TITLES[first.release.dataset];
  if (!before) {
    return {
      release: first.release,
      inForce: false,
      note: `No ${title} release in the store covers ${date}; the oldest starts ${first.release.effectiveFrom} (answer taken from it).`,
    };
  }
  const isNewest = spans[spans.length - 1] === before;
  return {
    release: before.release,
    inForce: false,
    note: `No ${title} release in the store covers ${date}; the ${isNewest ? 'newest' : 'nearest earlier'} one ends ${before.coverTo ?? '?'} (answer taken from it).`,
  };
}

/** A dataset none of whose releases covers a date: what `data status` warns about. */
export interface UncoveredDataset {
  dataset: DatasetKind;
  /** The release that answers instead (the newest one ending before the date, or the oldest one after it). */
  nearest: Release;
  /** "ended": every release ended before the date; "not-yet": the date precedes every release. */
  why: 'ended' | 'not-yet';
  /** Plain words, e.g. "No ASP payment limit release in the store covers 2026-11-24; the newest one ends …". */
  message: string;
}

/**
 * The datasets in `releases` that no release covers on `date` (by dataset, in the order of DATASET_TITLES).
 * CARC and RARC are left out: their lookups take no date (the newest list answers, each code with its own dates).
 */
export function uncoveredDatasets(releases: readonly Release[], date: IsoDate): UncoveredDataset[] {
  const out: UncoveredDataset[] = [];
  for (const dataset of Object.keys(DATASET_TITLES) as DatasetKind[]) {
    if (dataset === 'carc' || dataset === 'rarc') continue;
    const spans = releaseSpans(releases.filter((r) => r.dataset === dataset));
    const choice = chooseRelease(spans, date);
    if (!choice || choice.inForce) continue;
    const nearest = choice.release;
    const why = nearest.effectiveFrom > date ? 'not-yet' : 'ended';
    const newest = spans[spans.length - 1]?.release === nearest;
    const coverTo = spans.find((s) => s.release === nearest)?.coverTo ?? nearest.effectiveTo ?? '?';
    out.push({
      dataset,
      nearest,
      why,
      message:
        `No ${DATASET_TITLES[dataset]} release in the store covers ${date}: ` +
        (why === 'ended'
          ? `the ${newest ? 'newest' : 'nearest earlier'} one ends ${coverTo}.`
          : `the oldest starts ${nearest.effectiveFrom}.`),
    });
  }
  return out;
}
