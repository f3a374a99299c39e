/**
 * Which payer rules apply to a claim on a date: pure functions over validated rules (./model.ts).
 *
 * - A rules file applies when it matches the claim's payer (by payer id, by name words, or by payer kind) and one
 *   of its versions is in force on the date. When no file matches, the files marked `fallback` apply.
 * - Program settings (JW/JZ, MUE, NDC, timely filing, expected payment, 340B) are taken one by one from the most
 *   specific matching file that sets it: payer id beats payer name beats payer kind beats fallback. A setting a
 *   payer file leaves out is inherited (from a less specific match, else the fallback files), so a payer file
 *   overrides only what it sets; `null` or `level: off` in the file switches a setting off.
 * - Drug policies come from every matching file, each policy version in force on the line's date of service.
 */
import type { Claim, PayerKind } from '../claim/model.ts';
import type { IsoDate } from '../reference/model.ts';
import {
  PROGRAM_KEYS,
  type AppliedDrugRule,
  type PayerRules,
  type Policy,
  type ProgramKey,
  type ProgramOrigin,
  type ProgramRules,
} from './model.ts';

/** Every national program setting off: what a claim gets when no rules file applies. */
export const NO_PROGRAM: ProgramRules = Object.freeze({
  jwJz: null,
  mue: null,
  ndc: null,
  timelyFilingDays: null,
  timelyFilingSource: null,
  expectedPayment: null,
  modifier340b: 'off',
});

/** How specifically a file matched a payer (higher wins). 0 = no match. */
export function matchStrength(rules: PayerRules, payer: Claim['payer']): number {
  const m = rules.appliesTo;
  // Payer ids ignoring case: files and claims disagree on case (acme1 / ACME1), and ids differing only in case
  // naming two payers is not seen in practice.
  const id = payer.id?.trim().toUpperCase();
  if (id && m.payerIds?.some((p) => p.trim().toUpperCase() === id)) return 4;
  const name = payer.name;
  if (name && m.payerNames?.some((words) => nameMatches(words, name))) return 3;
  if (m.payerKinds?.includes(payer.kind)) return 2;
  return 0;
}

/**
 * True when payer name `name` equals `words` or starts with them at a word boundary, ignoring case and runs of
 * spaces and punctuation: "acme" matches "ACME HEALTH" and "Acme, Inc.", not "Pacmed Insurance" (a substring
 * match would) nor "Acmeville Plan".
 */
export function nameMatches(words: string, name: string): boolean {
  const w = normalName(words);
  const n = normalName(name);
  return w !== '' && (n === w || n.startsWith(`${w} `));
}

function normalName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}&]+/gu, ' ')
    .trim();
}

export function inForce(period: { effectiveFrom: IsoDate; effectiveTo: IsoDate | null }, date: IsoDate): boolean {
  return period.effectiveFrom <= date && (period.effectiveTo === null || date <= period.effectiveTo);
}

/** True when ICD-10-CM `code` (no dot) matches `pattern` (exact, or a prefix ending in `*`). */
export function diagnosisMatches(pattern: string, code: string): boolean {
  const p = plainDiagnosis(pattern);
  const c = plainDiagnosis(code);
  if (!p.endsWith('*')) return c === p;
  // c.startsWith(p without its "*"), with no new string (policies list prefixes, checked on every policy line).
  const n = p.length - 1;
  if (c.length < n) return false;
  for (let i = 0; i < n; i++) if (c.charCodeAt(i) !== p.charCodeAt(i)) return false;
  return true;
}

/** `text` without its (first) dot, upper case; as it is, with no new string, when it has neither (the usual case). */
function plainDiagnosis(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (!((ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 90) || ch === 42 /* * */)) return text.replace('.', '').toUpperCase();
  }
  return text;
}

