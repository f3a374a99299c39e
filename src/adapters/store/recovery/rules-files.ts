/**
 * Reads the recovery rules from disk (YAML) and hands them to the core validators: the CARC/RARC mapping
 * (rules/denials/mapping.yaml), contract rates (rules/contracts/*.yaml), appeal deadlines
 * (rules/appeals/deadlines.yaml), rebuttal text (rules/appeals/rebuttals.yaml) and the letter template
 * (rules/appeals/templates/appeal-letter.md). `$DRUGCLAIM_RULES_DIR` points to another rules folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { validateRebuttals, type RebuttalSet } from '../../../core/recovery/appeal.ts';
import { validateContracts, type Contract } from '../../../core/recovery/contracts.ts';
import { validateDeadlinePolicies, type DeadlinePolicy } from '../../../core/recovery/deadlines.ts';
import { validateDenialMapping } from '../../../core/recovery/mapping.ts';
import type { DenialMapping } from '../../../core/recovery/model.ts';
import type { Problem, Result } from '../../../core/problem.ts';

/** The repository's rules/ folder (or $DRUGCLAIM_RULES_DIR). */
export function rulesDir(): string {
  const env = process.env['DRUGCLAIM_RULES_DIR'];
  if (env !== undefined && env !== '') return resolve(env);
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'rules');
}

export interface RecoveryRules {
  mapping: DenialMapping;
  contracts: Contract[];
  deadlines: DeadlinePolicy[];
  rebuttals: RebuttalSet;
  template: string;
}

/** A failed read of one rules file, with the error's message. */
function fileFailure(code: string, path: string, err: unknown): Result<never> {
  return {
    ok: false,
    problems: [
      { code, severity: 'error', message: `${path}: ${(err as Error).message}`, at: { file: path } },
    ],
  };
}

function readText(path: string): Result<string> {
  try {
    return { ok: true, value: readFileSync(path, 'utf8'), problems: [] };
  } catch (err) {
    return fileFailure('recovery.rules.unreadable', path, err);
  }
}

function readYaml(path: string): Result<unknown> {
  const text = readText(path);
  if (!text.ok) return text;
  try {
    return { ok: true, value: parseYaml(text.value) as unknown, problems: [] };
  } catch (err) {
    return fileFailure('recovery.rules.yaml', path, err);
  }
}

function load<T>(path: string, validate: (data: unknown, file: string) => Result<T>): Result<T> {
  const y = readYaml(path);
  return y.ok ? validate(y.value, path) : y;
}

export function loadDenialMapping(path = join(rulesDir(), 'denials', 'mapping.yaml')): Result<DenialMapping> {
  return load(path, validateDenialMapping);
}

export function loadDeadlinePolicies(
  path = join(rulesDir(), 'appeals', 'deadlines.yaml'),
): Result<DeadlinePolicy[]> {
  return load(path, validateDeadlinePolicies);
}

export function loadRebuttals(path = join(rulesDir(), 'appeals', 'rebuttals.yaml')): Result<RebuttalSet> {
  return load(path, validateRebuttals);
}

/** Every *.yaml / *.yml file in the contracts folder, in name order (earlier files win on overlaps). */
export function loadContracts(dir = join(rulesDir(), 'contracts')): Result<Contract[]> {
  if (!existsSync(dir)) return { ok: true, value: [], problems: [] };
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  const out: Contract[] = [];
  const problems: Problem[] = [];
  for (const f of files) {
    const r = load(join(dir, f), validateContracts);
    if (r.ok) out.push(...r.value);
    else problems.push(...r.problems);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out, problems: [] };
}

export function loadTemplate(
  path = join(rulesDir(), 'appeals', 'templates', 'appeal-letter.md'),
): Result<string> {
  return readText(path);
}

/** All recovery rules, or every problem found in any of the files. */
export function loadRecoveryRules(dir?: string): Result<RecoveryRules> {
  const base = dir ?? rulesDir();
  const mapping = loadDenialMapping(join(base, 'denials', 'mapping.yaml'));
  const contracts = loadContracts(join(base, 'contracts'));
  const deadlines = loadDeadlinePolicies(join(base, 'appeals', 'deadlines.yaml'));
  const rebuttals = loadRebuttals(join(base, 'appeals', 'rebuttals.yaml'));
  const template = loadTemplate(join(base, 'appeals', 'templates', 'appeal-letter.md'));
  if (mapping.ok && contracts.ok && deadlines.ok && rebuttals.ok && template.ok) {
    return {
      ok: true,
      value: {
        mapping: mapping.value,
        contracts: contracts.value,
        deadlines: deadlines.value,
        rebuttals: rebuttals.value,
        template: template.value,
      },
      problems: [],
    };
  }
  return {
    ok: false,
    problems: [mapping, contracts, deadlines, rebuttals, template].flatMap((r) => r.problems),
  };
}
