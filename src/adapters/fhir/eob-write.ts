/**
 * Canonical remittance → FHIR R4 ExplanationOfBenefit, in the CARIN Blue Button (C4BB) shape the reader (eob.ts)
 * understands: one EOB per remittance claim (835 CLP), reading back to the same remittance claim.
 *
 * Amounts are adjudications: per line `submitted` (SVC02), `eligible` (AMT*B6), `paidtoprovider` (SVC03); per claim
 * the totals `submitted` (CLP03), `paidtoprovider` (CLP04) and `memberliability` (CLP05). Each CAS adjustment is an
 * adjudication whose reason holds the CARC and the group (deductible/coinsurance/copay for PR-1/2/3, the X12 meaning
 * of those categories; else C4BB `adjustmentreason`), each remark code (LQ*HE, MOA/MIA) an `adjustmentreason` with
 * the RARC. A remittance read from FHIR keeps its adjudications as sent. What FHIR has no element for (CLP02, CLP06,
 * CLP08, CLP09, SVC06/SVC07, REF*6R) goes in drugclaim's extensions. Nothing is invented: where R4 requires a value
 * the remittance does not have (the patient, the payer, the coverage), the element carries the data-absent-reason
 * extension. Provider-level adjustments (PLB) belong to no claim and have no EOB home (not-carried.ts says so).
 * @see https://hl7.org/fhir/R4/explanationofbenefit.html; http://hl7.org/fhir/us/carin-bb/STU2 (C4BBAdjudication,
 * C4BBAdjudicationDiscriminator, C4BBIdentifierType `pat`/`uc`, C4BBSupportingInfoType `clmrecvddate`);
 * X12 005010X221A1 (835) CLP, CAS, SVC, LQ.
 */
import type {
  AdjudicationAmount,
  Adjustment,
  Procedure,
  Remittance,
  RemittanceClaim,
  RemittanceServiceLine,
} from '../../core/claim/model.ts';
import { absent, concept, modifierSystem, partyResource, patientResource, procedureSystem } from './claim.ts';
import { extensions, money, systems } from './common.ts';
import type {
  Adjudication,
  CodeableConcept,
  Coding,
  EobItem,
  ExplanationOfBenefit,
  Extension,
  Identifier,
  Reference,
} from './r4.ts';

export interface EobWriteOptions {
  /** ExplanationOfBenefit.created when the remittance has no production (DTM*405) or payment date (default today). */
  created?: string;
}

/**
 * Adjudication category codes by the code system that defines them (the reader keeps only the code).
 * @see https://terminology.hl7.org/CodeSystem-adjudication.html; CARIN BB STU2 C4BBAdjudication and
 * C4BBAdjudicationDiscriminator (STU1's `denialreason` included: Blue Button still sends it).
 */
const CATEGORY_SYSTEMS: readonly [string, ReadonlySet<string>][] = [
  [
    systems.adjudication,
    new Set([
      'submitted',
      'copay',
      'eligible',
      'deductible',
      'unallocdeduct',
      'eligpercent',
      'tax',
      'benefit',
    ]),
  ],
  [
    systems.carinAdjudication,
    new Set([
      'coinsurance',
      'noncovered',
      'priorpayerpaid',
      'paidbypatient',
      'paidtoprovider',
      'paidtopatient',
      'memberliability',
      'discount',
      'drugcost',
    ]),
  ],
  [
    systems.carinDiscriminator,
    new Set([
      'allowedunits',
      'adjustmentreason',
      'rejectreason',
      'denialreason',
      'billingnetworkstatus',
      'renderingnetworkstatus',
      'performingnetworkstatus',
      'benefitpaymentstatus',
    ]),
  ],
];

function category(code: string): CodeableConcept {
  const system = CATEGORY_SYSTEMS.find(([, codes]) => codes.has(code))?.[0];
  return { coding: [system === undefined ? { code } : { system, code }] };
}

/** PR-1, PR-2, PR-3 are what the deductible, coinsurance and copay categories mean (the reader maps them back). */
const PATIENT_SHARE: Readonly<Record<string, string>> = {
  '1': 'deductible',
  '2': 'coinsurance',
  '3': 'copay',
};

/** A CAS adjustment: its amount, the CARC and the group as the reason, the quantity (CAS04) as the value. */
function adjustmentAdjudication(a: Adjustment): Adjudication {
  const reason: Coding[] = [{ system: systems.carc, code: a.carc }];
  if (a.group !== '') reason.push({ system: systems.adjustmentGroup, code: a.group });
  return {
    category: category((a.group === 'PR' ? PATIENT_SHARE[a.carc] : undefined) ?? 'adjustmentreason'),
    reason: { coding: reason },
    amount: money(a.amountCents),
    ...(a.quantity === undefined ? {} : { value: a.quantity }),
  };
}