/** The rules that apply to one claim (payer + date), with a per-code cache of the drug policies. */
export class ClaimRules {
  readonly files: readonly PayerRules[];
  readonly program: ProgramRules;
  /** The file the program settings were taken from, if any. */
  readonly programFile: PayerRules | null;
  /**
   * Every file program settings may come from, most specific first; `program.origin` says which file each
   * setting came from (a fallback file here but not in `files` supplies only inherited settings).
   */
  readonly programFiles: readonly PayerRules[];
  private readonly drugCache = new Map<string, Map<IsoDate, readonly AppliedDrugRule[]>>();
  /** Every code any policy of these files names (any version): most codes have none, and answer at once. */
  private readonly policyCodes: ReadonlySet<string>;

  /**
   * `programFiles`: the files program settings may come from, most specific first (the fallback files last); each
   * setting is taken from the first file that sets it.
   */
  constructor(files: readonly PayerRules[], programFiles: PayerRules | null | readonly PayerRules[]) {
    this.files = files;
    const from = programFiles === null ? [] : Array.isArray(programFiles) ? programFiles : [programFiles as PayerRules];
    this.programFiles = from;
    this.programFile = from[0] ?? null;
    this.program = mergePrograms(from);
    const codes = new Set<string>();
    for (const f of files) for (const p of f.policies) for (const r of p.drugs) for (const c of r.codes) codes.add(c);
    this.policyCodes = codes;
  }

  /** Drug rules (from every matching file) for `code`, in force on `date`. */
  drugRules(code: string, date: IsoDate): readonly AppliedDrugRule[] {
    if (!this.policyCodes.has(code)) return EMPTY;
    let byDate = this.drugCache.get(code);
    if (byDate === undefined) {
      byDate = new Map();
      this.drugCache.set(code, byDate);
    }
    let found = byDate.get(date);
    if (found === undefined) {
      const out: AppliedDrugRule[] = [];
      for (const rules of this.files) {
        for (const policy of rules.policies) {
          if (!inForce(policy, date)) continue;
          for (const rule of policy.drugs) {
            if (rule.codes.includes(code)) out.push({ rules, policy, rule, source: policySource(rules, policy) });
          }
        }
      }
      found = out.length === 0 ? EMPTY : out;
      byDate.set(date, found);
    }
    return found;
  }
}

const EMPTY: readonly AppliedDrugRule[] = Object.freeze([]);

function sets(file: PayerRules, key: ProgramKey): boolean {
  return file.programKeys === undefined || file.programKeys.includes(key);
}

/** Each program setting from the first of `files` that sets it, with the file it came from. */
export function mergePrograms(files: readonly PayerRules[]): ProgramRules {
  if (files.length === 0) return NO_PROGRAM;
  const out: { -readonly [K in keyof ProgramRules]: ProgramRules[K] } = { ...NO_PROGRAM };
  const origin: Partial<Record<ProgramKey, ProgramOrigin>> = {};
  for (const key of PROGRAM_KEYS) {
    const file = files.find((f) => sets(f, key));
    if (!file) continue;
    origin[key] = { file: file.file, id: file.id, version: file.version };
    const p = file.program;
    switch (key) {
      case 'jwJz':
        out.jwJz = p.jwJz;
        break;
      case 'mue':
        out.mue = p.mue;
        break;
      case 'ndc':
        out.ndc = p.ndc;
        break;
      case 'timelyFiling':
        out.timelyFilingDays = p.timelyFilingDays;
        out.timelyFilingSource = p.timelyFilingSource;
        break;
      case 'expectedPayment':
        out.expectedPayment = p.expectedPayment;
        break;
      case 'modifier340b':
        out.modifier340b = p.modifier340b;
        break;
    }
  }
  out.origin = origin;
  return out;
}

/** The program settings of `program` that `file` supplied (by its `origin`), in `PROGRAM_KEYS` order. */
export function settingsFrom(program: ProgramRules, file: PayerRules): ProgramKey[] {
  const origin = program.origin;
  if (origin === undefined) return [];
  return PROGRAM_KEYS.filter((k) => {
    const o = origin[k];
    return o !== undefined && o.file === file.file && o.id === file.id && o.version === file.version;
  });
}

