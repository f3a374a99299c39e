/**
 * A single-dose container drug billed with neither JW nor JZ (and no JW line for the same drug and date on the
 * claim). From 2023-10-01 Medicare returns such lines as unprocessable (CARC 16 + N822 missing modifier, MA130).
 * Fix: add JZ — only correct when nothing was discarded; otherwise bill the discarded units on a JW line.
 */
import { SOURCES, DENIALS } from '../support.ts';
import { containerWithoutJwJz, jwJzScope, type JwJzScope } from '../jw-jz.ts';
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
      const canAddJz = line.modifiers.length < 4 && !discardedDocumented;
      report({
        line,
        severity: scope.severity,
        field: 'modifiers',
        message: `${line.code} on line ${line.line.sequence} is a single-dose container drug billed with neither JW nor JZ.`,
        why: scope.returned
          ? `Since ${scope.program.returnedFrom}, a single-dose container drug line must carry JZ (nothing discarded) or be paired with a JW line for the discarded amount; lines with neither are returned as unprocessable. Container: ${container.reason}.`
          : `From ${scope.program.requiredFrom} a single-dose container drug line must carry JZ (nothing discarded) or be paired with a JW line; from ${scope.program.returnedFrom} lines with neither are returned as unprocessable. Container: ${container.reason}.`,
        source: scope.program.source,
        ...(canAddJz
          ? {
              fix: {
                description: `Add modifier JZ to line ${line.line.sequence} (${line.code}).`,
                actions: [
                  {
                    kind: 'add-modifier' as const,
                    claimIndex: claim.index,
                    line: line.line.sequence,
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
