/**
 * Everything drugclaim knows about one code on one date of service, each fact with its source release.
 * Pure: reads the `ReferenceData` port only. Used by `drugclaim code` and the HTTP service.
 */
import { assertIsoDate, chooseRelease, codeStatus, releaseSpans } from './as-of.ts';
import type {
  AspLimit,
  BillingUnit,
  CodeStatus,
  DatasetKind,
  DescriptorParse,
  HcpcsRecord,
  IsoDate,
  MeasureUnit,
  Mue,
  NdcPackage,
  OppsRate,
  SourceRef,
  Sourced,
} from './model.ts';
import { datasetInForce, notLoadedReasons, type NotLoadedFact } from './not-loaded.ts';
import type { ReferenceData } from './port.ts';

export interface NdcPackageFacts extends NdcPackage {
  /** 5-4-2 with hyphens, e.g. "00310-4500-12". */
  ndcHyphenated: string;
  /** Drug amount in one package (billing units per package × the billing unit), when both are known. */
  amountPerPackage: { amount: number; unit: MeasureUnit } | null;
}

export interface CodeFacts {
  code: string;
  date: IsoDate;
  /** The HCPCS Level II record (procedure or modifier); null when the code is not in the HCPCS file (e.g. CPT). */
  hcpcs: Sourced<HcpcsRecord> | null;
  /** Status on `date` (null when the code is not in the HCPCS file). */
  status: CodeStatus | null;
  /** Status in plain words, e.g. "not yet valid on 2025-12-31: added 2026-01-01". */
  statusText: string;
  /** Drug name and billing unit parsed from the long descriptor (procedures only). */
  descriptor: DescriptorParse | null;
  asp: Sourced<AspLimit> | null;
  mue: {
    practitioner: Sourced<Mue> | null;
    outpatientHospital: Sourced<Mue> | null;
    dme: Sourced<Mue> | null;
  };
  opps: Sourced<OppsRate> | null;
  ndcs: Sourced<NdcPackageFacts[]> | null;
  /**
   * Datasets with no release covering the date, whose absent facts above are therefore not known (rather than "no
   * row"): e.g. `asp` null with no ASP release loaded. A note says so and how to load them.
   */
  notKnown: DatasetKind[];
  /** Plain-words notes: facts answered from a release not in force on the date, codes missing from a file. */
  notes: string[];
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

/** A crosswalk row with its 5-4-2 form and the drug amount per package in the code's billing unit (when known). */
export function packageFacts(p: NdcPackage, unit: BillingUnit | undefined): NdcPackageFacts {
  return {
    ...p,
    ndcHyphenated: hyphenateNdc11(p.ndc11),
    amountPerPackage:
      unit && p.billingUnitsPerPackage !== null
        ? { amount: round6(p.billingUnitsPerPackage * unit.amount), unit: unit.unit }
        : null,
  };
}

/** The same source, in-force flag and note as `fact`, over another value. */
export function withValue<T>(fact: Sourced<unknown>, value: T): Sourced<T> {
  return fact.note === undefined
    ? { value, source: fact.source, inForce: fact.inForce }
    : { value, source: fact.source, inForce: fact.inForce, note: fact.note };
}

export function hyphenateNdc11(ndc11: string): string {
  return ndc11.length === 11 ? `${ndc11.slice(0, 5)}-${ndc11.slice(5, 9)}-${ndc11.slice(9)}` : ndc11;
}

export function statusText(record: HcpcsRecord, date: IsoDate): string {
  const status = codeStatus(record, date);
  switch (status) {
    case 'active':
      return record.terminationDate === null
        ? `active on ${date}`
        : `active on ${date} (last valid day ${record.terminationDate})`;
    case 'not-yet-valid':
      return `not yet valid on ${date}: added ${record.addedDate ?? '?'}`;
    case 'terminated':
      return `terminated on ${date}: last valid day was ${record.terminationDate ?? '?'}`;
  }
}

/**
 * The status in plain words from a HCPCS answer. When no HCPCS release covers the date (a date before the store's
 * oldest release, say), "active" is only what the nearest release implies (the code may have been terminated or
 * not yet added then, its descriptor may have differed), so the text says it is unknown and what that release
 * says. "Not yet valid" and "terminated" stay: the added and termination dates settle them.
 */
export function sourcedStatusText(hcpcs: Sourced<HcpcsRecord>, date: IsoDate): string {
  const text = statusText(hcpcs.value, date);
  const r = hcpcs.value;
  if (hcpcs.inForce || codeStatus(r, date) !== 'active') return text;
  const dates = [
    r.addedDate === null ? 'no added date' : `added ${r.addedDate}`,
    r.terminationDate === null ? 'no termination date' : `last valid day ${r.terminationDate}`,
  ].join(', ');
  const span =
    hcpcs.source.effectiveFrom > date
      ? `the oldest starts ${hcpcs.source.effectiveFrom}`
      : `the nearest one ends ${hcpcs.source.effectiveTo ?? 'before it'}`;
  return `unknown on ${date}: no HCPCS release in the store covers that date (${span}); the nearest release, ${hcpcs.source.label}, says ${dates}, which would make it active`;
}

/**
 * Facts for `code` on `date`, or undefined when no dataset knows the code at all. A `date` that is not a real
 * YYYY-MM-DD date throws a TypeError (code "date.invalid") before any lookup.
 */
export function codeFacts(ref: ReferenceData, code: string, date: IsoDate): CodeFacts | undefined {
  assertIsoDate(date, 'codeFacts: date');
  const key = code.trim().toUpperCase();
  const hcpcs = ref.hcpcs(key, date) ?? null;
  const asp = ref.aspLimit(key, date) ?? null;
  const mue = {
    practitioner: ref.mue(key, 'practitioner', date) ?? null,
    outpatientHospital: ref.mue(key, 'outpatient-hospital', date) ?? null,
    dme: ref.mue(key, 'dme', date) ?? null,
  };
  const opps = ref.opps(key, date) ?? null;
  const packages = ref.ndcPackagesForCode(key, date);
  if (!hcpcs && !asp && !mue.practitioner && !mue.outpatientHospital && !mue.dme && !opps && !packages)
    return undefined;

  const descriptor =
    hcpcs && hcpcs.value.kind === 'procedure' ? (ref.descriptor(key, date)?.value ?? null) : null;
  const unit = descriptor?.kind === 'parsed' ? descriptor.billingUnit : undefined;
  const ndcs = packages
    ? withValue(
        packages,
        packages.value.map((p) => packageFacts(p, unit)),
      )
    : null;

  const notes: string[] = [];
  const facts = [hcpcs, asp, mue.practitioner, mue.outpatientHospital, mue.dme, opps, ndcs];
  for (const f of facts) if (f?.note !== undefined && !notes.includes(f.note)) notes.push(f.note);
  // An absent fact is a fact only when a release covering the date was searched; otherwise it is not known. (Not
  // said of the DME supplier MUE: drugs given in an office or outpatient department have none, so it is noise there.)
  const absent: NotLoadedFact[] = [];
  const unknownIfAbsent = (fact: unknown, dataset: DatasetKind, what: string): void => {
    if (fact === null && !datasetInForce(ref, dataset, date)) absent.push({ dataset, what });
  };
  unknownIfAbsent(hcpcs, 'hcpcs', `Whether ${key} is a HCPCS Level II code`);
  unknownIfAbsent(asp, 'asp', 'The ASP payment limit');
  unknownIfAbsent(mue.practitioner, 'mue-practitioner', 'The practitioner MUE');
  unknownIfAbsent(mue.outpatientHospital, 'mue-outpatient-hospital', 'The outpatient hospital MUE');
  unknownIfAbsent(opps, 'opps', 'The OPPS status and rate');
  unknownIfAbsent(ndcs, 'ndc-crosswalk', 'The NDC list');
  if (!hcpcs && absent[0]?.dataset !== 'hcpcs') {
    notes.push(
      `${key} is not in the HCPCS Level II file in force on ${date} (CPT codes are not in that file); other files list it.`,
    );
  }
  if (absent.length > 0) notes.push(notLoadedReasons(ref, date, absent));

  return {
    code: key,
    date,
    hcpcs,
    status: hcpcs ? codeStatus(hcpcs.value, date) : null,
    statusText: hcpcs
      ? sourcedStatusText(hcpcs, date)
      : `not a HCPCS Level II code in the file in force on ${date}`,
    descriptor,
    asp,
    mue,
    opps,
    ndcs,
    notKnown: absent.map((a) => a.dataset),
    notes,
  };
}

/** A modifier written after a code (J9173-JZ), on a date: what `drugclaim code --json` and GET /codes list. */
export interface ModifierFacts {
  code: string;
  /** In the HCPCS file (as a modifier) of the release answering for the date. */
  known: boolean;
  description: string | null;
  status: CodeStatus | null;
  statusText: string;
  source: SourceRef | null;
  inForce: boolean | null;
}

export function modifierFacts(ref: ReferenceData, code: string, date: IsoDate): ModifierFacts {
  assertIsoDate(date, 'modifierFacts: date');
  // The HCPCS record alone: a modifier has no price, MUE or NDC, so codeFacts' other lookups would be wasted.
  const h = ref.hcpcs(code.trim().toUpperCase(), date);
  if (!h || h.value.kind !== 'modifier') {
    const hcpcs = ref.releases().filter((r) => r.dataset === 'hcpcs');
    const release = chooseRelease(releaseSpans(hcpcs), date);
    return {
      code,
      known: false,
      description: null,
      status: null,
      statusText: release
        ? `not a modifier in the HCPCS file answering for ${date} (${release.release.label})`
        : 'unknown: the store has no HCPCS release, which lists the modifiers',
      source: null,
      inForce: null,
    };
  }
  return {
    code,
    known: true,
    description: h.value.longDescription,
    status: codeStatus(h.value, date),
    statusText: sourcedStatusText(h, date),
    source: h.source,
    inForce: h.inForce,
  };
}
