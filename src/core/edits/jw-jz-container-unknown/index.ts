/**
 * A drug line without JW/JZ whose container type (single- or multiple-dose) is not known: drugclaim cannot tell
 * whether JZ is required, and says so rather than guess.
 */
import { SOURCES } from '../support.ts';
import { forEachLineWithoutJwJz } from '../jw-jz.ts';
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
    forEachLineWithoutJwJz(env, claim, 'unknown', (line, scope, container) => {
      report({
        line,
        severity: 'warning',
        field: 'modifiers',
        message: `${line.code} on line ${line.line.sequence} has neither JW nor JZ, and drugclaim does not know whether it comes in a single-dose container (${container.reason}).`,
        why: `JW/JZ are required on drugs from single-dose containers (from ${scope.program.requiredFrom}), not on multiple-dose containers. Check the product label (HOW SUPPLIED): if single-dose, add JZ or a JW line.`,
        source: scope.program.source,
        data: { code: line.code },
      });
    });
  },
};
