/**
 * When the CMS JW/JZ policy applies to a line, shared by the JW/JZ edits.
 * - From 2023-07-01 (payer `requiredFrom`) a drug from a single-dose container is billed with JW on the discarded
 *   amount's line or with JZ when nothing was discarded; from 2023-10-01 (`returnedFrom`) a line with neither is
 *   returned as unprocessable. Between the two dates a missing modifier is a warning.
 * - Not for drugs that are not separately payable: in the hospital outpatient setting, drugs packaged under OPPS
 *   (status indicator N) need neither modifier.
 * - Oral drugs (J8499–J8999) have no container waste to report.
 * - Not on inpatient bills (11x, 18x, 21x…: `billKind`): drugs of an inpatient stay are paid within the stay's
 *   payment (DRG, per diem), not separately under Part B, so neither JW nor JZ is asked for or judged there.
 * @see CMS "Discarded Drugs and Biologicals – JW Modifier and JZ Modifier Policy" FAQ; Pub 100-04 ch.17 §40
 */
import type { FindingSeverity } from '../findings/model.ts';
import type { ContainerAnswer, ContainerLookup } from '../reference/container-types.ts';
import type { JwJzProgram } from '../rules/model.ts';
import type { Facts } from './facts.ts';
import { isOralDrugCode } from './lines.ts';
import { levelSeverity, someSameCodeAndDate } from './support.ts';
import type { ClaimView, LineView, RunEnvironment } from './types.ts';

export interface JwJzScope {
  readonly severity: FindingSeverity;
  readonly program: JwJzProgram;
  /** True from `returnedFrom` (lines returned unprocessable), false in the grace period. */
  readonly returned: boolean;
}

/** The two answers of the last program asked about (a batch has a program or two): no object per line. */
let lastProgram: JwJzProgram | undefined;
let lastLevel: FindingSeverity | undefined;
let lastScopes: readonly [JwJzScope, JwJzScope] | undefined;

/**
 * False on inpatient bills: the JW/JZ policy is about separately payable Part B drugs, and the drugs of an inpatient
 * stay are paid within the stay. Every JW/JZ edit asks it first.
 * @see CMS "Discarded Drugs and Biologicals – JW Modifier and JZ Modifier Policy" FAQ (separately payable Part B drugs)
 */
export const jwJzBill = (claim: ClaimView): boolean => claim.bill !== 'inpatient';

export function jwJzScope(claim: ClaimView, line: LineView): JwJzScope | null {
  const program = claim.program.jwJz;
  const level = levelSeverity(program?.level);
  if (
    !program ||
    level === null ||
    line.dos === null ||
    !line.isDrug ||
    isOralDrugCode(line.code) ||
    !jwJzBill(claim)
  )
    return null;
  if (line.dos < program.requiredFrom) return null;
  const returned = line.dos >= program.returnedFrom;
  if (program !== lastProgram || level !== lastLevel || lastScopes === undefined) {
    lastScopes = [
      { severity: level !== 'error' ? level : 'warning', program, returned: false },
      { severity: level, program, returned: true },
    ];
    lastProgram = program;
    lastLevel = level;
  }
  return lastScopes[returned ? 1 : 0];
}

/** OPPS status indicator N (packaged) on an outpatient hospital bill. @see OPPS Addendum B, status indicator N */
export function isPackagedOpps(claim: ClaimView, line: LineView, facts: Facts): boolean {
  if (claim.setting !== 'outpatient-hospital' || line.dos === null) return false;
  return (line.facts ?? facts.forCode(line.code, line.dos)).opps?.value.statusIndicator === 'N';
}

/**
 * For a line that carries neither JW nor JZ, is in the policy's scope (`jwJzScope`), is not packaged under OPPS and
 * has no JW line for the same code and date: its container answer when the lookup answers `containerType`. Null
 * for every other line. (A question per line, not a visitor: the edits call it in a loop, with no closure per
 * claim.)
 */
export function containerWithoutJwJz(
  env: RunEnvironment,
  claim: ClaimView,
  line: LineView,
  containerType: ContainerLookup,
): ContainerAnswer | null {
  if (line.jw || line.jz) return null;
  const scope = jwJzScope(claim, line);
  if (scope === null || line.dos === null || isPackagedOpps(claim, line, env.facts)) return null;
  const container = env.containers.lookup(line.code, line.ndc11, line.dos);
  if (container.type !== containerType) return null;
  if (someSameCodeAndDate(claim, line, hasJw)) return null;
  return container;
}

export const hasJw = (l: LineView): boolean => l.jw;
export const hasJz = (l: LineView): boolean => l.jz;

/** The line's NDC as 11 digits when it is written that way (hyphens tolerated). */
export const lineNdc11 = (l: LineView): string | undefined => l.ndc11;
