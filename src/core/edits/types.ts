/**
 * What an edit is and what it sees. One edit = one folder (src/core/edits/<id>/index.ts + test.ts) exporting an
 * `Edit`: metadata (id, title, severity, scope, needs, source, the denials it predicts, the fixes it offers) and a
 * pure `check(ctx)` that reports findings through `ctx.report`. The engine (./engine.ts) never looks at an edit's
 * id: it runs line edits per line, claim edits per claim and batch edits once, and gives each what it declared.
 */
import type { Claim, ClaimLine } from '../claim/model.ts';
import type { Denial, Finding, FindingSeverity, Fix, FixKind } from '../findings/model.ts';
import type { ContainerAnswer } from '../reference/container-types.ts';
import type { HcpcsRecord, IsoDate, MueSetting, Sourced } from '../reference/model.ts';
import type { ClaimRules } from '../rules/evaluate.ts';
import type { AppliedDrugRule, Authorization, ProgramKey, ProgramRules } from '../rules/model.ts';
import type { CodeFacts, Facts } from './facts.ts';
import type { BillKind } from './lines.ts';

/**
 * What an edit needs besides the claim:
 * - `reference`: CMS code sets through the ReferenceData port (HCPCS, MUE, crosswalk, ICD-10-CM, OPPS, AOC);
 * - `rules`: payer rules (program settings or drug policies);
 * - `dosing`: the dosing engine (documented dose → billing units);
 * - `containers`: the single-/multi-dose container table;
 * - `history`: other claims of the same patient in the batch (frequency, duration, step therapy).
 */
export type Need = 'reference' | 'rules' | 'dosing' | 'containers' | 'history';

export type LineFilter = 'all' | 'drug' | 'ndc' | 'modifiers' | 'policies';

/** `line`: once per claim line; `claim`: once per claim; `batch`: once over all claims (sums across claims). */
export type EditScope = 'line' | 'claim' | 'batch';

export interface EditMeta {
  /** Stable kebab-case id; documented in docs/edits.md (a test keeps both in step). */
  id: string;
  title: string;
  /** The severity of its findings unless the payer rules lower it. */
  severity: FindingSeverity;
  scope: EditScope;
  needs: readonly Need[];
  /** The rule's source: CMS manual section, NCCI/MUE policy, X12 TR3, payer policy. */
  source: string;
  /** The denials (group + CARC + RARCs) its findings predict; the first is the usual one. Empty = none (advice). */
  denials: readonly Denial[];
  /** Mechanical fixes its findings may carry. */
  fixes: readonly FixKind[];
  /**
   * Findings of this edit that mean nothing on a line another finding of the run calls wrong in this way are
   * dropped at the end of the run (`FindingInput.doubts`): an allowed amount worked out on units that another edit
   * says are wrong is no money left on the table. Edits never see each other's findings; the engine drops them.
   */
  yieldsTo?: LineDoubt;
  /**
   * Line edits only: the lines the edit looks at, so the engine can skip the others without calling it:
   * `all` (default), `drug` (drug lines), `ndc` (lines with an NDC), `modifiers` (lines with a modifier),
   * `policies` (drug lines under a payer drug policy).
   */
  lines?: LineFilter;
}

/**
 * What a finding may say is wrong with its line, for the edits that yield to it (`EditMeta.yieldsTo`):
 * `units` — the line's units look wrong (over the MUE, not matching the NDC quantity or the documented dose,
 * discarded units that no packages explain).
 */
export type LineDoubt = 'units';

/** What an edit reports; the engine adds the edit id, the claim, the line and the position. */
export interface FindingInput {
  /** The line the finding is about (claim and batch edits); line edits default to their line. */
  line?: LineView | null;
  /** Defaults to the edit's severity. */
  severity?: FindingSeverity;
  field: string;
  message: string;
  why: string;
  /** Defaults to the edit's source. */
  source?: string;
  /** Defaults to the edit's first denial (null: no denial). */
  denial?: Denial | null;
  appealable?: boolean;
  fix?: Fix;
  data?: Readonly<Record<string, unknown>>;
  /** What the finding calls wrong about its line (the edits that yield to it drop theirs there). */
  doubts?: LineDoubt;
}

