/**
 * Reference facts for a check run, memoised per (date, key): a batch has few distinct codes and dates, so each
 * fact is looked up in the ReferenceData port once and then read from two Map lookups. No I/O, no clock.
 */
import { chooseRelease, releaseSpans, type ReleaseChoice, type ReleaseSpan } from '../reference/as-of.ts';
import { normaliseNdc, type NdcNormalisation } from '../reference/ndc.ts';
import type { ReferenceData } from '../reference/port.ts';
import type {
  DatasetKind,
  AddOnCodeEdit,
  AdjustmentReasonCode,
  AspLimit,
  DescriptorParse,
  HcpcsRecord,
  Icd10Code,
  IsoDate,
  Mue,
  MueSetting,
  NdcPackage,
  OppsRate,
  Sourced,
} from '../reference/model.ts';
import { isLevel2Code } from './lines.ts';

class Memo<V> {
  private readonly byDate = new Map<string, Map<string, V | null>>();
  private readonly load: (key: string, date: IsoDate) => V | undefined;
  constructor(load: (key: string, date: IsoDate) => V | undefined) {
    this.load = load;
  }

  private lastDate: IsoDate | undefined;
  private lastInner: Map<string, V | null> | undefined;

  get(key: string, date: IsoDate): V | undefined {
    let inner = date === this.lastDate ? this.lastInner : this.byDate.get(date);
    if (inner === undefined) {
      inner = new Map();
      this.byDate.set(date, inner);
    }
    this.lastDate = date;
    this.lastInner = inner;
    const hit = inner.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const value = this.load(key, date);
    inner.set(key, value ?? null);
    return value;
  }
}

/** `CodeFacts.kind`: a HCPCS Level II code; a drug by its code (a J-code, or priced as a drug). */
export const CODE_LEVEL2 = 2;
export const CODE_DRUG = 1;

/**
 * The facts of one code on one date, shared by every line with that code and date: each is looked up once, on
 * first use, and then read as a field (a batch has few distinct code/date pairs and many lines).
 */
export class CodeFacts {
  readonly code: string;
  readonly date: IsoDate;
  private readonly facts: Facts;
  private hcpcsValue: Sourced<HcpcsRecord> | null | undefined;
  private descriptorValue: Sourced<DescriptorParse> | null | undefined;
  private aspValue: Sourced<AspLimit> | null | undefined;
  private packagesValue: Sourced<NdcPackage[]> | null | undefined;
  private oppsValue: Sourced<OppsRate> | null | undefined;
  private addOnValue: Sourced<AddOnCodeEdit[]> | null | undefined;
  private muePractitioner: Sourced<Mue> | null | undefined;
  private mueHospital: Sourced<Mue> | null | undefined;
  private mueDme: Sourced<Mue> | null | undefined;
  /** `kind`, once worked out (-1 before). */
  private kindValue = -1;

  constructor(facts: Facts, code: string, date: IsoDate) {
    this.facts = facts;
    this.code = code;
    this.date = date;
  }

  /**
   * CODE_LEVEL2 | CODE_DRUG bits. A drug by its code: a J-code, or a Q-, C- or A-code priced as a drug (HCPCS
   * pricing indicator 51 = drugs paid at ASP).
   * @see CMS HCPCS record layout, field 9 "pricing indicator", value 51
   */
  get kind(): number {
    if (this.kindValue < 0) {
      const code = this.code;
      let kind = 0;
      if (isLevel2Code(code)) {
        kind = CODE_LEVEL2;
        const first = code.charCodeAt(0);
        if (first === 74 /* J */) kind |= CODE_DRUG;
        else if (first === 81 /* Q */ || first === 67 /* C */ || first === 65 /* A */) {
          const hcpcs = this.hcpcs;
          if (hcpcs !== undefined && hcpcs.value.pricingIndicators.includes('51')) kind |= CODE_DRUG;
        }
      }
      this.kindValue = kind;
    }
    return this.kindValue;
  }

