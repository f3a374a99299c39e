/**
 * What a claim holds that an output format cannot carry, so `convert` says so instead of dropping it silently. The
 * lists are kept honest by a round-trip test over every sample (not-carried.test.ts): any field that does not come
 * back from a format must be covered here.
 */
import type { Claim, Remittance } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';

/** A kind of data a format leaves out, and the claim fields (paths, `[]` for each array item) that hold it. */
export interface NotCarried {
  label: string;
  paths: readonly string[];
}

const PARTY = [
  'name',
  'lastName',
  'firstName',
  'middleName',
  'npi',
  'tin',
  'id',
  'taxonomy',
  'address',
  'contact',
];
const party = (prefix: string): string[] => PARTY.map((p) => `${prefix}.${p}`);

/** Not in the FHIR Claim drugclaim writes (docs/claims-io.md, "claim → Claim"). */
const FHIR: readonly NotCarried[] = [
  { label: 'submitter and receiver (1000A/1000B)', paths: ['submitter', 'receiver'] },
  // The subscriber's member id is carried (Coverage.subscriberId): the patient's own when the patient is the
  // subscriber, so it comes back as `patient.memberId` then.
  {
    label: 'subscriber details (2000B/2010BA)',
    paths: [
      'subscriber.firstName',
      'subscriber.lastName',
      'subscriber.middleName',
      'subscriber.birthDate',
      'subscriber.sex',
      'subscriber.weightKg',
      'subscriber.heightCm',
      'subscriber.address',
      'subscriber.relationship',
      'subscriber.groupNumber',
      'subscriber.groupName',
      'subscriber.claimFilingIndicator',
      'subscriber.payerResponsibility',
    ],
  },
  { label: 'other payers (2320/2330)', paths: ['otherPayers'] },
  { label: 'payer id qualifier XV, the CMS plan id (NM108)', paths: ['payer.idQualifier'] },
  { label: 'claim indicators (CLM06–CLM09)', paths: ['indicators'] },
  {
    label: 'related causes and delay reason (CLM11, CLM20)',
    paths: ['relatedCauses', 'delayReasonCode'],
  },
  { label: 'service facility (2310C/2310E)', paths: ['serviceFacility'] },
  {
    label: 'billing provider contact and taxonomy',
    paths: ['billingProvider.contact', 'billingProvider.taxonomy'],
  },
  { label: 'admission date and hour (837I DTP*435)', paths: ['admissionDate', 'admissionHour'] },
  { label: 'non-covered charges (837I SV207)', paths: ['lines[].nonCoveredChargeCents'] },
  {
    label: 'UB-04 condition, occurrence and value codes (HI*BG/BH/BI/BE)',
    paths: ['conditionCodes', 'occurrenceCodes', 'occurrenceSpans', 'valueCodes'],
  },
];

/** Not in the CSV layout (docs/claims-io.md, "CSV layout"): one row per line with the columns listed there. */
const CSV: readonly NotCarried[] = [
  ...FHIR,
  {
    label: 'addresses (billing provider, pay-to, payer, patient)',
    paths: ['billingProvider.address', 'payToAddress', 'payer.address', 'patient.address'],
  },
  { label: 'middle names (NM105)', paths: ['patient.middleName', 'billingProvider.middleName'] },
  {
    label: 'provider names and taxonomies (billing name parts, rendering, attending, referring)',
    paths: [
      'billingProvider.lastName',
      'billingProvider.firstName',
      ...party('renderingProvider').filter((p) => p !== 'renderingProvider.npi'),
      ...party('attendingProvider'),
      ...party('operatingPhysician'),
      ...party('otherOperatingPhysician'),
      ...party('referringProvider'),
      ...party('lines[].renderingProvider'),
    ],
  },
  {
    label: 'statement and admission details (837I)',
    paths: ['statementFrom', 'statementTo', 'admissionType', 'admissionSource', 'patientStatus'],
  },
  { label: 'patient relationship (PAT01)', paths: ['patientRelationship'] },
  { label: 'line item control numbers (REF*6R)', paths: ['lines[].lineItemControlNumber'] },
  { label: 'place of service on a line', paths: ['lines[].placeOfService'] },
  { label: 'claim notes (NTE in 2300)', paths: ['notes'] },
  { label: 'payer claim control number', paths: ['payerClaimControlNumber'] },
];

