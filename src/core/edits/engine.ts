/**
 * The edit engine: runs every edit over a batch of claims and collects findings. It never special-cases an edit:
 * line edits run per line (drug lines only when they say so), claim edits per claim, batch edits once with shared
 * groupings (patient/provider/date), day edits per service day in one walk over the days. Edits never see each other's
 * findings: an edit that declares `yieldsTo` loses its findings on a line that another finding `doubts` (dropped at the
 * end, whatever order the edits ran in). Edits that need something the caller did not provide are listed as skipped,
 * never dropped silently. Pure: reference facts come through the ReferenceData port, the date of the run is an
 * argument, nothing is read or written.
 */
import type { Claim } from '../claim/model.ts';
import { compareFindings, countFindings, type Finding } from '../findings/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import type { IsoDate } from '../reference/model.ts';
import { assertIsoDate } from '../reference/as-of.ts';
import { RuleBook, settingsFrom, type ClaimRules } from '../rules/evaluate.ts';
import {
  PROGRAM_KEYS,
  type AppliedDrugRule,
  type Authorization,
  type PayerRules,
  type Policy,
  type ProgramKey,
} from '../rules/model.ts';
import { defaultContainerPort } from './containers.ts';
import { defaultDosingPort } from './dosing-port.ts';
import { CODE_DRUG, CODE_LEVEL2, Facts, type CodeFacts } from './facts.ts';
import {
  billKind,
  billingProviderKey,
  FEW_LINES,
  hasPatientIdentity,
  isLevel2Code,
  isNdc11,
  lineDos,
  mueSetting,
  normaliseCode,
  normaliseModifiers,
  patientKey,
  patientKeyOf,
} from './lines.ts';
import type { Steps } from '../steps.ts';
import { EDITS } from './registry.ts';
import type {
  BatchContext,
  BatchLine,
  CheckResult,
  ClaimContext,
  ClaimEdit,
  BatchEdit,
  ClaimView,
  ContainerPort,
  DayContext,
  DayEdit,
  DosingPort,
  Edit,
  FindingInput,
  LineContext,
  LineEdit,
  LineView,
  Need,
  RulesApplied,
  RunEnvironment,
  SkippedEdit,
} from './types.ts';

export interface RunOptions {
  reference: ReferenceData;
  /**
   * Payer rules (`loadRuleBook().book` gives the shipped ones, as the CLI uses). Without them the edits that need
   * rules (JW/JZ, MUE, NDC, timely filing, payer policies…) do not run: each is listed in `skipped`, never dropped
   * silently. `RuleBook.empty()` runs them with no payer settings.
   */
  rules?: RuleBook;
  /** The day of the check (ISO); the core never reads a clock. */
  dateOfRun: IsoDate;
  /** The edits to run; default the registry (all). */
  edits?: readonly Edit[];
  /** Dosing engine; default src/core/dosing. `null` = not available (edits needing it are skipped). */
  dosing?: DosingPort | null;
  /** Container-type table; default src/core/reference/container-types.ts. `null` = not available. */
  containers?: ContainerPort | null;
  /** Prior authorizations on file with their dates, when the caller has them. */
  authorizations?: readonly Authorization[];
  /** Called every 1,000 claims and at the end. */
  onProgress?: (claimsDone: number, claimsTotal: number) => void;
}

const NO_POLICIES: readonly AppliedDrugRule[] = Object.freeze([]);
/** Stands for a claim's lines while they are built (set right after; never seen by an edit). */
const NO_LINES: readonly LineView[] = Object.freeze([]);

type Line = { -readonly [K in keyof LineView]: LineView[K] };

/**
 * The view of one line. A run keeps every line's view until its end (a million or more): each is built once, as an
 * object literal with every field the edits read. A literal, not a class instance, because V8 tracks where
 * literals are made: seeing that the views of this site all live on, it allocates them in the old generation at
 * once, instead of copying each of them twice through the young generation (which, over a large batch, cost more
 * than the rest of the view building). The code, the date and whether the code is a drug are facts of the code and
 * date, worked out once per pair (`CodeFacts`); the code and the date are that pair's shared strings.
 */
function makeLineView(view: ClaimView, claim: Claim, index: number, facts: Facts, rules: ClaimRules): Line {
  const line = claim.lines[index] as Claim['lines'][number];
  const dos = lineDos(line, claim);
  let kind: number;
  let codeFacts: CodeFacts | null = null;
  let code: string;
  if (dos !== null) {
    codeFacts = facts.forCode(normaliseCode(line.procedure.code), dos);
    code = codeFacts.code;
    kind = codeFacts.kind;
  } else {
    // No date, no facts: a J-code is a drug by its code (the pricing indicator needs the HCPCS record of a date).
    code = normaliseCode(line.procedure.code);
    kind = isLevel2Code(code)
      ? code.charCodeAt(0) === 74 /* J */
        ? CODE_LEVEL2 | CODE_DRUG
        : CODE_LEVEL2
      : 0;
  }
  // A drug line: a drug by its code, or any line with an NDC.
  const isDrug = line.drug !== undefined || (kind & CODE_DRUG) !== 0;
  const policies =
    isDrug && dos !== null && rules.files.length > 0 ? rules.drugRules(code, dos) : NO_POLICIES;
  const modifiers = normaliseModifiers(line.procedure.modifiers);
  let jw = false;
  let jz = false;
  for (let i = 0; i < modifiers.length; i++) {
    const m = modifiers[i];
    if (m === 'JW') jw = true;
    else if (m === 'JZ') jz = true;
  }
  const ndc = line.drug?.ndc;
  let ndc11: string | undefined;
  if (ndc !== undefined) {
    if (isNdc11(ndc)) ndc11 = ndc;
    else {
      const digits = ndc.replace(/[-\s]/g, '');
      if (isNdc11(digits)) ndc11 = digits;
    }
  }
  return {
    line,
    index,
    code,
    modifiers,
    dos,
    isDrug,
    policies,
    ndc11,
    hcpcs: codeFacts !== null && (kind & CODE_LEVEL2) !== 0 ? codeFacts.hcpcs : undefined,
    facts: codeFacts,
    jw,
    jz,
    claim: view,
  };
}

