/**
 * A drug line without JW/JZ whose container type (single- or multiple-dose) is not known: drugclaim cannot tell
 * whether JZ is required, and says so rather than guess. The message names the line's own NDC when it has one (the
 * label to read), else why the code does not decide.
 */
import { SOURCES } from '../support.ts';
import { containerWithoutJwJz, jwJzScope, type JwJzScope } from '../jw-jz.ts';
import type { ClaimEdit, LineView } from '../types.ts';

export const jwJzContainerUnknown: ClaimEdit = {
  id: 'jw-jz-container-unknown',
  title: 'Container type unknown: JW/JZ requirement cannot be decided',
  severity: 'warning',
  scope: 'claim',
  needs: ['reference', 'rules', 'containers'],
  source: SOURCES.jwJz,
  denials: [],
  fixes: [],
  check({ env, claim, report }) {
    const lines = claim.lines;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as LineView;
      const container = containerWithoutJwJz(env, claim, line, 'unknown');
      if (container === null) continue;
      const scope = jwJzScope(claim, line) as JwJzScope;
      report({
        line,
        severity: 'warning',
        field: 'modifiers',
        message: `${line.code} on line ${line.line.sequence} has neither JW nor JZ, and drugclaim does not know whether it comes in a single-dose container: ${container.reason}.`,
        why: `JW/JZ are required on drugs from single-dose containers (from ${scope.program.requiredFrom}), not on multiple-dose containers. Check the product label (HOW SUPPLIED): if single-dose, add JZ or a JW line.`,
        source: scope.program.source,
        data: { code: line.code },
      });
    }
  },
};
