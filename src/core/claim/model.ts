/**
 * The canonical claim and remittance model. Every reader (X12 837P/837I/835, FHIR R4, JSON, CSV) produces these
 * and every writer consumes them; edits, dosing and recovery see nothing else.
 *
 * Money is integer cents. Identifiers and control numbers stay strings (leading zeros matter).
 * Dates are ISO YYYY-MM-DD. Diagnosis codes are ICD-10-CM without the dot.
 */
import type { SourcePosition } from '../problem.ts';
import type { IsoDate } from '../reference/model.ts';

export type ClaimFormat = '837P' | '837I' | 'fhir' | 'json' | 'csv';

export type PayerKind = 'medicare' | 'medicaid' | 'commercial' | 'unknown';

export interface Party {
  name?: string;
  /** Organisation or last name and first name, when the source splits them. */
  lastName?: string;
  firstName?: string;
  npi?: string;
  /** Tax id (EIN or SSN) as sent, digits only. */
  tin?: string;
  /** Other id (payer id, submitter id, taxonomy). */
  id?: string;
  taxonomy?: string;
}

export interface Patient {
  memberId?: string;
  firstName?: string;
  lastName?: string;
  birthDate?: IsoDate;
  sex?: 'M' | 'F' | 'U';
  /** Weight in kg and height in cm, where the claim carries them (837 PAT/CRC, FHIR supportingInfo). */
  weightKg?: number;
  heightCm?: number;
}

export interface Diagnosis {
  /** ICD-10-CM without the dot, upper case. */
  code: string;
  /** ABK principal / ABF other (837P), ABK/ABF/ABJ/APR (837I); FHIR: "principal", etc. */
  qualifier?: string;
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

/** A dose documented for the line (line note "DOSE 750MG", FHIR extension or side-car JSON). */
export interface DocumentedDose {
  text: string;
  /** Wasted/discarded amount documented for a JW line, if any. */
  discardedText?: string;
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
  placeOfService?: string;
  drug?: LineDrug;
  notes: string[];
  /** REF*6R line item control number. */
  lineItemControlNumber?: string;
  dose?: DocumentedDose;
  renderingProvider?: Party;
  position?: SourcePosition;
}

export interface Claim {
  /** CLM01 patient control number (the submitter's claim id). */
  id: string;
  format: ClaimFormat;
  /** Interchange/transaction control numbers it came in, for writing it back. */
  envelope?: { interchangeControl?: string; groupControl?: string; transactionControl?: string; version?: string };
  submitter?: Party;
  receiver?: Party;
  billingProvider: Party;
  renderingProvider?: Party;
  payer: Party & { kind: PayerKind };
  subscriber?: Patient & { relationship?: string; groupNumber?: string; claimFilingIndicator?: string };
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
  position?: SourcePosition;
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
  envelope?: { interchangeControl?: string; groupControl?: string; transactionControl?: string; version?: string };
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
