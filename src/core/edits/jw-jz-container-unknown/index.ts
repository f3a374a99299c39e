/**
 * A drug line without JW/JZ whose container type (single- or multiple-dose) is not known: drugclaim cannot tell
 * whether JZ is required, and says so rather than guess.
 */
import { SOURCES, someSameCodeAndDate } from '../support.ts';
import { hasJw, hasJz, isPackagedOpps, jwJzScope, lineNdc11 } from '../jw-jz.ts';
import type { ClaimEdit } from '../types.ts';

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
    for (const line of claim.lines) {
      if (hasJw(line) || hasJz(line)) continue;
      const scope = jwJzScope(claim, line);
      if (scope === null || line.dos === null || isPackagedOpps(claim, line, env.facts)) continue;
      const container = env.containers.lookup(line.code, lineNdc11(line), line.dos);
      if (container.type !== 'unknown') continue;
      if (someSameCodeAndDate(claim, line, hasJw)) continue;
      report({
        line,
        severity: 'warning',
        field: 'modifiers',
        message: `${line.code} on line ${line.line.sequence} has neither JW nor JZ, and drugclaim does not know whether it comes in a single-dose container (${container.reason}).`,
        why: `JW/JZ are required on drugs from single-dose containers (from ${scope.program.requiredFrom}), not on multiple-dose containers. Check the product label (HOW SUPPLIED): if single-dose, add JZ or a JW line.`,
        source: scope.program.source,
        data: { code: line.code },
      });
    }
  },
};
