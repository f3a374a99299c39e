/**
 * The billing guide for one HCPCS code on one date, as data. Every statement is a `Fact` that names where it
 * came from: a reference release in the store, a CMS publication, a drug label, a payer rules file or a
 * drugclaim edit. Renderers (Markdown, HTML) turn this model into sentences; JSON consumers read it as is.
 *
 * The model is additive-only: keys are stable camelCase, new optional keys may appear, none are renamed.
 */
import type {
  AdjustmentReasonCode,
  BillingUnit,
  CodeStatus,
  DatasetKind,
  IsoDate,
  MueSetting,
  SourceRef,
} from '../reference/model.ts';

/** Where a fact comes from. */
export type FactSource =
  /** A release (file) in the reference store. `inForce` false: no release covered the date; the nearest was used. */
  | { kind: 'release'; release: SourceRef; inForce: boolean; note?: string }
  /** A published rule or definition (CMS manual section, CMS FAQ, X12/HCPCS documentation, USAN/FDA naming). */
  | { kind: 'publication'; publisher: string; title: string; section?: string; url?: string }
  /** A drug's FDA prescribing information, as named by the dosing table that carries it. */
  | { kind: 'label'; drug: string; title: string; section?: string; revised?: string; url?: string }
  /** A payer rules file (data, not code). */
  | {
      kind: 'payer-rules';
      payer: string;
      file: string;
      policyId?: string;
      effectiveFrom?: IsoDate;
      effectiveTo?: IsoDate;
    }
  /** A curated drugclaim table written with its own sources (e.g. single/multi-dose container types). */
  | { kind: 'curated'; table: string; entry: string; cites: string }
  /** The store was searched and holds no release of this dataset for the date (said, not hidden). */
  | { kind: 'store'; dataset: DatasetKind; note: string };

/**
 * One statement of the guide. `sources` is never empty (tests assert it for every fact of every J-code guide).
 * `basis` says how the value was derived when it is not copied from the source as is
 * (e.g. "the descriptor says 'intravenous'").
 */
export interface Fact<T> {
  value: T;
  sources: FactSource[];
  basis?: string;
}

/** Something the data does not know. Said out loud rather than filled in. */
export interface Unknown {
  unknown: true;
  /** Plain words: what is missing and where drugclaim looked. */
  reason: string;
}

export type Known<T> = Fact<T> | Fact<Unknown>;

export const isUnknown = <T>(f: Known<T>): f is Fact<Unknown> =>
  typeof f.value === 'object' && f.value !== null && (f.value as { unknown?: unknown }).unknown === true;

// ---------------------------------------------------------------------------------------------------------
// 1. Definition

export interface LevelIICategory {
  letter: string;
  /** First and last code of the range, e.g. "J9000".."J9999". */
  from: string;
  to: string;
  title: string;
}

export interface StatusOnDate {
  status: CodeStatus;
  addedDate: IsoDate | null;
  actionEffectiveDate: IsoDate | null;
  terminationDate: IsoDate | null;
  actionCode: string;
  actionMeaning: string;
}

export interface DrugAndBrands {
  /** Drug name as the descriptor gives it (e.g. "polatuzumab vedotin-piiq"). */
  drugName: string | null;
  /** Product names from the ASP NDC-HCPCS crosswalk (e.g. ["Polivy"]). */
  brands: string[];
  labelers: string[];
  /** Whether a crosswalk release answers for the date: with none, no brand is not a fact, only not known. */
  productsKnown: boolean;
}

export interface CoverageCode {
  code: string;
  meaning: string;
}

export interface OppsStatus {
  statusIndicator: string;
  meaning: string;
  apc: string;
  paymentRateCents: number | null;
  /** The exact rate: Addendum B gives some rates to 3 decimals ($60.291), which cents would round. */
  paymentRateMills: number | null;
}

export interface AspPaymentLimit {
  /** Payment limit per billing unit in mills (1/1000 dollar). */
  paymentLimitMills: number | null;
  /** "HCPCS Code Dosage" column of the ASP file, e.g. "10 MG". */
  dosage: string;
  coinsurancePercent: number | null;
  notes: string;
}

export interface MueValue {
  setting: MueSetting;
  value: number;
  mai: 1 | 2 | 3;
  maiText: string;
  rationale: string;
}