/**
 * A claim's line views at their exact number. Array literals for the usual sizes: V8 allocates literals that live
 * on in the old generation at once, elements included (as for the views, see `makeLineView`); a copy of a longer
 * list (`slice`) has no such site.
 */
function exactLines(s: readonly Line[], n: number): Line[] {
  switch (n) {
    case 1:
      return [s[0] as Line];
    case 2:
      return [s[0] as Line, s[1] as Line];
    case 3:
      return [s[0] as Line, s[1] as Line, s[2] as Line];
    case 4:
      return [s[0] as Line, s[1] as Line, s[2] as Line, s[3] as Line];
    case 5:
      return [s[0] as Line, s[1] as Line, s[2] as Line, s[3] as Line, s[4] as Line];
    case 6:
      return [s[0] as Line, s[1] as Line, s[2] as Line, s[3] as Line, s[4] as Line, s[5] as Line];
    default:
      return s.slice(0, n);
  }
}

/**
 * Patients of a run: a small integer each, and a key (`ClaimView.patientKey`). Claims of one patient repeat the
 * same member id, names and birth date: those are compared as they are. A patient whose member id no other patient
 * of the run has shown is keyed by the member id alone (no string to build); patients sharing a member id are told
 * apart by the full key — member id, names in upper case and birth date, with a separator that no member-id-only
 * key holds.
 */
class PatientIds {
  /** Patients by full key, for those that share a member id. */
  private readonly byKey = new Map<string, PatientSeen>();
  private count = 0;
  /** The patients seen with a member id: one (the usual case, no list to keep), else up to 8. */
  private readonly byMember = new Map<string, PatientSeen | PatientSeen[]>();

  /** The previous claim's patient: claims of a patient often come one after another. */
  private last: PatientSeen | undefined;

  get(claim: Claim): PatientSeen {
    const p = claim.patient;
    // A claim that names no patient is a patient of its own: all such claims would otherwise be one patient, whose
    // units per day and duplicates are summed over every row of the file (patient-unidentified says so).
    if (!hasPatientIdentity(claim)) {
      const id = this.count++;
      return patientSeen('', p, id, `${UNIDENTIFIED}${id}`);
    }
    const member = claim.subscriber?.memberId ?? p.memberId ?? '';
    const last = this.last;
    if (
      last !== undefined &&
      last.member === member &&
      last.lastName === p.lastName &&
      last.firstName === p.firstName &&
      last.birthDate === p.birthDate
    )
      return last;
    const seen = this.find(claim, member);
    this.last = seen;
    return seen;
  }

  private find(claim: Claim, member: string): PatientSeen {
    const p = claim.patient;
    const seen = this.byMember.get(member);
    if (seen !== undefined) {
      if (Array.isArray(seen)) {
        for (const s of seen)
          if (s.lastName === p.lastName && s.firstName === p.firstName && s.birthDate === p.birthDate)
            return s;
      } else if (
        seen.lastName === p.lastName &&
        seen.firstName === p.firstName &&
        seen.birthDate === p.birthDate
      )
        return seen;
    }
    // The full key is member id, names and birth date with a separator between: when none of them holds the
    // separator, a member id not seen before stands for a patient not seen before.
    const alone =
      seen === undefined &&
      !member.includes('\u0000') &&
      !(p.lastName ?? '').includes('\u0000') &&
      !(p.firstName ?? '').includes('\u0000') &&
      !(p.birthDate ?? '').includes('\u0000');
    let s: PatientSeen;
    if (alone) s = patientSeen(member, p, this.count++, member);
    else {
      if (seen !== undefined) {
        // The first patient of this member id was keyed by it alone: it is found by its full key from now on.
        const first = Array.isArray(seen) ? (seen[0] as PatientSeen) : seen;
        const firstKey = patientKeyOf(first.member, first.lastName, first.firstName, first.birthDate);
        if (!this.byKey.has(firstKey)) this.byKey.set(firstKey, first);
      }
      const key = patientKey(claim);
      const same = this.byKey.get(key);
      if (same !== undefined) s = patientSeen(member, p, same.id, same.key);
      else {
        s = patientSeen(member, p, this.count++, key);
        this.byKey.set(key, s);
      }
    }
    if (seen === undefined) this.byMember.set(member, s);
    else if (!Array.isArray(seen)) this.byMember.set(member, [seen, s]);
    else if (seen.length < 8) seen.push(s);
    return s;
  }
}

/**
 * Key prefix of a claim that names no patient (a number follows). `patientKeyOf` joins four parts with three
 * separators and a member-id-only key has none, so no patient's key starts so (unless a part held a separator,
 * which no reader produces).
 */
const UNIDENTIFIED = '\u0000\u0000\u0000\u0000';

/** A patient of the run: what tells it apart, its number and its key. */
interface PatientSeen {
  readonly member: string;
  readonly lastName: string | undefined;
  readonly firstName: string | undefined;
  readonly birthDate: string | undefined;
  readonly id: number;
  readonly key: string;
}

/** A literal, as the views are: kept to the end of the run (see `makeLineView`). */
function patientSeen(member: string, p: Claim['patient'], id: number, key: string): PatientSeen {
  return { member, lastName: p.lastName, firstName: p.firstName, birthDate: p.birthDate, id, key };
}

