/**
 * Facts a release is needed for: whether a dataset answers for a date, and how to say that it does not. Absent from a
 * release in force, a code has no row (a fact); with no release loaded, or only releases of other periods, the
 * absence is not known and is said so, with the command that loads the data.
 */
import { DATASET_TITLES, uncoveredDatasets } from './as-of.ts';
import type { DatasetKind, IsoDate } from './model.ts';
import type { ReferenceData } from './port.ts';

/**
 * Whether a release of `dataset` covers `date`. Only then is a code missing from it a fact ("no MUE", "not in the
 * ASP file"); with no release loaded, or only releases of other periods, the absence is not known.
 */
export function datasetInForce(ref: ReferenceData, dataset: DatasetKind, date: IsoDate): boolean {
  const releases = ref.releases().filter((r) => r.dataset === dataset);
  return releases.length > 0 && !uncoveredDatasets(releases, date).some((u) => u.dataset === dataset);
}

/** What to run to load reference data (docs/reference-store.md). */
export const LOAD_DATA_COMMAND = '`drugclaim data sync` or `drugclaim data import --from DIR`';

/**
 * Why a fact read from `dataset` is not known for `date`: no release of it covers the date. Said instead of an
 * absence ("no row", "no MUE") that the data cannot support, with the dataset named and how to load it.
 */
export function notLoadedReason(
  ref: ReferenceData,
  dataset: DatasetKind,
  date: IsoDate,
  what: string,
): string {
  return notLoadedReasons(ref, date, [{ dataset, what }]);
}

/** One fact of a sentence of `notLoadedReasons`: `what` is its subject ("… is not known"). */
export interface NotLoadedFact {
  dataset: DatasetKind;
  what: string;
  /** What the nearest release has no row for, when one of another period is loaded ("it" unless told). */
  rowFor?: string;
}

/**
 * Why several facts are not known for `date`, in one sentence that names each dataset and the command that loads
 * them once (a table whose cells read from two datasets says so under the table, not in every cell).
 */
export function notLoadedReasons(ref: ReferenceData, date: IsoDate, facts: readonly NotLoadedFact[]): string {
  const said = facts.map((f, i) => {
    const what = i === 0 ? f.what : f.what.charAt(0).toLowerCase() + f.what.slice(1);
    const loaded = ref.releases().some((r) => r.dataset === f.dataset);
    return `${what} is not known: ${
      loaded
        ? `no ${DATASET_TITLES[f.dataset]} release in the store covers ${date} (the nearest one has no row for ${f.rowFor ?? 'it'})`
        : `no ${DATASET_TITLES[f.dataset]} data is loaded`
    }`;
  });
  const releases = new Set(facts.map((f) => f.dataset)).size > 1 ? 'releases' : 'release';
  return `${said.join('; ')}. Load the ${releases} for ${date} with ${LOAD_DATA_COMMAND}.`;
}
