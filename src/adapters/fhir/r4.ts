/**
 * The FHIR R4 (4.0.1) types drugclaim reads and writes: the DefinitelyTyped R4 definitions (`@types/fhir`, the
 * `fhir/r4` entry of the 0.0.x line; the package's 1.x/3.x lines describe older FHIR versions), under the short
 * names the adapter uses. Input JSON is untrusted, so the adapter still checks every value at run time.
 * @see https://hl7.org/fhir/R4/claim.html, https://hl7.org/fhir/R4/explanationofbenefit.html
 */
export type {
  Address,
  Bundle,
  Claim,
  ClaimCareTeam,
  ClaimDiagnosis,
  ClaimInsurance,
  ClaimItem,
  ClaimItemDetail,
  ClaimSupportingInfo,
  CodeableConcept,
  Coding,
  Coverage,
  ExplanationOfBenefit,
  ExplanationOfBenefitItemAdjudication as Adjudication,
  ExplanationOfBenefitItem as EobItem,
  Extension,
  HumanName,
  Identifier,
  Money,
  Organization,
  Patient,
  Period,
  Practitioner,
  Quantity,
  Reference,
  Resource,
} from 'fhir/r4.js';
