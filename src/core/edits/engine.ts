/**
 * The edit engine: runs every edit over a batch of claims and collects findings. It never special-cases an edit:
 * line edits run per line (drug lines only when they say so), claim edits per claim, batch edits once with shared
 * groupings (patient/provider/date). Edits that need something the caller did not provide are listed as skipped,
 * never dropped silently. Pure: reference facts come through the ReferenceData port, the date of the run is an
 * argument, nothing is read or written.
 */
import type { Claim } from '../claim/model.ts';
import { compareFindings, countFindings, type Finding } from '../findings/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import type { IsoDate } from '../reference/model.ts';
import { RuleBook, type ClaimRules } from '../rules/evaluate.ts';
import type { AppliedDrugRule, Authorization } from '../rules/model.ts';
import { defaultContainerPort } from './containers.ts';
import { defaultDosingPort } from './dosing-port.ts';
import { Facts } from './facts.ts';
import {
  billingProviderKey,
  isJCode,
  isLevel2Code,
  isNdc11,
  lineDos,
  mueSetting,
  normaliseCode,
  normaliseModifiers,
  patientKey,
} from './lines.ts';
import { EDITS } from './registry.ts';
import type {
  BatchContext,
  BatchLine,
  CheckResult,
  ClaimContext,
  ClaimView,
  ContainerPort,
  DosingPort,
  Edit,
  FindingInput,
  LineContext,
  LineEdit,
  LineView,
  Need,
  RunEnvironment,
  SkippedEdit,
} from './types.ts';