/** Builds the view of each claim in turn (patients and providers numbered in batch order). */
class ViewBuilder {
  private readonly facts: Facts;
  private readonly rules: RuleBook;
  private readonly dateOfRun: IsoDate;
  private readonly patients = new PatientIds();
  private readonly providers = new Map<string, number>();
  private readonly lineScratch: Line[] = [];

  constructor(facts: Facts, rules: RuleBook, dateOfRun: IsoDate) {
    this.facts = facts;
    this.rules = rules;
    this.dateOfRun = dateOfRun;
  }

  view(claim: Claim, index: number): ClaimView {
    const facts = this.facts;
    let dos: IsoDate | null = claim.statementFrom ?? null;
    const claimLines = claim.lines;
    for (let j = 0; j < claimLines.length; j++) {
      const l = claimLines[j] as Claim['lines'][number];
      const d = l.serviceDate ?? claim.statementFrom ?? null;
      if (d !== null && (dos === null || d < dos)) dos = d;
    }
    const claimRules = this.rules.forClaim(claim, dos ?? this.dateOfRun);
    const patient = this.patients.get(claim);
    const bKey = billingProviderKey(claim);
    let providerId = this.providers.get(bKey);
    if (providerId === undefined) {
      providerId = this.providers.size;
      this.providers.set(bKey, providerId);
    }
    // The claim's view first, so that each line's view is made pointing at it; its lines are set once made.
    const view: { -readonly [K in keyof ClaimView]: ClaimView[K] } = {
      claim,
      index,
      lines: NO_LINES,
      dos,
      setting: mueSetting(claim),
      bill: billKind(claim),
      rules: claimRules,
      program: claimRules.program,
      patientKey: patient.key,
      providerKey: bKey,
      patientId: patient.id,
      providerId,
    };
    // Built in a scratch list and copied at the exact size (no closure per claim, no spare capacity kept). The
    // list is written over, never emptied: emptying an array lets its storage go, and the next claim's lines would
    // need new storage.
    const scratch = this.lineScratch;
    const n = claimLines.length;
    for (let j = 0; j < n; j++) scratch[j] = makeLineView(view, claim, j, facts, claimRules);
    view.lines = exactLines(scratch, n);
    return view;
  }
}

/** Builds the views the edits read (exported for tests of single edits). */
export function buildClaimViews(
  claims: readonly Claim[],
  facts: Facts,
  rules: RuleBook,
  dateOfRun: IsoDate,
): ClaimView[] {
  const builder = new ViewBuilder(facts, rules, dateOfRun);
  const views: ClaimView[] = [];
  for (let i = 0; i < claims.length; i++) views.push(builder.view(claims[i] as Claim, i));
  return views;
}

/** Claims of each patient, in batch order: patient p's are views[order[k]] for k in [offsets[p], offsets[p + 1]). */
interface PatientClaims {
  offsets: Int32Array;
  order: Int32Array;
}

function claimsByPatient(views: readonly ClaimView[]): PatientClaims {
  // Index loops in these one-pass walks: they run once per batch, often before the optimising compiler has a
  // look, and a for-of there makes an iterator result per step.
  let patients = 0;
  for (let i = 0; i < views.length; i++) {
    const p = (views[i] as ClaimView).patientId;
    if (p >= patients) patients = p + 1;
  }
  const offsets = new Int32Array(patients + 1);
  for (let i = 0; i < views.length; i++) (offsets[(views[i] as ClaimView).patientId + 1] as number)++;
  for (let p = 0; p < patients; p++) offsets[p + 1] = (offsets[p + 1] as number) + (offsets[p] as number);
  const next = offsets.slice(0, patients);
  const order = new Int32Array(views.length);
  for (let i = 0; i < views.length; i++) {
    const p = (views[i] as ClaimView).patientId;
    order[next[p] as number] = i;
    next[p] = (next[p] as number) + 1;
  }
  return { offsets, order };
}

/**
 * The claims of patient `p` into `out`, in place of what it held (every patient has a claim: the list is never
 * emptied, which would let its storage go).
 */
function claimsOf(views: readonly ClaimView[], byPatient: PatientClaims, p: number, out: ClaimView[]): void {
  const start = byPatient.offsets[p] as number;
  const end = byPatient.offsets[p + 1] as number;
  for (let k = start; k < end; k++) out[k - start] = views[byPatient.order[k] as number] as ClaimView;
  out.length = end - start;
}

/**
 * Splits lines into groups of equal `key`. Most groups are a whole claim or two (one patient, one provider, one
 * date), so the common case compares with the first line and allocates no key at all.
 */
function partition(
  lines: readonly BatchLine[],
  same: (a: BatchLine, b: BatchLine) => boolean,
  key: (b: BatchLine) => string,
  out: BatchLine[][],
): void {
  const first = lines[0];
  if (!first) return;
  if (lines.length <= FEW_LINES) {
    // Few lines (a claim or two): compare with the groups found so far, no keys.
    const start = out.length;
    for (let i = 0; i < lines.length; i++) {
      const b = lines[i] as BatchLine;
      let placed = false;
      for (let g = start; g < out.length && !placed; g++) {
        const group = out[g] as BatchLine[];
        if (same(group[0] as BatchLine, b)) {
          group.push(b);
          placed = true;
        }
      }
      if (!placed) out.push([b]);
    }
    return;
  }
  let uniform = true;
  for (let i = 1; i < lines.length; i++) {
    if (!same(first, lines[i] as BatchLine)) {
      uniform = false;
      break;
    }
  }
  if (uniform) {
    out.push(lines as BatchLine[]);
    return;
  }
  const groups = new Map<string, BatchLine[]>();
  for (let i = 0; i < lines.length; i++) {
    const b = lines[i] as BatchLine;
    const k = key(b);
    const g = groups.get(k);
    if (g) g.push(b);
    else groups.set(k, [b]);
  }
  for (const g of groups.values()) out.push(g);
}

