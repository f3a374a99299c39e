/**
 * Dose → billing units: exact arithmetic, least-waste packages, JW/JZ and 340B lines, NDC quantity, label
 * plausibility. Pure: no I/O. See docs/dosing.md.
 */
export { computeUnits, DEFAULT_MODIFIER_FACTS, JZ_REQUIRED_FROM } from './units.ts';
export type {
  AlternativeOut,
  AmountOut,
  LineOut,
  Modifier340b,
  ModifierFact,
  OpenedInput,
  PackageInput,
  PackageOut,
  QuantityInput,
  UnitsInput,
  UnitsResult,
} from './units.ts';
export { planUnits, parsePackageList } from './from-reference.ts';
export type { PackageListItem, UnitsRequest } from './from-reference.ts';
export {
  amountInUnit,
  bsaDuBois,
  bsaMosteller,
  CARBOPLATIN_GFR_CAP,
  cockcroftGault,
  LB_IN_KG,
  parseConcentration,
  parseDose,
  parseHeight,
  parseWeight,
  resolveDose,
} from './dose.ts';
export type { BsaFormula, DoseBasis, DoseSpec, PatientMeasures, ResolvedDose, Sex } from './dose.ts';
export { billingUnits } from './rounding.ts';
export type { UnitRounding } from './rounding.ts';
export { leastWaste, SEARCH_CELL_LIMIT } from './packages.ts';
export type { Combination, SearchResult, SizeOption } from './packages.ts';
export { checkDosePlausibility, LABEL_DOSING, labelDosingForCode, labelRangeText } from './label-dosing.ts';
export type {
  LabelBasis,
  LabelDoseForm,
  LabelDrug,
  LabelRange,
  LabelHcpcs,
  LabelIndication,
  PlausibilityCheck,
} from './label-dosing.ts';
export { PROBLEM_CODES, RULES, SOURCES } from './rules.ts';
export type { DosingProblemCode, RuleApplied, RuleId } from './rules.ts';
export { convert, formatQuantity, parseQuantity, unitKind } from './quantity.ts';
export type { Quantity, UnitKind } from './quantity.ts';
export * as rational from './rational.ts';
export type { Rational } from './rational.ts';
