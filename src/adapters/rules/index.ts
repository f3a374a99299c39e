/**
 * Reads payer rules files (YAML or JSON), validates them against ./schema.ts and returns typed rules
 * (src/core/rules/model.ts). A wrong file is rejected as a whole with the path of each bad field, e.g.
 * `rules/payers/acme.yaml: policies[0].drugs[1].priorAuth.validDays: expected number, got string "180 days" (line 31)`.
 * Errors are values (Problem); nothing here throws on bad input.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, isMap, isNode, isScalar, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import type { Problem } from '../../core/problem.ts';
import { RuleBook, nameMatches } from '../../core/rules/evaluate.ts';
import type { Denial, DenialGroup } from '../../core/findings/model.ts';
import { PROGRAM_KEYS, type DrugRule, type PayerRules, type Policy } from '../../core/rules/model.ts';
import { RULES_SCHEMA_ID, rulesFileSchema, type RulesFileOutput } from './schema.ts';
import { fsErrorText } from '../fs-error.ts';

export { RULES_SCHEMA_ID };

/** rules/payers in the repository: the default rules (Medicare, Medicaid, fallback, examples). */
export const DEFAULT_RULES_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'rules',
  'payers',
);

export type RulesParseResult =
  { ok: true; rules: PayerRules; problems: Problem[] } | { ok: false; problems: Problem[] };

/** "policies[0].drugs[1].priorAuth.validDays". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(file)' : out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function issueMessage(issue: z.core.$ZodIssue, data: unknown): string {
  const got = (): string => describeValue(valueAt(data, issue.path));
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${got()}`;
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  }
  if (issue.code === 'invalid_value') {
    return issue.values.length === 1
      ? `expected ${JSON.stringify(issue.values[0])}, got ${got()}`
      : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got()}`;
  }
  if (issue.code === 'too_small') {
    if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item(s)`;
    if (issue.origin === 'string') return 'expected a non-empty text';
    return `expected ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}, got ${got()}`;
  }
  if (issue.code === 'invalid_format' || issue.code === 'custom') return `${issue.message}, got ${got()}`;
  return issue.message;
}

/** Keys that were renamed or removed, with what to write instead (checked before "did you mean"). */
const KEY_HINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  biomarker: {
    diagnoses:
      '`biomarker.diagnoses` is no longer read (it meant "diagnoses that prove the result", and read as the opposite): write `requiredFor: [C34*]` for the diagnoses the result is required for, or `evidenceDiagnoses: [...]` for codes that state the result themselves',
  },
};

/** The keys a strict object of the schema accepts at `path` (zod internals: unwrap optional/default/pipe/array). */
function keysAt(path: readonly PropertyKey[]): string[] {
  let node: unknown = rulesFileSchema;
  const def = (n: unknown): Record<string, unknown> | undefined =>
    (n as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  const unwrap = (n: unknown): unknown => {
    for (let d = def(n); d; d = def(n)) {
      if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault')
        n = d.innerType;
      else if (d.type === 'pipe') n = d.in;
      else break;
    }
    return n;
  };
  for (const key of path) {
    node = unwrap(node);
    const d = def(node);
    if (typeof key === 'number' && d?.type === 'array') node = d.element;
    else if (typeof key === 'string' && d?.type === 'object') node = (d.shape as Record<string, unknown>)[key];
    else return [];
  }
  const d = def(unwrap(node));
  return d?.type === 'object' ? Object.keys(d.shape as Record<string, unknown>) : [];
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/**
 * The known key nearest to a misspelt one: the same letters ignoring case, else a few edits away, else the key
 * sharing a long start with it ("priorAuthorization" → `priorAuth`, "policy" → `policies`).
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same) return same;
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  if (best !== undefined) return best;
  let bestPrefix = 4;
  for (const k of known) {
    const kl = k.toLowerCase();
    let n = 0;
    while (n < kl.length && n < lower.length && kl[n] === lower[n]) n++;
    if (n > bestPrefix && n >= Math.min(kl.length, lower.length) - 1) {
      best = k;
      bestPrefix = n;
    }
  }
  return best;
}

function unknownKeyMessage(parentPath: readonly PropertyKey[], key: string): string {
  const parent = parentPath[parentPath.length - 1];
  const hint = typeof parent === 'string' ? KEY_HINTS[parent]?.[key] : undefined;
  if (hint) return `unknown key ${JSON.stringify(key)}: ${hint}`;
  const near = nearestKey(key, keysAt(parentPath));
  return `unknown key ${JSON.stringify(key)}${near ? ` (did you mean \`${near}\`?)` : ''}`;
}

/** YAML reads `version: 2026.10` as the number 2026.1: every `version` scalar written as a number keeps its text. */
function versionsAsWritten(doc: ReturnType<typeof parseDocument>, textIn: string): void {
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'version') return;
      const v = pair.value;
      if (isScalar(v) && typeof v.value === 'number' && v.range) v.value = textIn.slice(v.range[0], v.range[1]).trim();
    },
  });
}