/**
 * The service days of each patient. The usual patient has a claim or a few, each for one date: when every claim's
 * lines share one date and no two claims share a day, each claim's lines are a day as they are (nothing to build).
 * Otherwise the patient's dated lines (one claim's as they are, several claims' concatenated) are partitioned.
 */
function serviceDaysOf(
  views: readonly ClaimView[],
  byPatient: PatientClaims,
  out: BatchLine[][],
  visit: ((from: number) => void) | null,
  fromPatient = 0,
  toPatient = byPatient.offsets.length - 1,
): void {
  const claims: ClaimView[] = [];
  for (let p = fromPatient; p < toPatient; p++) {
    const from = out.length;
    claimsOf(views, byPatient, p, claims);
    if (claimsAreDays(claims)) {
      for (let k = 0; k < claims.length; k++) out.push((claims[k] as ClaimView).lines as BatchLine[]);
      visit?.(from);
      continue;
    }
    let lines: BatchLine[] = [];
    for (let k = 0; k < claims.length; k++) {
      const c = (claims[k] as ClaimView).lines as BatchLine[];
      let allDated = true;
      for (let j = 0; j < c.length; j++) if ((c[j] as BatchLine).dos === null) allDated = false;
      if (claims.length === 1 && allDated) lines = c;
      else
        for (let j = 0; j < c.length; j++)
          if ((c[j] as BatchLine).dos !== null) lines.push(c[j] as BatchLine);
    }
    partition(lines, sameDay, dayKey, out);
    visit?.(from);
  }
}

/** True when each claim's lines are all on one date (and there are some) and no two claims are on the same day. */
function claimsAreDays(claims: readonly ClaimView[]): boolean {
  if (claims.length > 16) return false;
  for (let k = 0; k < claims.length; k++) {
    const lines = (claims[k] as ClaimView).lines;
    const first = lines[0];
    if (first === undefined || first.dos === null) return false;
    for (let i = 1; i < lines.length; i++) if ((lines[i] as BatchLine).dos !== first.dos) return false;
  }
  for (let i = 1; i < claims.length; i++) {
    const a = (claims[i] as ClaimView).lines[0] as BatchLine;
    for (let j = 0; j < i; j++) if (sameDay((claims[j] as ClaimView).lines[0] as BatchLine, a)) return false;
  }
  return true;
}

/**
 * Lines of each patient (keyed by patientKey, in the order patients first show a line), in date order; only the
 * patients `include` accepts. One claim's lines are used as they are when already in order.
 */
function linesOfPatients(
  views: readonly ClaimView[],
  byPatient: PatientClaims,
  include: Uint8Array | null,
  byDate: (a: BatchLine, b: BatchLine) => number,
  visit: readonly number[] | null = null,
): Map<string, BatchLine[]> {
  const out = new Map<string, BatchLine[]>();
  const done = new Uint8Array(byPatient.offsets.length);
  const claims: ClaimView[] = [];
  const count = visit === null ? views.length : visit.length;
  for (let i = 0; i < count; i++) {
    const c = views[visit === null ? i : (visit[i] as number)] as ClaimView;
    if (c.lines.length === 0 || done[c.patientId] === 1) continue;
    done[c.patientId] = 1;
    if (include !== null && include[c.patientId] !== 1) continue;
    claimsOf(views, byPatient, c.patientId, claims);
    let list: BatchLine[];
    if (claims.length === 1) list = c.lines as BatchLine[];
    else if (claims.length === 2)
      list = (claims[0] as ClaimView).lines.concat((claims[1] as ClaimView).lines);
    else {
      list = [];
      for (let k = 0; k < claims.length; k++) {
        const kLines = (claims[k] as ClaimView).lines;
        for (let j = 0; j < kLines.length; j++) list.push(kLines[j] as BatchLine);
      }
    }
    if (!inOrder(list, byDate)) {
      if (list === c.lines) list = list.slice();
      list.sort(byDate);
    }
    out.set(c.patientKey, list);
  }
  return out;
}

function inOrder<T>(list: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1] as T, list[i] as T) > 0) return false;
  return true;
}

const sameDay = (a: BatchLine, b: BatchLine): boolean =>
  a.dos === b.dos && a.claim.providerId === b.claim.providerId;
const dayKey = (b: BatchLine): string => `${b.claim.providerId}|${b.dos ?? ''}`;
function availableNeeds(env: {
  rules: RuleBook | undefined;
  dosing: DosingPort | null;
  containers: ContainerPort | null;
}): Set<Need> {
  const needs = new Set<Need>(['reference', 'history']);
  if (env.rules) needs.add('rules');
  if (env.dosing) needs.add('dosing');
  if (env.containers) needs.add('containers');
  return needs;
}

type LineCtx = { env: RunEnvironment; claim: ClaimView; line: LineView; report: LineContext['report'] };
type ClaimCtx = { env: RunEnvironment; claim: ClaimView; report: ClaimContext['report'] };

/** The findings of a run, and the edit running (its id, severity, source and denial are the defaults). */
class Collector {
  readonly findings: Finding[] = [];
  current: Edit;
  lineCtx: LineCtx | undefined;
  claimCtx: ClaimCtx | undefined;

