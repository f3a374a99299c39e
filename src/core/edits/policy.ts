/** Helpers for the payer-policy edits: which batch lines a drug rule applies to, grouped per patient. */
import type { Claim, ClaimLine } from '../claim/model.ts';
import type { AppliedDrugRule, Authorization, DrugRule } from '../rules/model.ts';
import { FEW_LINES } from './lines.ts';
import type { BatchLine, ClaimView, LineView, RunEnvironment } from './types.ts';

export interface RuledLine {
  readonly claim: ClaimView;
  readonly line: LineView;
  applied: AppliedDrugRule;
}

const cache = new WeakMap<object, RuledLine[][]>();
/** The groups without their JW lines, by group list: filled as edits ask (most groups have no JW line). */
const dryCache = new WeakMap<RuledLine[][], (RuledLine[] | undefined)[]>();

/**
 * For each patient, the lines (in date order, JW lines included) that each drug rule applies to: one group per
 * patient and rule (lines of one group share the rule's limits). Computed once per batch and shared.
 */
export function policyGroups(patientLines: ReadonlyMap<string, readonly BatchLine[]>): RuledLine[][] {
  let out = cache.get(patientLines);
  if (out) return out;
  const groups: RuledLine[][] = [];
  // Each patient's items are gathered in scratch lists (written over, never emptied), then each group is made at
  // its exact size: no array growing item by item. Index loops (and forEach over the map): this runs once per
  // batch, where a for-of makes an object per step.
  const items: RuledLine[] = [];
  const groupOf: number[] = [];
  const rules: DrugRule[] = [];
  const counts: number[] = [];
  patientLines.forEach((lines) => {
    // A patient's lines come under a rule or two: find the group by a scan of this patient's rules.
    let n = 0;
    let nRules = 0;
    for (let i = 0; i < lines.length; i++) {
      const b = lines[i] as BatchLine;
      if (b.dos === null) continue;
      const policies = b.policies;
      for (let p = 0; p < policies.length; p++) {
        const applied = policies[p] as AppliedDrugRule;
        let g = 0;
        while (g < nRules && rules[g] !== applied.rule) g++;
        if (g === nRules) {
          rules[nRules] = applied.rule;
          counts[nRules] = 0;
          nRules++;
        }
        counts[g] = (counts[g] as number) + 1;
        items[n] = { claim: b.claim, line: b, applied };
        groupOf[n] = g;
        n++;
      }
    }
    const first = groups.length;
    for (let g = 0; g < nRules; g++) {
      groups.push(new Array<RuledLine>(counts[g] as number));
      counts[g] = 0;
    }
    for (let i = 0; i < n; i++) {
      const g = groupOf[i] as number;
      (groups[first + g] as RuledLine[])[counts[g] as number] = items[i] as RuledLine;
      counts[g] = (counts[g] as number) + 1;
    }
  });
  out = groups;
  cache.set(patientLines, out);
  return out;
}

const isWaste = (x: RuledLine): boolean => x.line.jw;

/** The groups whose rule has what `pick` looks for; JW lines left out unless `withWaste`. */
export function ruledGroups(
  patientLines: ReadonlyMap<string, readonly BatchLine[]>,
  pick: (rule: DrugRule) => boolean,
  withWaste = false,
): RuledLine[][] {
  const out: RuledLine[][] = [];
  const groups = policyGroups(patientLines);
  let dry = dryCache.get(groups);
  if (dry === undefined) {
    dry = [];
    dryCache.set(groups, dry);
  }
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as RuledLine[];
    const first = g[0];
    if (!first || !pick(first.applied.rule)) continue;
    let kept = g;
    if (!withWaste) {
      // The same groups without JW lines for every edit that asks: filtered once.
      let d = dry[i];
      if (d === undefined) {
        d = g.some(isWaste) ? g.filter((x) => !x.line.jw) : g;
        dry[i] = d;
      }
      kept = d;
    }
    if (kept.length > 0) out.push(kept);
  }
  return out;
}

const byNumberCache = new WeakMap<RunEnvironment, ReadonlyMap<string, readonly Authorization[]>>();

/**
 * The run's authorizations (`env.authorizations`) by number (trimmed), each number's in the order given. Built once
 * per run and shared, so that a batch of thousands of claims and authorizations looks a number up instead of going
 * through every authorization for each line.
 */
export function authorizationsByNumber(env: RunEnvironment): ReadonlyMap<string, readonly Authorization[]> {
  let out = byNumberCache.get(env);
  if (out !== undefined) return out;
  const authorizations = env.authorizations;
  const map = new Map<string, Authorization[]>();
  for (let i = 0; i < authorizations.length; i++) {
    const a = authorizations[i] as Authorization;
    const key = a.number.trim();
    const list = map.get(key);
    if (list === undefined) map.set(key, [a]);
    else list.push(a);
  }
  out = map;
  byNumberCache.set(env, out);
  return out;
}