export const NOT_CARRIED: Readonly<Record<'fhir' | 'csv', readonly NotCarried[]>> = { fhir: FHIR, csv: CSV };

/**
 * Not in the ExplanationOfBenefits drugclaim writes for a remittance (docs/claims-io.md, "remittance →
 * ExplanationOfBenefit"): each EOB carries its own claim, with its payment (CLP04 as `payment.amount`, BPR16, TRN02;
 * the check's total, BPR02, is their sum less the PLB amounts). Paths are the remittance's; its claims come back whole.
 */
export const REMITTANCE_NOT_CARRIED: readonly NotCarried[] = [
  { label: 'provider-level adjustments (PLB)', paths: ['providerAdjustments'] },
  {
    label: 'payment handling, credit/debit flag and method (BPR01, BPR03, BPR04)',
    paths: ['payment.handling', 'payment.creditDebit', 'payment.method'],
  },
];

/** True when `path` holds a value in `value` (a non-empty string, a number, a non-empty object or array). */
export function holds(value: unknown, path: string): boolean {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return present(value);
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if (head.endsWith('[]')) {
    const items = record[head.slice(0, -2)];
    return Array.isArray(items) && items.some((item) => holds(item, rest.join('.')));
  }
  return rest.length === 0 ? present(record[head]) : holds(record[head], rest.join('.'));
}

function present(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.values(v).some(present);
  return true;
}

/** Counts, per label, the items (claims, remittances) holding data an output leaves out. */
class Tally<T> {
  private readonly checks: readonly NotCarried[];
  private readonly noun: string;
  private readonly counts = new Map<string, number>();

  constructor(checks: readonly NotCarried[], noun: string) {
    this.checks = checks;
    this.noun = noun;
  }

  add(item: T): void {
    for (const check of this.checks)
      if (check.paths.some((p) => holds(item, p)))
        this.counts.set(check.label, (this.counts.get(check.label) ?? 0) + 1);
  }

  /** "subscriber details (2000B/2010BA): 12 claims; …", or undefined when nothing was left out. */
  describe(): string | undefined {
    if (this.counts.size === 0) return undefined;
    return [...this.counts]
      .map(([label, n]) => `${label}: ${n.toLocaleString('en-US')} ${this.noun}${n === 1 ? '' : 's'}`)
      .join('; ');
  }
}

/** Counts, per label, the claims holding data the format leaves out. */
export class NotCarriedTally extends Tally<Claim> {
  constructor(format: 'fhir' | 'csv') {
    super(NOT_CARRIED[format], 'claim');
  }
}

/**
 * Counts what remittances hold that an output leaves out: for FHIR, `REMITTANCE_NOT_CARRIED`; for X12 and CSV,
 * which carry no remittance at all, the remittances themselves.
 */
export class RemittanceNotCarriedTally extends Tally<Remittance> {
  constructor(format: 'fhir' | 'x12' | 'csv') {
    super(
      format === 'fhir'
        ? REMITTANCE_NOT_CARRIED
        : [{ label: 'remittances (835, ExplanationOfBenefit)', paths: ['claims', 'providerAdjustments'] }],
      'remittance',
    );
  }
}

/** The `claim-file.not-carried` warning: `output` ("The FHIR Claim output") leaves out what `lost` describes. */
export function notCarriedWarning(output: string, file: string, lost: string): Problem {
  return {
    code: 'claim-file.not-carried',
    severity: 'warning',
    message: `${output} does not carry some of what ${file} holds; it is not in the output (${lost}).`,
    at: { file },
  };
}