  /** Lines whose units a finding calls wrong (`FindingInput.doubts`), when there are any. */
  doubted: Set<LineView> | undefined;
  /** Findings of edits that yield to such a finding (`EditMeta.yieldsTo`), with their line. */
  readonly yielding: { finding: Finding; line: LineView }[] = [];

  constructor(first: Edit) {
    this.current = first;
  }

  /** The findings, less those of yielding edits on lines another finding doubts. */
  kept(): Finding[] {
    const doubted = this.doubted;
    if (doubted === undefined || this.yielding.length === 0) return this.findings;
    const drop = new Set<Finding>();
    for (const y of this.yielding) if (doubted.has(y.line)) drop.add(y.finding);
    return drop.size === 0 ? this.findings : this.findings.filter((f) => !drop.has(f));
  }

  emit(claim: ClaimView, line: LineView | null, input: FindingInput): void {
    const current = this.current;
    const at = line?.line.position ?? claim.claim.position;
    const f: Finding = {
      editId: current.id,
      severity: input.severity ?? current.severity,
      claimId: claim.claim.id,
      claimIndex: claim.index,
      line: line ? line.line.sequence : null,
      field: fieldFor(claim.claim.format, input.field),
      message: input.message,
      why: input.why,
      source: input.source ?? current.source,
      denial: input.denial === undefined ? (current.denials[0] ?? null) : input.denial,
    };
    if (input.appealable !== undefined) f.appealable = input.appealable;
    if (input.fix !== undefined) f.fix = input.fix;
    if (at !== undefined) f.at = at;
    if (input.data !== undefined) f.data = input.data;
    this.findings.push(f);
    if (line !== null) {
      if (input.doubts !== undefined) (this.doubted ??= new Set()).add(line);
      if (current.yieldsTo !== undefined) this.yielding.push({ finding: f, line });
    }
  }
}

/**
 * A finding's field as the claim's format names it: edits name X12 positions ("NDC (LIN03)"), which mean nothing
 * to a FHIR, JSON or CSV claim, where the finding's position (`at`) says where it is.
 */
function fieldFor(format: Claim['format'], field: string): string {
  if (format === '837P' || format === '837I' || !field.endsWith(')')) return field;
  return field.replace(X12_POSITION, '');
}

/** An X12 element or segment at the end of a field name: " (LIN03)", " (CLM05-3)", " (HI)", " (REF*G1)". */
const X12_POSITION = / \([A-Z][A-Z0-9]{1,2}(?:\d{2}(?:-\d)?|\*[A-Z0-9]{2})?\)$/;

/** The run in progress. */
let active: Collector | undefined;

function reportLine(input: FindingInput): void {
  const run = active as Collector;
  const ctx = run.lineCtx as LineCtx;
  run.emit(ctx.claim, input.line === undefined ? ctx.line : input.line, input);
}

function reportClaim(input: FindingInput): void {
  const run = active as Collector;
  run.emit((run.claimCtx as ClaimCtx).claim, input.line ?? null, input);
}

function reportBatch(claim: ClaimView, input: FindingInput): void {
  (active as Collector).emit(claim, input.line ?? null, input);
}

function failed(edit: Edit, claim: ClaimView | null, err: unknown): never {
  const where = claim ? ` on claim #${claim.index + 1}` : '';
  throw new Error(`edit ${edit.id} failed${where}: ${err instanceof Error ? err.message : String(err)}`, {
    cause: err,
  });
}

/** The line edits that apply to each kind of line, by a 4-bit mask: drug, NDC, modifiers, policies. */
function lineEditsByMask(lineEdits: readonly LineEdit[]): LineEdit[][] {
  const byMask: LineEdit[][] = [];
  for (let mask = 0; mask < 16; mask++) {
    byMask.push(
      lineEdits.filter((e) => {
        switch (e.lines ?? 'all') {
          case 'all':
            return true;
          case 'drug':
            return (mask & 1) !== 0;
          case 'ndc':
            return (mask & 2) !== 0;
          case 'modifiers':
            return (mask & 4) !== 0;
          case 'policies':
            return (mask & 8) !== 0;
        }
      }),
    );
  }
  return byMask;
}

/**
 * Line edits on each line of the claim (those its kind of line calls for), then claim edits. Returns the claim's
 * drug lines, plus 1 << 24 when a line is under a payer drug policy (counted here: no later pass over the lines).
 */
function checkClaim(
  run: Collector,
  claim: ClaimView,
  byMask: readonly (readonly LineEdit[])[],
  claimEdits: readonly ClaimEdit[],
  lineCtx: LineCtx,
  claimCtx: ClaimCtx,
): number {
  lineCtx.claim = claim;
  const lines = claim.lines;
  let tally = 0;
  for (let j = 0; j < lines.length; j++) {
    const line = lines[j] as LineView;
    lineCtx.line = line;
    const mask =
      (line.isDrug ? 1 : 0) |
      (line.line.drug !== undefined ? 2 : 0) |
      (line.modifiers.length > 0 ? 4 : 0) |
      (line.policies.length > 0 ? 8 : 0);
    if ((mask & 1) !== 0) tally++;
    if ((mask & 8) !== 0) tally |= POLICY_LINE;
    const list = byMask[mask] as readonly LineEdit[];
    for (let k = 0; k < list.length; k++) {
      const edit = list[k] as LineEdit;
      run.current = edit;
      try {
        edit.check(lineCtx);
      } catch (err) {
        failed(edit, claim, err);
      }
    }
  }
  if (claimEdits.length > 0) {
    claimCtx.claim = claim;
    for (let k = 0; k < claimEdits.length; k++) {
      const edit = claimEdits[k] as ClaimEdit;
      run.current = edit;
      try {
        edit.check(claimCtx);
      } catch (err) {
        failed(edit, claim, err);
      }
    }
  }
  return tally;
}