/** "acme.yaml v2026.1 program.timelyFiling": where a program setting of a claim's rules was set, for findings. */
export function programSource(program: ProgramRules, key: ProgramKey, text: string | null | undefined): string {
  const o = program.origin?.[key];
  const where = o ? `${o.file} v${o.version} program.${key}` : null;
  if (where === null) return text ?? `payer rules file: program.${key}`;
  return text ? `${where} (${text})` : where;
}

export function policySource(rules: PayerRules, policy: Policy): string {
  return `${rules.file} policy ${policy.id} v${policy.version} (${policy.source})`;
}

interface RecentPayer {
  readonly kind: PayerKind;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly byDate: Map<IsoDate, ClaimRules>;
}
const RECENT_PAYERS = 8;

/** All loaded rules files; answers which apply to a claim. Build once per run. */
export class RuleBook {
  readonly files: readonly PayerRules[];

  constructor(files: readonly PayerRules[]) {
    this.files = files;
  }

  static empty(): RuleBook {
    return new RuleBook([]);
  }

  /** The version of each rule set in force on `date` (the newest start wins when versions overlap). */
  versionsOn(date: IsoDate): PayerRules[] {
    const byId = new Map<string, PayerRules>();
    for (const f of this.files) {
      if (!inForce(f, date)) continue;
      const seen = byId.get(f.id);
      if (!seen || f.effectiveFrom > seen.effectiveFrom) byId.set(f.id, f);
    }
    return [...byId.values()];
  }

  /** kind → payer id → payer name → rules by date: no key string to build per claim. */
  private readonly byPayer = new Map<string, Map<string, Map<string, Map<IsoDate, ClaimRules>>>>();

  /**
   * The payers of the last few lookups, compared field by field: a batch has a few payers, so most claims find
   * their payer's rules by date here without hashing the payer's strings (each claim has its own copies).
   */
  private readonly recent: RecentPayer[] = [];
  private recentNext = 0;

  forPayer(payer: Claim['payer'], date: IsoDate): ClaimRules {
    const recent = this.recent;
    let byDate: Map<IsoDate, ClaimRules> | undefined;
    for (let i = 0; i < recent.length && byDate === undefined; i++) {
      const r = recent[i] as RecentPayer;
      if (r.kind === payer.kind && r.id === payer.id && r.name === payer.name) byDate = r.byDate;
    }
    if (byDate === undefined) {
      byDate = this.datesOf(payer);
      const entry: RecentPayer = { kind: payer.kind, id: payer.id, name: payer.name, byDate };
      if (recent.length < RECENT_PAYERS) recent.push(entry);
      else recent[this.recentNext] = entry;
      this.recentNext = (this.recentNext + 1) % RECENT_PAYERS;
    }
    let found = byDate.get(date);
    if (found === undefined) {
      found = this.resolve(payer, date);
      byDate.set(date, found);
    }
    return found;
  }

  private datesOf(payer: Claim['payer']): Map<IsoDate, ClaimRules> {
    let byId = this.byPayer.get(payer.kind);
    if (byId === undefined) {
      byId = new Map();
      this.byPayer.set(payer.kind, byId);
    }
    const id = payer.id ?? '';
    let byName = byId.get(id);
    if (byName === undefined) {
      byName = new Map();
      byId.set(id, byName);
    }
    const name = payer.name ?? '';
    let byDate = byName.get(name);
    if (byDate === undefined) {
      byDate = new Map();
      byName.set(name, byDate);
    }
    return byDate;
  }

  forClaim(claim: Claim, date: IsoDate): ClaimRules {
    return this.forPayer(claim.payer, date);
  }

