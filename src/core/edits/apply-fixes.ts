/**
 * Applies the mechanical fixes findings carry, and lists every change: nothing is changed silently. Pure: the
 * input claims are not mutated; claims that change are copied, the others are returned as they are.
 *
 * Actions address lines by their sequence number in the input, so a split that renumbers later lines does not
 * misdirect the next action. A fix whose actions cannot all be applied (the modifier is already there, the line
 * is gone, four modifiers already) is skipped as a whole, with the reason.
 */
import { clonePlain } from '../claim/clone.ts';
import type { Claim, ClaimLine } from '../claim/model.ts';
import type { Finding, FixAction } from '../findings/model.ts';
import { MAX_MODIFIERS } from '../reference/code-with-modifiers.ts';
import { runSteps, runStepsPaced, type Steps } from '../steps.ts';
import { splitCharge } from './lines.ts';

export interface AppliedFix {
  editId: string;
  claimIndex: number;
  claimId: string;
  line: number | null;
  description: string;
  actions: readonly FixAction[];
}

export interface SkippedFix extends AppliedFix {
  reason: string;
}

export interface FixResult {
  claims: Claim[];
  applied: AppliedFix[];
  skipped: SkippedFix[];
}

interface Working {
  claim: Claim;
  /** Input sequence number → the (copied) line. */
  bySequence: Map<number, ClaimLine>;
}

function copyClaim(claim: Claim): Working {
  const copy = clonePlain(claim);
  const bySequence = new Map<number, ClaimLine>();
  for (const line of copy.lines) bySequence.set(line.sequence, line);
  return { claim: copy, bySequence };
}

/** Checks an action against the current state; returns the reason it cannot apply, or null. */
function blocker(w: Working, a: FixAction): string | null {
  const line = w.bySequence.get(a.line);
  if (!line) return `line ${a.line} not found`;
  const mods = line.procedure.modifiers;
  switch (a.kind) {
    case 'add-modifier':
      if (mods.includes(a.modifier)) return `line ${a.line} already has ${a.modifier}`;
      return mods.length >= MAX_MODIFIERS ? `line ${a.line} already has ${MAX_MODIFIERS} modifiers` : null;
    case 'remove-modifier':
      return mods.includes(a.modifier) ? null : `line ${a.line} has no modifier ${a.modifier}`;
    case 'replace-modifier':
      if (!mods.includes(a.from)) return `line ${a.line} has no modifier ${a.from}`;
      return mods.includes(a.to) ? `line ${a.line} already has ${a.to}` : null;
    case 'move-modifier': {
      const to = w.bySequence.get(a.toLine);
      if (!to) return `line ${a.toLine} not found`;
      if (!mods.includes(a.modifier)) return `line ${a.line} has no modifier ${a.modifier}`;
      if (to.procedure.modifiers.includes(a.modifier)) return `line ${a.toLine} already has ${a.modifier}`;
      return to.procedure.modifiers.length >= MAX_MODIFIERS
        ? `line ${a.toLine} already has ${MAX_MODIFIERS} modifiers`
        : null;
    }
    case 'set-ndc':
      return line.drug?.ndc === a.from ? null : `the NDC on line ${a.line} is no longer ${a.from}`;
    case 'set-code':
      return line.procedure.code === a.from ? null : `the code on line ${a.line} is no longer ${a.from}`;
    case 'split-line':
      if (line.units !== a.keepUnits + a.newUnits)
        return `line ${a.line} no longer bills ${a.keepUnits + a.newUnits} units`;
      if (a.keepUnits <= 0 || a.newUnits <= 0) return 'a split keeps units on both lines';
      return mods.length + a.addModifiers.filter((m) => !mods.includes(m)).length > MAX_MODIFIERS
        ? 'too many modifiers for the new line'
        : null;
  }
}

/** Puts back what one applied action changed. */
type Undo = () => void;

/** Applies an action that `blocker` let through; returns how to undo it. */
function apply(w: Working, a: FixAction): Undo {
  const line = w.bySequence.get(a.line) as ClaimLine;
  const mods = line.procedure.modifiers;
  switch (a.kind) {
    case 'add-modifier':
      mods.push(a.modifier);
      return () => void mods.pop();
    case 'remove-modifier': {
      const i = mods.indexOf(a.modifier);
      mods.splice(i, 1);
      return () => void mods.splice(i, 0, a.modifier);
    }
    case 'replace-modifier': {
      const i = mods.indexOf(a.from);
      mods[i] = a.to;
      return () => void (mods[i] = a.from);
    }
    case 'move-modifier': {
      const i = mods.indexOf(a.modifier);
      const to = (w.bySequence.get(a.toLine) as ClaimLine).procedure.modifiers;
      mods.splice(i, 1);
      to.push(a.modifier);
      return () => {
        to.pop();
        mods.splice(i, 0, a.modifier);
      };
    }
    case 'set-ndc': {
      const drug = line.drug;
      if (!drug) return () => undefined;
      const before = drug.ndc;
      drug.ndc = a.to;
      return () => void (drug.ndc = before);
    }
    case 'set-code': {
      const before = line.procedure.code;
      line.procedure.code = a.to;
      return () => void (line.procedure.code = before);
    }
    case 'split-line':
      return splitLine(w.claim, line, a);
  }
}