export interface NdcPackageFact {
  ndc11: string;
  /** 5-4-2 with hyphens, e.g. "00310-4500-12". */
  ndc: string;
  labelerName: string;
  drugName: string;
  billingUnitsPerPackage: number | null;
  billingUnitsPerItem: number | null;
  packageQuantity: number | null;
}

export interface DefinitionSection {
  id: 'definition';
  title: string;
  code: Fact<string>;
  longDescription: Fact<string>;
  shortDescription: Fact<string>;
  billingUnit: Known<BillingUnit>;
  category: Known<LevelIICategory>;
  status: Fact<StatusOnDate>;
  drug: Fact<DrugAndBrands>;
  coverage: Known<CoverageCode>;
  pricingIndicators: Fact<{ code: string; meaning: string }[]>;
  opps: Known<OppsStatus>;
  aspLimit: Known<AspPaymentLimit>;
  mue: Known<MueValue>[];
  ndcPackages: Known<NdcPackageFact[]>;
}

// ---------------------------------------------------------------------------------------------------------
// 2. Clinical context

export type Route =
  | 'intravenous'
  | 'subcutaneous'
  | 'intramuscular'
  | 'intrathecal'
  | 'intravesical'
  | 'intravitreal'
  | 'intra-articular'
  | 'intradermal'
  | 'intralesional'
  | 'intraocular'
  | 'intraperitoneal'
  | 'intrapleural'
  | 'inhalation'
  | 'oral'
  | 'implant'
  | 'topical'
  | 'other';

export interface AdministrationCode {
  code: string;
  /** Short descriptor as published in OPPS Addendum B, when the code is there. */
  shortDescriptor: string | null;
  /**
   * Whether OPPS Addendum B answers for the code on the date (it has a row, or a release covers the date): with
   * neither, a null `shortDescriptor` is not known, not "no descriptor" (`ClinicalSection.administrationNotKnown`).
   */
  shortDescriptorKnown: boolean;
  /** Whether the code is an add-on, and its primaries (NCCI add-on code file), when known. */
  addOnTo: string[];
  /**
   * Whether the NCCI add-on code file answers for the code on the date (it has rows, or a release covers the date):
   * with neither, an empty `addOnTo` is not known, not "not an add-on code".
   */
  addOnKnown: boolean;
  /** What the code is for (e.g. "IV infusion of a chemotherapy or complex biologic drug, up to 1 hour"). */
  when: string;
  /** Set when the drug's route is not in the data: the route this code presumes (pick by the label's route). */
  ifRoute?: Route[];
}

export interface LabelIndication {
  indication: string;
  /** With what, when the label ties the indication to a regimen. */
  regimen?: string;
}

/** One dosing form of the label: how the dose is expressed and the schedule as the label writes it. */
export interface LabelDoseSummary {
  basis: 'flat' | 'per-kg' | 'per-m2' | 'auc';
  unit: string;
  schedule: string;
  population?: string;
}

export interface ClinicalSection {
  id: 'clinical';
  title: string;
  routes: Known<Route[]>;
  administrationCodes: Fact<AdministrationCode>[];
  /**
   * Set when a cell of the administration codes is not known (`shortDescriptorKnown` or `addOnKnown` false): which,
   * why (the dataset not loaded for the date) and the command that loads it, said once for the table.
   */
  administrationNotKnown?: Fact<Unknown>;
  settingNotes: Fact<string>[];
  indications: Known<LabelIndication[]>;
  /** How the label dose is expressed (flat, per kg, per m², AUC), when the dosing table knows the drug. */
  labelDosing: Known<LabelDoseSummary[]>;
}

// ---------------------------------------------------------------------------------------------------------
// 3. Modifiers

/** `applies`: yes = report it when the condition holds; no = must not be on this drug line; unknown = data missing. */
export type ModifierApplicability =
  'applies' | 'conditional' | 'does-not-apply' | 'not-on-drug-line' | 'unknown';

export interface ModifierAdvice {
  modifier: string;
  /** HCPCS long descriptor of the modifier on the date (null for CPT modifiers, which are not in the HCPCS file). */
  descriptor: string | null;
  /** Modifier status on the date from the HCPCS file. */
  modifierStatus: CodeStatus | 'not-in-hcpcs-file';
  terminationDate: IsoDate | null;
  applicability: ModifierApplicability;
  why: string;
}