/** Distinct dates of service of a group, ascending. */
export function datesOf(group: readonly RuledLine[]): string[] {
  if (group.length > FEW_LINES) return [...new Set(group.map((g) => g.line.dos as string))].sort();
  // A group holds a few lines: no set to build.
  const out: string[] = [];
  for (let i = 0; i < group.length; i++) {
    const d = (group[i] as RuledLine).line.dos as string;
    if (!out.includes(d)) out.push(d);
  }
  return out.sort();
}

/*
 * Evidence in notes. A policy's evidence words ("PD-L1", "STEP THERAPY EXCEPTION") are looked for as whole words
 * (so "TPS" is not found in "HTTPS"), and a mention that the note itself negates does not count: "no PD-L1",
 * "PD-L1 not done", "PD-L1 pending", "exception denied" say the result or approval is NOT on file. A result word
 * ("negative", "positive", a number such as "TPS 0%") IS a documented result, and ends the look-ahead: in "PD-L1
 * TPS 60%, CPS pending" the TPS result counts.
 */

/** Words right before the evidence (within 2 words, same clause) that negate it. */
const NEGATION_BEFORE = new Set(['NO', 'NOT', 'WITHOUT', 'NEVER', 'MISSING', 'PENDING', 'AWAITING', 'NON']);
/** Words after the evidence (within 3 words, same clause) that negate it. */
const NEGATION_AFTER = new Set([
  'NOT',
  'PENDING',
  'DECLINED',
  'DENIED',
  'REFUSED',
  'REJECTED',
  'REQUESTED',
  'ORDERED',
  'AWAITED',
  'AWAITING',
  'UNKNOWN',
  'UNAVAILABLE',
  'TBD',
  'N/A',
]);
/** Words that give a result: nothing after them negates the mention. */
const RESULT_WORDS = new Set([
  'NEGATIVE',
  'POSITIVE',
  'HIGH',
  'LOW',
  'DETECTED',
  'EXPRESSED',
  'APPROVED',
  'DONE',
  'PERFORMED',
  'RESULTED',
  'ATTACHED',
]);

/** A clause ends at ";", a line break, or a full stop followed by a space (not the point of "0.5%"). */
function clauseEndAt(text: string, i: number): boolean {
  const c = text[i];
  return c === ';' || c === '\n' || (c === '.' && (i + 1 >= text.length || text[i + 1] === ' '));
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Z0-9]/.test(c);
}

/** Words of `text` (upper case): letters, digits and the signs of a value ("N/A", "<1%", "0.5"). */
function wordsOf(text: string): string[] {
  return text.split(/[^A-Z0-9/%<>=.]+/).filter((w) => w !== '' && w !== '.');
}

/** True when the mention at [start, end) of `text` (upper case) is negated in its own clause. */
export function negatedAt(text: string, start: number, end: number): boolean {
  let from = start;
  while (from > 0 && !clauseEndAt(text, from - 1)) from--;
  let to = end;
  while (to < text.length && !clauseEndAt(text, to)) to++;
  const before = wordsOf(text.slice(from, start)).slice(-2);
  if (before.some((w) => NEGATION_BEFORE.has(w))) return true;
  const after = wordsOf(text.slice(end, to)).slice(0, 3);
  for (const w of after) {
    if (RESULT_WORDS.has(w) || /\d/.test(w)) return false;
    if (NEGATION_AFTER.has(w)) return true;
  }
  return false;
}

/** The texts evidence is looked for in: claim notes, the line's notes and its documented dose text. */
function evidenceTexts(claim: Claim, line: ClaimLine | undefined): string[] {
  const out = claim.notes.map((n) => n.toUpperCase());
  if (line) {
    for (const n of line.notes) out.push(n.toUpperCase());
    if (line.dose?.text) out.push(line.dose.text.toUpperCase());
  }
  return out;
}

/**
 * The first of `words` a claim or line note mentions as a whole word and does not negate, or null. Case does not
 * matter.
 */
export function documentedIn(
  claim: Claim,
  line: ClaimLine | undefined,
  words: readonly string[],
): string | null {
  if (words.length === 0) return null;
  const texts = evidenceTexts(claim, line);
  if (texts.length === 0) return null;
  for (const w of words) {
    const word = w.trim().toUpperCase();
    if (word === '') continue;
    for (const text of texts) {
      for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
        const end = at + word.length;
        // Whole words only where the evidence word itself starts or ends with a letter or digit.
        if (isWordChar(word[0]) && isWordChar(text[at - 1])) continue;
        if (isWordChar(word[word.length - 1]) && isWordChar(text[end])) continue;
        if (!negatedAt(text, at, end)) return w;
      }
    }
  }
  return null;
}