function splitLine(claim: Claim, line: ClaimLine, a: Extract<FixAction, { kind: 'split-line' }>): Undo {
  const total = line.units;
  const chargeBefore = line.chargeCents;
  const quantityBefore = line.drug?.quantity;
  const keepCharge = splitCharge(line.chargeCents, a.keepUnits, total);
  const added: ClaimLine = clonePlain(line);
  added.units = a.newUnits;
  added.chargeCents = line.chargeCents - keepCharge;
  for (const m of a.addModifiers)
    if (!added.procedure.modifiers.includes(m)) added.procedure.modifiers.push(m);
  delete added.lineItemControlNumber;
  delete added.position;
  // The JW line documents only the discarded amount: the same dose a reader gives for its note "WASTE 90MG"
  // (no administered dose, `text` ""), so the written file says "WASTE 90MG", not "DOSE 90MG WASTE 90MG".
  if (line.dose?.discardedText !== undefined) {
    added.dose = { text: '', discardedText: line.dose.discardedText };
    if (line.dose.discardedAmount !== undefined) added.dose.discardedAmount = line.dose.discardedAmount;
    if (line.dose.discardedUnit !== undefined) added.dose.discardedUnit = line.dose.discardedUnit;
  } else delete added.dose;
  // The line's own notes ("DOSE 750MG WASTE 90MG") would state the administered dose on the JW line too: the
  // writers put out `added.dose` as a note of its own instead.
  if (line.dose) added.notes = [];
  if (line.drug?.quantity !== undefined && added.drug) {
    const q = line.drug.quantity;
    // Split by the documented amounts when the note gives both (712.5 mg given, 87.5 mg wasted of 80 mL →
    // 71.25 + 8.75 mL); units are rounded (72 + 8), so their ratio is only the fallback.
    const d = line.dose;
    const share =
      d?.amount !== undefined &&
      d.discardedAmount !== undefined &&
      d.unit === d.discardedUnit &&
      d.amount + d.discardedAmount > 0
        ? d.amount / (d.amount + d.discardedAmount)
        : a.keepUnits / total;
    const keepQ = Math.round(q * share * 1000) / 1000;
    line.drug.quantity = keepQ;
    added.drug.quantity = Math.round((q - keepQ) * 1000) / 1000;
  }
  line.units = a.keepUnits;
  line.chargeCents = keepCharge;
  const lines = claim.lines;
  const at = lines.indexOf(line);
  const sequencesBefore = lines.map((l) => l.sequence);
  lines.splice(at + 1, 0, added);
  lines.forEach((l, i) => {
    l.sequence = i + 1;
  });
  return () => {
    lines.splice(at + 1, 1);
    lines.forEach((l, i) => {
      l.sequence = sequencesBefore[i] as number;
    });
    line.units = total;
    line.chargeCents = chargeBefore;
    if (quantityBefore !== undefined && line.drug) line.drug.quantity = quantityBefore;
  };
}

/** Applies the fixes of `findings` (those that carry one) to a copy of `claims`. */
export function applyFixes(claims: readonly Claim[], findings: readonly Finding[]): FixResult {
  return runSteps(fixSteps(claims, findings));
}

/**
 * `applyFixes`, awaiting `pace` every few hundred fixes: a server fixing a big upload answers other requests in
 * between. The same result.
 */
export async function applyFixesPaced(
  claims: readonly Claim[],
  findings: readonly Finding[],
  pace: () => Promise<void>,
): Promise<FixResult> {
  return runStepsPaced(fixSteps(claims, findings), pace);
}

/** Fixes per step of a paced run: a few milliseconds of work (a claim's first fix copies it). */
const FIXES_PER_STEP = 500;

function* fixSteps(claims: readonly Claim[], findings: readonly Finding[]): Steps<FixResult> {
  const working = new Map<number, Working>();
  const applied: AppliedFix[] = [];
  const skipped: SkippedFix[] = [];
  let tried = 0;
  for (const f of findings) {
    const fix = f.fix;
    if (!fix) continue;
    if (++tried % FIXES_PER_STEP === 0) yield;
    const entry: AppliedFix = {
      editId: f.editId,
      claimIndex: f.claimIndex,
      claimId: f.claimId,
      line: f.line,
      description: fix.description,
      actions: fix.actions,
    };
    const source = claims[f.claimIndex];
    if (!source || fix.actions.some((a) => a.claimIndex !== f.claimIndex)) {
      skipped.push({ ...entry, reason: 'the fix does not match the checked claims' });
      continue;
    }
    // All or nothing: a claim's first fix works on a copy of the input (dropped if the fix fails); later ones change
    // that copy in place and undo their actions when one cannot apply. Copying the claim for every fix instead
    // made a claim with thousands of fixes (999 lines) quadratic.
    const w = working.get(f.claimIndex);
    const target = w ?? copyClaim(source);
    const undo: Undo[] = [];
    let reason: string | null = null;
    for (const a of fix.actions) {
      reason = blocker(target, a);
      if (reason !== null) break;
      undo.push(apply(target, a));
    }
    if (reason !== null) {
      if (w) for (let i = undo.length - 1; i >= 0; i--) (undo[i] as Undo)();
      skipped.push({ ...entry, reason });
      continue;
    }
    if (!w) working.set(f.claimIndex, target);
    applied.push(entry);
  }
  // Only claims with an applied fix were copied: the others are the input objects.
  return { claims: claims.map((c, i) => working.get(i)?.claim ?? c), applied, skipped };
}