  /** Files (any version) that mention `code` in a drug policy: for guides ("what do payers require of J9173?"). */
  policiesForCode(code: string): AppliedDrugRule[] {
    const out: AppliedDrugRule[] = [];
    for (const rules of this.files) {
      for (const policy of rules.policies) {
        for (const rule of policy.drugs) {
          if (rule.codes.includes(code)) out.push({ rules, policy, rule, source: policySource(rules, policy) });
        }
      }
    }
    return out;
  }

  private resolve(payer: Claim['payer'], date: IsoDate): ClaimRules {
    const versions = this.versionsOn(date);
    const matched: { file: PayerRules; strength: number }[] = [];
    for (const f of versions) {
      const s = matchStrength(f, payer);
      if (s > 0) matched.push({ file: f, strength: s });
    }
    const byId = (a: PayerRules, b: PayerRules): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const fallbacks = versions.filter((f) => f.appliesTo.fallback === true).sort(byId);
    if (matched.length === 0) return new ClaimRules(fallbacks, fallbacks);
    // Program settings: the most specific file first, the fallback files last (they fill what no match sets).
    const bySpecificity = [...matched]
      .sort((a, b) => b.strength - a.strength || byId(a.file, b.file))
      .map((m) => m.file);
    const files = matched.map((m) => m.file).sort(byId);
    return new ClaimRules(files, [...bySpecificity, ...fallbacks.filter((f) => !files.includes(f))]);
  }
}

/** What a claim shows that decides which rules file applies: its payer and its first date of service. */
export interface ClaimPayerDate {
  payer: Claim['payer'];
  date: IsoDate | null;
}

/**
 * Why none of the versions of a rules file (one file, all read from it) applied to any of `claims`, in words:
 * the payers it names against the payers on the claims, or its effective dates against the dates of service.
 */
export function whyNoMatch(versions: readonly PayerRules[], claims: readonly ClaimPayerDate[]): string {
  const first = versions[0];
  if (!first) return 'it holds no rules';
  const byPayer = claims.filter((c) => versions.some((v) => matchStrength(v, c.payer) > 0));
  const periods = versions
    .map((v) => `${v.effectiveFrom}${v.effectiveTo === null ? ' onward' : ` to ${v.effectiveTo}`}`)
    .join(', ');
  if (byPayer.length === 0) {
    const m = first.appliesTo;
    const names: string[] = [];
    if (m.payerIds?.length) names.push(`payer ids ${m.payerIds.join(', ')}`);
    if (m.payerNames?.length) names.push(`payer names ${m.payerNames.map((n) => `"${n}"`).join(', ')}`);
    if (m.payerKinds?.length) names.push(`payer kinds ${m.payerKinds.join(', ')}`);
    if (m.fallback) names.push('payers no other file matches (fallback)');
    const seen = new Map<string, number>();
    for (const c of claims) {
      const label = `${c.payer.id ?? '(no id)'}${c.payer.name ? ` "${c.payer.name}"` : ''} (${c.payer.kind})`;
      seen.set(label, (seen.get(label) ?? 0) + 1);
    }
    const shown = [...seen].slice(0, 5).map(([l, n]) => `${l}: ${n} claim${n === 1 ? '' : 's'}`);
    return `it names ${names.join('; ') || 'no payer'}, and the claims' payers are ${shown.join('; ')}${seen.size > 5 ? `; and ${seen.size - 5} more` : ''}`;
  }
  const dates = byPayer.map((c) => c.date).filter((d): d is IsoDate => d !== null).sort();
  const span =
    dates.length === 0 ? 'no date of service' : dates[0] === dates[dates.length - 1] ? dates[0] : `${dates[0]} to ${dates[dates.length - 1]}`;
  return `it matches the payer of ${byPayer.length} claim${byPayer.length === 1 ? '' : 's'}, but is in force ${periods}, and their first dates of service are ${span ?? ''}`;
}

/** Payer kinds, for schema validation and docs. */
export const PAYER_KINDS: readonly PayerKind[] = ['medicare', 'medicaid', 'commercial', 'unknown'];
