/**
 * What every section builder of a guide reads: the code's record and parsed name, the catalogue of drug codes
 * on the date, the resolved inputs, and small helpers to make facts with sources.
 */
import type { LabelDrug } from '../dosing/label-dosing.ts';
import { dayNumber } from '../reference/as-of.ts';
import { datasetInForce } from '../reference/not-loaded.ts';
import type { ContainerEntry } from '../reference/container-types.ts';
import type {
  DatasetKind,
  DescriptorParse,
  HcpcsRecord,
  IsoDate,
  Release,
  Sourced,
} from '../reference/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import type { Catalogue, CatalogueEntry } from './catalogue.ts';
import type { DrugNameParts } from './drug-names.ts';
import type { ResolvedInputs } from './inputs.ts';
import type { Fact, FactSource, GuideNote, Known, Route, Unknown } from './model.ts';

export interface GuideContext {
  ref: ReferenceData;
  code: string;
  date: IsoDate;
  record: Sourced<HcpcsRecord>;
  /** Source of the HCPCS record (the HCPCS release in force). */
  hs: FactSource;
  parts: DrugNameParts;
  descriptor: Sourced<DescriptorParse> | undefined;
  cat: Catalogue;
  entry: CatalogueEntry | undefined;
  inputs: ResolvedInputs;
  label: LabelDrug | undefined;
  containers: readonly ContainerEntry[];
  routes: Known<Route[]>;
  notes: GuideNote[];
}

export const fact = <T>(value: T, sources: FactSource[], basis?: string): Fact<T> =>
  basis === undefined ? { value, sources } : { value, sources, basis };

export const unknown = (reason: string, sources: FactSource[]): Fact<Unknown> => ({
  value: { unknown: true, reason },
  sources,
});

/** The release of `dataset` in force on `date` (else the nearest), as the source a "not found" fact cites. */
export function searchedSource(ref: ReferenceData, dataset: DatasetKind, date: IsoDate): FactSource {
  const releases = ref.releases().filter((r) => r.dataset === dataset);
  const covering = releases
    .filter((r) => r.effectiveFrom <= date && (r.effectiveTo === null || r.effectiveTo >= date))
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
  const chosen: Release | undefined =
    covering ??
    [...releases].sort(
      (a, b) =>
        Math.abs(dayNumber(a.effectiveFrom) - dayNumber(date)) -
        Math.abs(dayNumber(b.effectiveFrom) - dayNumber(date)),
    )[0];
  if (!chosen) return { kind: 'store', dataset, note: `the store holds no ${dataset} release` };
  return {
    kind: 'release',
    release: {
      releaseId: chosen.id,
      dataset: chosen.dataset,
      fileName: chosen.fileName,
      releaseDate: chosen.releaseDate,
      effectiveFrom: chosen.effectiveFrom,
      effectiveTo: chosen.effectiveTo,
      label: chosen.label,
    },
    inForce: covering !== undefined,
    ...(covering === undefined
      ? { note: `no ${dataset} release covers ${date}; the nearest one was searched` }
      : {}),
  };
}

/**
 * Whether the crosswalk's NDC list for the code is known on the date: the code has packages, or a crosswalk release
 * answers for the date (then a code with none has none). With no release, no package is not a fact.
 */
export function crosswalkKnownFor(
  ref: ReferenceData,
  packages: ReturnType<ReferenceData['ndcPackagesForCode']>,
  date: IsoDate,
): boolean {
  return packages !== undefined || datasetInForce(ref, 'ndc-crosswalk', date);
}

export function labelSource(
  drug: string,
  s: { label: string; section: string; version: string },
): FactSource {
  return { kind: 'label', drug, title: s.label, section: s.section, revised: s.version };
}

/** "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`;
}

/**
 * "the crosswalk in force" when the release answering covers the date, else "the nearest crosswalk (not in force on
 * DATE)": a guide for a date the store does not cover must not call the nearest release the one in force.
 */
export function inForceName(what: string, answer: { inForce: boolean } | undefined, date: IsoDate): string {
  return answer === undefined || answer.inForce
    ? `the ${what} in force`
    : `the nearest ${what} (not in force on ${date})`;
}
