/**
 * The edit registry: every edit drugclaim runs, one import line each. docs/edits.md documents each id; a test
 * (registry.test.ts) proves the two list the same edits.
 */
import { addOnWithoutPrimary } from './add-on-without-primary/index.ts';
import { chargeBelowExpected } from './charge-below-expected/index.ts';
import { chargeZero } from './charge-zero/index.ts';
import { claimChangeReasonMissing } from './claim-change-reason-missing/index.ts';
import { claimTotalMismatch } from './claim-total-mismatch/index.ts';
import { codeNotUpperCase } from './code-not-upper-case/index.ts';
import { codeNotValidOnDos } from './code-not-valid-on-dos/index.ts';
import { codeUnknown } from './code-unknown/index.ts';
import { dateOfServiceInFuture } from './date-of-service-in-future/index.ts';
import { dateOfServiceMissing } from './date-of-service-missing/index.ts';
import { diagnosisInvalid } from './diagnosis-invalid/index.ts';
import { diagnosisPointerMissing } from './diagnosis-pointer-missing/index.ts';
import { drugAdministrationMissing } from './drug-administration-missing/index.ts';
import { duplicateLine } from './duplicate-line/index.ts';
import { jwJzContainerUnknown } from './jw-jz-container-unknown/index.ts';
import { jwJzMissing } from './jw-jz-missing/index.ts';
import { jwJzNotApplicable } from './jw-jz-not-applicable/index.ts';
import { jwJzSameLine } from './jw-jz-same-line/index.ts';
import { jwUnitsImplausible } from './jw-units-implausible/index.ts';
import { jwWithoutAdministeredLine } from './jw-without-administered-line/index.ts';
import { jzWithDocumentedWaste } from './jz-with-documented-waste/index.ts';
import { jzWithJwLine } from './jz-with-jw-line/index.ts';
import { modifier25OnDrugLine } from './modifier-25-on-drug-line/index.ts';
import { modifier340b } from './modifier-340b/index.ts';
import { modifierNotValidOnDos } from './modifier-not-valid-on-dos/index.ts';
import { mueDateOfService } from './mue-date-of-service/index.ts';
import { mueLine } from './mue-line/index.ts';
import { ndcFormat } from './ndc-format/index.ts';
import { ndcMissing } from './ndc-missing/index.ts';
import { ndcNotInCrosswalk } from './ndc-not-in-crosswalk/index.ts';
import { ndcQuantityMismatch } from './ndc-quantity-mismatch/index.ts';
import { ndcUnitInvalid } from './ndc-unit-invalid/index.ts';
import { originalClaimNumberMissing } from './original-claim-number-missing/index.ts';
import { patientUnidentified } from './patient-unidentified/index.ts';
import { policyBiomarker } from './policy-biomarker/index.ts';
import { policyDiagnosis } from './policy-diagnosis/index.ts';
import { policyDoseLimit } from './policy-dose-limit/index.ts';
import { policyDurationCap } from './policy-duration-cap/index.ts';
import { policyFrequency } from './policy-frequency/index.ts';
import { policyPlaceOfService } from './policy-place-of-service/index.ts';
import { policyPriorAuth } from './policy-prior-auth/index.ts';
import { policyQuantityLimit } from './policy-quantity-limit/index.ts';
import { policyStepTherapy } from './policy-step-therapy/index.ts';
import { referenceOutOfPeriod } from './reference-out-of-period/index.ts';
import { selfAdministeredDrug } from './self-administered-drug/index.ts';
import { serviceDateOutsideStatementPeriod } from './service-date-outside-statement-period/index.ts';
import { timelyFiling } from './timely-filing/index.ts';
import { unitsInvalid } from './units-invalid/index.ts';
import { unitsVsDocumentedDose } from './units-vs-documented-dose/index.ts';
import type { Edit } from './types.ts';

export const EDITS: readonly Edit[] = [
  addOnWithoutPrimary,
  chargeBelowExpected,
  chargeZero,
  claimChangeReasonMissing,
  claimTotalMismatch,
  codeNotUpperCase,
  codeNotValidOnDos,
  codeUnknown,
  dateOfServiceInFuture,
  dateOfServiceMissing,
  diagnosisInvalid,
  diagnosisPointerMissing,
  drugAdministrationMissing,
  duplicateLine,
  jwJzContainerUnknown,
  jwJzMissing,
  jwJzNotApplicable,
  jwJzSameLine,
  jwUnitsImplausible,
  jwWithoutAdministeredLine,
  jzWithDocumentedWaste,
  jzWithJwLine,
  modifier25OnDrugLine,
  modifier340b,
  modifierNotValidOnDos,
  mueDateOfService,
  mueLine,
  ndcFormat,
  ndcMissing,
  ndcNotInCrosswalk,
  ndcQuantityMismatch,
  ndcUnitInvalid,
  originalClaimNumberMissing,
  patientUnidentified,
  policyBiomarker,
  policyDiagnosis,
  policyDoseLimit,
  policyDurationCap,
  policyFrequency,
  policyPlaceOfService,
  policyPriorAuth,
  policyQuantityLimit,
  policyStepTherapy,
  referenceOutOfPeriod,
  selfAdministeredDrug,
  serviceDateOutsideStatementPeriod,
  timelyFiling,
  unitsInvalid,
  unitsVsDocumentedDose,
];

/** Edits by id. */
export const EDITS_BY_ID: ReadonlyMap<string, Edit> = new Map(EDITS.map((e) => [e.id, e]));
