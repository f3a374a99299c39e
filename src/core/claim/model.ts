/**
 * The canonical claim and remittance model. Every reader (X12 837P/837I/835, FHIR R4, JSON, CSV) produces these
 * and every writer consumes them; edits, dosing and recovery see nothing else.
 *
 * Money is integer cents. Identifiers and control numbers stay strings (leading zeros matter).
 * Dates are ISO YYYY-MM-DD. Diagnosis codes are ICD-10-CM without the dot.
 */
import type { SourcePosition } from '../problem.ts';
import type { IsoDate } from '../reference/model.ts';

/**
 * Units and NDC quantities read are below this in size: an 837 holds 15 digits in a quantity (X12 R 1/15: SV104,
 * SV205, CTP04), so a larger one could not be sent as read.
 */
export const MAX_QUANTITY = 1e15;

export type ClaimFormat = '837P' | '837I' | 'fhir' | 'json' | 'csv';

export type PayerKind = 'medicare' | 'medicaid' | 'commercial' | 'unknown';

/** A postal address (837 N3/N4, FHIR Address). */
export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

/** A contact (837 PER): name and the first phone/email given. */
export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
}

export interface Party {
  name?: string;
  /** Organisation or last name and first name, when the source splits them. */
  lastName?: string;
  firstName?: string;
  /** A person's middle name or initial (837 NM105). */
  middleName?: string;
  npi?: string;
  /** Tax id (EIN or SSN) as sent, digits only. */
  tin?: string;
  /** Other id (payer id, submitter id, taxonomy). */
  id?: string;
  /**
   * For a payer, the qualifier of `id` as sent when it is not the usual `PI` (payer id): `XV`, the CMS plan id
   * (837 2010BB/2330B NM108). The 837 writer sends XV back, and PI otherwise.
   */
  idQualifier?: string;
  taxonomy?: string;
  address?: Address;
  contact?: Contact;
}

export interface Patient {
  memberId?: string;
  firstName?: string;
  lastName?: string;
  /** Middle name or initial (837 NM105). */
  middleName?: string;
  birthDate?: IsoDate;
  sex?: 'M' | 'F' | 'U';
  /**
   * Weight in kg and height in cm, where the claim carries them. 837P: PAT07 `01` + PAT08 weight in pounds
   * (2000B/2000C), CR1 `LB` weight, 2400 MEA*..*HT height in inches; FHIR: supportingInfo with LOINC 29463-7
   * (body weight) or 8302-2 (body height) and a valueQuantity. Converted to kg/cm with 3 decimals.
   */
  weightKg?: number;
  heightCm?: number;
  address?: Address;
}

export interface Diagnosis {
  /** ICD-10-CM without the dot, upper case. */
  code: string;
  /**
   * As sent: ABK principal / ABF other (837P), ABK/ABF/ABJ/APR/ABN (837I) for ICD-10-CM codes; BK/BF/BJ/PR/BN are
   * the same roles for ICD-9-CM codes (valid in 5010 too, and kept: they are not 4010 spellings of ABK…); FHIR:
   * "principal", etc.
   */
  qualifier?: string;
  /**
   * FHIR: the code system the diagnosis coding named (`http://hl7.org/fhir/sid/icd-10-cm`, `…/icd-9-cm`), `''` when
   * it named none. Absent for other sources: the qualifier tells (X12 BK/BF/BJ/PR… are ICD-9-CM), else ICD-10-CM.
   */
  system?: string;
  /** 1-based position the line pointers refer to. */
  pointer: number;
}

export interface Procedure {
  /** HC = HCPCS/CPT (837), ER, IV, WK…; FHIR system URI otherwise. */
  qualifier: string;
  code: string;
  /** Up to 4 modifiers, in order. */
  modifiers: string[];
  description?: string;
}

export type NdcUnit = 'UN' | 'ML' | 'GR' | 'F2' | 'ME';

export interface LineDrug {
  /** N4 = 11-digit NDC (5-4-2, no hyphens). The raw value is kept as sent; normalisation is an edit's fix. */
  ndc: string;
  ndcQualifier: string;
  quantity?: number;
  unit?: string;
  prescriptionNumber?: string;
}