export interface RunOptions {
  reference: ReferenceData;
  /** Payer rules; default none (national edits that depend on payer settings then do not apply). */
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

function makeLineView(claim: Claim, index: number, facts: Facts, rules: ClaimRules): LineView {
  const line = claim.lines[index] as Claim['lines'][number];
  const code = normaliseCode(line.procedure.code);
  const dos = lineDos(line, claim);
  const codeFacts = dos === null ? null : facts.forCode(code, dos);
  const hcpcs = codeFacts !== null && isLevel2Code(code) ? codeFacts.hcpcs : undefined;
  let isDrug = line.drug !== undefined || isJCode(code);
  if (!isDrug && hcpcs !== undefined) {
    // Q-, C- and A-codes priced as drugs (HCPCS pricing indicator 51 = drugs paid at ASP).
    // @see CMS HCPCS record layout, field 9 "pricing indicator", value 51
    const first = code.charCodeAt(0);
    if (first === 81 /* Q */ || first === 67 /* C */ || first === 65 /* A */)
      isDrug = hcpcs.value.pricingIndicators.includes('51');
  }
  const policies =
    isDrug && dos !== null && rules.files.length > 0 ? rules.drugRules(code, dos) : NO_POLICIES;
  const modifiers = normaliseModifiers(line.procedure.modifiers);
  const ndc = line.drug?.ndc;
  let ndc11: string | undefined;
  if (ndc !== undefined) {
    const digits = isNdc11(ndc) ? ndc : ndc.replace(/[-\s]/g, '');
    if (isNdc11(digits)) ndc11 = digits;
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
    hcpcs,
    facts: codeFacts,
    jw: modifiers.includes('JW'),
    jz: modifiers.includes('JZ'),
  };
}

/** Builds the views the edits read (exported for tests of single edits). */
export function buildClaimViews(
  claims: readonly Claim[],
  facts: Facts,
  rules: RuleBook,
  dateOfRun: IsoDate,
): ClaimView[] {
  const views: ClaimView[] = [];
  const patients = new Map<string, number>();
  const providers = new Map<string, number>();
  const intern = (map: Map<string, number>, key: string): number => {
    let id = map.get(key);
    if (id === undefined) {
      id = map.size;
      map.set(key, id);
    }
    return id;
  };
  for (let i = 0; i < claims.length; i++) {
    const claim = claims[i] as Claim;
    let dos: IsoDate | null = claim.statementFrom ?? null;
    for (const l of claim.lines) {
      const d = l.serviceDate ?? claim.statementFrom ?? null;
      if (d !== null && (dos === null || d < dos)) dos = d;
    }
    const claimRules = rules.forClaim(claim, dos ?? dateOfRun);
    const lines: LineView[] = [];
    for (let j = 0; j < claim.lines.length; j++) lines.push(makeLineView(claim, j, facts, claimRules));
    const pKey = patientKey(claim);
    const bKey = billingProviderKey(claim);
    const batchLines: BatchLine[] = [];
    const view: ClaimView = {
      claim,
      index: i,
      lines,
      dos,
      setting: mueSetting(claim),
      rules: claimRules,
      program: claimRules.program,
      patientKey: pKey,
      providerKey: bKey,
      patientId: intern(patients, pKey),
      providerId: intern(providers, bKey),
      batchLines,
    };
    for (const line of lines) batchLines.push({ claim: view, line });
    views.push(view);
  }
  return views;
}

function groupBy(
  claims: readonly ClaimView[],
  key: (c: ClaimView, l: LineView) => string | null,
): Map<string, BatchLine[]> {
  const out = new Map<string, BatchLine[]>();
  for (const claim of claims) {
    for (const b of claim.batchLines) {
      const k = key(claim, b.line);
      if (k === null) continue;
      const list = out.get(k);
      if (list) list.push(b);
      else out.set(k, [b]);
    }
  }
  return out;
}

/** Claims of each patient (by patientId), in batch order. */
function claimsByPatient(views: readonly ClaimView[]): ClaimView[][] {
  const out: ClaimView[][] = [];
  for (const c of views) {
    const list = out[c.patientId];
    if (list) list.push(c);
    else out[c.patientId] = [c];
  }
  return out;
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
  if (lines.length <= 16) {
    // Few lines (a claim or two): compare with the groups found so far, no keys.
    const start = out.length;
    for (const b of lines) {
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
  for (const b of lines) {
    const k = key(b);
    const g = groups.get(k);
    if (g) g.push(b);
    else groups.set(k, [b]);
  }
  for (const g of groups.values()) out.push(g);
}

/** Dated lines of each patient: one claim's lines as they are, several claims' lines concatenated. */
function datedLinesOfPatients(
  byPatient: readonly (ClaimView[] | undefined)[],
  visit: (lines: readonly BatchLine[]) => void,
): void {
  for (const claims of byPatient) {
    if (!claims) continue;
    let lines: BatchLine[] = [];
    for (const c of claims) {
      let allDated = true;
      for (const b of c.batchLines) if (b.line.dos === null) allDated = false;
      if (claims.length === 1 && allDated) lines = c.batchLines as BatchLine[];
      else for (const b of c.batchLines) if (b.line.dos !== null) lines.push(b);
    }
    visit(lines);
  }
}

const sameDay = (a: BatchLine, b: BatchLine): boolean =>
  a.line.dos === b.line.dos && a.claim.providerId === b.claim.providerId;
const dayKey = (b: BatchLine): string => `${b.claim.providerId}|${b.line.dos ?? ''}`;
function availableNeeds(env: { dosing: DosingPort | null; containers: ContainerPort | null }): Set<Need> {
  const needs = new Set<Need>(['reference', 'rules', 'history']);
  if (env.dosing) needs.add('dosing');
  if (env.containers) needs.add('containers');
  return needs;
}

/** Runs the edits over the claims. The input is not changed. */
export function runEdits(claims: readonly Claim[], options: RunOptions): CheckResult {
  const facts = new Facts(options.reference);
  const rules = options.rules ?? RuleBook.empty();
  const dosing = options.dosing === undefined ? defaultDosingPort(facts) : options.dosing;
  const containers = options.containers === undefined ? defaultContainerPort(facts) : options.containers;
  const have = availableNeeds({ dosing, containers });
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
  const views = buildClaimViews(claims, facts, rules, options.dateOfRun);
  const findings: Finding[] = [];
  let current: Edit = edits[0] as Edit;

  const emit = (claim: ClaimView, line: LineView | null, input: FindingInput): void => {
    const at = line?.line.position ?? claim.claim.position;
    const f: Finding = {
      editId: current.id,
      severity: input.severity ?? current.severity,
      claimId: claim.claim.id,
      claimIndex: claim.index,
      line: line ? line.line.sequence : null,
      field: input.field,
      message: input.message,
      why: input.why,
      source: input.source ?? current.source,
      denial: input.denial === undefined ? (current.denials[0] ?? null) : input.denial,
    };
    if (input.appealable !== undefined) f.appealable = input.appealable;
    if (input.fix !== undefined) f.fix = input.fix;
    if (at !== undefined) f.at = at;
    if (input.data !== undefined) f.data = input.data;
    findings.push(f);
  };

  const lineEdits = edits.filter((e): e is LineEdit => e.scope === 'line');
  const claimEdits = edits.filter((e) => e.scope === 'claim');
  const batchEdits = edits.filter((e) => e.scope === 'batch');
  const fail = (edit: Edit, claim: ClaimView | null, err: unknown): never => {
    const where = claim ? ` on claim #${claim.index + 1}` : '';
    throw new Error(`edit ${edit.id} failed${where}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  };

  // One line context for the whole run, pointed at each line in turn (edits are synchronous and keep nothing).
  const lineCtx: { env: RunEnvironment; claim: ClaimView; line: LineView; report: LineContext['report'] } = {
    env,
    claim: views[0] as ClaimView,
    line: views[0]?.lines[0] as LineView,
    report: (input) => emit(lineCtx.claim, input.line === undefined ? lineCtx.line : input.line, input),
  };
  // The line edits that apply to each kind of line, by a 4-bit mask: drug, NDC, modifiers, policies.
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
  for (const claim of views) {
    lineCtx.claim = claim;
    for (const line of claim.lines) {
      lineCtx.line = line;
      const mask =
        (line.isDrug ? 1 : 0) | (line.line.drug !== undefined ? 2 : 0) | (line.modifiers.length > 0 ? 4 : 0) | (line.policies.length > 0 ? 8 : 0);
      const list = byMask[mask] as LineEdit[];
      for (let k = 0; k < list.length; k++) {
        const edit = list[k] as LineEdit;
        current = edit;
        try {
          edit.check(lineCtx);
        } catch (err) {
          fail(edit, claim, err);
        }
      }
    }
    if (claimEdits.length > 0) {
      const ctx: ClaimContext = { env, claim, report: (input) => emit(claim, input.line ?? null, input) };
      for (const edit of claimEdits) {
        current = edit;
        try {
          edit.check(ctx);
        } catch (err) {
          fail(edit, claim, err);
        }
      }
    }
    if (options.onProgress && (claim.index + 1) % 1000 === 0)
      options.onProgress(claim.index + 1, views.length);
  }

  if (batchEdits.length > 0) {
    let byPatient: ClaimView[][] | undefined;
    let serviceDays: BatchLine[][] | undefined;
    let patientLines: Map<string, BatchLine[]> | undefined;
    let policyPatientLines: Map<string, BatchLine[]> | undefined;
    const byDate = (a: BatchLine, b: BatchLine): number =>
      (a.line.dos ?? '') < (b.line.dos ?? '')
        ? -1
        : (a.line.dos ?? '') > (b.line.dos ?? '')
          ? 1
          : a.claim.index - b.claim.index || a.line.index - b.line.index;
    const days = (): BatchLine[][] => {
      if (!serviceDays) {
        const out: BatchLine[][] = [];
        byPatient ??= claimsByPatient(views);
        datedLinesOfPatients(byPatient, (lines) => partition(lines, sameDay, dayKey, out));
        serviceDays = out;
      }
      return serviceDays;
    };
    const ctx: BatchContext = {
      env,
      claims: views,
      serviceDays: days,
      patientLines: () => {
        if (!patientLines) {
          patientLines = groupBy(views, (c) => c.patientKey);
          for (const list of patientLines.values()) list.sort(byDate);
        }
        return patientLines;
      },
      policyPatientLines: () => {
        if (!policyPatientLines) {
          const ruled = new Set<number>();
          for (const c of views) for (const l of c.lines) if (l.policies.length > 0) ruled.add(c.patientId);
          policyPatientLines = groupBy(
            views.filter((c) => ruled.has(c.patientId)),
            (c) => c.patientKey,
          );
          for (const list of policyPatientLines.values()) list.sort(byDate);
        }
        return policyPatientLines;
      },
      report: (claim, input) => emit(claim, input.line ?? null, input),
    };
    for (const edit of batchEdits) {
      current = edit;
      try {
        edit.check(ctx);
      } catch (err) {
        fail(edit, null, err);
      }
    }
  }
  options.onProgress?.(views.length, views.length);

  findings.sort(compareFindings);
  const counts = countFindings(findings);
  const claimsWithErrors = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.claimIndex))
    .size;
  let lines = 0;
  let drugLines = 0;
  for (const c of views) {
    lines += c.lines.length;
    for (const l of c.lines) if (l.isDrug) drugLines++;
  }
  const applied = new Map<string, { file: string; id: string; version: string; claims: number }>();
  for (const c of views) {
    for (const f of c.rules.files) {
      const key = `${f.file}\u0000${f.version}`;
      const row = applied.get(key);
      if (row) row.claims++;
      else applied.set(key, { file: f.file, id: f.id, version: f.version, claims: 1 });
    }
  }
  return {
    summary: {
      claims: views.length,
      lines,
      drugLines,
      errors: counts.errors,
      warnings: counts.warnings,
      infos: counts.infos,
      claimsWithErrors,
      fixable: findings.filter((f) => f.fix !== undefined).length,
    },
    findings,
    skipped,
    rulesApplied: [...applied.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
  };
}

const unavailableDosing: DosingPort = {
  unitsFor: () => ({ ok: false, message: 'the dosing engine is not available in this run' }),
};
const unavailableContainers: ContainerPort = {
  lookup: () => ({ type: 'unknown', reason: 'the container-type table is not available in this run' }),
};