  get hcpcs(): Sourced<HcpcsRecord> | undefined {
    if (this.hcpcsValue === undefined) this.hcpcsValue = this.facts.hcpcs(this.code, this.date) ?? null;
    return this.hcpcsValue ?? undefined;
  }
  get descriptor(): Sourced<DescriptorParse> | undefined {
    if (this.descriptorValue === undefined)
      this.descriptorValue = this.facts.descriptor(this.code, this.date) ?? null;
    return this.descriptorValue ?? undefined;
  }
  get aspLimit(): Sourced<AspLimit> | undefined {
    if (this.aspValue === undefined) this.aspValue = this.facts.aspLimit(this.code, this.date) ?? null;
    return this.aspValue ?? undefined;
  }
  /** Crosswalk packages of the code on the date. */
  get ndcPackages(): Sourced<NdcPackage[]> | undefined {
    if (this.packagesValue === undefined)
      this.packagesValue = this.facts.ndcPackagesForCode(this.code, this.date) ?? null;
    return this.packagesValue ?? undefined;
  }
  get opps(): Sourced<OppsRate> | undefined {
    if (this.oppsValue === undefined) this.oppsValue = this.facts.opps(this.code, this.date) ?? null;
    return this.oppsValue ?? undefined;
  }
  get addOnEdits(): Sourced<AddOnCodeEdit[]> | undefined {
    if (this.addOnValue === undefined) this.addOnValue = this.facts.addOnEdits(this.code, this.date) ?? null;
    return this.addOnValue ?? undefined;
  }
  private lastNdc: string | undefined;
  private lastNdcValue: Sourced<NdcPackage[]> | undefined;

  /** Crosswalk rows of an NDC on this date (`Facts.ndcPackages`); the NDC billed with a code is mostly the same one. */
  ndcPackagesOf(ndc11: string): Sourced<NdcPackage[]> | undefined {
    if (ndc11 === this.lastNdc) return this.lastNdcValue;
    const value = this.facts.ndcPackages(ndc11, this.date);
    this.lastNdc = ndc11;
    this.lastNdcValue = value;
    return value;
  }
  mue(setting: MueSetting): Sourced<Mue> | undefined {
    switch (setting) {
      case 'practitioner':
        if (this.muePractitioner === undefined)
          this.muePractitioner = this.facts.mue(this.code, setting, this.date) ?? null;
        return this.muePractitioner ?? undefined;
      case 'outpatient-hospital':
        if (this.mueHospital === undefined)
          this.mueHospital = this.facts.mue(this.code, setting, this.date) ?? null;
        return this.mueHospital ?? undefined;
      case 'dme':
        if (this.mueDme === undefined) this.mueDme = this.facts.mue(this.code, setting, this.date) ?? null;
        return this.mueDme ?? undefined;
    }
  }
}

export class Facts {
  readonly reference: ReferenceData;
  private readonly hcpcsMemo: Memo<Sourced<HcpcsRecord>>;
  private readonly descriptorMemo: Memo<Sourced<DescriptorParse>>;
  private readonly aspMemo: Memo<Sourced<AspLimit>>;
  private readonly ndcForCodeMemo: Memo<Sourced<NdcPackage[]>>;
  private readonly ndcMemo: Memo<Sourced<NdcPackage[]>>;
  private readonly mueMemo: Record<MueSetting, Memo<Sourced<Mue>>>;
  private readonly icdMemo: Memo<Sourced<Icd10Code>>;
  private readonly oppsMemo: Memo<Sourced<OppsRate>>;
  private readonly aocMemo: Memo<Sourced<AddOnCodeEdit[]>>;
  private readonly carcMemo = new Map<string, Sourced<AdjustmentReasonCode> | null>();
  private readonly rarcMemo = new Map<string, Sourced<AdjustmentReasonCode> | null>();
  private spans: Map<DatasetKind, ReleaseSpan[]> | undefined;
  private readonly codeFacts: Memo<CodeFacts>;
  private readonly ndcReadings: Memo<NdcNormalisation>;
  private readonly releaseMemo = new Map<DatasetKind, Map<IsoDate, ReleaseChoice | null>>();

  constructor(reference: ReferenceData) {
    // `this` is used inside the closures so a test may call the port's methods through spies.
    this.reference = reference;
    this.hcpcsMemo = new Memo((k, d) => this.reference.hcpcs(k, d));
    this.descriptorMemo = new Memo((k, d) => this.reference.descriptor(k, d));
    this.aspMemo = new Memo((k, d) => this.reference.aspLimit(k, d));
    this.ndcForCodeMemo = new Memo((k, d) => this.reference.ndcPackagesForCode(k, d));
    this.ndcMemo = new Memo((k, d) => this.reference.ndcPackages(k, d));
    this.mueMemo = {
      practitioner: new Memo((k, d) => this.reference.mue(k, 'practitioner', d)),
      'outpatient-hospital': new Memo((k, d) => this.reference.mue(k, 'outpatient-hospital', d)),
      dme: new Memo((k, d) => this.reference.mue(k, 'dme', d)),
    };
    this.icdMemo = new Memo((k, d) => this.reference.icd10(k, d));
    this.oppsMemo = new Memo((k, d) => this.reference.opps(k, d));
    this.aocMemo = new Memo((k, d) => this.reference.addOnEdits(k, d));
    this.codeFacts = new Memo((k, d) => new CodeFacts(this, k, d));
    this.ndcReadings = new Memo((k, d) =>
      normaliseNdc(k, (ndc11) => (this.ndcPackages(ndc11, d)?.value.length ?? 0) > 0),
    );
  }

