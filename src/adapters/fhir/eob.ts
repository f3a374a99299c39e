/**
 * FHIR R4 ExplanationOfBenefit → the canonical remittance view (one remittance with one claim per EOB).
 *
 * Amounts come from the adjudication categories (HL7 adjudication and CARIN BB C4BBAdjudication codes):
 * charge = submitted; paid = paidtoprovider, else benefit; allowed = eligible (or allowed); patient responsibility =
 * memberliability, else paidbypatient, else deductible + coinsurance + copay. Every adjudication is also kept as sent
 * (`adjudications`). An adjudication with an amount whose reason carries an X12 CARC and group coding (as
 * drugclaim's EOB writer, eob-write.ts, puts a CAS adjustment) is that adjustment; a reason coded as a RARC is a
 * remark code; otherwise deductible/coinsurance/copay amounts become PR-1/PR-2/PR-3 adjustments, the X12 meaning of
 * those categories. The NDC is read from productOrService (pharmacy) or the Blue Button NDC extension; the 835 values
 * FHIR has no element for from drugclaim's extensions.
 * @see http://hl7.org/fhir/us/carin-bb/STU2/CodeSystem-C4BBAdjudication.html; CARC 1 deductible, 2 coinsurance,
 * 3 co-payment (X12 Claim Adjustment Reason Codes).
 */
import type {
  AdjudicationAmount,
  Adjustment,
  Party,
  Remittance,
  RemittanceClaim,
  RemittanceServiceLine,
} from '../../core/claim/model.ts';
import { skippedResource, stringExtensions } from './claim.ts';
import {
  codeOf,
  codings,
  dateAt,
  decimalAt,
  extensions,
  extensionsOf,
  finite,
  follow,
  isObject,
  isoDate,
  moneyAt,
  objectAt,
  objectsAt,
  partyFrom,
  patientFrom,
  positionAt,
  positiveInt,
  procedureCoding,
  procedureFrom,
  quantityAt,
  requiredElements,
  requireProcedureCode,
  sequenceChecker,
  servicedDates,
  stringAt,
  systems,
} from './common.ts';
import type { FhirContext } from './common.ts';
import type { Adjudication, EobItem, ExplanationOfBenefit, Identifier, Patient } from './r4.ts';

const categorySystems = [systems.adjudication, systems.carinAdjudication, systems.carinDiscriminator];

/** The categories whose amounts the patient owes: PR-1, PR-2, PR-3 in X12 terms. */
const PATIENT_SHARE: Readonly<Record<string, string>> = { deductible: '1', coinsurance: '2', copay: '3' };

/** A list of adjudications as read: each as sent, and the X12 adjustments and remark codes their reasons carry. */
interface ReadAdjudications {
  amounts: AdjudicationAmount[];
  /** Adjudications with an amount and a CARC reason, with the group coded beside it (or PR by its category). */
  adjustments: Adjustment[];
  /** Reasons coded as RARC. */
  remarks: string[];
  /** The amounts that are no coded adjustment (deductible/coinsurance/copay among them give PR-1/2/3). */
  uncoded: AdjudicationAmount[];
}

function adjudicationsOf(
  list: Adjudication[] | undefined,
  ctx: FhirContext,
  path: string,
): ReadAdjudications {
  const out: ReadAdjudications = { amounts: [], adjustments: [], remarks: [], uncoded: [] };
  for (const [a, at] of objectsAt(ctx, list, path)) {
    const category = codeOf(a.category, categorySystems);
    if (category === undefined) continue;
    const entry: AdjudicationAmount = { category };
    const cents = moneyAt(ctx, a.amount, `${at}.amount`);
    if (cents !== undefined) entry.amountCents = cents;
    const value = decimalAt(ctx, a.value, `${at}.value`);
    if (value !== undefined) entry.value = value;
    const reason = codeOf(a.reason);
    if (reason !== undefined) entry.reason = reason;
    out.amounts.push(entry);
    const reasons = codings(a.reason);
    for (const c of reasons) if (c.system === systems.rarc && c.code !== undefined) out.remarks.push(c.code);
    const carc = reasons.find((c) => c.system === systems.carc)?.code;
    const group =
      reasons.find((c) => c.system === systems.adjustmentGroup)?.code ??
      (PATIENT_SHARE[category] === undefined ? undefined : 'PR');
    if (carc !== undefined && group !== undefined && cents !== undefined) {
      const adjustment: Adjustment = { group, carc, amountCents: cents };
      if (value !== undefined) adjustment.quantity = value;
      out.adjustments.push(adjustment);
    } else out.uncoded.push(entry);
  }
  return out;
}