const remarkAdjudication = (code: string): Adjudication => ({
  category: category('adjustmentreason'),
  reason: { coding: [{ system: systems.rarc, code }] },
});

const amount = (code: string, cents: number): Adjudication => ({
  category: category(code),
  amount: money(cents),
});

/**
 * Adjudications read from FHIR, written back as they came. The reader keeps a reason's code only, so a reason that
 * one of the adjustments (or remark codes) was read from gets its X12 codings back; the entry keeps its own category
 * (a CARIN `denialreason` stays one) and amount.
 */
function asSent(
  list: readonly AdjudicationAmount[],
  adjustments: readonly Adjustment[],
  remarks: readonly string[],
): Adjudication[] {
  const pending = [...adjustments];
  const pendingRemarks = [...remarks];
  const out = list.map((a): Adjudication => {
    const entry: Adjudication = { category: category(a.category) };
    if (a.reason !== undefined) {
      const k = pending.findIndex((adj) => adj.carc === a.reason && adj.amountCents === a.amountCents);
      const r = pendingRemarks.indexOf(a.reason);
      const own = {
        category: category(a.category),
        ...(a.amountCents === undefined ? {} : { amount: money(a.amountCents) }),
      };
      if (k !== -1) {
        const adj = pending.splice(k, 1)[0] as Adjustment;
        return { ...adjustmentAdjudication(adj), ...own };
      }
      if (r !== -1) {
        pendingRemarks.splice(r, 1);
        return { ...remarkAdjudication(a.reason), ...own };
      }
      entry.reason = { coding: [{ code: a.reason }] };
    }
    if (a.amountCents !== undefined) entry.amount = money(a.amountCents);
    if (a.value !== undefined) entry.value = a.value;
    return entry;
  });
  // Adjustments the entries do not already give (PR-1/2/3 come back from their categories): added, as from X12.
  for (const adj of pending) {
    const share = adj.group === 'PR' ? PATIENT_SHARE[adj.carc] : undefined;
    if (share === undefined || !list.some((a) => a.category === share && a.amountCents === adj.amountCents))
      out.push(adjustmentAdjudication(adj));
  }
  for (const code of pendingRemarks) out.push(remarkAdjudication(code));
  return out;
}

/**
 * A procedure as a productOrService: the claim writer's code systems, but no system for a code read from FHIR
 * without one (an 835 always names its qualifier); no code is CARIN's data-absent coding.
 */
function productOrService(p: Procedure): CodeableConcept {
  if (p.code === '') return concept(systems.dataAbsentReason, 'not-applicable');
  if (p.qualifier !== '') return concept(procedureSystem(p), p.code, p.description);
  return { coding: [{ code: p.code, ...(p.description === undefined ? {} : { display: p.description }) }] };
}

const modifiers = (p: Procedure): CodeableConcept[] => p.modifiers.map((m) => concept(modifierSystem(m), m));

function itemOf(l: RemittanceServiceLine, sequence: number): EobItem {
  const item: EobItem = { sequence, productOrService: productOrService(l.procedure) };
  // An NDC beside a procedure: the Blue Button extension on productOrService, which the reader takes.
  if (l.ndc !== undefined && !(l.procedure.qualifier === 'N4' && l.procedure.code === l.ndc))
    item.productOrService.extension = [
      { url: systems.ndc, valueCoding: { system: systems.ndc, code: l.ndc } },
    ];
  if (l.procedure.modifiers.length > 0) item.modifier = modifiers(l.procedure);
  if (l.revenueCode !== undefined) item.revenue = concept(systems.revenue, l.revenueCode);
  if (l.serviceDateTo !== undefined && l.serviceDateTo !== l.serviceDate)
    item.servicedPeriod = {
      ...(l.serviceDate === undefined ? {} : { start: l.serviceDate }),
      end: l.serviceDateTo,
    };
  else if (l.serviceDate !== undefined) item.servicedDate = l.serviceDate;
  if (l.units !== undefined) item.quantity = { value: l.units };
  const ext: Extension[] = [];
  if (l.lineItemControlNumber !== undefined)
    ext.push({ url: extensions.lineItemControlNumber, valueString: l.lineItemControlNumber });
  if (l.originalProcedure !== undefined) {
    const o = l.originalProcedure;
    ext.push({
      url: extensions.originalProcedure,
      extension: [
        { url: 'productOrService', valueCodeableConcept: productOrService(o) },
        ...modifiers(o).map((m) => ({ url: 'modifier', valueCodeableConcept: m })),
      ],
    });
  }
  if (l.originalUnits !== undefined)
    ext.push({ url: extensions.originalUnits, valueDecimal: l.originalUnits });
  if (ext.length > 0) item.extension = ext;
  // Read from FHIR without a submitted amount, the charge came from the item's net; $0 is what the reader gives an
  // item with neither, so it is no net to write (reading nothing back gives $0 again).
  if (
    l.adjudications !== undefined &&
    !l.adjudications.some((a) => a.category === 'submitted' && a.amountCents !== undefined) &&
    l.chargeCents !== 0
  )
    item.net = money(l.chargeCents);
  const adjudication =
    l.adjudications !== undefined
      ? asSent(l.adjudications, l.adjustments, l.remarkCodes)
      : [
          amount('submitted', l.chargeCents),
          ...(l.allowedCents === undefined ? [] : [amount('eligible', l.allowedCents)]),
          amount('paidtoprovider', l.paidCents),
          ...l.adjustments.map(adjustmentAdjudication),
          ...l.remarkCodes.map(remarkAdjudication),
        ];
  // R4 JSON has no empty arrays (an EOB read from FHIR may have items without adjudications).
  if (adjudication.length > 0) item.adjudication = adjudication;
  return item;
}