/**
 * A dose documented for the line. How it arrives:
 * - 837P/837I: a line note (2400 NTE02) that clearly states it, e.g. `DOSE 750MG`, `DOSE: 7.5 MG/KG`,
 *   `ADMINISTERED 750 MG`, and for waste (JW lines) `WASTE 50MG`, `DISCARDED 50 MG`, `JW 50 MG`.
 *   The accepted patterns are listed in docs/claims-io.md ("Documented doses"); a note that matches none leaves
 *   `dose` unset (the note itself stays in `ClaimLine.notes`).
 * - FHIR Claim: the item extension `https://drugclaim.dev/fhir/StructureDefinition/documented-dose`
 *   (valueString, or valueQuantity) and `.../discarded-dose`.
 * - JSON/CSV: the `dose` object / the `dose` and `discarded` columns.
 * `text` keeps the words as sent; `amount`/`unit` are filled when the text is one number and one unit.
 */
export interface DocumentedDose {
  text: string;
  /** Wasted/discarded amount documented for a JW line, if any. */
  discardedText?: string;
  /** Parsed amount and unit of `text` (unit upper case as written: MG, MCG, G, ML, UNITS, MG/KG, MG/M2…). */
  amount?: number;
  unit?: string;
  discardedAmount?: number;
  discardedUnit?: string;
}

export interface ClaimLine {
  /** 1-based line number (LX01 / FHIR item.sequence). */
  sequence: number;
  serviceDate?: IsoDate;
  serviceDateTo?: IsoDate;
  procedure: Procedure;
  units: number;
  /** UN units, MJ minutes, F2 international units… */
  unitType?: string;
  chargeCents: number;
  diagnosisPointers: number[];
  /** 837I SV201. */
  revenueCode?: string;
  /** 837I SV207: the part of the line's charge that is not covered, in cents. */
  nonCoveredChargeCents?: number;
  placeOfService?: string;
  drug?: LineDrug;
  notes: string[];
  /** REF*6R line item control number. */
  lineItemControlNumber?: string;
  dose?: DocumentedDose;
  renderingProvider?: Party;
  position?: SourcePosition;
}

export interface OtherPayer {
  /** SBR01: S secondary, T tertiary, P primary… */
  responsibility?: string;
  /** SBR02 individual relationship code. */
  relationship?: string;
  groupNumber?: string;
  groupName?: string;
  claimFilingIndicator?: string;
  subscriber?: Patient;
  payer: Party;
  /** AMT*D other payer paid amount. */
  paidCents?: number;
  /**
   * 2320 OI03 benefits assignment certification (Y, N, W), OI04 patient signature source (P) and OI06 release of
   * information (I, Y), as sent.
   */
  benefitsAssignment?: string;
  patientSignatureSource?: string;
  releaseOfInformation?: string;
  /** CAS adjustments the other payer made at claim level. */
  adjustments?: Adjustment[];
}

/**
 * UB-04 codes an 837I carries in HI segments besides diagnoses (837P: condition codes only, as "condition
 * information"). Codes are kept as sent, upper case; they are the NUBC's code lists.
 */
export interface OccurrenceCode {
  /** HI*BH: occurrence code (e.g. 11 onset of symptoms, A1 birthdate of insured A). */
  code: string;
  date: IsoDate;
}

export interface OccurrenceSpan {
  /** HI*BI: occurrence span code (e.g. 70 qualifying stay dates, 74 non-covered level of care). */
  code: string;
  from: IsoDate;
  to: IsoDate;
}

export interface ValueCode {
  /** HI*BE: value code (e.g. A2 deductible payer A, 80 covered days). */
  code: string;
  /** The HI composite's monetary amount (C022-05), in cents; a count (days, units) is written as an amount too. */
  amountCents: number;
}

/** 837 CLM11: what the condition is related to (an accident, employment). */
export interface RelatedCauses {
  /** CLM11-1/-2/-3 as sent: AA auto accident, EM employment, OA other accident. */
  codes: string[];
  /** CLM11-4: the state or province where an auto accident happened. */
  state?: string;
  /** CLM11-5: its country, when not the US. */
  country?: string;
}

export interface ClaimIndicators {
  providerSignature?: string;
  assignment?: string;
  benefitsAssignment?: string;
  releaseOfInformation?: string;
  patientSignatureSource?: string;
}

