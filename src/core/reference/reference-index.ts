/**
 * The in-memory `ReferenceData`: every release of every dataset, answered as of a date with Map lookups.
 *
 * Built once (from the store, or from records read straight from the CMS files in tests) and then read-only.
 * A lookup picks the release in force on the date (see ./as-of.ts), then does one Map lookup in it; nothing is
 * scanned per call. Returned records are shared: callers must not mutate them.
 */
import { chooseRelease, codeStatus, releaseSpans, type ReleaseChoice, type ReleaseSpan } from './as-of.ts';
import { parseDescriptor as defaultParseDescriptor, parseUnitPhrase } from './descriptor.ts';
import { normaliseNdc } from './ndc.ts';
import { allowedEdits, editDistanceAtMost } from './spelling.ts';
import { runSteps, runStepsPaced, type Steps } from '../steps.ts';
import type {
  AddOnCodeEdit,
  AdjustmentReasonCode,
  AspLimit,
  BillingUnit,
  CodeStatus,
  DatasetKind,
  DescriptorParse,
  HcpcsKind,
  HcpcsRecord,
  Icd10Code,
  IsoDate,
  Mue,
  MueSetting,
  NdcPackage,
  OppsRate,
  Release,
  SearchHit,
  SearchMatchKind,
  SourceRef,
  Sourced,
} from './model.ts';
import type { ReferenceData } from './port.ts';

/** The record type of each dataset (the same mapping the CMS readers produce). */
export interface ReferenceRecordTypes {
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

/** Records, or a function that produces them on first use (lets a store load a dataset only when asked). */
export type RecordSource<T> = readonly T[] | (() => readonly T[]);

/** One release and its records. `release.dataset` says which record type `records` holds. */
export type ReferenceEntry = {
  [K in DatasetKind]: { release: Release & { dataset: K }; records: RecordSource<ReferenceRecordTypes[K]> };
}[DatasetKind];

export interface ReferenceIndexOptions {
  /** Descriptor parser (defaults to ./descriptor.ts); results are cached per record. */
  parseDescriptor?: (longDescription: string) => DescriptorParse;
}

export const DEFAULT_SEARCH_LIMIT = 20;

/** One release of one dataset, its records keyed for lookups (built on first use). */
class Slot<V> {
  readonly release: Release;
  readonly source: SourceRef;
  private map: Map<string, V> | undefined;
  private readonly buildMap: () => Map<string, V>;

  constructor(release: Release, buildMap: () => Map<string, V>) {
    this.release = release;
    this.source = sourceOf(release);
    this.buildMap = buildMap;
  }

  get byKey(): Map<string, V> {
    return (this.map ??= this.buildMap());
  }
}

function memo<T>(records: RecordSource<T>): () => readonly T[] {
  if (typeof records !== 'function') return () => records;
  let cached: readonly T[] | undefined;
  return () => (cached ??= records());
}

/** The releases of one dataset, oldest first, with a one-entry cache of the last date asked about. */
class DatasetIndex<V> {
  readonly spans: ReleaseSpan[];
  readonly slots = new Map<string, Slot<V>>();
  private lastDate: IsoDate | undefined;
  private lastChoice: { slot: Slot<V>; inForce: boolean; note?: string } | undefined;

  constructor(slots: Slot<V>[]) {
    for (const s of slots) this.slots.set(s.release.id, s);
    this.spans = releaseSpans(slots.map((s) => s.release));
  }

  choose(date: IsoDate): { slot: Slot<V>; inForce: boolean; note?: string } | undefined {
    if (date === this.lastDate) return this.lastChoice;
    const choice: ReleaseChoice | undefined = chooseRelease(this.spans, date);
    const slot = choice ? this.slots.get(choice.release.id) : undefined;
    const result =
      choice && slot
        ? choice.note === undefined
          ? { slot, inForce: choice.inForce }
          : { slot, inForce: choice.inForce, note: choice.note }
        : undefined;
    this.lastDate = date;
    this.lastChoice = result;
    return result;
  }

  /** The newest release (for code lists without a date, such as CARC/RARC). */
  newest(): Slot<V> | undefined {
    const last = this.spans[this.spans.length - 1];
    return last ? this.slots.get(last.release.id) : undefined;
  }

