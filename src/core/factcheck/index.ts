/** Fact check of free text about HCPCS codes. @see ./check.ts for the statement shapes recognised. */
export { factCheck, classifyMeaning } from './check.ts';
export { decodeTextInput, textProblem, type TextInput } from './input.ts';
export type {
  CheckedClaim,
  ClaimKind,
  ClaimedFacts,
  FactCheckResult,
  SuggestedCode,
  UncheckedSentence,
  Verdict,
} from './model.ts';