export interface ModifiersSection {
  id: 'modifiers';
  title: string;
  container: Known<ContainerInfo>;
  advice: Fact<ModifierAdvice>[];
}

export type ContainerKind = 'single-dose' | 'multi-dose' | 'mixed';

export interface ContainerInfo {
  kind: ContainerKind;
  /** Products the curated table lists for this code, with their container type. */
  products: { name: string; ndc11?: string; kind: 'single-dose' | 'multi-dose' }[];
  /** Crosswalk NDCs of the code on the date that the table does not list: their container type is not known. */
  unlisted: { ndcs: number; labelers: string };
}

// ---------------------------------------------------------------------------------------------------------
// 4. Documentation checklist

export type ChecklistNeed = 'required' | 'when-applicable';

export interface ChecklistItem {
  id: string;
  item: string;
  need: ChecklistNeed;
  why: string;
}

export interface DocumentationSection {
  id: 'documentation';
  title: string;
  items: Fact<ChecklistItem>[];
}

// ---------------------------------------------------------------------------------------------------------
// 5. Denials

export interface AdjustmentCodeFact {
  code: string;
  kind: 'carc' | 'rarc';
  description: string;
  status: AdjustmentReasonCode['status'] | 'not-in-store';
}

export interface EditRef {
  id: string;
  title: string;
}

export interface DenialReason {
  id: string;
  reason: string;
  /** Why this reason is relevant to this code (e.g. "MUE 150 units, MAI 3"). */
  relevance: string;
  carc: AdjustmentCodeFact[];
  rarc: AdjustmentCodeFact[];
  /** The drugclaim edits that catch it before submission (src/core/edits/registry.ts); empty when none does. */
  edits: EditRef[];
}

export interface DenialsSection {
  id: 'denials';
  title: string;
  reasons: Fact<DenialReason>[];
}

// ---------------------------------------------------------------------------------------------------------
// 6. Commercial payers

export type PayerRequirementKind =
  | 'prior-auth'
  | 'step-therapy'
  | 'quantity-limit'
  | 'biomarker'
  | 'ndc-required'
  | 'setting'
  | 'diagnosis'
  | 'dose-limit'
  | 'other';

export interface PayerRequirement {
  payer: string;
  policyName: string;
  kind: PayerRequirementKind;
  text: string;
}

export interface CommercialSection {
  id: 'commercial';
  title: string;
  /** Payer rules files that were searched (even when none mention the code). */
  filesSearched: number;
  requirements: Fact<PayerRequirement>[];
  /** Set when no rules file mentions the code. */
  none: Fact<Unknown> | null;
}

// ---------------------------------------------------------------------------------------------------------
// 7. Similar codes

export type SimilarityKind =
  | 'same-ingredient'
  | 'biosimilar'
  | 'reference-product'
  | 'same-class'
  | 'similar-name'
  | 'adjacent-number'
  | 'similar-descriptor';

export interface SimilarCode {
  code: string;
  kind: SimilarityKind;
  longDescription: string;
  billingUnit: BillingUnit | null;
  status: CodeStatus;
  /** What tells this code apart from the guide's code, as short phrases computed from the two descriptors. */
  differences: string[];
}

export interface SimilarSection {
  id: 'similar';
  title: string;
  /** The ingredient key the same-ingredient match used (e.g. "pemetrexed"). */
  ingredient: string | null;
  drugClass: Known<string>;
  codes: Fact<SimilarCode>[];
}

// ---------------------------------------------------------------------------------------------------------

export interface GuideNote {
  severity: 'warning' | 'info';
  message: string;
}

export interface Guide {
  schemaVersion: 1;
  code: string;
  date: IsoDate;
  title: string;
  definition: DefinitionSection;
  clinical: ClinicalSection;
  modifiers: ModifiersSection;
  documentation: DocumentationSection;
  denials: DenialsSection;
  commercial: CommercialSection;
  similar: SimilarSection;
  /** Out-of-force releases, missing inputs, a terminated code: things the reader must know first. */
  notes: GuideNote[];
}

export type GuideSection =
  | DefinitionSection
  | ClinicalSection
  | ModifiersSection
  | DocumentationSection
  | DenialsSection
  | CommercialSection
  | SimilarSection;

/** The seven sections in reading order. */
export function guideSections(g: Guide): GuideSection[] {
  return [g.definition, g.clinical, g.modifiers, g.documentation, g.denials, g.commercial, g.similar];
}
