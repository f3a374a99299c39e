/**
 * FHIR R4 ExplanationOfBenefit → the canonical remittance view (one remittance with one claim per EOB).
 *
 * Amounts come from the adjudication categories (HL7 adjudication and CARIN BB C4BBAdjudication codes):
 * charge = submitted; paid = paidtoprovider, else benefit; allowed = eligible (or allowed); patient responsibility =
 * memberliability, else paidbypatient, else deductible + coinsurance + copay. Every adjudication is also kept as sent
 * (`adjudications`), and deductible/coinsurance/copay amounts become PR-1/PR-2/PR-3 adjustments, the X12 meaning
 * of those categories. The NDC is read from productOrService (pharmacy) or the Blue Button NDC extension.
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
import {
  codeOf,
  codings,
  extensionsOf,
  finite,
  isObject,
  isoDate,
  moneyCents,
  partyFrom,
  patientFrom,
  positionAt,
  positiveInt,
  procedureFrom,
  requiredElements,
  requireProcedureCode,
  sequenceChecker,
  servicedDates,
  systems,
} from './common.ts';
import type { FhirContext } from './common.ts';
import type { Adjudication, EobItem, ExplanationOfBenefit, Identifier, Patient } from './r4.ts';

const categorySystems = [systems.adjudication, systems.carinAdjudication, systems.carinDiscriminator];

function adjudicationsOf(list: Adjudication[] | undefined): AdjudicationAmount[] {
  const out: AdjudicationAmount[] = [];
  for (const a of Array.isArray(list) ? list.filter(isObject) : []) {
    const category = codeOf(a.category, categorySystems);
    if (category === undefined) continue;
    const entry: AdjudicationAmount = { category };
    const cents = moneyCents(a.amount);
    if (cents !== undefined) entry.amountCents = cents;
    const value = finite(a.value);
    if (value !== undefined) entry.value = value;
    const reason = codeOf(a.reason);
    if (reason !== undefined) entry.reason = reason;
    out.push(entry);
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
  const map: [string, string][] = [
    ['deductible', '1'],
    ['coinsurance', '2'],
    ['copay', '3'],
  ];
  for (const [category, carc] of map) {
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

function lineOf(item: EobItem, ctx: FhirContext, path: string): RemittanceServiceLine {
  const procedure = procedureFrom(item);
  requireProcedureCode(ctx, procedure, path);
  const adjudications = adjudicationsOf(item.adjudication);
  const line: RemittanceServiceLine = {
    procedure,
    chargeCents: amountOf(adjudications, 'submitted') ?? moneyCents(item.net) ?? 0,
    paidCents: amountOf(adjudications, 'paidtoprovider', 'benefit') ?? 0,
    adjustments: patientAdjustments(adjudications),
    remarkCodes: [],
    adjudications,
    position: positionAt(ctx, path),
  };
  const allowed = amountOf(adjudications, 'eligible', 'allowed');
  if (allowed !== undefined) line.allowedCents = allowed;
  const units = finite(item.quantity?.value);
  if (units !== undefined) line.units = units;
  const served = servicedDates(ctx, item, path);
  if (served.from !== undefined) line.serviceDate = served.from;
  if (served.to !== undefined) line.serviceDateTo = served.to;
  const rev = codeOf(item.revenue);
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

/** One EOB → a remittance holding one claim. */
export function remittanceFromEob(eob: ExplanationOfBenefit, ctx: FhirContext, path: string): Remittance {
  const req = requiredElements(ctx, 'ExplanationOfBenefit', path);
  req(typeof eob.status === 'string', 'status');
  req(isObject(eob.type), 'type');
  req(typeof eob.use === 'string', 'use');
  req(isObject(eob.patient), 'patient');
  req(typeof eob.created === 'string' && isoDate(eob.created) !== undefined, 'created');
  req(isObject(eob.insurer), 'insurer');
  req(isObject(eob.provider), 'provider');
  req(typeof eob.outcome === 'string', 'outcome');
  req(Array.isArray(eob.insurance) && eob.insurance.length > 0, 'insurance');

  const ids = Array.isArray(eob.identifier) ? eob.identifier.filter(isObject) : [];
  const unique = ids.find((i: Identifier) => codeOf(i.type) === 'uc' && typeof i.value === 'string');
  const headerAdj = [...adjudicationsOf(eob.adjudication)];
  for (const t of Array.isArray(eob.total) ? eob.total.filter(isObject) : []) {
    const category = codeOf(t.category, categorySystems);
    const cents = moneyCents(t.amount);
    if (category !== undefined)
      headerAdj.push({ category, ...(cents === undefined ? {} : { amountCents: cents }) });
  }
  const items = Array.isArray(eob.item) ? eob.item : [];
  const serviceLines: RemittanceServiceLine[] = [];
  const checkSequence = sequenceChecker(ctx);
  items.forEach((item, i) => {
    if (!isObject(item)) return;
    const sequence = positiveInt(item.sequence);
    if (sequence !== undefined) checkSequence(sequence, `${path}.item[${i}]`);
    serviceLines.push(lineOf(item, ctx, `${path}.item[${i}]`));
  });
  const sum = (f: (l: RemittanceServiceLine) => number): number => serviceLines.reduce((s, l) => s + f(l), 0);
  const patient = patientFrom(ctx.resolve(eob.patient) as Patient | undefined);
  const claim: RemittanceClaim = {
    // CARIN identifier type "pat" is the provider's patient account number (CLP01 in X12 terms).
    patientControlNumber:
      ids.find((i) => codeOf(i.type) === 'pat' && typeof i.value === 'string')?.value ??
      claimRefId(eob) ??
      unique?.value ??
      eob.id ??
      '',
    status: typeof eob.outcome === 'string' ? eob.outcome : '',
    chargeCents: amountOf(headerAdj, 'submitted') ?? sum((l) => l.chargeCents),
    paidCents:
      amountOf(headerAdj, 'paidtoprovider', 'benefit') ??
      (serviceLines.some((l) => amountOf(l.adjudications ?? [], 'paidtoprovider', 'benefit') !== undefined)
        ? sum((l) => l.paidCents)
        : moneyCents(eob.payment?.amount)) ??
      0,
    patientResponsibilityCents:
      patientResponsibility(headerAdj) ?? sum((l) => patientResponsibility(l.adjudications ?? []) ?? 0),
    adjustments: patientAdjustments(headerAdj),
    remarkCodes: [],
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
  const from = isoDate(eob.billablePeriod?.start);
  const to = isoDate(eob.billablePeriod?.end);
  if (from !== undefined) claim.statementFrom = from;
  if (to !== undefined) claim.statementTo = to;
  const payee: Party = partyFrom(
    ctx.resolve(eob.payee?.party ?? eob.provider),
    eob.payee?.party ?? eob.provider,
  );
  const remittance: Remittance = {
    format: 'fhir',
    payer: partyFrom(ctx.resolve(eob.insurer), eob.insurer),
    payee,
    payment: { amountCents: moneyCents(eob.payment?.amount) ?? claim.paidCents },
    claims: [claim],
    providerAdjustments: [],
    position: positionAt(ctx, path),
  };
  const payDate = isoDate(eob.payment?.date);
  if (payDate !== undefined) remittance.payment.date = payDate;
  const trace = eob.payment?.identifier?.value;
  if (typeof trace === 'string') remittance.payment.traceNumber = trace;
  const created = isoDate(eob.created);
  if (created !== undefined) remittance.productionDate = created;
  return remittance;
}
