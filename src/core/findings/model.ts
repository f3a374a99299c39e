/**
 * Findings are values. An edit reports what it found on a claim line in data (the edit id, the line, the field,
 * the denial codes it would likely draw, a mechanical fix when there is one); the renderers in
 * src/adapters/report turn the same values into text, JSON, HTML or SARIF. Nothing is printed by an edit.
 */
import type { SourcePosition } from '../problem.ts';

export type FindingSeverity = 'error' | 'warning' | 'info';

/** CAS claim adjustment group codes a denial would carry. */
export type DenialGroup = 'CO' | 'PR' | 'OA' | 'PI' | 'CR';

/** The denial a finding would likely draw: CAS group + CARC, and the RARC(s) that usually come with it. */
export interface Denial {
  group: DenialGroup;
  carc: string;
  rarc: readonly string[];
}

/**
 * One mechanical change to one claim line. `claimIndex` is the claim's position in the checked batch (claim ids
 * may repeat across files), `line` is the line's sequence number (LX01 / item.sequence).
 */
export type FixAction =
  | { kind: 'add-modifier'; claimIndex: number; line: number; modifier: string }
  | { kind: 'remove-modifier'; claimIndex: number; line: number; modifier: string }
  | { kind: 'replace-modifier'; claimIndex: number; line: number; from: string; to: string }
  /** Removes `modifier` from `line` and adds it to `toLine` (modifier 25 belongs on the E/M line). */
  | { kind: 'move-modifier'; claimIndex: number; line: number; toLine: number; modifier: string }
  | { kind: 'set-ndc'; claimIndex: number; line: number; from: string; to: string }
  /** Writes the procedure code as published ("j9173" → "J9173"). */
  | { kind: 'set-code'; claimIndex: number; line: number; from: string; to: string }
  /**
   * Splits a line in two: the line keeps `keepUnits`; a new line right after it gets `newUnits` and the line's
   * modifiers plus `addModifiers` (e.g. JW for the discarded amount). The charge is split pro rata in whole cents.
   */
  | {
      kind: 'split-line';
      claimIndex: number;
      line: number;
      keepUnits: number;
      newUnits: number;
      addModifiers: readonly string[];
    };

export type FixKind = FixAction['kind'];

export interface Fix {
  /** What the fix does, in plain words ("add modifier JZ to line 2"). */
  description: string;
  actions: readonly FixAction[];
  /** What the biller must be sure of before accepting it (e.g. "nothing was discarded"). */
  caveat?: string;
}

export interface Finding {
  editId: string;
  severity: FindingSeverity;
  /** CLM01 / Claim.identifier of the claim. */
  claimId: string;
  /** Position of the claim in the checked batch (0-based): claim ids are not unique across files. */
  claimIndex: number;
  /** Line sequence number, or null for a claim-level finding. */
  line: number | null;
  /** The field at fault, named as a biller reads it: "procedure code", "modifiers", "NDC (LIN03)"… */
  field: string;
  /** What is wrong, in plain words. */
  message: string;
  /** The rule that makes it wrong. */
  why: string;
  /** Where the rule comes from: CMS manual section, NCCI/MUE policy, X12 TR3, payer policy file and id. */
  source: string;
  /** The likely denial, if the claim went out as it is. */
  denial: Denial | null;
  /** Whether a denial on this ground can be appealed (MUE MAI 3: yes with documentation; MAI 2: no). */
  appealable?: boolean;
  fix?: Fix;
  /** Where in the input file the claim or line was read. */
  at?: SourcePosition;
  /** Structured facts behind the message (units, limits, codes), for the UI and the API. */
  data?: Readonly<Record<string, unknown>>;
}

/** "CO-16" or null. */
export function carcText(denial: Denial | null): string | null {
  return denial ? `${denial.group}-${denial.carc}` : null;
}

export const SEVERITY_RANK: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** Stable order: claim, line (claim-level first), severity, edit id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.claimIndex - b.claimIndex ||
    (a.line ?? 0) - (b.line ?? 0) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.editId < b.editId ? -1 : a.editId > b.editId ? 1 : 0) ||
    (a.field < b.field ? -1 : a.field > b.field ? 1 : 0)
  );
}

export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