const POLICY_LINE = 1 << 24;

/** One walk over the service days for all day edits, from day `from` on: each day's lines are read once. */
function checkDays(
  run: Collector,
  dayEdits: readonly DayEdit[],
  days: readonly BatchLine[][],
  from: number,
  ctx: DayContext,
): void {
  for (let d = from; d < days.length; d++) {
    const day = days[d] as BatchLine[];
    for (let k = 0; k < dayEdits.length; k++) {
      const edit = dayEdits[k] as DayEdit;
      run.current = edit;
      try {
        edit.checkDay(day, ctx);
      } catch (err) {
        failed(edit, day[0]?.claim ?? null, err);
      }
    }
  }
}

/**
 * Runs the edits over the claims. The input is not changed. A `dateOfRun` that is not a real YYYY-MM-DD date throws
 * a TypeError (code "date.invalid") before any edit runs: the result has no room for a problem of the call itself.
 */
export function runEdits(claims: readonly Claim[], options: RunOptions): CheckResult {
  const run = startRun(claims, options);
  for (;;) {
    const step = nextStep(run);
    if (step.done === true) return step.value;
  }
}

/**
 * `runEdits` in steps, awaiting `pace()` between them, so that a caller sharing its thread (a server) can give way:
 * the same result, findings in the same order. A step is a slice of about `CLAIMS_PER_STEP` claims through the
 * line and claim edits, as many claims' service days through the day edits, or one batch edit (each of those sees
 * the whole batch at once, so runs in one go). The caller decides when to give way (`pace` may return at once).
 * An invalid `dateOfRun` rejects, as `runEdits` throws.
 */
export async function runEditsPaced(
  claims: readonly Claim[],
  options: RunOptions,
  pace: () => Promise<void>,
): Promise<CheckResult> {
  const run = startRun(claims, options);
  for (;;) {
    const step = nextStep(run);
    if (step.done === true) return step.value;
    await pace();
  }
}

/** Claims per step of a paced run: a few milliseconds of work. */
const CLAIMS_PER_STEP = 250;

interface Run {
  collector: Collector;
  steps: Steps<CheckResult>;
}

/**
 * One step of a run. The report functions are the same in every run (edits optimised in one run stay optimised in
 * the next); they reach this run through `active`, set for the step and restored afterwards, since another run may
 * go on between two steps of a paced one (or an edit run a check of its own).
 */
function nextStep(run: Run): IteratorResult<void, CheckResult> {
  const previous = active;
  active = run.collector;
  try {
    return run.steps.next();
  } finally {
    active = previous;
  }
}

function startRun(claims: readonly Claim[], options: RunOptions): Run {
  assertIsoDate(options.dateOfRun, 'runEdits: options.dateOfRun');
  const facts = new Facts(options.reference);
  const rules = options.rules ?? RuleBook.empty();
  const dosing = options.dosing === undefined ? defaultDosingPort(facts) : options.dosing;
  const containers = options.containers === undefined ? defaultContainerPort(facts) : options.containers;
  const have = availableNeeds({ rules: options.rules, dosing, containers });
  const skipped: SkippedEdit[] = [];
  const edits: Edit[] = [];
  for (const edit of options.edits ?? EDITS) {
    const missing = edit.needs.filter((n) => !have.has(n));
    if (missing.length > 0)
      skipped.push({
        editId: edit.id,
        reason: `needs ${missing.join(', ')}, which this run does not provide`,
      });
    else edits.push(edit);
  }
  const env: RunEnvironment = {
    facts,
    dateOfRun: options.dateOfRun,
    // A skipped port is never called: the edits that need it did not make the list above.
    dosing: dosing ?? unavailableDosing,
    containers: containers ?? unavailableContainers,
    authorizations: options.authorizations ?? [],
  };
  const builder = new ViewBuilder(facts, rules, options.dateOfRun);
  const run = new Collector(edits[0] as Edit);

  // One line context for the whole run, pointed at each line in turn (edits are synchronous and keep nothing).
  const lineCtx: LineCtx = {
    env,
    claim: undefined as unknown as ClaimView,
    line: undefined as unknown as LineView,
    report: reportLine,
  };
  // One claim context likewise, pointed at each claim in turn.
  const claimCtx: ClaimCtx = {
    env,
    claim: undefined as unknown as ClaimView,
    report: reportClaim,
  };
  run.lineCtx = lineCtx;
  run.claimCtx = claimCtx;
  const pass = new ClaimPass(claims, options, builder, run, edits, lineCtx, claimCtx);
  return { collector: run, steps: checkSteps(pass, env, run, edits, skipped) };
}

/**
 * The line and claim edits, a claim at a time: each claim's view is built and checked at once, while the claim is
 * in the CPU's cache (they see one claim). Counts as the claims go by what the summary and the policy groupings
 * need, so that they need no pass of their own.
 */
class ClaimPass {
  readonly views: ClaimView[] = [];
  lines = 0;
  drugLines = 0;
  /** Claims with a line under a payer drug policy. */
  readonly withPolicies: Uint8Array;
  /** Claims per rules object (a batch has a few), in the order claims show them. */
  readonly perRules = new Map<ClaimRules, number>();
  private lastRules: ClaimRules | undefined;
  private lastRulesCount = 0;
  /** Claims per drug policy version (of each file version) checked against one of their lines. */
  readonly policyClaims = new Map<PayerRules, Map<Policy, number>>();
  readonly claims: readonly Claim[];
  readonly options: RunOptions;
  private readonly builder: ViewBuilder;
  private readonly run: Collector;
  private readonly byMask: LineEdit[][];
  private readonly claimEdits: ClaimEdit[];
  private readonly lineCtx: LineCtx;
  private readonly claimCtx: ClaimCtx;