const amountOf = (list: AdjudicationAmount[], ...categories: string[]): number | undefined => {
  for (const c of categories) {
    const hit = list.find((a) => a.category === c && a.amountCents !== undefined);
    if (hit) return hit.amountCents;
  }
  return undefined;
};

function patientAdjustments(list: AdjudicationAmount[]): Adjustment[] {
  const out: Adjustment[] = [];
  for (const [category, carc] of Object.entries(PATIENT_SHARE)) {
    const cents = amountOf(list, category);
    if (cents !== undefined && cents !== 0) out.push({ group: 'PR', carc, amountCents: cents });
  }
  return out;
}

function patientResponsibility(list: AdjudicationAmount[]): number | undefined {
  const direct = amountOf(list, 'memberliability', 'paidbypatient');
  if (direct !== undefined) return direct;
  const parts = ['deductible', 'coinsurance', 'copay']
    .map((c) => amountOf(list, c))
    .filter((n): n is number => n !== undefined);
  return parts.length > 0 ? parts.reduce((a, b) => a + b, 0) : undefined;
}

/** A procedure with the description its coding displays (the EOB writer puts SVC01-7 there). */
function described(holder: Parameters<typeof procedureFrom>[0]): RemittanceServiceLine['procedure'] {
  const p = procedureFrom(holder);
  const display = procedureCoding(holder.productOrService)?.display;
  if (typeof display === 'string') p.description = display;
  return p;
}

/** The original procedure (SVC06) drugclaim's extension carries: productOrService and modifiers, as an item's. */
function originalProcedure(item: EobItem): RemittanceServiceLine['procedure'] | undefined {
  const ext = extensionsOf(item, extensions.originalProcedure)[0];
  if (!ext || !Array.isArray(ext.extension)) return undefined;
  const parts = ext.extension.filter(isObject);
  const productOrService = parts.find((e) => e.url === 'productOrService')?.valueCodeableConcept;
  if (productOrService === undefined) return undefined;
  return described({
    productOrService,
    modifier: parts
      .filter((e) => e.url === 'modifier' && e.valueCodeableConcept !== undefined)
      .map((e) => e.valueCodeableConcept as NonNullable<typeof e.valueCodeableConcept>),
  });
}

function lineOf(item: EobItem, ctx: FhirContext, path: string): RemittanceServiceLine {
  const procedure = described(item);
  const rev = codeOf(objectAt(ctx, item.revenue, `${path}.revenue`));
  requireProcedureCode(ctx, procedure, path, rev);
  const read = adjudicationsOf(item.adjudication, ctx, `${path}.adjudication`);
  const adjudications = read.amounts;
  const net = moneyAt(ctx, item.net, `${path}.net`);
  const line: RemittanceServiceLine = {
    procedure,
    chargeCents: amountOf(adjudications, 'submitted') ?? net ?? 0,
    paidCents: amountOf(adjudications, 'paidtoprovider', 'benefit') ?? 0,
    adjustments: [...read.adjustments, ...patientAdjustments(read.uncoded)],
    remarkCodes: read.remarks,
    adjudications,
    position: positionAt(ctx, path),
  };
  const original = originalProcedure(item);
  if (original) line.originalProcedure = original;
  const originalUnits = finite(extensionsOf(item, extensions.originalUnits)[0]?.valueDecimal);
  if (originalUnits !== undefined) line.originalUnits = originalUnits;
  const control = stringExtensions(item, extensions.lineItemControlNumber)[0];
  if (control !== undefined) line.lineItemControlNumber = control;
  const allowed = amountOf(adjudications, 'eligible', 'allowed');
  if (allowed !== undefined) line.allowedCents = allowed;
  const quantity = objectAt(ctx, item.quantity, `${path}.quantity`);
  const units = quantityAt(ctx, quantity?.value, `${path}.quantity.value`);
  if (units !== undefined) line.units = units;
  const served = servicedDates(ctx, item, path);
  if (served.from !== undefined) line.serviceDate = served.from;
  if (served.to !== undefined) line.serviceDateTo = served.to;
  if (rev !== undefined) line.revenueCode = rev;
  const ndc =
    codings(item.productOrService).find((c) => c.system === systems.ndc && typeof c.code === 'string')
      ?.code ?? extensionsOf(item.productOrService, systems.ndc)[0]?.valueCoding?.code;
  if (typeof ndc === 'string') line.ndc = ndc;
  return line;
}