  lookup(key: string, date: IsoDate, normalise: (key: string) => string): Sourced<V> | undefined {
    const choice = this.choose(date);
    if (!choice) return undefined;
    let value = choice.slot.byKey.get(key);
    if (value === undefined) {
      const alt = normalise(key);
      if (alt !== key) value = choice.slot.byKey.get(alt);
      if (value === undefined) return undefined;
    }
    return choice.note === undefined
      ? { value, source: choice.slot.source, inForce: choice.inForce }
      : { value, source: choice.slot.source, inForce: choice.inForce, note: choice.note };
  }
}

const upper = (key: string): string => key.trim().toUpperCase();
const icdKey = (key: string): string => key.trim().toUpperCase().replace('.', '');
const ndcKey = (key: string): string => key.replace(/[\s-]/g, '');

function sourceOf(release: Release): SourceRef {
  return {
    releaseId: release.id,
    dataset: release.dataset,
    fileName: release.fileName,
    releaseDate: release.releaseDate,
    effectiveFrom: release.effectiveFrom,
    effectiveTo: release.effectiveTo,
    label: release.label,
  };
}

function singleSlot<T>(release: Release, records: () => readonly T[], key: (r: T) => string): Slot<T> {
  return new Slot(release, () => {
    const byKey = new Map<string, T>();
    for (const r of records()) byKey.set(key(r), r);
    return byKey;
  });
}

function multiSlot<T>(release: Release, records: () => readonly T[], key: (r: T) => string): Slot<T[]> {
  return new Slot(release, () => {
    const byKey = new Map<string, T[]>();
    for (const r of records()) {
      const k = key(r);
      const list = byKey.get(k);
      if (list) list.push(r);
      else byKey.set(k, [r]);
    }
    return byKey;
  });
}

type Datasets = {
  [K in DatasetKind]: Slot<unknown>[];
};

export class ReferenceIndex implements ReferenceData {
  private readonly allReleases: readonly Release[];
  private readonly hcpcsIdx: DatasetIndex<HcpcsRecord>;
  private readonly aspIdx: DatasetIndex<AspLimit>;
  private readonly ndcByCodeIdx: DatasetIndex<NdcPackage[]>;
  private readonly ndcByNdcIdx: DatasetIndex<NdcPackage[]>;
  private readonly mueIdx: Record<MueSetting, DatasetIndex<Mue>>;
  private readonly icdIdx: DatasetIndex<Icd10Code>;
  private readonly carcIdx: DatasetIndex<AdjustmentReasonCode>;
  private readonly rarcIdx: DatasetIndex<AdjustmentReasonCode>;
  private readonly oppsIdx: DatasetIndex<OppsRate>;
  private readonly aocIdx: DatasetIndex<AddOnCodeEdit[]>;
  private readonly parse: (longDescription: string) => DescriptorParse;
  private readonly descriptorCache = new Map<HcpcsRecord, DescriptorParse>();
  private readonly searchCache = new Map<string, SearchIndex>();

  private constructor(entries: readonly ReferenceEntry[], options: ReferenceIndexOptions) {
    this.parse = options.parseDescriptor ?? defaultParseDescriptor;
    const slots: Datasets = {
      hcpcs: [],
      asp: [],
      'ndc-crosswalk': [],
      'mue-practitioner': [],
      'mue-outpatient-hospital': [],
      'mue-dme': [],
      icd10cm: [],
      carc: [],
      rarc: [],
      opps: [],
      'ncci-aoc': [],
    };
    const ndcByNdc: Slot<NdcPackage[]>[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      const release = entry.release;
      if (seen.has(release.id)) throw new Error(`release ${release.id} given twice`);
      seen.add(release.id);
      switch (entry.release.dataset) {
        case 'hcpcs':
          slots.hcpcs.push(
            singleSlot(release, memo(entry.records as RecordSource<HcpcsRecord>), (r) => r.code),
          );
          break;
        case 'asp':
          slots.asp.push(singleSlot(release, memo(entry.records as RecordSource<AspLimit>), (r) => r.code));
          break;
        case 'ndc-crosswalk': {
          const records = memo(entry.records as RecordSource<NdcPackage>);
          slots['ndc-crosswalk'].push(multiSlot(release, records, (r) => r.code));
          ndcByNdc.push(multiSlot(release, records, (r) => r.ndc11));
          break;
        }
        case 'mue-practitioner':
        case 'mue-outpatient-hospital':
        case 'mue-dme':
          slots[entry.release.dataset].push(
            singleSlot(release, memo(entry.records as RecordSource<Mue>), (r) => r.code),
          );
          break;
        case 'icd10cm':
          slots.icd10cm.push(
            singleSlot(release, memo(entry.records as RecordSource<Icd10Code>), (r) => r.code),
          );
          break;
        case 'carc':
        case 'rarc':
          slots[entry.release.dataset].push(
            singleSlot(release, memo(entry.records as RecordSource<AdjustmentReasonCode>), (r) => r.code),
          );
          break;
        case 'opps':
          slots.opps.push(singleSlot(release, memo(entry.records as RecordSource<OppsRate>), (r) => r.code));
          break;
        case 'ncci-aoc':
          slots['ncci-aoc'].push(
            multiSlot(release, memo(entry.records as RecordSource<AddOnCodeEdit>), (r) => r.addOnCode),
          );
          break;
        default: {
          const never: never = entry.release;
          throw new Error(`unknown dataset ${String((never as Release).dataset)}`);
        }
      }
    }
    const idx = <V>(list: Slot<unknown>[]): DatasetIndex<V> => new DatasetIndex<V>(list as Slot<V>[]);
    this.hcpcsIdx = idx(slots.hcpcs);
    this.aspIdx = idx(slots.asp);
    this.ndcByCodeIdx = idx(slots['ndc-crosswalk']);
    this.ndcByNdcIdx = new DatasetIndex(ndcByNdc);
    this.mueIdx = {
      practitioner: idx(slots['mue-practitioner']),
      'outpatient-hospital': idx(slots['mue-outpatient-hospital']),
      dme: idx(slots['mue-dme']),
    };
    this.icdIdx = idx(slots.icd10cm);
    this.carcIdx = idx(slots.carc);
    this.rarcIdx = idx(slots.rarc);
    this.oppsIdx = idx(slots.opps);
    this.aocIdx = idx(slots['ncci-aoc']);
    this.allReleases = entries
      .map((e) => e.release)
      .sort(
        (a, b) =>
          (a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : 0) ||
          (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0),
      );
  }

  /** Builds the index. Each release id must be unique; several releases of one dataset are answered as of a date. */
  static build(entries: readonly ReferenceEntry[], options: ReferenceIndexOptions = {}): ReferenceIndex {
    return new ReferenceIndex(entries, options);
  }

  releases(): readonly Release[] {
    return this.allReleases;
  }

  /** Builds every lookup map now (records given as functions are read now), so no later lookup pays for it. */
  warm(): this {
    for (const index of this.datasetIndexes()) for (const slot of index.slots.values()) void slot.byKey.size;
    return this;
  }