  /** The shared facts object of a code on a date. */
  forCode(code: string, date: IsoDate): CodeFacts {
    return this.codeFacts.get(code, date) as CodeFacts;
  }

  hcpcs(code: string, date: IsoDate): Sourced<HcpcsRecord> | undefined {
    return this.hcpcsMemo.get(code, date);
  }
  descriptor(code: string, date: IsoDate): Sourced<DescriptorParse> | undefined {
    return this.descriptorMemo.get(code, date);
  }
  aspLimit(code: string, date: IsoDate): Sourced<AspLimit> | undefined {
    return this.aspMemo.get(code, date);
  }
  ndcPackagesForCode(code: string, date: IsoDate): Sourced<NdcPackage[]> | undefined {
    return this.ndcForCodeMemo.get(code, date);
  }
  ndcPackages(ndc11: string, date: IsoDate): Sourced<NdcPackage[]> | undefined {
    return this.ndcMemo.get(ndc11, date);
  }
  mue(code: string, setting: MueSetting, date: IsoDate): Sourced<Mue> | undefined {
    return this.mueMemo[setting].get(code, date);
  }
  /**
   * An NDC as written on a claim, read as 11 digits (`normaliseNdc`); a 10-digit one without hyphens by the one
   * reading the crosswalk lists on `date`. The same few NDCs recur over a batch: each is read once per date.
   */
  ndcReading(ndc: string, date: IsoDate): NdcNormalisation {
    return this.ndcReadings.get(ndc, date) as NdcNormalisation;
  }
  icd10(code: string, date: IsoDate): Sourced<Icd10Code> | undefined {
    return this.icdMemo.get(code, date);
  }
  opps(code: string, date: IsoDate): Sourced<OppsRate> | undefined {
    return this.oppsMemo.get(code, date);
  }
  addOnEdits(code: string, date: IsoDate): Sourced<AddOnCodeEdit[]> | undefined {
    return this.aocMemo.get(code, date);
  }
  /** The release of `dataset` that answers for `date` (in force, or the nearest with a note); undefined if none. */
  release(dataset: DatasetKind, date: IsoDate): ReleaseChoice | undefined {
    let byDate = this.releaseMemo.get(dataset);
    if (byDate === undefined) {
      byDate = new Map();
      this.releaseMemo.set(dataset, byDate);
    }
    let hit = byDate.get(date);
    if (hit === undefined) {
      if (!this.spans) {
        const byDataset = new Map<DatasetKind, ReleaseSpan[]>();
        const all = this.reference.releases();
        for (const kind of new Set(all.map((r) => r.dataset)))
          byDataset.set(kind, releaseSpans(all.filter((r) => r.dataset === kind)));
        this.spans = byDataset;
      }
      const spans = this.spans.get(dataset);
      hit = (spans ? chooseRelease(spans, date) : undefined) ?? null;
      byDate.set(date, hit);
    }
    return hit ?? undefined;
  }

  carc(code: string): Sourced<AdjustmentReasonCode> | undefined {
    let hit = this.carcMemo.get(code);
    if (hit === undefined) {
      hit = this.reference.carc(code) ?? null;
      this.carcMemo.set(code, hit);
    }
    return hit ?? undefined;
  }
  rarc(code: string): Sourced<AdjustmentReasonCode> | undefined {
    let hit = this.rarcMemo.get(code);
    if (hit === undefined) {
      hit = this.reference.rarc(code) ?? null;
      this.rarcMemo.set(code, hit);
    }
    return hit ?? undefined;
  }
}

/**
 * When a fact comes from a release that is not in force on the date of service, a finding built on it is less
 * certain: callers lower an error to a warning and add this sentence to `why`.
 */
export function outOfForceNote(fact: Sourced<unknown> | undefined): string | null {
  if (!fact || fact.inForce) return null;
  return ` Checked against ${fact.source.label}, which is not in force on this date of service${fact.note ? ` (${fact.note})` : ''}.`;
}

/** The same note for a release choice (when there is no fact to hang it on, e.g. a code that was not found). */
export function releaseNote(choice: ReleaseChoice | undefined): string | null {
  if (!choice || choice.inForce) return null;
  return ` Checked against ${choice.release.label}, which is not in force on this date of service${choice.note ? ` (${choice.note})` : ''}.`;
}
