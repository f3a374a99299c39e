/**
 * A single-dose container drug billed with neither JW nor JZ (and no JW line for the same drug and date on the
 * claim). From 2023-10-01 Medicare returns such lines as unprocessable (CARC 16 + N822 missing modifier, MA130).
 * Fix: add JZ — only correct when nothing was discarded; otherwise bill the discarded units on a JW line. No fix when
 * the line documents waste, or when its NDC quantity holds a whole billing unit more than it bills (Velcade 25 units
 * with UN1 of a 35-unit vial): JZ would then attest to something the claim itself contradicts.
 */
import { SOURCES, DENIALS } from '../support.ts';
import { containerWithoutJwJz, jwJzScope, type JwJzScope } from '../jw-jz.ts';
import { describeNdcQuantity, ndcQuantity } from '../ndc-quantity.ts';
import type { ClaimEdit, LineView } from '../types.ts';

export const jwJzMissing: ClaimEdit = {
  id: 'jw-jz-missing',
  title: 'Single-dose container drug without JW or JZ',
  severity: 'error',
  scope: 'claim',
  needs: ['reference', 'rules', 'containers'],
  source: SOURCES.jwJz,
  denials: [DENIALS.missingModifier],
  fixes: ['add-modifier'],
  check({ env, claim, report }) {
    const lines = claim.lines;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as LineView;
      const container = containerWithoutJwJz(env, claim, line, 'single-dose');
      if (container === null) continue;
      const scope = jwJzScope(claim, line) as JwJzScope;
      const discardedDocumented =
        (line.line.dose?.discardedAmount ?? 0) > 0 || (line.line.dose?.discardedText ?? '') !== '';
      // An NDC quantity that holds a whole unit more than the line bills shows drug left over: JZ would say
      // otherwise. (Not a fix either: the JW line for it needs its own charge.)
      const ndc = ndcQuantity(env, line);
      // Whole units, of the difference as the messages write it (3 decimals): 80 − 77 units is 3, not 2.9999.
      const left =
        ndc === null || ndc.units - ndc.tolerance - line.line.units < 1 - 1e-9
          ? 0
          : Math.floor(Math.round((ndc.units - line.line.units) * 1000) / 1000);
      const canAddJz = line.modifiers.length < 4 && !discardedDocumented && left < 1;
      const seq = line.line.sequence;
      report({
        line,
        severity: scope.severity,
        field: 'modifiers',
        message:
          ndc !== null && left >= 1
            ? `${line.code} on line ${seq} is a single-dose container drug billed with neither JW nor JZ. Its NDC quantity (${describeNdcQuantity(ndc, line.code)}) holds ${left} unit(s) more than the ${line.line.units} billed, so JZ (nothing discarded) would not be true: if they were discarded, bill them on a ${line.code}-JW line (${left} unit(s), with its own charge) instead.`
            : `${line.code} on line ${seq} is a single-dose container drug billed with neither JW nor JZ.`,
        why: scope.returned
          ? `Since ${scope.program.returnedFrom}, a single-dose container drug line must carry JZ (nothing discarded) or be paired with a JW line for the discarded amount; lines with neither are returned as unprocessable. Container: ${container.reason}.`
          : `From ${scope.program.requiredFrom} a single-dose container drug line must carry JZ (nothing discarded) or be paired with a JW line; from ${scope.program.returnedFrom} lines with neither are returned as unprocessable. Container: ${container.reason}.`,
        source: scope.program.source,
        ...(canAddJz
          ? {
              fix: {
                description: `Add modifier JZ to line ${seq} (${line.code}).`,
                actions: [
                  {
                    kind: 'add-modifier' as const,
                    claimIndex: claim.index,
                    line: seq,
                    modifier: 'JZ',
                  },
                ],
                caveat:
                  'Only if no amount was discarded. If some was, bill the discarded whole units on a separate line with JW instead.',
              },
            }
          : {}),
        data: { code: line.code, container: container.type },
      });
    }
  },
};