export interface Claim {
  /** CLM01 patient control number (the submitter's claim id). */
  id: string;
  format: ClaimFormat;
  /**
   * The envelope it came in, for writing it back as it was: X12 ISA/GS/ST/BHT values as sent (the ISA's
   * fixed-length ids without their padding; ISA01–04 authorisation and security information are not kept).
   */
  envelope?: {
    /** ISA13, GS06 and ST02 control numbers (leading zeros kept). */
    interchangeControl?: string;
    groupControl?: string;
    transactionControl?: string;
    /** ST03 (else GS08) implementation guide, e.g. 005010X222A1. */
    version?: string;
    /** ISA05/ISA06 interchange sender id qualifier and id; ISA07/ISA08 the receiver's. */
    senderQualifier?: string;
    senderId?: string;
    receiverQualifier?: string;
    receiverId?: string;
    /** ISA14: 1 when the sender asked for an interchange acknowledgment (TA1), else 0. */
    acknowledgmentRequested?: string;
    /** ISA15: P production data, T test data. */
    usage?: string;
    /** GS02/GS03 application sender's and receiver's codes. */
    applicationSender?: string;
    applicationReceiver?: string;
    /** BHT02 purpose: 00 original, 18 reissue. */
    purpose?: string;
    /** BHT03 the originator's reference for the transaction. */
    reference?: string;
    /** BHT06: CH chargeable (claim), RP reporting (encounter), 31 subrogation demand. */
    transactionType?: string;
    /** 837 BHT05 creation time as sent (HHMM, HHMMSS…). */
    createdTime?: string;
    /** When the submitter created the claim: 837 BHT04, FHIR Claim.created (date part). */
    created?: IsoDate;
    /**
     * FHIR Claim: its logical id, the system of the identifier the claim id came from, and the references that
     * could not be followed (a server's `Patient/1`), so that writing the Claim back keeps them.
     */
    fhir?: {
      id?: string;
      identifierSystem?: string;
      references?: { patient?: string; provider?: string; insurer?: string; coverage?: string };
    };
  };
  submitter?: Party;
  receiver?: Party;
  billingProvider: Party;
  /**
   * Where the payer sends payment when that is not the billing provider's address (837 2010AB NM1*87 N3/N4; FHIR
   * Claim.payee.party, a resource other than Claim.provider, with an address).
   */
  payToAddress?: Address;
  renderingProvider?: Party;
  payer: Party & { kind: PayerKind };
  subscriber?: Patient & {
    relationship?: string;
    groupNumber?: string;
    claimFilingIndicator?: string;
    /** SBR01 payer responsibility sequence: P primary, S secondary, T tertiary… */
    payerResponsibility?: string;
    /** SBR04 group or plan name. */
    groupName?: string;
  };
  /** PAT01 (2000C) patient's relationship to the subscriber when the patient is not the subscriber. */
  patientRelationship?: string;
  /** Other payers on the claim (837 loop 2320 with 2330A/2330B), in order. */
  otherPayers?: OtherPayer[];
  /** CLM06–CLM10 indicators (signature on file, assignment, benefits assignment, release of information, patient signature source). */
  indicators?: ClaimIndicators;
  /** CLM11 related causes (accident, employment). */
  relatedCauses?: RelatedCauses;
  /** CLM20 delay reason code: why the claim is sent late (1–11, 15), which timely filing looks at. */
  delayReasonCode?: string;
  /** 837I: attending provider (2310A NM1*71). */
  attendingProvider?: Party;
  /** 837I: operating physician (2310B NM1*72) and other operating physician (2310C NM1*ZZ). */
  operatingPhysician?: Party;
  otherOperatingPhysician?: Party;
  /**
   * HI*BG condition codes (837I, and 837P "condition information"), e.g. D0–D9/E0 claim change reasons on a
   * replacement bill.
   */
  conditionCodes?: string[];
  /** 837I HI*BH occurrence codes, HI*BI occurrence spans and HI*BE value codes, in the order sent. */
  occurrenceCodes?: OccurrenceCode[];
  occurrenceSpans?: OccurrenceSpan[];
  valueCodes?: ValueCode[];
  /** 837I CL1: admission type, admission source, patient status. */
  admissionType?: string;
  admissionSource?: string;
  patientStatus?: string;
  /** 837I DTP*435 admission date (date part). */
  admissionDate?: IsoDate;
  /** 837I DTP*435 admission hour (HHMM) when the date came with it (DT), as inpatient claims must send it. */
  admissionHour?: string;
  /** 2310C/2310E service facility location. */
  serviceFacility?: Party;
  /** 2310A referring provider (837P). */
  referringProvider?: Party;
  patient: Patient;
  frequencyCode?: string;
  /** 837P CLM05-1 place of service. */
  placeOfService?: string;
  /** 837I type of bill (CLM05-1 facility code + CLM05-3 frequency). */
  typeOfBill?: string;
  totalChargeCents: number;
  diagnoses: Diagnosis[];
  priorAuthorization?: string;
  /** REF*F8 original reference number (payer claim control number on replacements). */
  payerClaimControlNumber?: string;
  statementFrom?: IsoDate;
  statementTo?: IsoDate;
  notes: string[];
  lines: ClaimLine[];
  position?: SourcePosition;
}