  /**
   * `warm()` and the search index of the newest releases, in steps: `pause` is awaited after each release's map and
   * every few hundred search entries, so that a server rebuilding its reference data keeps answering meanwhile.
   */
  async warmInSteps(pause: () => Promise<void>): Promise<this> {
    for (const index of this.datasetIndexes())
      for (const slot of index.slots.values()) {
        void slot.byKey.size;
        await pause();
      }
    const { key, build } = this.searchIndexFor(undefined);
    if (!this.searchCache.has(key)) {
      this.searchCache.set(key, await runStepsPaced(build(), pause));
    }
    return this;
  }

  private datasetIndexes(): DatasetIndex<unknown>[] {
    return [
      this.hcpcsIdx,
      this.aspIdx,
      this.ndcByCodeIdx,
      this.ndcByNdcIdx,
      this.mueIdx.practitioner,
      this.mueIdx['outpatient-hospital'],
      this.mueIdx.dme,
      this.icdIdx,
      this.carcIdx,
      this.rarcIdx,
      this.oppsIdx,
      this.aocIdx,
    ] as DatasetIndex<unknown>[];
  }

  /** The release of `dataset` that answers for `date` (in force, or the nearest one with a note), if any. */
  releaseOn(
    dataset: DatasetKind,
    date: IsoDate,
  ): { release: Release; inForce: boolean; note?: string } | undefined {
    const index = this.datasetIndex(dataset);
    const choice = index.choose(date);
    if (!choice) return undefined;
    return choice.note === undefined
      ? { release: choice.slot.release, inForce: choice.inForce }
      : { release: choice.slot.release, inForce: choice.inForce, note: choice.note };
  }

  private datasetIndex(dataset: DatasetKind): DatasetIndex<unknown> {
    switch (dataset) {
      case 'hcpcs':
        return this.hcpcsIdx;
      case 'asp':
        return this.aspIdx;
      case 'ndc-crosswalk':
        return this.ndcByCodeIdx;
      case 'mue-practitioner':
        return this.mueIdx.practitioner;
      case 'mue-outpatient-hospital':
        return this.mueIdx['outpatient-hospital'];
      case 'mue-dme':
        return this.mueIdx.dme;
      case 'icd10cm':
        return this.icdIdx;
      case 'carc':
        return this.carcIdx;
      case 'rarc':
        return this.rarcIdx;
      case 'opps':
        return this.oppsIdx;
      case 'ncci-aoc':
        return this.aocIdx;
    }
  }

  hcpcs(code: string, date: IsoDate): Sourced<HcpcsRecord> | undefined {
    return this.hcpcsIdx.lookup(code, date, upper);
  }

  descriptor(code: string, date: IsoDate): Sourced<DescriptorParse> | undefined {
    const found = this.hcpcs(code, date);
    if (!found) return undefined;
    const value = this.parsedDescriptor(found.value);
    return found.note === undefined
      ? { value, source: found.source, inForce: found.inForce }
      : { value, source: found.source, inForce: found.inForce, note: found.note };
  }

  /** The descriptor parse of one record, computed once. */
  parsedDescriptor(record: HcpcsRecord): DescriptorParse {
    let parsed = this.descriptorCache.get(record);
    if (!parsed) {
      parsed = this.parse(record.longDescription);
      this.descriptorCache.set(record, parsed);
    }
    return parsed;
  }

  /** How many descriptors of a HCPCS release parse to a billing unit, and which do not (procedures only). */
  descriptorSummary(
    releaseId: string,
  ): { parsed: number; unparsed: number; unparsedCodes: string[] } | undefined {
    const slot = this.hcpcsIdx.slots.get(releaseId);
    if (!slot) return undefined;
    let parsed = 0;
    const unparsedCodes: string[] = [];
    for (const record of slot.byKey.values()) {
      if (record.kind !== 'procedure') continue;
      if (this.parsedDescriptor(record).kind === 'parsed') parsed++;
      else unparsedCodes.push(record.code);
    }
    return { parsed, unparsed: unparsedCodes.length, unparsedCodes };
  }

  aspLimit(code: string, date: IsoDate): Sourced<AspLimit> | undefined {
    return this.aspIdx.lookup(code, date, upper);
  }

  ndcPackagesForCode(code: string, date: IsoDate): Sourced<NdcPackage[]> | undefined {
    return this.ndcByCodeIdx.lookup(code, date, upper);
  }

  ndcPackages(ndc11: string, date: IsoDate): Sourced<NdcPackage[]> | undefined {
    return this.ndcByNdcIdx.lookup(ndc11, date, ndcKey);
  }

  mue(code: string, setting: MueSetting, date: IsoDate): Sourced<Mue> | undefined {
    return this.mueIdx[setting].lookup(code, date, upper);
  }

  icd10(code: string, date: IsoDate): Sourced<Icd10Code> | undefined {
    return this.icdIdx.lookup(code, date, icdKey);
  }

  carc(code: string): Sourced<AdjustmentReasonCode> | undefined {
    return newestLookup(this.carcIdx, code);
  }

  rarc(code: string): Sourced<AdjustmentReasonCode> | undefined {
    return newestLookup(this.rarcIdx, code);
  }

  allCarcs(): Sourced<AdjustmentReasonCode>[] {
    const slot = this.carcIdx.newest();
    if (!slot) return [];
    return [...slot.byKey.values()].map((value) => ({ value, source: slot.source, inForce: true }));
  }

  opps(code: string, date: IsoDate): Sourced<OppsRate> | undefined {
    return this.oppsIdx.lookup(code, date, upper);
  }

