/**
 * Reads payer rules files (YAML or JSON), validates them against ./schema.ts and returns typed rules
 * (src/core/rules/model.ts). A wrong file is rejected as a whole with the path of each bad field, e.g.
 * `rules/payers/acme.yaml: policies[0].drugs[1].priorAuth.validDays: expected number, got string "180 days" (line 31)`.
 * Errors are values (Problem); nothing here throws on bad input.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import type { Problem } from '../../core/problem.ts';
import { RuleBook } from '../../core/rules/evaluate.ts';
import type { Denial, DenialGroup } from '../../core/findings/model.ts';
import type { DrugRule, PayerRules, Policy } from '../../core/rules/model.ts';
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

/**
 * Parses and validates one rules file's text. `name` is the path shown in messages (keep it relative, e.g.
 * "rules/payers/acme.yaml"). JSON is YAML, so both are read the same way.
 */
export function parseRulesText(name: string, textIn: string): RulesParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(textIn, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return {
          code: 'rules-yaml',
          severity: 'error' as const,
          message: `${name}${pos ? `:${pos.line}` : ''}: not valid YAML: ${e.message.split('\n')[0] ?? e.message}`,
          at: pos ? { file: name, line: pos.line } : { file: name },
        };
      }),
    };
  }
  const data: unknown = doc.toJS();
  const parsed = rulesFileSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const path = formatPath(issue.path);
        // The line of the bad field, or of its nearest parent that exists in the file.
        let line: number | undefined;
        for (let n = issue.path.length; n >= 0 && line === undefined; n--) {
          const node = doc.getIn(issue.path.slice(0, n) as (string | number)[], true);
          if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
        }
        return {
          code: 'rules-invalid',
          severity: 'error' as const,
          message: `${name}: ${path}: ${issueMessage(issue, data)}${line !== undefined ? ` (line ${line})` : ''}`,
          at: line !== undefined ? { file: name, line, path } : { file: name, path },
        };
      }),
    };
  }
  return { ok: true, rules: toPayerRules(parsed.data, name), problems: [] };
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
          evidence: d.biomarker.evidence,
          diagnoses: d.biomarker.diagnoses,
          denial: toDenial(d.biomarker.denial),
        })
      : undefined,
    quantityLimit: d.quantityLimit
      ? defined<NonNullable<DrugRule['quantityLimit']>>({
          maxUnits: d.quantityLimit.maxUnits,
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
    program: {
      jwJz: f.program.jwJz,
      mue: f.program.mue,
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
      expectedPayment: f.program.expectedPayment,
      modifier340b: f.program.modifier340b,
    },
    policies,
    file,
  };
}

export interface LoadedRules {
  book: RuleBook;
  files: string[];
  problems: Problem[];
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
    if (result.ok) rules.push(result.rules);
    else problems.push(...result.problems);
  }
  return { book: new RuleBook(rules), files: files.map(displayName), problems };
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
  return {
    book: new RuleBook([...defaults.book.files.filter((f) => !ids.has(f.id)), ...user.book.files]),
    files: [...defaults.files.filter((f) => !replaced.has(f)), ...user.files],
    problems: [...defaults.problems, ...user.problems],
  };
}