/**
 * The claim's adjudications and totals. Read from FHIR, the reader merged both into `adjudications` (the EOB's
 * adjudications, then its totals): the trailing entries a total can hold (an amount, no reason, no value) go back
 * to `total`, the rest to `adjudication`, so that reading it again gives the same list in the same order.
 */
function header(c: RemittanceClaim): Pick<ExplanationOfBenefit, 'adjudication' | 'total'> {
  if (c.adjudications === undefined) {
    const adjudication = [
      ...c.adjustments.map(adjustmentAdjudication),
      ...c.remarkCodes.map(remarkAdjudication),
    ];
    return {
      ...(adjudication.length === 0 ? {} : { adjudication }),
      total: [
        { category: category('submitted'), amount: money(c.chargeCents) },
        { category: category('paidtoprovider'), amount: money(c.paidCents) },
        { category: category('memberliability'), amount: money(c.patientResponsibilityCents) },
      ],
    };
  }
  const list = c.adjudications;
  let cut = list.length;
  while (cut > 0) {
    const a = list[cut - 1] as AdjudicationAmount;
    if (a.amountCents === undefined || a.reason !== undefined || a.value !== undefined) break;
    cut--;
  }
  const adjudication = asSent(list.slice(0, cut), c.adjustments, c.remarkCodes);
  const total = list
    .slice(cut)
    .map((a) => ({ category: category(a.category), amount: money(a.amountCents as number) }));
  return {
    ...(adjudication.length === 0 ? {} : { adjudication }),
    ...(total.length === 0 ? {} : { total }),
  };
}

/**
 * R4 remittance outcome for an 835 claim status (CLP02). Processed, reversed or priced: the payer's adjudication is
 * complete. 4 (denied: per X12's interpretation, a claim that could not be processed, e.g. the patient was not
 * found; a claim adjudicated to $0 is 1) and 23 (not this payer's claim, forwarded): error. 5 (pended, 4010):
 * partial. The code itself goes in the claim-status-code extension.
 * @see 005010X221A1 CLP02 (code list 1029); X12 RFI 1423; https://hl7.org/fhir/R4/valueset-remittance-outcome.html
 */
const OUTCOME: Readonly<Record<string, ExplanationOfBenefit['outcome']>> = {
  '1': 'complete',
  '2': 'complete',
  '3': 'complete',
  '19': 'complete',
  '20': 'complete',
  '21': 'complete',
  '22': 'complete',
  '25': 'complete',
  '4': 'error',
  '23': 'error',
  '5': 'partial',
};
const R4_OUTCOMES = new Set(['queued', 'complete', 'error', 'partial']);

/**
 * The claim type, when the lines tell it: a revenue code makes an institutional claim, ADA (AD) codes a dental
 * (`oral`) one, HCPCS/CPT codes alone a professional one unless the filing indicator is Medicare Part A (MA).
 */
function claimType(c: RemittanceClaim): string | undefined {
  const lines = c.serviceLines;
  if (lines.length === 0) return undefined;
  if (lines.some((l) => l.revenueCode !== undefined)) return 'institutional';
  if (lines.every((l) => l.procedure.qualifier === 'AD')) return 'oral';
  if (lines.every((l) => l.procedure.qualifier === 'HC' || l.procedure.qualifier === 'N4'))
    return c.claimFilingIndicator === 'MA' ? 'institutional' : 'professional';
  return undefined;
}