  addOnEdits(addOnCode: string, date: IsoDate): Sourced<AddOnCodeEdit[]> | undefined {
    return this.aocIdx.lookup(addOnCode, date, upper);
  }

  allHcpcs(date: IsoDate): Sourced<HcpcsRecord>[] {
    const choice = this.hcpcsIdx.choose(date);
    if (!choice) return [];
    const { slot, inForce, note } = choice;
    const out: Sourced<HcpcsRecord>[] = [];
    for (const value of slot.byKey.values()) {
      out.push(
        note === undefined
          ? { value, source: slot.source, inForce }
          : { value, source: slot.source, inForce, note },
      );
    }
    return out;
  }

  /** The search index's cache key for a date (newest releases without one), and how to build it in steps. */
  private searchIndexFor(date: IsoDate | undefined): {
    key: string;
    build: () => Steps<SearchIndex>;
    hcpcsSlot: Slot<HcpcsRecord> | undefined;
  } {
    const hcpcsSlot = date === undefined ? this.hcpcsIdx.newest() : this.hcpcsIdx.choose(date)?.slot;
    const ndcSlot = date === undefined ? this.ndcByCodeIdx.newest() : this.ndcByCodeIdx.choose(date)?.slot;
    const ndcByNdcSlot = date === undefined ? this.ndcByNdcIdx.newest() : this.ndcByNdcIdx.choose(date)?.slot;
    return {
      key: `${hcpcsSlot?.release.id ?? ''}|${ndcSlot?.release.id ?? ''}`,
      build: () => SearchIndex.build(hcpcsSlot, ndcSlot, ndcByNdcSlot, (r) => this.parsedDescriptor(r)),
      hcpcsSlot,
    };
  }