  constructor(
    claims: readonly Claim[],
    options: RunOptions,
    builder: ViewBuilder,
    run: Collector,
    edits: readonly Edit[],
    lineCtx: LineCtx,
    claimCtx: ClaimCtx,
  ) {
    this.claims = claims;
    this.options = options;
    this.builder = builder;
    this.run = run;
    this.lineCtx = lineCtx;
    this.claimCtx = claimCtx;
    this.withPolicies = new Uint8Array(claims.length);
    this.byMask = lineEditsByMask(edits.filter((e): e is LineEdit => e.scope === 'line'));
    this.claimEdits = edits.filter((e): e is ClaimEdit => e.scope === 'claim');
  }

  /** Claims `from` to `to` (excluded), in order. */
  check(from: number, to: number): void {
    const { claims, options, builder, views, run, byMask, claimEdits, lineCtx, claimCtx } = this;
    // Line counts kept in locals and added once per slice (the loop is the run's hot path).
    let lines = 0;
    let drugLines = 0;
    for (let i = from; i < to; i++) {
      const claim = builder.view(claims[i] as Claim, i);
      views.push(claim);
      const tally = checkClaim(run, claim, byMask, claimEdits, lineCtx, claimCtx);
      lines += claim.lines.length;
      drugLines += tally & (POLICY_LINE - 1);
      if (tally >= POLICY_LINE) {
        this.withPolicies[i] = 1;
        countPolicies(claim, this.policyClaims);
      }
      if (claim.rules !== this.lastRules) this.rulesChange(claim.rules);
      this.lastRulesCount++;
      if (options.onProgress && (i + 1) % 1000 === 0) options.onProgress(i + 1, claims.length);
    }
    this.lines += lines;
    this.drugLines += drugLines;
  }

  private rulesChange(rules: ClaimRules): void {
    this.countRules();
    this.lastRules = rules;
    this.lastRulesCount = 0;
    if (!this.perRules.has(rules)) this.perRules.set(rules, 0);
  }

  /** Adds the claims of the current rules object since it came (once more at the end). */
  countRules(): void {
    const last = this.lastRules;
    if (last !== undefined) this.perRules.set(last, (this.perRules.get(last) ?? 0) + this.lastRulesCount);
    this.lastRulesCount = 0;
  }
}

/**
 * The steps of a run (see `runEditsPaced`): the line and claim edits over slices of the claims, then the day edits
 * over slices of the patients, then each batch edit; the result last.
 */
function* checkSteps(
  pass: ClaimPass,
  env: RunEnvironment,
  run: Collector,
  edits: readonly Edit[],
  skipped: SkippedEdit[],
): Steps<CheckResult> {
  const { claims, views, withPolicies } = pass;
  const batchEdits = edits.filter((e): e is BatchEdit => e.scope === 'batch' && !('checkDay' in e));
  const dayEdits = edits.filter((e): e is DayEdit => e.scope === 'batch' && 'checkDay' in e);
  for (let from = 0; from < claims.length; from += CLAIMS_PER_STEP) {
    pass.check(from, Math.min(claims.length, from + CLAIMS_PER_STEP));
    yield;
  }

  if (batchEdits.length > 0 || dayEdits.length > 0) {
    let byPatient: PatientClaims | undefined;
    let serviceDays: BatchLine[][] | undefined;
    let patientLines: Map<string, BatchLine[]> | undefined;
    let policyPatientLines: Map<string, BatchLine[]> | undefined;
    let policyClaims: ClaimView[] | undefined;
    const byDate = (a: BatchLine, b: BatchLine): number =>
      (a.dos ?? '') < (b.dos ?? '')
        ? -1
        : (a.dos ?? '') > (b.dos ?? '')
          ? 1
          : a.claim.index - b.claim.index || a.index - b.index;
    const days = (): BatchLine[][] => {
      if (!serviceDays) {
        const out: BatchLine[][] = [];
        byPatient ??= claimsByPatient(views);
        serviceDaysOf(views, byPatient, out, null);
        serviceDays = out;
      }
      return serviceDays;
    };
    const ctx: BatchContext = {
      env,
      claims: views,
      policyClaims: () => {
        if (!policyClaims) {
          policyClaims = [];
          for (let i = 0; i < views.length; i++)
            if (withPolicies[i] === 1) policyClaims.push(views[i] as ClaimView);
        }
        return policyClaims;
      },
      serviceDays: days,
      patientLines: () => {
        if (!patientLines) {
          byPatient ??= claimsByPatient(views);
          patientLines = linesOfPatients(views, byPatient, null, byDate);
        }
        return patientLines;
      },
      claimsOfPatient: (patientId) => {
        byPatient ??= claimsByPatient(views);
        const out: ClaimView[] = [];
        if (patientId >= 0 && patientId + 1 < byPatient.offsets.length)
          claimsOf(views, byPatient, patientId, out);
        return out;
      },
      policyPatientLines: () => {
        if (!policyPatientLines) {
          byPatient ??= claimsByPatient(views);
          const ruled = new Uint8Array(byPatient.offsets.length);
          // Only these patients' claims are visited: each from its first claim with lines, in batch order.
          const firsts: number[] = [];
          for (let i = 0; i < views.length; i++) {
            if (withPolicies[i] !== 1) continue;
            const p = (views[i] as ClaimView).patientId;
            if (ruled[p] === 1) continue;
            ruled[p] = 1;
            const end = byPatient.offsets[p + 1] as number;
            for (let k = byPatient.offsets[p] as number; k < end; k++) {
              const first = byPatient.order[k] as number;
              if ((views[first] as ClaimView).lines.length > 0) {
                firsts.push(first);
                break;
              }
            }
          }
          firsts.sort((a, b) => a - b);
          policyPatientLines = linesOfPatients(views, byPatient, ruled, byDate, firsts);
        }
        return policyPatientLines;
      },
      report: reportBatch,
    };
    if (dayEdits.length > 0) {
      // Each patient's days go to the day edits as soon as they are made, while their lines are in the cache (the
      // same days in the same order as a walk over `serviceDays()` afterwards).
      const out: BatchLine[][] = [];
      const dayCtx: DayContext = { env, report: reportBatch };
      const visit = (from: number): void => checkDays(run, dayEdits, out, from, dayCtx);
      const patients = claimsByPatient(views);
      byPatient = patients;
      const offsets = patients.offsets;
      // Patients whose claims make a step together (a patient's days are never split).
      for (let p = 0; p + 1 < offsets.length;) {
        let to = p + 1;
        while (to + 1 < offsets.length && (offsets[to] as number) - (offsets[p] as number) < CLAIMS_PER_STEP)
          to++;
        serviceDaysOf(views, patients, out, visit, p, to);
        p = to;
        yield;
      }
      serviceDays = out;
    }
    for (const edit of batchEdits) {
      run.current = edit;
      try {
        edit.check(ctx);
      } catch (err) {
        failed(edit, null, err);
      }
      yield;
    }
  }
  pass.options.onProgress?.(views.length, views.length);

  // An edit that yields to another's doubts about a line loses its findings there, whichever ran first.
  const findings = run.kept();
  findings.sort(compareFindings);
  const counts = countFindings(findings);
  const claimsWithErrors = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.claimIndex))
    .size;
  pass.countRules();
  const rulesApplied = rulesAppliedOf(pass.perRules, pass.policyClaims);
  return {
    summary: {
      claims: views.length,
      lines: pass.lines,
      drugLines: pass.drugLines,
      errors: counts.errors,
      warnings: counts.warnings,
      infos: counts.infos,
      claimsWithErrors,
      fixable: findings.filter((f) => f.fix !== undefined).length,
    },
    findings,
    skipped,
    rulesApplied,
  };
}