/** One remittance claim → one ExplanationOfBenefit (payer, payee and patient contained). */
export function eobToFhir(
  c: RemittanceClaim,
  remittance: Remittance,
  options: EobWriteOptions = {},
): ExplanationOfBenefit {
  const contained: NonNullable<ExplanationOfBenefit['contained']> = [];
  const patient = c.patient ? patientResource(c.patient, true) : undefined;
  if (patient) contained.push(patient);
  const insurer = partyResource('payer', remittance.payer);
  if (insurer) contained.push(insurer);
  const payee = partyResource('payee', remittance.payee);
  if (payee) contained.push(payee);
  const ref = (r: { id?: string | undefined } | undefined): Reference =>
    r?.id === undefined ? absent() : { reference: `#${r.id}` };

  const identifier: Identifier[] = [];
  if (c.patientControlNumber !== '')
    identifier.push({
      type: concept(systems.carinIdentifierType, 'pat'),
      system: systems.patientControlNumber,
      value: c.patientControlNumber,
    });
  if (c.payerClaimControlNumber !== undefined)
    identifier.push({ type: concept(systems.carinIdentifierType, 'uc'), value: c.payerClaimControlNumber });

  const ext: Extension[] = [];
  const x12Status = !R4_OUTCOMES.has(c.status) && c.status !== '';
  if (x12Status) ext.push({ url: extensions.claimStatusCode, valueString: c.status });
  if (c.claimFilingIndicator !== undefined)
    ext.push({ url: extensions.claimFilingIndicator, valueString: c.claimFilingIndicator });
  if (c.facilityCode !== undefined) ext.push({ url: extensions.facilityCode, valueString: c.facilityCode });
  if (c.frequencyCode !== undefined)
    ext.push({ url: extensions.frequencyCode, valueString: c.frequencyCode });
  const outcome = x12Status ? OUTCOME[c.status] : R4_OUTCOMES.has(c.status) ? c.status : undefined;

  const type = claimType(c);
  // A remittance read from FHIR keeps its EOB's payment amount; an 835's EOB pays its own claim (CLP04), not the
  // whole check (BPR02).
  const paid =
    remittance.format === 'fhir' && remittance.claims.length === 1
      ? remittance.payment.amountCents
      : c.paidCents;
  const eob = {
    resourceType: 'ExplanationOfBenefit',
    ...(contained.length === 0 ? {} : { contained }),
    ...(ext.length === 0 ? {} : { extension: ext }),
    ...(identifier.length === 0 ? {} : { identifier }),
    status: 'active',
    type: type === undefined ? absent() : concept(systems.claimType, type),
    use: 'claim',
    patient: ref(patient),
    ...(c.statementFrom === undefined && c.statementTo === undefined
      ? {}
      : {
          billablePeriod: {
            ...(c.statementFrom === undefined ? {} : { start: c.statementFrom }),
            ...(c.statementTo === undefined ? {} : { end: c.statementTo }),
          },
        }),
    created:
      remittance.productionDate ??
      remittance.payment.date ??
      options.created ??
      new Date().toISOString().substring(0, 10),
    insurer: ref(insurer),
    provider: ref(payee),
    ...(payee
      ? {
          payee: {
            type: concept('http://terminology.hl7.org/CodeSystem/payeetype', 'provider'),
            party: ref(payee),
          },
        }
      : {}),
    ...(outcome === undefined ? { _outcome: absent() } : { outcome }),
    insurance: [{ focal: true, coverage: absent() }],
    ...(c.receivedDate === undefined
      ? {}
      : {
          supportingInfo: [
            {
              sequence: 1,
              category: concept(systems.carinSupportingInfo, 'clmrecvddate'),
              timingDate: c.receivedDate,
            },
          ],
        }),
    // An 835 claim adjudicated at the claim level has no SVC: no item (R4 JSON has no empty arrays).
    ...(c.serviceLines.length === 0 ? {} : { item: c.serviceLines.map((l, i) => itemOf(l, i + 1)) }),
    ...header(c),
    payment: {
      amount: money(paid),
      ...(remittance.payment.date === undefined ? {} : { date: remittance.payment.date }),
      ...(remittance.payment.traceNumber === undefined
        ? {}
        : { identifier: { value: remittance.payment.traceNumber } }),
    },
  };
  // `outcome` is required in R4: one the claim status does not give carries the data-absent-reason extension.
  return eob as ExplanationOfBenefit;
}

/** A remittance → its EOBs, one per claim. */
export function remittanceToFhir(
  remittance: Remittance,
  options: EobWriteOptions = {},
): ExplanationOfBenefit[] {
  return remittance.claims.map((c) => eobToFhir(c, remittance, options));
}
