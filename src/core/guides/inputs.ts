/**
 * What a guide reads besides the reference store. Each input is a pure table from the core (label dosing,
 * container types, the edit registry) or validated data the caller loaded (payer rules files). Every input is
 * optional: a guide built without one says, in the section that needed it, that the data was not given.
 */
import { LABEL_DOSING, type LabelDrug } from '../dosing/label-dosing.ts';
import { EDITS } from '../edits/registry.ts';
import type { EditMeta } from '../edits/types.ts';
import { containerEntriesForCode, type ContainerEntry } from '../reference/container-types.ts';
import type { PayerRules } from '../rules/model.ts';

export interface GuideInputs {
  /** Label dosing and indications per drug (default: the core table, src/core/dosing/label-dosing.ts). */
  labelDosing?: readonly LabelDrug[];
  /** Single-/multi-dose container entries of a code (default: src/core/reference/container-types.ts). */
  containers?: (code: string) => readonly ContainerEntry[];
  /** Validated payer rules files. Undefined = not loaded (the guide says so); [] = loaded, none present. */
  payerRules?: readonly PayerRules[];
  /** Where the payer rules were read from, for the "none mention this code" statement (e.g. "rules/payers"). */
  payerRulesLocation?: string;
  /** The edit registry (id, title, denials); default: src/core/edits/registry.ts. */
  edits?: readonly Pick<EditMeta, 'id' | 'title' | 'denials' | 'source'>[];
}

export interface ResolvedInputs {
  labelDosing: readonly LabelDrug[];
  containers: (code: string) => readonly ContainerEntry[];
  payerRules: readonly PayerRules[] | undefined;
  payerRulesLocation: string;
  edits: readonly Pick<EditMeta, 'id' | 'title' | 'denials' | 'source'>[];
}

export function resolveInputs(inputs: GuideInputs = {}): ResolvedInputs {
  return {
    labelDosing: inputs.labelDosing ?? LABEL_DOSING,
    containers: inputs.containers ?? containerEntriesForCode,
    payerRules: inputs.payerRules,
    payerRulesLocation: inputs.payerRulesLocation ?? 'payer rules files',
    edits: inputs.edits ?? EDITS,
  };
}