/** A claim line as the edits see it: the line plus what every edit would otherwise compute again. */
export interface LineView {
  readonly line: ClaimLine;
  /** 0-based position in `claim.lines`. */
  readonly index: number;
  /** Procedure code, trimmed and upper case. */
  readonly code: string;
  /** Modifiers, trimmed and upper case, empty ones dropped. */
  readonly modifiers: readonly string[];
  /** Date of service: the line's, else the claim's statement start; null when the claim gives none. */
  readonly dos: IsoDate | null;
  /** A drug line: a J-code, an NDC on the line, or a HCPCS code priced as a drug (pricing indicator 51). */
  readonly isDrug: boolean;
  /** Payer drug policies that apply to this line (drug lines with a date of service; empty otherwise). */
  readonly policies: readonly AppliedDrugRule[];
  /** The line's NDC when it is 11 digits (hyphens tolerated), else undefined. */
  readonly ndc11: string | undefined;
  /** The HCPCS Level II record of the code on the date of service (undefined for CPT codes or unknown codes). */
  readonly hcpcs: Sourced<HcpcsRecord> | undefined;
  /** Reference facts of the code on the date of service, shared by lines with the same code and date (null without a date). */
  readonly facts: CodeFacts | null;
  /** JW / JZ among the modifiers. */
  readonly jw: boolean;
  readonly jz: boolean;
  /** The claim the line is on (so that a line alone is the unit batch groupings hold). */
  readonly claim: ClaimView;
}

export interface ClaimView {
  readonly claim: Claim;
  /** Position in the batch. */
  readonly index: number;
  readonly lines: readonly LineView[];
  /** Earliest date of service on the claim (lines or statement), null if none. */
  readonly dos: IsoDate | null;
  /** MUE setting: practitioner for 837P/professional, outpatient hospital for 837I outpatient bills; null otherwise. */
  readonly setting: MueSetting | null;
  /** Professional, outpatient (paid line by line) or inpatient (a stay paid as a whole), from the type of bill. */
  readonly bill: BillKind;
  /** Payer rules for this claim on its first date of service. */
  readonly rules: ClaimRules;
  readonly program: ProgramRules;
  /**
   * Opaque key of the patient within the run: the member id when no other patient of the run shares it, else member
   * id + name + birth date. Never shown (PHI).
   */
  readonly patientKey: string;
  /** Opaque key of the billing provider (NPI, else TIN). */
  readonly providerKey: string;
  /** Small integers standing for patientKey / providerKey within the run (cheap grouping keys). */
  readonly patientId: number;
  readonly providerId: number;
}

export interface DosingResult {
  /** Billing units the documented amount comes to (administered: rounded up; discarded: rounded down). */
  units: number;
  /** Plain words: how the units were worked out (dose, conversion, rounding rule). */
  explanation: string;
  /**
   * Plain-words notes from the engine's label check: a dose above the label's cap (`warning`: units above the cap
   * are likely denied or recouped), or outside the label range (`info`: often a typo, mg vs mg/kg).
   */
  warnings: readonly DoseNote[];
}

export interface DoseNote {
  severity: FindingSeverity;
  message: string;
}

/**
 * The dosing engine as the edits use it: documented dose text → billing units of a code. Implemented over
 * src/core/dosing (H3) by ./dosing-port.ts; tests may pass a fake.
 */
export interface DosingPort {
  /**
   * Units for a documented amount of `code` on `date`. `kind` says how to round (administered: up; discarded:
   * down). Returns a problem message when the dose cannot be turned into units (e.g. mL without a concentration).
   */
  unitsFor(input: {
    code: string;
    date: IsoDate;
    text: string;
    kind: 'administered' | 'discarded';
    weightKg?: number;
    heightCm?: number;
  }): { ok: true; value: DosingResult } | { ok: false; message: string };
}

/** The container-type table (single/multi-dose) as the edits use it. */
export interface ContainerPort {
  /**
   * By NDC when the table knows it; else by code when every product of the code that the crosswalk lists on
   * `date` is in the table and all are of one kind; 'unknown' otherwise (never a guess), whose reason names the
   * line's NDC when it has one (the label to read), else why the code does not decide.
   */
  lookup(code: string, ndc11: string | undefined, date: IsoDate): ContainerAnswer;
}