/** Warnings about a valid file that probably does not do what its author meant. */
function fileWarnings(name: string, rules: PayerRules): Problem[] {
  const out: Problem[] = [];
  const m = rules.appliesTo;
  // medicare / medicaid files are meant for the whole program; a commercial kind is every other insurer.
  const broad = (m.payerKinds ?? []).filter((k) => k !== 'medicare' && k !== 'medicaid');
  if (broad.length > 0) {
    const narrow = (m.payerIds?.length ?? 0) + (m.payerNames?.length ?? 0) > 0;
    out.push({
      code: 'rules-broad-match',
      severity: 'warning',
      message: `${name}: appliesTo.payerKinds [${broad.join(', ')}] applies this file (${rules.name}) to every ${broad.join(' or ')} payer${narrow ? '; payerIds, payerNames and payerKinds are alternatives, not narrowing each other — remove payerKinds to apply it only to the payers named' : ''}`,
      at: { file: name, path: 'appliesTo.payerKinds' },
    });
  }
  return out;
}

/**
 * Parses and validates one rules file's text. `name` is the path shown in messages (keep it relative, e.g.
 * "rules/payers/acme.yaml"). JSON is YAML, so both are read the same way.
 */
export function parseRulesText(name: string, textIn: string): RulesParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(textIn, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // The first error only: later ones usually follow from it (a tab or a bad indent cascades).
    const e = doc.errors[0] as (typeof doc.errors)[number];
    const pos = lineCounter.linePos(e.pos[0]);
    const sourceLine = textIn.split(/\r?\n/)[pos.line - 1]?.trimEnd() ?? '';
    const more = doc.errors.length - 1;
    return {
      ok: false,
      problems: [
        {
          code: 'rules-yaml',
          severity: 'error' as const,
          message: `${name}:${pos.line}:${pos.col}: not valid YAML: ${e.message.trim().replace(/:$/, '')} (line ${pos.line}, column ${pos.col}${sourceLine === '' ? '' : `: ${JSON.stringify(sourceLine.trim())}`})${more > 0 ? ` (${more} more YAML error${more > 1 ? 's' : ''} after it, often caused by this one)` : ''}`,
          at: { file: name, line: pos.line },
        },
      ],
    };
  }
  versionsAsWritten(doc, textIn);
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    return {
      ok: false,
      problems: [
        {
          code: 'rules-invalid',
          severity: 'error',
          message: `${name}: the file is empty (expected a rules file starting with schema: ${RULES_SCHEMA_ID})`,
          at: { file: name },
        },
      ],
    };
  }
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    // The line of the bad field, or of its nearest parent that exists in the file.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  /** The line of key `key` itself in the mapping at `path`. */
  const keyLine = (path: readonly PropertyKey[], key: string): number | undefined => {
    const map = path.length === 0 ? doc.contents : doc.getIn(path as (string | number)[], true);
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isScalar(pair.key) && pair.key.value === key && pair.key.range)
          return lineCounter.linePos(pair.key.range[0]).line;
      }
    }
    return lineOf(path);
  };
  const parsed = rulesFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems: Problem[] = [];
    for (const issue of parsed.error.issues) {
      const parentPath = formatPath(issue.path);
      if (issue.code === 'unrecognized_keys') {
        // One problem per key, at the key's own line.
        for (const key of issue.keys) {
          const line = keyLine(issue.path, key);
          const path = formatPath([...issue.path, key]);
          problems.push({
            code: 'rules-invalid',
            severity: 'error',
            message: `${name}: ${parentPath}: ${unknownKeyMessage(issue.path, key)}${line !== undefined ? ` (line ${line})` : ''}`,
            at: line !== undefined ? { file: name, line, path } : { file: name, path },
          });
        }
        continue;
      }
      const line = lineOf(issue.path);
      problems.push({
        code: 'rules-invalid',
        severity: 'error',
        message: `${name}: ${parentPath}: ${issueMessage(issue, data)}${line !== undefined ? ` (line ${line})` : ''}`,
        at: line !== undefined ? { file: name, line, path: parentPath } : { file: name, path: parentPath },
      });
    }
    return { ok: false, problems };
  }
  const rules = toPayerRules(parsed.data, name);
  return { ok: true, rules, problems: fileWarnings(name, rules) };
}

