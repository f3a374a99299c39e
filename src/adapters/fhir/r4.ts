/**
 * The FHIR R4 (4.0.1) structures drugclaim reads and writes, as TypeScript types.
 *
 * Why local: the installed devDependency `@types/fhir@3.0.2` describes FHIR STU3 (no `fhir/r4`, no
 * `productOrService`), so it does not fit. Only the elements this adapter touches are declared, each with its R4
 * name and cardinality; everything is optional because input JSON is untrusted and is checked at run time.
 * Swapping these for `import type { Claim } from 'fhir/r4'` (package `@types/fhir@0.0.x`) needs no other change.
 * @see https://hl7.org/fhir/R4/claim.html, https://hl7.org/fhir/R4/explanationofbenefit.html
 */

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}

export interface Identifier {
  system?: string;
  value?: string;
  type?: CodeableConcept;
}

export interface Money {
  value?: number;
  currency?: string;
}

export interface Quantity {
  value?: number;
  unit?: string;
  system?: string;
  code?: string;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Extension {
  url?: string;
  valueString?: string;
  valueCoding?: Coding;
  valueQuantity?: Quantity;
  valueCodeableConcept?: CodeableConcept;
  extension?: Extension[];
}

export interface HumanName {
  family?: string;
  given?: string[];
  text?: string;
}

export interface Address {
  line?: string[];
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export interface Resource {
  resourceType?: string;
  id?: string;
  meta?: { profile?: string[] };
}

export interface Patient extends Resource {
  resourceType?: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
  gender?: string;
  birthDate?: string;
  address?: Address[];
}

export interface Organization extends Resource {
  resourceType?: 'Organization';
  identifier?: Identifier[];
  name?: string;
  address?: Address[];
}

export interface Practitioner extends Resource {
  resourceType?: 'Practitioner';
  identifier?: Identifier[];
  name?: HumanName[];
  address?: Address[];
}

export interface Coverage extends Resource {
  resourceType?: 'Coverage';
  status?: string;
  subscriberId?: string;
  beneficiary?: Reference;
  payor?: Reference[];
  relationship?: CodeableConcept;
  type?: CodeableConcept;
  class?: { type?: CodeableConcept; value?: string; name?: string }[];
}

export interface ClaimDiagnosis {
  sequence?: number;
  diagnosisCodeableConcept?: CodeableConcept;
  type?: CodeableConcept[];
}

export interface ClaimSupportingInfo {
  sequence?: number;
  category?: CodeableConcept;
  code?: CodeableConcept;
  valueQuantity?: Quantity;
  valueString?: string;
  timingDate?: string;
  timingPeriod?: Period;
}

export interface ClaimCareTeam {
  sequence?: number;
  provider?: Reference;
  role?: CodeableConcept;
  qualification?: CodeableConcept;
}

export interface ClaimItemDetail {
  sequence?: number;
  productOrService?: CodeableConcept & { extension?: Extension[] };
  quantity?: Quantity;
  unitPrice?: Money;
  net?: Money;
}

export interface ClaimItem {
  sequence?: number;
  careTeamSequence?: number[];
  diagnosisSequence?: number[];
  revenue?: CodeableConcept;
  productOrService?: CodeableConcept & { extension?: Extension[] };
  modifier?: CodeableConcept[];
  servicedDate?: string;
  servicedPeriod?: Period;
  locationCodeableConcept?: CodeableConcept;
  quantity?: Quantity;
  unitPrice?: Money;
  net?: Money;
  detail?: ClaimItemDetail[];
  extension?: Extension[];
}

export interface ClaimInsurance {
  sequence?: number;
  focal?: boolean;
  coverage?: Reference;
  preAuthRef?: string[];
}

export interface Claim extends Resource {
  resourceType?: 'Claim';
  contained?: Resource[];
  extension?: Extension[];
  identifier?: Identifier[];
  status?: string;
  type?: CodeableConcept;
  use?: string;
  patient?: Reference;
  billablePeriod?: Period;
  created?: string;
  insurer?: Reference;
  provider?: Reference;
  priority?: CodeableConcept;
  related?: { claim?: Reference; relationship?: CodeableConcept; reference?: Identifier }[];
  payee?: { type?: CodeableConcept; party?: Reference };
  careTeam?: ClaimCareTeam[];
  supportingInfo?: ClaimSupportingInfo[];
  diagnosis?: ClaimDiagnosis[];
  insurance?: ClaimInsurance[];
  item?: ClaimItem[];
  total?: Money;
}

export interface Adjudication {
  category?: CodeableConcept;
  reason?: CodeableConcept;
  amount?: Money;
  value?: number;
}

export interface EobItem extends ClaimItem {
  adjudication?: Adjudication[];
  noteNumber?: number[];
}

export interface ExplanationOfBenefit extends Resource {
  resourceType?: 'ExplanationOfBenefit';
  contained?: Resource[];
  identifier?: Identifier[];
  status?: string;
  type?: CodeableConcept;
  use?: string;
  patient?: Reference;
  billablePeriod?: Period;
  created?: string;
  insurer?: Reference;
  provider?: Reference;
  claim?: Reference;
  outcome?: string;
  disposition?: string;
  payee?: { type?: CodeableConcept; party?: Reference };
  careTeam?: ClaimCareTeam[];
  supportingInfo?: ClaimSupportingInfo[];
  diagnosis?: ClaimDiagnosis[];
  insurance?: { focal?: boolean; coverage?: Reference }[];
  item?: EobItem[];
  adjudication?: Adjudication[];
  total?: { category?: CodeableConcept; amount?: Money }[];
  payment?: { type?: CodeableConcept; date?: string; amount?: Money; identifier?: Identifier; adjustment?: Money };
  processNote?: { number?: number; text?: string }[];
}

export interface Bundle extends Resource {
  resourceType?: 'Bundle';
  type?: string;
  entry?: { fullUrl?: string; resource?: Resource }[];
}
