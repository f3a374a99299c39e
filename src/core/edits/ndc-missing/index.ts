/**
 * A drug line without an NDC where the payer requires one: state Medicaid programs (to invoice manufacturer
 * rebates), a payer's program settings or a drug policy (`ndcRequired`).
 */
import { programSource } from '../../rules/evaluate.ts';
import { DENIALS, SOURCES } from '../support.ts';
import type { LineEdit } from '../types.ts';

export const ndcMissing: LineEdit = {
  id: 'ndc-missing',
  title: 'NDC missing where the payer requires it',
  severity: 'error',
  scope: 'line',
  needs: ['rules'],
  source: SOURCES.ndcX12,
  denials: [DENIALS.ndc],
  fixes: [],
  lines: 'drug',
  check({ claim, line, report }) {
    if (line.dos === null) return;
    const ndc = line.line.drug?.ndc.trim();
    if (ndc !== undefined && ndc !== '') return;
    const program = claim.program.ndc;
    let source: string | null = null;
    let data: Record<string, string> | undefined;
    if (program?.required === true && line.dos >= (program.requiredFrom ?? '0000-01-01')) {
      // The rules file and version that set it, beside the payer's own source text.
      source = programSource(claim.program, 'ndc', program.source);
      const origin = claim.program.origin?.ndc;
      if (origin) data = { rulesFile: origin.file, rulesVersion: origin.version };
    }
    if (source === null) {
      const policy = line.policies.find((r) => r.rule.ndcRequired === true);
      if (policy) {
        source = policy.source;
        data = { rulesFile: policy.rules.file, policy: policy.policy.id, version: policy.policy.version };
      }
    }
    if (source === null) return;
    report({
      field: 'NDC (LIN03)',
      message: `Drug line ${line.line.sequence} (${line.code}) has no NDC; this payer requires the NDC, its quantity and unit on every drug line.`,
      why: 'The payer requires the 11-digit NDC of the product given (837 loop 2410 LIN with qualifier N4, and CTP quantity and unit) on physician-administered drug lines.',
      source,
      ...(data ? { data } : {}),
    });
  },
};