function toDenial(d: { carc: string; rarc: string[] } | undefined): Denial | undefined {
  if (!d) return undefined;
  const [group, carc] = d.carc.split('-') as [DenialGroup, string];
  return { group, carc, rarc: d.rarc };
}

/** Copies only the keys that are set (exactOptionalPropertyTypes: no `undefined` values). */
function defined<T extends object>(obj: { [K in keyof T]-?: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as T;
}

function toDrugRule(d: RulesFileOutput['policies'][number]['drugs'][number]): DrugRule {
  return defined<DrugRule>({
    codes: d.codes,
    priorAuth: d.priorAuth
      ? defined<NonNullable<DrugRule['priorAuth']>>({
          required: d.priorAuth.required,
          validDays: d.priorAuth.validDays,
          denialMissing: toDenial(d.priorAuth.denialMissing),
          denialExpired: toDenial(d.priorAuth.denialExpired),
        })
      : undefined,
    diagnoses: d.diagnoses
      ? defined<NonNullable<DrugRule['diagnoses']>>({
          covered: d.diagnoses.covered,
          denial: toDenial(d.diagnoses.denial),
        })
      : undefined,
    biomarker: d.biomarker
      ? defined<NonNullable<DrugRule['biomarker']>>({
          name: d.biomarker.name,
          requiredFor: d.biomarker.requiredFor,
          evidence: d.biomarker.evidence,
          evidenceDiagnoses: d.biomarker.evidenceDiagnoses,
          denial: toDenial(d.biomarker.denial),
        })
      : undefined,
    quantityLimit: d.quantityLimit
      ? defined<NonNullable<DrugRule['quantityLimit']>>({
          maxUnits: d.quantityLimit.maxUnits,
          maxAmount: d.quantityLimit.maxAmount,
          per: d.quantityLimit.per,
          days: d.quantityLimit.days,
          denial: toDenial(d.quantityLimit.denial),
        })
      : undefined,
    dose: d.dose
      ? defined<NonNullable<DrugRule['dose']>>({
          maxPerKg: d.dose.maxPerKg,
          minIntervalDays: d.dose.minIntervalDays,
          intervalToleranceDays: d.dose.intervalToleranceDays,
          maxCycles: d.dose.maxCycles,
          denial: toDenial(d.dose.denial),
        })
      : undefined,
    durationCap: d.durationCap
      ? defined<NonNullable<DrugRule['durationCap']>>({
          months: d.durationCap.months,
          denial: toDenial(d.durationCap.denial),
        })
      : undefined,
    stepTherapy: d.stepTherapy
      ? defined<NonNullable<DrugRule['stepTherapy']>>({
          preferredCodes: d.stepTherapy.preferredCodes,
          exceptionEvidence: d.stepTherapy.exceptionEvidence,
          priorAuthSatisfies: d.stepTherapy.priorAuthSatisfies,
          denial: toDenial(d.stepTherapy.denial),
        })
      : undefined,
    ndcRequired: d.ndcRequired,
    placeOfService: d.placeOfService
      ? defined<NonNullable<DrugRule['placeOfService']>>({
          allowed: d.placeOfService.allowed,
          denied: d.placeOfService.denied,
          denial: toDenial(d.placeOfService.denial),
        })
      : undefined,
    notes: d.notes,
  });
}

function toPayerRules(f: RulesFileOutput, file: string): PayerRules {
  const policies: Policy[] = f.policies.map((p) => ({
    id: p.id,
    title: p.title,
    version: p.version,
    effectiveFrom: p.effectiveFrom,
    effectiveTo: p.effectiveTo,
    source: p.source,
    drugs: p.drugs.map(toDrugRule),
  }));
  return {
    id: f.id,
    name: f.name,
    version: f.version,
    effectiveFrom: f.effectiveFrom,
    effectiveTo: f.effectiveTo,
    source: f.source,
    appliesTo: defined<PayerRules['appliesTo']>({
      payerKinds: f.appliesTo.payerKinds,
      payerIds: f.appliesTo.payerIds,
      payerNames: f.appliesTo.payerNames,
      fallback: f.appliesTo.fallback,
    }),
    programKeys: PROGRAM_KEYS.filter((k) => f.program[k] !== undefined),
    program: {
      jwJz: f.program.jwJz ?? null,
      mue: f.program.mue ?? null,
      ndc: f.program.ndc
        ? defined<NonNullable<PayerRules['program']['ndc']>>({
            required: f.program.ndc.required,
            requiredFrom: f.program.ndc.requiredFrom,
            crosswalk: f.program.ndc.crosswalk,
            source: f.program.ndc.source,
          })
        : null,
      timelyFilingDays: f.program.timelyFiling?.days ?? null,
      timelyFilingSource: f.program.timelyFiling?.source ?? null,
      expectedPayment: f.program.expectedPayment
        ? defined<NonNullable<PayerRules['program']['expectedPayment']>>({
            basis: f.program.expectedPayment.basis,
            percent: f.program.expectedPayment.percent,
            rates: f.program.expectedPayment.rates,
            source: f.program.expectedPayment.source,
          })
        : null,
      modifier340b: f.program.modifier340b ?? 'off',
    },
    policies,
    file,
  };
}

export interface LoadedRules {
  book: RuleBook;
  files: string[];
  problems: Problem[];
  /** Valid files that probably do not do what their author meant (kept; shown beside the check's findings). */
  warnings?: Problem[];
  /** The rules read from the user's paths (every version), for "this file matched no claim" (check). */
  user?: readonly PayerRules[];
}

/**
 * The same policy (id and drug rules) in two rule sets: a payer both match would get every finding twice. Warned,
 * not dropped: which copy is meant is the author's call.
 */
export function duplicatePolicyWarnings(files: readonly PayerRules[]): Problem[] {
  const seen = new Map<string, PayerRules>();
  const out: Problem[] = [];
  for (const f of files) {
    for (const p of f.policies) {
      const key = `${p.id}\u0000${p.version}\u0000${JSON.stringify(p.drugs)}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, f);
      else if (first.id !== f.id)
        out.push({
          code: 'rules-duplicate-policy',
          severity: 'warning',
          message: `${f.file}: policy ${p.id} v${p.version} is also in ${first.file} (rule set ${first.id}); a payer both files match gets each of its findings twice — keep it in one file`,
          at: { file: f.file },
        });
    }
  }
  return out;
}

interface Period {
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** The dates two periods share, or null. */
function sharedPeriod(a: Period, b: Period): Period | null {
  const from = a.effectiveFrom > b.effectiveFrom ? a.effectiveFrom : b.effectiveFrom;
  const to =
    a.effectiveTo === null ? b.effectiveTo : b.effectiveTo === null || a.effectiveTo < b.effectiveTo ? a.effectiveTo : b.effectiveTo;
  return to === null || from <= to ? { effectiveFrom: from, effectiveTo: to } : null;
}

function periodText(p: Period): string {
  return p.effectiveTo === null ? `${p.effectiveFrom} onward` : `${p.effectiveFrom} to ${p.effectiveTo}`;
}

/** The ISO date before `date`. */
function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The ISO date after `date`. */
function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** What two files' `appliesTo` both name (a payer both match for sure), in words; null when they name nothing alike. */
function sharedPayer(a: PayerRules, b: PayerRules): string | null {
  const x = a.appliesTo;
  const y = b.appliesTo;
  const ids = (x.payerIds ?? []).filter((i) =>
    (y.payerIds ?? []).some((j) => i.trim().toUpperCase() === j.trim().toUpperCase()),
  );
  if (ids.length > 0) return `payer id ${ids.join(', ')}`;
  const names = (x.payerNames ?? []).filter((n) =>
    (y.payerNames ?? []).some((m) => nameMatches(n, m) || nameMatches(m, n)),
  );
  if (names.length > 0) return `payer name ${names.map((n) => `"${n}"`).join(', ')}`;
  const kinds = (x.payerKinds ?? []).filter((k) => (y.payerKinds ?? []).includes(k));
  if (kinds.length > 0) return `payer kind ${kinds.join(', ')}`;
  if (x.fallback === true && y.fallback === true) return 'fallback';
  return null;
}

/**
 * Rules whose effective periods overlap where only one can be meant:
 * - two versions (files) of one rule set `id`: on the shared dates the later start wins (`RuleBook.versionsOn`;
 *   on the same start, the one loaded first), silently;
 * - one policy id in two rule sets that name the same payer: on the shared dates both versions apply to that payer's
 *   lines. (The same policy version copied as it is into two files is `duplicatePolicyWarnings`'.)
 * Warned, not rejected: which one is meant is the author's call.
 */
export function overlapWarnings(files: readonly PayerRules[]): Problem[] {
  const out: Problem[] = [];
  for (let i = 0; i < files.length; i++) {
    const a = files[i] as PayerRules;
    for (let j = i + 1; j < files.length; j++) {
      const b = files[j] as PayerRules;
      if (a.file === b.file && a.id === b.id && a.version === b.version) continue; // the same file read twice
      const shared = sharedPeriod(a, b);
      if (shared === null) continue;
      if (a.id === b.id) {
        const sameStart = a.effectiveFrom === b.effectiveFrom;
        const [win, lose] = b.effectiveFrom > a.effectiveFrom ? [b, a] : [a, b];
        // Where the losing version still applies: before the winner starts, and after it ends.
        const left: string[] = [];
        if (lose.effectiveFrom < shared.effectiveFrom)
          left.push(periodText({ effectiveFrom: lose.effectiveFrom, effectiveTo: dayBefore(shared.effectiveFrom) }));
        const after =
          shared.effectiveTo !== null && (lose.effectiveTo === null || shared.effectiveTo < lose.effectiveTo);
        if (after && shared.effectiveTo !== null)
          left.push(periodText({ effectiveFrom: dayAfter(shared.effectiveTo), effectiveTo: lose.effectiveTo }));
        out.push({
          code: 'rules-overlap',
          severity: 'warning',
          message:
            `${lose.file} and ${win.file} are both rule set ${a.id}, in force ${periodText(lose)} (v${lose.version}) and ` +
            `${periodText(win)} (v${win.version}): on ${periodText(shared)} ${win.file} v${win.version} applies and ` +
            `${lose.file} v${lose.version} is ignored (${sameStart ? 'same start: the file read first wins' : 'the later start wins'}); ` +
            `${lose.file} applies ${left.length === 0 ? 'on no date' : left.join(' and ')} — ` +
            (sameStart || after
              ? 'give the versions periods that do not overlap'
              : `set effectiveTo: "${dayBefore(win.effectiveFrom)}" in ${lose.file}`),
          at: { file: lose.file, path: 'effectiveTo' },
        });
        continue;
      }
      const payer = sharedPayer(a, b);
      if (payer === null) continue;
      for (const pa of a.policies) {
        for (const pb of b.policies) {
          if (pa.id !== pb.id) continue;
          if (pa.version === pb.version && JSON.stringify(pa.drugs) === JSON.stringify(pb.drugs)) continue;
          const policies = sharedPeriod(pa, pb);
          const both = policies === null ? null : sharedPeriod(shared, policies);
          if (both === null) continue;
          out.push({
            code: 'rules-overlap',
            severity: 'warning',
            message:
              `${b.file}: policy ${pb.id} v${pb.version} (rule set ${b.id}, in force ${periodText(pb)}) and v${pa.version} in ` +
              `${a.file} (rule set ${a.id}, in force ${periodText(pa)}) both name ${payer}: on ${periodText(both)} neither ` +
              `wins, both versions apply to that payer's lines — keep the policy in one file, or give its versions periods that do not overlap`,
            at: { file: b.file },
          });
        }
      }
    }
  }
  return out;
}

