/**
 * Assembles the inputs of a guide for the CLI and the HTTP service: the core tables (label dosing, container
 * types, the edit registry) are the defaults of `GuideInputs`; this adds the payer rules files, read from disk.
 */
import type { GuideInputs } from '../../core/guides/inputs.ts';
import type { Problem } from '../../core/problem.ts';
import { DEFAULT_RULES_DIR, loadRules } from '../rules/index.ts';

export interface LoadedGuideInputs {
  inputs: GuideInputs;
  /** Rules files that could not be read or validated (left out; the guide goes on with the others). */
  problems: Problem[];
}

/** Reads the payer rules (default: rules/payers) for the guides' commercial-payer section. */
export function loadGuideInputs(rulesPaths: readonly string[] = []): LoadedGuideInputs {
  const loaded = loadRules(rulesPaths);
  return {
    inputs: {
      payerRules: loaded.book.files,
      payerRulesLocation: rulesPaths.length > 0 ? rulesPaths.join(', ') : 'rules/payers',
    },
    problems: loaded.problems,
  };
}

export { DEFAULT_RULES_DIR };