/** The id of the Claim an EOB answers ("Claim/100150" → "100150"), when it names one. */
function claimRefId(eob: ExplanationOfBenefit): string | undefined {
  const ref = eob.claim?.reference;
  if (typeof ref !== 'string') return undefined;
  const m = /(?:^|\/)Claim\/([^/]+)$/.exec(ref);
  return m?.[1];
}

/** What stays unknown when a reference of an EOB cannot be followed, for the message. */
const LOST = {
  patient: "the patient's name and birth date are unknown (matching to a claim uses them)",
  insurer: "the payer's name and ids are unknown",
  payee: "the payee's NPI and name are unknown",
} as const;
const PARTY_TYPES = ['Organization', 'Practitioner', 'PractitionerRole'];

/**
 * One EOB → a remittance holding one claim (undefined when the EOB is not read: entered in error, cancelled, or a
 * preauthorization/predetermination, which pays nothing).
 */
export function remittanceFromEob(
  eob: ExplanationOfBenefit,
  ctx: FhirContext,
  path: string,
): Remittance | undefined {
  if (skippedResource(ctx, eob, path)) return undefined;
  const req = requiredElements(ctx, 'ExplanationOfBenefit', path);
  req(stringAt(ctx, eob.status, `${path}.status`) !== undefined, 'status');
  req(objectAt(ctx, eob.type, `${path}.type`) !== undefined, 'type');
  req(stringAt(ctx, eob.use, `${path}.use`) !== undefined, 'use');
  req(eob.patient !== undefined, 'patient');
  req(typeof eob.created === 'string' && isoDate(eob.created) !== undefined, 'created');
  req(eob.insurer !== undefined, 'insurer');
  req(eob.provider !== undefined, 'provider');
  req(stringAt(ctx, eob.outcome, `${path}.outcome`) !== undefined, 'outcome');
  req(Array.isArray(eob.insurance) ? eob.insurance.length > 0 : eob.insurance !== undefined, 'insurance');

  const ids = objectsAt(ctx, eob.identifier, `${path}.identifier`).map(([i]) => i);
  const unique = ids.find((i: Identifier) => codeOf(i.type) === 'uc' && typeof i.value === 'string');
  const header = adjudicationsOf(eob.adjudication, ctx, `${path}.adjudication`);
  const headerAdj = [...header.amounts];
  for (const [t, at] of objectsAt(ctx, eob.total, `${path}.total`)) {
    const category = codeOf(t.category, categorySystems);
    const cents = moneyAt(ctx, t.amount, `${at}.amount`);
    if (category === undefined) continue;
    const total: AdjudicationAmount = { category, ...(cents === undefined ? {} : { amountCents: cents }) };
    headerAdj.push(total);
    header.uncoded.push(total);
  }
  const serviceLines: RemittanceServiceLine[] = [];
  const checkSequence = sequenceChecker(ctx);
  for (const [item, at] of objectsAt(ctx, eob.item, `${path}.item`)) {
    const sequence = positiveInt(item.sequence);
    if (sequence !== undefined) checkSequence(sequence, at);
    serviceLines.push(lineOf(item, ctx, at));
  }
  const sum = (f: (l: RemittanceServiceLine) => number): number => serviceLines.reduce((s, l) => s + f(l), 0);
  const patient = patientFrom(
    follow(ctx, eob.patient, `${path}.patient`, ['Patient'], LOST.patient) as Patient | undefined,
  );
  const payment = objectAt(ctx, eob.payment, `${path}.payment`);
  const paymentCents = moneyAt(ctx, payment?.amount, `${path}.payment.amount`);
  const claim: RemittanceClaim = {
    // CARIN identifier type "pat" is the provider's patient account number (CLP01 in X12 terms).
    patientControlNumber:
      ids.find((i) => codeOf(i.type) === 'pat' && typeof i.value === 'string')?.value ??
      claimRefId(eob) ??
      unique?.value ??
      eob.id ??
      '',
    // The 835 claim status (CLP02) when drugclaim's extension keeps it, else the R4 outcome.
    status:
      stringExtensions(eob, extensions.claimStatusCode)[0] ??
      (typeof eob.outcome === 'string' ? eob.outcome : ''),
    chargeCents: amountOf(headerAdj, 'submitted') ?? sum((l) => l.chargeCents),
    paidCents:
      amountOf(headerAdj, 'paidtoprovider', 'benefit') ??
      (serviceLines.some((l) => amountOf(l.adjudications ?? [], 'paidtoprovider', 'benefit') !== undefined)
        ? sum((l) => l.paidCents)
        : paymentCents) ??
      0,
    patientResponsibilityCents:
      patientResponsibility(headerAdj) ?? sum((l) => patientResponsibility(l.adjudications ?? []) ?? 0),
    adjustments: [...header.adjustments, ...patientAdjustments(header.uncoded)],
    remarkCodes: header.remarks,
    adjudications: headerAdj,
    serviceLines,
    position: positionAt(ctx, path),
  };
  // The payer's id for the claim: the CARIN unique claim id, else an identifier without a type (the HL7 examples
  // give the EOB's business identifier that way), as X12 CLP07.
  const payerId =
    unique?.value ?? ids.find((i) => i.type === undefined && typeof i.value === 'string')?.value;
  if (payerId !== undefined) claim.payerClaimControlNumber = payerId;
  if (Object.keys(patient).length > 0) claim.patient = patient;
  const filing = stringExtensions(eob, extensions.claimFilingIndicator)[0];
  if (filing !== undefined) claim.claimFilingIndicator = filing;
  const facility = stringExtensions(eob, extensions.facilityCode)[0];
  if (facility !== undefined) claim.facilityCode = facility;
  const frequency = stringExtensions(eob, extensions.frequencyCode)[0];
  if (frequency !== undefined) claim.frequencyCode = frequency;
  // CARIN's claim received date (835 DTM*050).
  for (const [info, at] of objectsAt(ctx, eob.supportingInfo, `${path}.supportingInfo`)) {
    if (codeOf(info.category, [systems.carinSupportingInfo]) !== 'clmrecvddate') continue;
    const received = dateAt(ctx, info.timingDate, `${at}.timingDate`);
    if (received !== undefined) claim.receivedDate = received;
  }
  const billable = objectAt(ctx, eob.billablePeriod, `${path}.billablePeriod`);
  const from = dateAt(ctx, billable?.start, `${path}.billablePeriod.start`);
  const to = dateAt(ctx, billable?.end, `${path}.billablePeriod.end`);
  if (from !== undefined) claim.statementFrom = from;
  if (to !== undefined) claim.statementTo = to;
  const payeeParty = isObject(eob.payee) && isObject(eob.payee.party) ? eob.payee.party : undefined;
  const payeeRef = payeeParty ?? (isObject(eob.provider) ? eob.provider : undefined);
  const payee: Party = partyFrom(
    follow(
      ctx,
      payeeRef,
      payeeParty ? `${path}.payee.party` : `${path}.provider`,
      [...PARTY_TYPES, 'Patient', 'RelatedPerson'],
      LOST.payee,
    ),
    payeeRef,
  );
  const insurer = isObject(eob.insurer) ? eob.insurer : undefined;
  const remittance: Remittance = {
    format: 'fhir',
    payer: partyFrom(follow(ctx, insurer, `${path}.insurer`, ['Organization'], LOST.insurer), insurer),
    payee,
    payment: { amountCents: paymentCents ?? claim.paidCents },
    claims: [claim],
    providerAdjustments: [],
    position: positionAt(ctx, path),
  };
  const payDate = dateAt(ctx, payment?.date, `${path}.payment.date`);
  if (payDate !== undefined) remittance.payment.date = payDate;
  const trace = payment?.identifier?.value;
  if (typeof trace === 'string') remittance.payment.traceNumber = trace;
  const created = isoDate(eob.created);
  if (created !== undefined) remittance.productionDate = created;
  return remittance;
}