/** What the run provides to every edit. */
export interface RunEnvironment {
  readonly facts: Facts;
  /** The day the check runs (timely filing, authorization windows); the core never reads a clock. */
  readonly dateOfRun: IsoDate;
  readonly dosing: DosingPort;
  readonly containers: ContainerPort;
  readonly authorizations: readonly Authorization[];
}

export interface LineContext {
  readonly env: RunEnvironment;
  readonly claim: ClaimView;
  readonly line: LineView;
  report(finding: FindingInput): void;
}

export interface ClaimContext {
  readonly env: RunEnvironment;
  readonly claim: ClaimView;
  report(finding: FindingInput): void;
}

/** A line of the batch with its claim (`line.claim`): the unit batch edits group. */
export type BatchLine = LineView;

export interface BatchContext {
  readonly env: RunEnvironment;
  readonly claims: readonly ClaimView[];
  /** Lines of each patient (all providers), in date-of-service order (frequency, duration, step therapy). */
  patientLines(): ReadonlyMap<string, readonly BatchLine[]>;
  /**
   * Lines grouped by patient + billing provider + date of service (any code), across claims: MUE MAI 2/3 sums,
   * administration codes, add-on codes, duplicates. Computed once per run, shared by batch edits.
   */
  serviceDays(): readonly (readonly BatchLine[])[];
  /** The claims with at least one line under a payer drug policy, in batch order (a subset of `claims`). */
  policyClaims(): readonly ClaimView[];
  /** `patientLines()` restricted to patients with at least one line under a payer drug policy (cheap when none). */
  policyPatientLines(): ReadonlyMap<string, readonly BatchLine[]>;
  /** The claims of one patient (`ClaimView.patientId`), lines or not, in batch order. */
  claimsOfPatient(patientId: number): readonly ClaimView[];
  report(claim: ClaimView, finding: FindingInput): void;
}

export interface LineEdit extends EditMeta {
  scope: 'line';
  check(ctx: LineContext): void;
}

export interface ClaimEdit extends EditMeta {
  scope: 'claim';
  check(ctx: ClaimContext): void;
}

export interface BatchEdit extends EditMeta {
  scope: 'batch';
  check(ctx: BatchContext): void;
}

/** What a day edit sees besides the day's lines. */
export interface DayContext {
  readonly env: RunEnvironment;
  report(claim: ClaimView, finding: FindingInput): void;
}

/**
 * A batch edit that looks at one service day at a time (`BatchContext.serviceDays()`: lines of one patient, billing
 * provider and date of service, across claims). The engine walks the days once for all such edits, so that each
 * day's lines are read from memory once, not once per edit.
 */
export interface DayEdit extends EditMeta {
  scope: 'batch';
  checkDay(day: readonly BatchLine[], ctx: DayContext): void;
}

export type Edit = LineEdit | ClaimEdit | BatchEdit | DayEdit;

/** An edit that did not run, and why (a missing need). Never silent: the report lists them. */
export interface SkippedEdit {
  editId: string;
  reason: string;
}

export interface CheckSummary {
  claims: number;
  lines: number;
  drugLines: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Claims with at least one error finding. */
  claimsWithErrors: number;
  /** Findings that carry a mechanical fix. */
  fixable: number;
}

export interface CheckResult {
  summary: CheckSummary;
  findings: Finding[];
  skipped: SkippedEdit[];
  /** Rules files that applied to at least one claim (file, id, version), with the policy versions used. */
  rulesApplied: RulesApplied[];
}

/** A drug policy version of a rules file that was checked against at least one line of the batch. */
export interface RulesAppliedPolicy {
  id: string;
  title: string;
  version: string;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  /** Claims with a line under this policy version. */
  claims: number;
}

/** One version of one rules file used by a check run (docs/edits.md, "rulesApplied"). */
export interface RulesApplied {
  file: string;
  id: string;
  version: string;
  /** Claims the file applied to: as a matching (or fallback) file, or only for inherited program settings. */
  claims: number;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  /** Program settings this file supplied to at least one claim (in `PROGRAM_KEYS` order). */
  program: ProgramKey[];
  /**
   * Of `claims`, those the file did not match, to which it (a fallback file) supplied only the program settings
   * their payer's own file leaves unset.
   */
  inheritedClaims: number;
  /** The drug policy versions of this file checked against the batch's lines, by id and start. */
  policies: RulesAppliedPolicy[];
}