/** Adds one to each drug policy version (per file version) that one of `claim`'s lines is under. */
function countPolicies(claim: ClaimView, out: Map<PayerRules, Map<Policy, number>>): void {
  // A claim has a few policy lines: the pairs already counted, in a list.
  const seen: AppliedDrugRule[] = [];
  for (const line of claim.lines) {
    for (const applied of line.policies) {
      if (seen.some((s) => s.policy === applied.policy && s.rules === applied.rules)) continue;
      seen.push(applied);
      let byPolicy = out.get(applied.rules);
      if (byPolicy === undefined) {
        byPolicy = new Map();
        out.set(applied.rules, byPolicy);
      }
      byPolicy.set(applied.policy, (byPolicy.get(applied.policy) ?? 0) + 1);
    }
  }
}

/**
 * The report's `rulesApplied`: each file version that applied to a claim (as a matching or fallback file, or only
 * for the program settings the payer's own file leaves unset), the settings it supplied and the policy versions
 * checked against the lines, sorted by file.
 */
function rulesAppliedOf(
  perRules: ReadonlyMap<ClaimRules, number>,
  policyClaims: ReadonlyMap<PayerRules, ReadonlyMap<Policy, number>>,
): RulesApplied[] {
  const rows = new Map<string, { row: RulesApplied; program: Set<ProgramKey> }>();
  const rowOf = (f: PayerRules): { row: RulesApplied; program: Set<ProgramKey> } => {
    const key = `${f.file}\u0000${f.id}\u0000${f.version}`;
    let found = rows.get(key);
    if (found === undefined) {
      found = {
        row: {
          file: f.file,
          id: f.id,
          version: f.version,
          claims: 0,
          effectiveFrom: f.effectiveFrom,
          effectiveTo: f.effectiveTo,
          program: [],
          inheritedClaims: 0,
          policies: [],
        },
        program: new Set(),
      };
      rows.set(key, found);
    }
    return found;
  };
  for (const [claimRules, count] of perRules) {
    for (const f of claimRules.files) rowOf(f).row.claims += count;
    for (const f of claimRules.programFiles) {
      const keys = settingsFrom(claimRules.program, f);
      if (keys.length === 0) continue;
      const r = rowOf(f);
      for (const k of keys) r.program.add(k);
      if (!claimRules.files.includes(f)) {
        r.row.claims += count;
        r.row.inheritedClaims += count;
      }
    }
  }
  for (const [f, byPolicy] of policyClaims) {
    const { row } = rowOf(f);
    for (const [p, claims] of byPolicy)
      row.policies.push({
        id: p.id,
        title: p.title,
        version: p.version,
        effectiveFrom: p.effectiveFrom,
        effectiveTo: p.effectiveTo,
        claims,
      });
    row.policies.sort((a, b) =>
      a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : a.effectiveFrom < b.effectiveFrom
            ? -1
            : a.effectiveFrom > b.effectiveFrom
              ? 1
              : 0,
    );
  }
  const out: RulesApplied[] = [];
  for (const { row, program } of rows.values()) {
    row.program = PROGRAM_KEYS.filter((k) => program.has(k));
    out.push(row);
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

const unavailableDosing: DosingPort = {
  unitsFor: () => ({ ok: false, message: 'the dosing engine is not available in this run' }),
};
const unavailableContainers: ContainerPort = {
  lookup: () => ({ type: 'unknown', reason: 'the container-type table is not available in this run' }),
};