  /** Ranked hits, best first (how several words combine: `SearchIndex.search` below; docs/reference-store.md). */
  search(text: string, options: { limit?: number; date?: IsoDate } = {}): SearchHit[] {
    const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
    const query = text.trim();
    if (query === '' || limit <= 0) return [];
    const { key, build, hcpcsSlot } = this.searchIndexFor(options.date);
    let index = this.searchCache.get(key);
    if (!index) {
      index = runSteps(build());
      this.searchCache.set(key, index);
    }
    const date = options.date ?? hcpcsSlot?.release.effectiveFrom ?? '0000-01-01';
    // Statuses on a date no HCPCS release covers come from the nearest release: say so on each hit, as the code
    // facts do (their status text is "unknown" then).
    const inForce = options.date === undefined || (this.hcpcsIdx.choose(options.date)?.inForce ?? false);
    const hits = index.search(query, limit, date);
    for (const h of hits) h.inForce = inForce;
    return hits;
  }
}

function newestLookup<V>(index: DatasetIndex<V>, code: string): Sourced<V> | undefined {
  const slot = index.newest();
  if (!slot) return undefined;
  const value = slot.byKey.get(code) ?? slot.byKey.get(upper(code));
  return value === undefined ? undefined : { value, source: slot.source, inForce: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Search

/** Scores: a better kind of match always outranks a worse one; within a kind, closer matches rank higher. */
const SCORE = { code: 1000, ndc: 900, nameExact: 800, prefix: 600, words: 400 } as const;

/**
 * Added to a hit whose billing unit is the strength the query names ("pemetrexed 10 mg" → the 10 mg codes first).
 * Smaller than the gap between two kinds of match, so it only reorders hits of one kind.
 */
const UNIT_BONUS = 5;

/** A strength in a query: "100mg", "10 mg", "0.5 ml", "1,000 units", "250 mcg". */
const STRENGTH =
  /(?<![a-z0-9.,])(?:\d{1,3}(?:,\d{3})+|\d*\.?\d+)\s*(?:mg|mcg|micrograms?|milligrams?|gm?|grams?|ml|cc|units?|iu|i\.u\.|meq|mmol)(?![a-z0-9])/gi;

/** A HCPCS Level II procedure code (J9173) or a CPT code (96413, 0001A) among several in one query. */
const CODE_TOKEN = /^(?:[A-Z]\d{4}|\d{4}[0-9A-Z])$/;

/** What a query asks for: the text to match and the strengths it names. */
interface ParsedQuery {
  /** The query without its strengths (the whole query when it is nothing but strengths). */
  text: string;
  /** The strength phrases as typed ("100mg"). */
  strengthText: string[];
  strengths: BillingUnit[];
}

function parseQuery(query: string): ParsedQuery {
  const strengthText: string[] = [];
  const strengths: BillingUnit[] = [];
  const text = query
    .replace(STRENGTH, (phrase) => {
      const unit = parseUnitPhrase(phrase);
      if (!unit) return phrase;
      strengthText.push(phrase);
      strengths.push(unit);
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  if (searchWords(text).length === 0) return { text: query, strengthText: [], strengths: [] };
  return { text, strengthText, strengths };
}

/**
 * Words of a label's title and package text that name a route, a form or a container, not a drug: left out of a
 * query only when the whole query finds nothing ("Imfinzi (durvalumab) injection, for intravenous use").
 * @see FDA labels' highlights titles, "<BRAND> (<established name>) injection, for intravenous use" (21 CFR 201.57(a)(2)).
 */
const labelWords: ReadonlySet<string> = new Set([
  'for',
  'or',
  'use',
  'only',
  'and',
  'of',
  'the',
  'in',
  'with',
  'injection',
  'injectable',
  'infusion',
  'intravenous',
  'subcutaneous',
  'intramuscular',
  'intravitreal',
  'intrathecal',
  'intradermal',
  'intravesical',
  'iv',
  'im',
  'sc',
  'subq',
  'solution',
  'suspension',
  'concentrate',
  'lyophilized',
  'powder',
  'sterile',
  'usp',
  'single',
  'multiple',
  'multi',
  'dose',
  'vial',
  'vials',
  'prefilled',
  'syringe',
  'syringes',
  'pen',
  'kit',
  'rx',
]);

/** Lower-case words of a text: letters and digits, other characters split. */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

const normaliseName = (text: string): string => searchWords(text).join(' ');

/** 11-digit NDCs a query may name: the exact one, or every known reading of an unhyphenated 10-digit NDC. */
function ndcQueryCandidates(query: string, known: Map<string, unknown>): string[] {
  const n = normaliseNdc(query, (ndc11) => known.has(ndc11));
  switch (n.kind) {
    case 'ok':
      return [n.ndc11];
    case 'ambiguous':
      return n.candidates.map((c) => c.ndc11).filter((ndc11) => known.has(ndc11));
    case 'invalid':
      return [];
  }
}

interface Candidate {
  code: string;
  matchedBy: SearchMatchKind;
  matchedText: string;
  score: number;
}

/** Sorted keys for prefix lookups by binary search. */
class PrefixList<V> {
  private readonly keys: string[];
  private readonly map: Map<string, V>;
  constructor(map: Map<string, V>) {
    this.map = map;
    this.keys = [...map.keys()].sort();
  }
  *withPrefix(prefix: string): Generator<[string, V]> {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.keys[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.keys.length; i++) {
      const k = this.keys[i] ?? '';
      if (!k.startsWith(prefix)) return;
      const v = this.map.get(k);
      if (v !== undefined) yield [k, v];
    }
  }
}

/** One brand or drug name of a code, split into the words a query's words are compared with. */
interface NameRef {
  kind: 'brand' | 'drug';
  text: string;
  /** Normalised name (`normaliseName`): its words joined by single spaces. */
  key: string;
  words: string[];
}

interface Entry {
  code: string;
  kind: HcpcsKind;
  longDescription: string;
  /** Words in the descriptor: shorter descriptors rank higher among descriptor matches. */
  wordCount: number;
  record: HcpcsRecord | undefined;
}

/** Records added to the search index between two steps of `SearchIndex.build`. */
const SEARCH_STEP = 500;

class SearchIndex {
  private readonly entries = new Map<string, Entry>();
  private codes = new PrefixList(new Map<string, Entry>());
  /** Normalised brand (crosswalk Drug Name) or drug (descriptor) name → codes and the original text. */
  private readonly names = new Map<string, { kind: 'brand' | 'drug'; text: string; codes: Set<string> }[]>();
  private namePrefixes = new PrefixList(this.names);
  /** The same names by code: what a query of several names is checked against, code by code. */
  private readonly namesByCode = new Map<string, NameRef[]>();
  /** Words in the longest name: no run of query words longer than this can be a name. */
  private maxNameWords = 0;
  private readonly words = new Map<string, Set<string>>();
  private wordPrefixes = new PrefixList(this.words);
  private readonly byNdc: Map<string, NdcPackage[]> | undefined;
  private readonly parse: (r: HcpcsRecord) => DescriptorParse;
  /** Words of the brand and drug names, by length: what a misspelt word is compared with. */
  private readonly vocabulary = new Map<number, string[]>();

  private constructor(
    byNdc: Map<string, NdcPackage[]> | undefined,
    parse: (r: HcpcsRecord) => DescriptorParse,
  ) {
    this.byNdc = byNdc;
    this.parse = parse;
  }

  /** Builds the index, stopping every `SEARCH_STEP` records (run it to the end; each `next()` is one step). */
  static *build(
    hcpcs: Slot<HcpcsRecord> | undefined,
    crosswalk: Slot<NdcPackage[]> | undefined,
    crosswalkByNdc: Slot<NdcPackage[]> | undefined,
    parse: (r: HcpcsRecord) => DescriptorParse,
  ): Steps<SearchIndex> {
    const index = new SearchIndex(crosswalkByNdc?.byKey, parse);
    let n = 0;
    if (hcpcs) {
      for (const record of hcpcs.byKey.values()) {
        const words = searchWords(record.longDescription);
        index.entries.set(record.code, {
          code: record.code,
          kind: record.kind,
          longDescription: record.longDescription,
          wordCount: words.length,
          record,
        });
        for (const w of words) index.addWord(w, record.code);
        const drugName = parse(record).drugName;
        if (drugName) index.addName('drug', drugName, record.code);
        if (++n % SEARCH_STEP === 0) yield;
      }
    }
    if (crosswalk) {
      for (const [code, packages] of crosswalk.byKey) {
        const first = packages[0];
        if (!index.entries.has(code) && first) {
          // Codes the crosswalk knows but the HCPCS file does not (CPT vaccine codes): keep them findable.
          const words = searchWords(first.shortDescription);
          index.entries.set(code, {
            code,
            kind: 'procedure',
            longDescription: first.shortDescription,
            wordCount: words.length,
            record: undefined,
          });
          for (const w of words) index.addWord(w, code);
        }
        for (const p of packages)
          if (p.drugName.trim() !== '') index.addName('brand', p.drugName.trim(), code);
        if (++n % SEARCH_STEP === 0) yield;
      }
    }
    index.codes = new PrefixList(index.entries);
    index.namePrefixes = new PrefixList(index.names);
    index.wordPrefixes = new PrefixList(index.words);
    const vocabulary = new Set<string>();
    for (const key of index.names.keys())
      for (const w of key.split(' ')) if (/^[a-z]+$/.test(w) && allowedEdits(w.length) > 0) vocabulary.add(w);
    for (const w of [...vocabulary].sort()) {
      const list = index.vocabulary.get(w.length);
      if (list) list.push(w);
      else index.vocabulary.set(w.length, [w]);
    }
    return index;
  }

  private addWord(word: string, code: string): void {
    const set = this.words.get(word);
    if (set) set.add(code);
    else this.words.set(word, new Set([code]));
  }

  private addName(kind: 'brand' | 'drug', text: string, code: string): void {
    const key = normaliseName(text);
    if (key === '') return;
    const list = this.names.get(key);
    const same = list?.find((n) => n.kind === kind);
    if (same?.codes.has(code)) return;
    if (same) same.codes.add(code);
    else if (list) list.push({ kind, text, codes: new Set([code]) });
    else this.names.set(key, [{ kind, text, codes: new Set([code]) }]);
    // The text kept is the first one seen for the key, as in `names`.
    const ref: NameRef = { kind, text: same?.text ?? text, key, words: key.split(' ') };
    const byCode = this.namesByCode.get(code);
    if (byCode) byCode.push(ref);
    else this.namesByCode.set(code, [ref]);
    this.maxNameWords = Math.max(this.maxNameWords, ref.words.length);
  }

  /**
   * Ranked hits for a query. When nothing matches the text as typed, misspelt words are replaced by the nearest
   * word of a brand or drug name and the hits carry `correctedQuery`.
   *
   * Several words ask for codes that match all of them (punctuation and "®" only separate words; strengths are
   * left out): each word is a word of the code's descriptor or belongs to a whole brand or drug name of the code.
   * So brand and generic together, in either order, find their one product ("Imfinzi (durvalumab)", "keytruda
   * pembrolizumab 100 mg": J9271 first, scored as "keytruda" alone), while the names of two products ("keytruda
   * rituximab") or a word nothing knows ("keytruda banana") find nothing, as two descriptor words no descriptor
   * shares always did. Only codes listed in the query ("J9173 J9271", "J9173 pembrolizumab") are hits each.
   */
  search(query: string, limit: number, date: IsoDate): SearchHit[] {
    const parsed = parseQuery(query);
    let best = this.candidates(query, parsed, date);
    let correctedQuery: string | undefined;
    if (best.size === 0) {
      const corrected = this.correctSpelling(parsed);
      if (corrected !== undefined) {
        correctedQuery = [corrected, ...parsed.strengthText].join(' ');
        best = this.candidates(correctedQuery, { ...parsed, text: corrected }, date);
      }
    }
    // A label's title pasted whole ("Imfinzi (durvalumab) injection, for intravenous use"): its route and form words
    // are in no descriptor, so nothing matched; the names alone may (misspelt ones corrected), and the hits say what
    // was searched.
    if (best.size === 0) {
      const words = searchWords(parsed.text);
      const kept = words.filter((w) => !labelWords.has(w));
      if (kept.length > 0 && kept.length < words.length) {
        const stripped: ParsedQuery = { ...parsed, text: kept.join(' ') };
        const text =
          this.candidates(stripped.text, stripped, date).size > 0
            ? stripped.text
            : this.correctSpelling(stripped);
        if (text !== undefined) {
          correctedQuery = [text, ...parsed.strengthText].join(' ');
          best = this.candidates(correctedQuery, { ...parsed, text }, date);
        }
      }
    }

    // Equal scores: codes valid on the date first (a terminated C-code must not hide the J-code), then by code.
    const statusRank: Record<CodeStatus, number> = { active: 0, 'not-yet-valid': 1, terminated: 2 };
    const ranked = [...best.values()].map((c) => {
      const entry = this.entries.get(c.code);
      return { c, entry, status: entry?.record ? codeStatus(entry.record, date) : ('active' as CodeStatus) };
    });
    ranked.sort(
      (a, b) =>
        b.c.score - a.c.score ||
        statusRank[a.status] - statusRank[b.status] ||
        (a.c.code < b.c.code ? -1 : a.c.code > b.c.code ? 1 : 0),
    );
    return ranked.slice(0, limit).map(({ c, entry, status }) => {
      const hit: SearchHit = {
        code: c.code,
        kind: entry?.kind ?? 'procedure',
        longDescription: entry?.longDescription ?? '',
        matchedBy: c.matchedBy,
        matchedText: c.matchedText,
        score: c.score,
        status,
        inForce: true,
      };
      if (correctedQuery !== undefined) hit.correctedQuery = correctedQuery;
      return hit;
    });
  }

  /** Every code the query matches, with its best match. `query` is the text as typed (codes, NDCs). */
  private candidates(query: string, parsed: ParsedQuery, date: IsoDate): Map<string, Candidate> {
    const best = new Map<string, Candidate>();
    const offer = (c: Candidate): void => {
      const prev = best.get(c.code);
      if (!prev || c.score > prev.score) best.set(c.code, c);
    };

    // 1. Exact code; several codes in one query ("J9173 J9271", "J9173, J9271").
    const codeQuery = query.toUpperCase().replace(/\s/g, '');
    if (this.entries.has(codeQuery))
      offer({ code: codeQuery, matchedBy: 'code', matchedText: codeQuery, score: SCORE.code });
    let text = parsed.text;
    const tokens = query
      .toUpperCase()
      .split(/[\s,;]+/)
      .filter((t) => t !== '');
    if (tokens.length > 1) {
      const listed = tokens.filter((t) => CODE_TOKEN.test(t) && this.entries.has(t));
      for (const code of listed) offer({ code, matchedBy: 'code', matchedText: code, score: SCORE.code });
      if (listed.length > 0)
        text = parsed.text
          .split(/[\s,;]+/)
          .filter((t) => !listed.includes(t.toUpperCase()))
          .join(' ');
    }

    // 2. NDC in any form.
    if (this.byNdc) {
      for (const ndc11 of ndcQueryCandidates(query, this.byNdc)) {
        for (const p of this.byNdc.get(ndc11) ?? []) {
          offer({ code: p.code, matchedBy: 'ndc', matchedText: ndc11, score: SCORE.ndc });
        }
      }
    }

    // 3. Brand or drug name, exact then prefix (strengths left out: "keytruda 100mg" is Keytruda).
    const nameQuery = normaliseName(text);
    if (nameQuery !== '') {
      for (const n of this.names.get(nameQuery) ?? []) {
        for (const code of n.codes)
          offer({
            code,
            matchedBy: n.kind,
            matchedText: n.text,
            score: SCORE.nameExact + (n.kind === 'drug' ? 1 : 0),
          });
      }
      for (const [key, list] of this.namePrefixes.withPrefix(nameQuery)) {
        const closeness = Math.max(0, 99 - (key.length - nameQuery.length));
        for (const n of list) {
          for (const code of n.codes)
            offer({ code, matchedBy: n.kind, matchedText: n.text, score: SCORE.prefix + closeness });
        }
      }
    }

    // 4. Code prefix ("J93" → J9300…).
    if (/^[A-Z0-9]{1,4}$/.test(codeQuery)) {
      for (const [code] of this.codes.withPrefix(codeQuery)) {
        offer({
          code,
          matchedBy: 'code',
          matchedText: codeQuery,
          score: SCORE.prefix + 50 - (code.length - codeQuery.length),
        });
      }
    }

    // 5. Descriptor words: every word of the query is a word (or, for the last one, the start of a word).
    const words = searchWords(text);
    if (words.length > 0) {
      let hits: Set<string> | undefined;
      let exactCount = 0;
      for (let i = 0; i < words.length && (hits === undefined || hits.size > 0); i++) {
        const w = words[i] ?? '';
        const exact = this.words.get(w);
        let found: Set<string>;
        if (i === words.length - 1 && w.length >= 2) {
          found = new Set(exact);
          for (const [, codes] of this.wordPrefixes.withPrefix(w)) for (const c of codes) found.add(c);
        } else {
          found = exact ?? new Set();
        }
        if (exact) exactCount++;
        hits = hits === undefined ? found : intersect(hits, found);
      }
      for (const code of hits ?? []) {
        const score = descriptorScore(exactCount, this.entries.get(code));
        offer({ code, matchedBy: 'descriptor', matchedText: words.join(' '), score });
      }
    }

    // 6. Names and descriptor words together ("Imfinzi (durvalumab)", "keytruda pembrolizumab", "keytruda injection").
    if (words.length > 1) this.nameCombinations(words, offer);

    // 7. A strength in the query ranks the codes billed in exactly that unit first, within each kind of match
    // (codes valid on the date only: "rituximab 100 mg" must not put the terminated 100 mg code above J9312).
    if (parsed.strengths.length > 0) {
      for (const c of best.values()) {
        const record = this.entries.get(c.code)?.record;
        const d = record && codeStatus(record, date) === 'active' ? this.parse(record) : undefined;
        if (
          d?.kind === 'parsed' &&
          parsed.strengths.some((s) => s.unit === d.billingUnit.unit && s.amount === d.billingUnit.amount)
        )
          c.score += UNIT_BONUS;
      }
    }
    return best;
  }

  /**
   * Offers the codes whose own names and descriptor account for every query word, with at least one name among them
   * (labels print "Imfinzi (durvalumab)"; billers type "keytruda pembrolizumab"). The words are cut into runs, each
   * a whole brand or drug name of the code (either order; a name may come twice: "Pemetrexed (pemetrexed)") or one
   * word of its descriptor; the last word (2 letters or more) may be the start of a name or of a descriptor word.
   * Score: whole names only → the exact-name score (801 when the descriptor's drug name is among them, 800
   * otherwise), so "keytruda pembrolizumab" ranks J9271 as "keytruda" does; any descriptor word or started word →
   * the descriptor score, every whole word counting as found ("keytruda injection"). Words of different codes'
   * names match no code ("keytruda rituximab"), as descriptor words no descriptor shares match none.
   */
  private nameCombinations(words: readonly string[], offer: (c: Candidate) => void): void {
    const n = words.length;
    const last = words[n - 1] ?? '';
    const lastMayBePrefix = last.length >= 2;

    // Codes with a whole name somewhere in the query (names are few; descriptor words are not): they need the full
    // search below. Codes whose only name is one the query ends by starting (many, for "injection pa") can only be
    // matched as descriptor words then that name, which is checked directly.
    const codes = new Set<string>();
    const started: { code: string; start: number; kind: 'brand' | 'drug'; text: string }[] = [];
    for (let i = 0; i < n; i++) {
      for (let k = 1; k <= Math.min(this.maxNameWords, n - i); k++) {
        const key = words.slice(i, i + k).join(' ');
        for (const name of this.names.get(key) ?? []) for (const code of name.codes) codes.add(code);
        if (i + k === n && lastMayBePrefix)
          for (const [prefixed, list] of this.namePrefixes.withPrefix(key))
            if (prefixed !== key)
              for (const name of list)
                for (const code of name.codes)
                  started.push({ code, start: i, kind: name.kind, text: name.text });
      }
    }
    for (const { code, start, kind, text } of started) {
      if (codes.has(code)) continue;
      let described = true;
      for (let j = 0; described && j < start; j++)
        described = this.words.get(words[j] ?? '')?.has(code) ?? false;
      // Every word but the started one is whole, as in the search below.
      if (described)
        offer({
          code,
          matchedBy: kind,
          matchedText: text,
          score: descriptorScore(n - 1, this.entries.get(code)),
        });
    }

    // Codes with a descriptor word that the last word starts, gathered once and only if asked for.
    let startsLast: Set<string> | undefined;
    const startsDescriptorWord = (): Set<string> => {
      if (!startsLast) {
        startsLast = new Set();
        for (const [, list] of this.wordPrefixes.withPrefix(last)) for (const c of list) startsLast.add(c);
      }
      return startsLast;
    };

    for (const code of codes) {
      const names = this.namesByCode.get(code) ?? [];
      const inDescriptor = (w: string): boolean => this.words.get(w)?.has(code) ?? false;
      // best[i]: the best way to account for words[0..i) (see `betterCover`).
      const best: (Cover | undefined)[] = [{ descriptorWords: 0, names: [] }];
      // The best score found and the names behind it (the hit is built once, at the end).
      let score = -1;
      let used: NameRef[] = [];
      const finish = (names: NameRef[], s: number): void => {
        if (s > score) [score, used] = [s, names];
      };
      const entry = this.entries.get(code);
      for (let i = 0; i < n; i++) {
        const here = best[i];
        if (!here) continue;
        for (const name of names) {
          const k = name.words.length;
          // A whole name: the next k words are its words.
          let whole = i + k <= n;
          for (let j = 0; whole && j < k; j++) whole = name.words[j] === words[i + j];
          if (whole) {
            const next = { descriptorWords: here.descriptorWords, names: [...here.names, name] };
            if (betterCover(next, best[i + k])) best[i + k] = next;
          }
          // The start of a name, ending the query: the words up to the last are its words, the last starts its next.
          const m = n - i;
          if (lastMayBePrefix && m <= k) {
            const lastOfName = name.words[m - 1] ?? '';
            let startsName = lastOfName.startsWith(last) && (m < k || lastOfName !== last);
            for (let j = 0; startsName && j < m - 1; j++) startsName = name.words[j] === words[i + j];
            if (startsName) finish([...here.names, name], descriptorScore(n - 1, entry));
          }
        }
        // One word of the descriptor (the last one may be the start of a word, as in step 5).
        const w = words[i] ?? '';
        if (inDescriptor(w)) {
          const next = { descriptorWords: here.descriptorWords + 1, names: here.names };
          if (betterCover(next, best[i + 1])) best[i + 1] = next;
        } else if (
          i === n - 1 &&
          lastMayBePrefix &&
          here.names.length > 0 &&
          startsDescriptorWord().has(code)
        ) {
          finish(here.names, descriptorScore(n - 1, entry));
        }
      }
      const end = best[n];
      if (end && end.names.length > 0) {
        const drug = end.names.some((x) => x.kind === 'drug');
        finish(
          end.names,
          end.descriptorWords === 0 ? SCORE.nameExact + (drug ? 1 : 0) : descriptorScore(n, entry),
        );
      }
      if (score >= 0)
        offer({
          code,
          matchedBy: used.some((x) => x.kind === 'brand') ? 'brand' : 'drug',
          matchedText: [...new Set(used.map((x) => x.text))].join(' + '),
          score,
        });
    }
  }

  /**
   * The query with each unknown word replaced by the nearest brand or drug name word (fewest edits, then the same
   * first letter, then alphabetical); undefined when no word could be corrected.
   */
  private correctSpelling(parsed: ParsedQuery): string | undefined {
    const words = searchWords(parsed.text);
    let changed = false;
    const corrected = words.map((w) => {
      const max = allowedEdits(w.length);
      if (max === 0 || !/^[a-z]+$/.test(w) || this.words.has(w) || this.names.has(w)) return w;
      let bestWord: string | undefined;
      let bestRank = Infinity;
      for (let length = w.length - max; length <= w.length + max; length++) {
        for (const candidate of this.vocabulary.get(length) ?? []) {
          const d = editDistanceAtMost(w, candidate, max);
          if (d > max) continue;
          const rank = d * 2 + (candidate[0] === w[0] ? 0 : 1);
          if (rank < bestRank || (rank === bestRank && bestWord !== undefined && candidate < bestWord)) {
            bestRank = rank;
            bestWord = candidate;
          }
        }
      }
      if (bestWord === undefined) return w;
      changed = true;
      return bestWord;
    });
    return changed ? corrected.join(' ') : undefined;
  }
}

/**
 * The score of a descriptor match: more whole query words found, and a shorter descriptor (closer to exactly those
 * words), score higher, within the descriptor band (400-599).
 */
function descriptorScore(wholeWords: number, entry: Entry | undefined): number {
  return SCORE.words + Math.min(150, wholeWords * 20) + Math.max(0, 40 - (entry?.wordCount ?? 99));
}

/** How the first words of a query are accounted for: by whole names of one code and words of its descriptor. */
interface Cover {
  descriptorWords: number;
  names: NameRef[];
}

/** Fewer descriptor words first (all names is the best), then one with the descriptor's drug name (801 > 800). */
function betterCover(a: Cover, b: Cover | undefined): boolean {
  if (b === undefined || a.descriptorWords < b.descriptorWords) return true;
  const hasDrug = (c: Cover): boolean => c.names.some((x) => x.kind === 'drug');
  return a.descriptorWords === b.descriptorWords && hasDrug(a) && !hasDrug(b);
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  const out = new Set<string>();
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) out.add(x);
  return out;
}
