/**
 * drugclaim as a library: `import { … } from 'drugclaim'`.
 *
 * The pure core (reference lookups through the `ReferenceData` port, dose → units, claim edits and fixes, billing
 * guides, the fact checker, denial classification) and the adapters a program needs to feed it: the reference store
 * (SQLite), the claim and remittance readers and writers (X12 837P/837I/835, FHIR R4, JSON, CSV) and the rules files.
 * What is not exported here is internal and may change between versions. docs/library.md shows a whole program.
 */

// The canonical model and problems.
export type * from './core/claim/model.ts';
export type { Problem, Result, Severity, SourcePosition } from './core/problem.ts';
// The reference records and their provenance: what a program implementing the ReferenceData port returns.
export type * from './core/reference/model.ts';

// Reference data: import the CMS files into a store, then load it into an in-memory index that answers as of a date.
export type { ReferenceData } from './core/reference/port.ts';
export type { ReferenceIndex } from './core/reference/reference-index.ts';
export {
  ensureReferenceData,
  importFolder,
  NoReferenceDataError,
  openReferenceData,
  openReferenceStore,
  type EnsureOptions,
  type EnsureResult,
  type ImportReport,
  type NoReferenceDataReason,
  type StoreOptions,
} from './adapters/store/index.ts';
export { codeFacts, type CodeFacts } from './core/reference/code-facts.ts';

// Dose → billing units, least-waste packages, JW/JZ lines, label dose plausibility.
export {
  checkDosePlausibility,
  computeUnits,
  labelDosingForCode,
  parseDose,
  planUnits,
  rational,
  type DoseSpec,
  type PackageInput,
  type Rational,
  type UnitsInput,
  type UnitsRequest,
  type UnitsResult,
} from './core/dosing/index.ts';

// Claims in and out.
export {
  claimsWithReadErrors,
  outputFormatFor,
  readClaimBytes,
  readClaimFile,
  streamClaims,
  writeClaimFile,
  writeClaims,
  // Writes fixed claims back by patching the original 837's bytes (what `check --fix` does): the way to write fixes.
  writeFixedClaimFile as writeFixesBack,
  type ClaimFileFormat,
  type ClaimFileResult,
  type ClaimOutputFormat,
  type ClaimWriteResult,
  type FixedClaimFileOptions,
  type FixedClaimFileResult,
  type ReadClaimOptions,
  type StreamClaimOptions,
  type WriteClaimOptions,
} from './adapters/claim-files/index.ts';
export { readX12Bytes, readX12Text, writeX12Claims } from './adapters/x12/index.ts';
export { readFhirJson, writeFhirClaims } from './adapters/fhir/index.ts';

// Claim edits before submission, and their fixes; payer rules are data (rules/payers/*.yaml).
export { runEdits, type RunOptions } from './core/edits/engine.ts';
export { applyFixes, type FixResult } from './core/edits/apply-fixes.ts';
export { EDITS, EDITS_BY_ID } from './core/edits/registry.ts';
export type { CheckResult, Edit, SkippedEdit } from './core/edits/types.ts';
export type { Finding } from './core/findings/model.ts';
export { loadRuleBook, parseRulesText } from './adapters/rules/index.ts';
export { RuleBook } from './core/rules/evaluate.ts';

// Billing guides and the fact checker.
// `isProblem` tells buildGuide's Problem from a Guide.
export { buildGuide, isProblem } from './core/guides/index.ts';
export type { Guide } from './core/guides/index.ts';
export { loadGuideInputs } from './adapters/render/guide-inputs.ts';
export { renderGuideHtml } from './adapters/render/guide-html.ts';
export { renderGuideMarkdown } from './adapters/render/guide-markdown.ts';
export { factCheck } from './core/factcheck/index.ts';

// Revenue recovery: denial root causes from CARC/RARC (rules/denials/mapping.yaml).
export { classifyAdjustment } from './core/recovery/classify.ts';
export type { Classification, DenialMapping } from './core/recovery/model.ts';
export { loadDenialMapping, loadRecoveryRules } from './adapters/store/recovery/rules-files.ts';
