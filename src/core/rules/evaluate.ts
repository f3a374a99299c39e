/**
 * Which payer rules apply to a claim on a date: pure functions over validated rules (./model.ts).
 *
 * - A rules file applies when it matches the claim's payer (by payer id, by name words, or by payer kind) and one
 *   of its versions is in force on the date. When no file matches, the files marked `fallback` apply.
 * - Program settings (JW/JZ, MUE, NDC, timely filing, expected payment) come from the most specific matching file:
 *   payer id beats payer name beats payer kind beats fallback.
 * - Drug policies come from every matching file, each policy version in force on the line's date of service.
 */
import type { Claim, PayerKind } from '../claim/model.ts';
import type { IsoDate } from '../reference/model.ts';
import type { AppliedDrugRule, PayerRules, Policy, ProgramRules } from './model.ts';

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
  const id = payer.id?.trim();
  if (id && m.payerIds?.some((p) => p.trim() === id)) return 4;
  const name = payer.name?.toLowerCase();
  if (name && m.payerNames?.some((words) => name.includes(words.toLowerCase()))) return 3;
  if (m.payerKinds?.includes(payer.kind)) return 2;
  return 0;
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
  private readonly drugCache = new Map<string, Map<IsoDate, readonly AppliedDrugRule[]>>();
  /** Every code any policy of these files names (any version): most codes have none, and answer at once. */
  private readonly policyCodes: ReadonlySet<string>;

  constructor(files: readonly PayerRules[], programFile: PayerRules | null) {
    this.files = files;
    this.programFile = programFile;
    this.program = programFile?.program ?? NO_PROGRAM;
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
    let best: PayerRules | null = null;
    let bestStrength = 0;
    const matched: PayerRules[] = [];
    for (const f of versions) {
      const s = matchStrength(f, payer);
      if (s === 0) continue;
      matched.push(f);
      if (s > bestStrength || (s === bestStrength && best !== null && f.id < best.id)) {
        best = f;
        bestStrength = s;
      }
    }
    if (matched.length === 0) {
      const fallbacks = versions.filter((f) => f.appliesTo.fallback === true).sort((a, b) => (a.id < b.id ? -1 : 1));
      return new ClaimRules(fallbacks, fallbacks[0] ?? null);
    }
    matched.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return new ClaimRules(matched, best);
  }
}

/** Payer kinds, for schema validation and docs. */
export const PAYER_KINDS: readonly PayerKind[] = ['medicare', 'medicaid', 'commercial', 'unknown'];