function displayName(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** Rules files in a folder (*.yaml, *.yml, *.json), sorted by name. */
export function rulesFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Loads rules files (or folders of them). With no paths, loads DEFAULT_RULES_DIR. Valid files are kept; each bad
 * file is left out and reported (the caller decides whether that is fatal: the CLI stops with exit 2).
 */
export function loadRules(paths: readonly string[] = []): LoadedRules {
  const inputs = paths.length === 0 ? [DEFAULT_RULES_DIR] : paths;
  const files: string[] = [];
  const problems: Problem[] = [];
  for (const p of inputs) {
    try {
      if (statSync(p).isDirectory()) files.push(...rulesFilesIn(p));
      else files.push(p);
    } catch (err) {
      problems.push({
        code: 'rules-unreadable',
        severity: 'error',
        message: `${p}: cannot read rules (${fsErrorText(err)})`,
        at: { file: p },
      });
    }
  }
  const rules: PayerRules[] = [];
  const warnings: Problem[] = [];
  for (const file of files) {
    const name = displayName(file);
    let textIn: string;
    try {
      textIn = readFileSync(file, 'utf8');
    } catch (err) {
      problems.push({
        code: 'rules-unreadable',
        severity: 'error',
        message: `${name}: cannot read (${fsErrorText(err)})`,
        at: { file: name },
      });
      continue;
    }
    const result = parseRulesText(name, textIn);
    if (result.ok) {
      rules.push(result.rules);
      warnings.push(...result.problems);
    } else problems.push(...result.problems);
  }
  warnings.push(...overlapWarnings(rules));
  return { book: new RuleBook(rules), files: files.map(displayName), problems, warnings };
}

/**
 * The payer rules a check runs with: the default files (DEFAULT_RULES_DIR) plus the user's files or folders.
 * A user file replaces every default file with the same `id` (all its versions); other user files are added.
 * Used by `drugclaim check --rules` and by the HTTP service, so both apply the same rules.
 */
export function loadRuleBook(extra: readonly string[] = []): LoadedRules {
  const defaults = loadRules([DEFAULT_RULES_DIR]);
  if (extra.length === 0) return defaults;
  const user = loadRules(extra);
  const ids = new Set(user.book.files.map((f) => f.id));
  const replaced = new Set(defaults.book.files.filter((f) => ids.has(f.id)).map((f) => f.file));
  const all = [...defaults.book.files.filter((f) => !ids.has(f.id)), ...user.book.files];
  return {
    book: new RuleBook(all),
    files: [...defaults.files.filter((f) => !replaced.has(f)), ...user.files],
    problems: [...defaults.problems, ...user.problems],
    // Overlaps once, over the rules the check runs with (a replaced default file overlaps nothing).
    warnings: [
      ...(defaults.warnings ?? []).filter((w) => w.code !== 'rules-overlap'),
      ...(user.warnings ?? []).filter((w) => w.code !== 'rules-overlap'),
      ...overlapWarnings(all),
      ...duplicatePolicyWarnings(all),
    ],
    user: user.book.files,
  };
}