/** CAS group codes. */
export type AdjustmentGroup = 'CO' | 'PR' | 'OA' | 'PI' | 'CR';

export interface Adjustment {
  group: AdjustmentGroup | string;
  carc: string;
  amountCents: number;
  quantity?: number;
}

export interface RemittanceServiceLine {
  procedure: Procedure;
  /** SVC06 original procedure when the payer changed it. */
  originalProcedure?: Procedure;
  chargeCents: number;
  paidCents: number;
  units?: number;
  originalUnits?: number;
  revenueCode?: string;
  serviceDate?: IsoDate;
  serviceDateTo?: IsoDate;
  adjustments: Adjustment[];
  /** LQ*HE remark codes (RARC). */
  remarkCodes: string[];
  lineItemControlNumber?: string;
  allowedCents?: number;
  /** FHIR ExplanationOfBenefit item adjudications as sent (CARIN BB categories), when read from FHIR. */
  adjudications?: AdjudicationAmount[];
  /** NDC the payer reported for the line (FHIR productOrService/extension), when any. */
  ndc?: string;
  position?: SourcePosition;
}

/** One FHIR adjudication entry: a CARIN BB / HL7 adjudication category and its amount (or value). */
export interface AdjudicationAmount {
  category: string;
  amountCents?: number;
  value?: number;
  /** Adjudication reason (e.g. a CARC) when given. */
  reason?: string;
}

export interface RemittanceClaim {
  /** CLP01: the submitter's claim id. */
  patientControlNumber: string;
  /** CLP02: 1 processed primary, 2 secondary, 3 tertiary, 4 denied, 19-22 … */
  status: string;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  claimFilingIndicator?: string;
  /** CLP07. */
  payerClaimControlNumber?: string;
  facilityCode?: string;
  frequencyCode?: string;
  patient?: Patient;
  adjustments: Adjustment[];
  /** MOA/MIA remark codes. */
  remarkCodes: string[];
  statementFrom?: IsoDate;
  statementTo?: IsoDate;
  receivedDate?: IsoDate;
  /** FHIR ExplanationOfBenefit header adjudications/totals as sent, when read from FHIR. */
  adjudications?: AdjudicationAmount[];
  serviceLines: RemittanceServiceLine[];
  position?: SourcePosition;
}

export interface ProviderAdjustment {
  providerId: string;
  fiscalPeriodDate?: IsoDate;
  reasonCode: string;
  reference?: string;
  amountCents: number;
}

export interface Remittance {
  format: '835' | 'fhir';
  envelope?: {
    interchangeControl?: string;
    groupControl?: string;
    transactionControl?: string;
    version?: string;
  };
  payer: Party;
  payee: Party;
  payment: {
    /** BPR01 transaction handling code. */
    handling?: string;
    amountCents: number;
    creditDebit?: string;
    /** ACH, CHK, NON, FWT, BOP. */
    method?: string;
    date?: IsoDate;
    /** TRN02 check or EFT trace number. */
    traceNumber?: string;
  };
  productionDate?: IsoDate;
  claims: RemittanceClaim[];
  providerAdjustments: ProviderAdjustment[];
  position?: SourcePosition;
}
