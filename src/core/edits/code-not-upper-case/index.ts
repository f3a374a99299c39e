/**
 * A procedure code or modifier not written as CMS publishes it: lower case or with spaces ("j9173", "jz"). The
 * other edits read the code it spells, but a payer's front end compares codes as written and rejects the line.
 * Fix: write them in upper case.
 */
import type { FixAction } from '../../findings/model.ts';
import { isCptCode, isLevel2Code } from '../lines.ts';
import { DENIALS, SOURCES } from '../support.ts';
import type { LineEdit } from '../types.ts';

/** HCPCS and CPT modifiers are two letters or digits (JW, 25, Q5). */
const MODIFIER_SHAPE = /^[A-Z0-9]{2}$/;

export const codeNotUpperCase: LineEdit = {
  id: 'code-not-upper-case',
  title: 'Code or modifier not in upper case',
  severity: 'error',
  scope: 'line',
  needs: [],
  source: SOURCES.hcpcsFile,
  denials: [DENIALS.invalidHcpcs, DENIALS.invalidModifier],
  fixes: ['set-code', 'replace-modifier'],
  check({ claim, line, report }) {
    const written = line.line.procedure;
    // The views keep the written strings when they are already clean: the usual line costs two compares.
    if (line.code === written.code && line.modifiers === written.modifiers) return;
    const sequence = line.line.sequence;
    const actions: FixAction[] = [];
    const wrong: string[] = [];
    // Only text that is a code once upper-cased: "exam" is no code in any case, and code-unknown says so.
    if (line.code !== written.code && (isLevel2Code(line.code) || isCptCode(line.code))) {
      wrong.push(`code "${written.code}"`);
      actions.push({
        kind: 'set-code',
        claimIndex: claim.index,
        line: sequence,
        from: written.code,
        to: line.code,
      });
    }
    for (const m of written.modifiers) {
      const upper = m.trim().toUpperCase();
      if (upper === m || !MODIFIER_SHAPE.test(upper)) continue;
      wrong.push(`modifier "${m}"`);
      actions.push({ kind: 'replace-modifier', claimIndex: claim.index, line: sequence, from: m, to: upper });
    }
    if (actions.length === 0) return;
    const meant = [line.code, ...line.modifiers].join('-');
    report({
      field: 'procedure code and modifiers',
      message: `Line ${sequence} writes ${wrong.join(' and ')}: codes and modifiers go on the claim in upper case (${meant}).`,
      why: 'HCPCS codes and modifiers are published in upper case, and payers match them as written; the other checks here read the line as the code it spells.',
      denial: actions[0]?.kind === 'set-code' ? DENIALS.invalidHcpcs : DENIALS.invalidModifier,
      fix: { description: `Write line ${sequence} as ${meant}.`, actions },
    });
  },
};
