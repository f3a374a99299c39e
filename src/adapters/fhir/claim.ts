/**
 * FHIR R4 Claim ↔ canonical claim.
 *
 * Reading: the claim's own elements plus the resources it references (contained, or entries of the same Bundle):
 * Patient, Organization/Practitioner (NPI, TIN), insurer Organization, Coverage (subscriber id). Drugs: an NDC in
 * item.detail[].productOrService, in item.productOrService (pharmacy), or in a productOrService extension (Blue
 * Button). Weight/height: supportingInfo with LOINC 29463-7 / 8302-2. Documented dose: drugclaim's item extension.
 * Elements of the wrong JSON type are reported (`fhir.element.invalid`) and not read; values an 837 cannot carry (a
 * negative quantity or amount, an NDC unit outside CTP05-1's list, a fifth modifier) are reported as the X12 reader
 * reports them, and kept as sent; references that point to no resource in the file are reported
 * (`fhir.reference.unresolved`) and kept for writing back. Claims that are not live
 * (entered-in-error, cancelled) or not a request for payment (preauthorization, predetermination) are skipped.
 *
 * Writing: one Claim per canonical claim, with the parties as contained resources so that the resource stands
 * alone; reading it back gives the same canonical claim for every element listed in docs/claims-io.md. Nothing is
 * invented: what the claim does not know is left out, or, where R4 requires the element, marked data-absent.
 * @see https://hl7.org/fhir/R4/claim.html
 */
import type {
  Claim,
  ClaimLine,
  Diagnosis,
  DocumentedDose,
  LineDrug,
  Party,
  Patient as CanonicalPatient,
  Procedure,
} from '../../core/claim/model.ts';
import { formatCents } from '../../core/money.ts';
import { doseFromNotes } from '../claim-files/dose-notes.ts';
import {
  codeOf,
  codingOf,
  codings,
  dataAbsentReasonExtension,
  dateAt,
  decimalAt,
  extensions,
  extensionsOf,
  follow,
  fromAddress,
  heightCm,
  humanName,
  isObject,
  itemSequence,
  loinc,
  money,
  moneyAt,
  objectAt,
  objectsAt,
  partyFrom,
  patientFrom,
  positionAt,
  positiveInt,
  problemAt,
  procedureCoding,
  procedureFrom,
  quantityAt,
  reportInvalid,
  requiredElements,
  requireProcedureCode,
  sequenceChecker,
  servicedDates,
  stringAt,
  systems,
  toAddress,
  unresolvedReference,
  weightKg,
} from './common.ts';
import type { FhirContext } from './common.ts';
import type {
  Claim as FhirClaim,
  ClaimCareTeam,
  ClaimItem,
  ClaimSupportingInfo,
  CodeableConcept,
  Coverage,
  Extension,
  Identifier,
  Organization,
  Patient,
  Practitioner,
  Reference,
} from './r4.ts';

/** Reads the drug on a FHIR item: detail NDC, NDC productOrService, or the Blue Button NDC extension. */
export function drugOf(item: ClaimItem, ctx: FhirContext, path: string): LineDrug | undefined {
  for (const [d, at] of objectsAt(ctx, item.detail, `${path}.detail`)) {
    const ndc = codings(d.productOrService).find(
      (c) => c.system === systems.ndc && typeof c.code === 'string',
    );
    if (ndc?.code !== undefined) {
      const drug: LineDrug = { ndc: ndc.code, ndcQualifier: 'N4' };
      const quantity = objectAt(ctx, d.quantity, `${at}.quantity`);
      const q = quantityAt(ctx, quantity?.value, `${at}.quantity.value`);
      if (q !== undefined) drug.quantity = q;
      if (q !== undefined && q < 0) notNegative(ctx, `${at}.quantity.value`, q, 'NDC quantity, CTP04');
      const unit = quantity?.code ?? quantity?.unit;
      if (typeof unit === 'string') {
        drug.unit = unit;
        if (!NDC_UNITS.has(unit))
          ctx.report(
            problemAt(
              ctx,
              'fhir.element.invalid',
              'error',
              `NDC quantity unit "${unit.slice(0, 40)}" is not one an 837 accepts (CTP05-1: F2, GR, ME, ML, UN); it was kept as sent.`,
              `${at}.quantity.${quantity?.code === undefined ? 'unit' : 'code'}`,
            ),
          );
      }
      return drug;
    }
  }
  const direct = codings(item.productOrService).find(
    (c) => c.system === systems.ndc && typeof c.code === 'string',
  );
  if (direct?.code !== undefined) return { ndc: direct.code, ndcQualifier: 'N4' };
  const ext = extensionsOf(item.productOrService, systems.ndc)[0];
  const code = ext?.valueCoding?.code;
  if (typeof code === 'string') return { ndc: code, ndcQualifier: 'N4' };
  return undefined;
}

function procedureOf(item: ClaimItem): ClaimLine['procedure'] {
  const p = procedureFrom(item);
  const display = procedureCoding(item.productOrService)?.display;
  if (typeof display === 'string') p.description = display;
  return p;
}

function doseFromExtensions(item: ClaimItem): DocumentedDose | undefined {
  const doseExt = extensionsOf(item, extensions.documentedDose)[0];
  const wasteExt = extensionsOf(item, extensions.discardedDose)[0];
  if (!doseExt && !wasteExt) return undefined;
  const asText = (e: Extension | undefined): { text?: string; amount?: number; unit?: string } => {
    if (!e) return {};
    if (typeof e.valueString === 'string') {
      const parsed = doseFromNotes([`DOSE ${e.valueString}`]);
      const out: { text?: string; amount?: number; unit?: string } = { text: e.valueString };
      if (parsed?.amount !== undefined) out.amount = parsed.amount;
      if (parsed?.unit !== undefined) out.unit = parsed.unit;
      return out;
    }
    const q = e.valueQuantity;
    if (isObject(q) && typeof q.value === 'number' && Number.isFinite(q.value)) {
      const unit = (
        typeof q.code === 'string' ? q.code : typeof q.unit === 'string' ? q.unit : ''
      ).toUpperCase();
      const amount = q.value;
      return { text: `${amount}${unit === '' ? '' : ` ${unit}`}`, amount, ...(unit === '' ? {} : { unit }) };
    }
    return {};
  };
  const d = asText(doseExt);
  const w = asText(wasteExt);
  const dose: DocumentedDose = { text: d.text ?? '' };
  if (d.amount !== undefined) dose.amount = d.amount;
  if (d.unit !== undefined) dose.unit = d.unit;
  if (w.text !== undefined) dose.discardedText = w.text;
  if (w.amount !== undefined) dose.discardedAmount = w.amount;
  if (w.unit !== undefined) dose.discardedUnit = w.unit;
  return dose;
}

/** The string values of a holder's extensions with `url`. */
export function stringExtensions(
  holder: { extension?: Extension[] | undefined } | undefined,
  url: string,
): string[] {
  return extensionsOf(holder, url)
    .map((e) => e.valueString)
    .filter((v): v is string => typeof v === 'string');
}

/**
 * Claim/EOB status and use values that make a resource no claim to bill or check, and no payment to match.
 * @see https://hl7.org/fhir/R4/valueset-fm-status.html, https://hl7.org/fhir/R4/valueset-claim-use.html
 */
const NOT_LIVE_STATUS = new Set(['entered-in-error', 'cancelled']);
const NOT_A_CLAIM_USE = new Set(['preauthorization', 'predetermination']);

/**
 * Reports and returns true when a Claim or ExplanationOfBenefit is not live data: entered in error or cancelled
 * (withdrawn), or a preauthorization/predetermination (a request for a decision, not for payment). Reading one as a
 * claim or a remittance would bill, match or count what nobody submitted.
 */
export function skippedResource(
  ctx: FhirContext,
  resource: { resourceType: string; id?: string | undefined; status?: unknown; use?: unknown },
  path: string,
): boolean {
  const status = typeof resource.status === 'string' ? resource.status : undefined;
  const use = typeof resource.use === 'string' ? resource.use : undefined;
  const named = `${resource.resourceType}${typeof resource.id === 'string' ? ` ${resource.id}` : ''}`;
  let why: string | undefined;
  if (status !== undefined && NOT_LIVE_STATUS.has(status)) why = `has status ${status}: it is not live data`;
  else if (use !== undefined && NOT_A_CLAIM_USE.has(use))
    why =
      resource.resourceType === 'Claim'
        ? `is a ${use} request (use ${use}), not a claim for payment`
        : `answers a ${use} (use ${use}): it pays nothing`;
  if (why === undefined) return false;
  ctx.report(
    problemAt(ctx, 'fhir.resource.skipped', 'warning', `${named} ${why}; it was not read.`, path, {
      ...(status === undefined ? {} : { status }),
      ...(use === undefined ? {} : { use }),
    }),
  );
  return true;
}

/** What stays unknown when a reference cannot be followed, for the message. */
const LOST = {
  patient: "the patient's name, birth date and sex are unknown",
  provider: "the billing provider's NPI, name and address are unknown",
  insurer: "the payer's name and ids are unknown",
  coverage:
    'the member id and the payer kind (Medicare, Medicaid…) are unknown, so payer rules that depend on them are not applied',
  careTeam: "the provider's NPI and name are unknown",
  payee: 'the pay-to address is unknown',
} as const;
const PARTY_TYPES = ['Organization', 'Practitioner', 'PractitionerRole'] as const;

/** Roles read as the rendering provider (CARIN BB "performing"/"rendering", HL7 "primary"). */
const RENDERING_ROLES = new Set(['rendering', 'performing', 'primary']);

/** FHIR Claim → canonical claim (undefined when the resource is not read: see `skippedResource`). */
export function claimFromFhir(resource: FhirClaim, ctx: FhirContext, path: string): Claim | undefined {
  if (skippedResource(ctx, resource, path)) return undefined;
  const req = requiredElements(ctx, 'Claim', path);
  req(stringAt(ctx, resource.status, `${path}.status`) !== undefined, 'status');
  req(objectAt(ctx, resource.type, `${path}.type`) !== undefined, 'type');
  req(stringAt(ctx, resource.use, `${path}.use`) !== undefined, 'use');
  req(resource.patient !== undefined, 'patient');
  req(resource.created !== undefined, 'created');
  req(resource.provider !== undefined, 'provider');
  req(objectAt(ctx, resource.priority, `${path}.priority`) !== undefined, 'priority');
  const insurances = objectsAt(ctx, resource.insurance, `${path}.insurance`);
  req(
    Array.isArray(resource.insurance) ? resource.insurance.length > 0 : resource.insurance !== undefined,
    'insurance',
  );

  const institutional = codeOf(resource.type) === 'institutional';
  // The claim id: drugclaim's patient control number identifier, else the first identifier, else Claim.id.
  const identifiers = objectsAt(ctx, resource.identifier, `${path}.identifier`).filter(
    ([i, at]) => stringAt(ctx, i.value, `${at}.value`) !== undefined,
  );
  const chosen =
    identifiers.find(([i]) => i.system === systems.patientControlNumber)?.[0] ?? identifiers[0]?.[0];
  const resourceId = stringAt(ctx, resource.id, `${path}.id`);
  const id = chosen?.value ?? resourceId;
  if (id === undefined) {
    ctx.report(
      problemAt(
        ctx,
        'fhir.element.missing',
        'error',
        'Claim has neither an identifier nor an id to use as the claim id.',
        `${path}.identifier`,
      ),
    );
  }
  const providerRes = follow(ctx, resource.provider, `${path}.provider`, PARTY_TYPES, LOST.provider);
  const insurerRes = follow(ctx, resource.insurer, `${path}.insurer`, ['Organization'], LOST.insurer);
  const patientRes = follow(ctx, resource.patient, `${path}.patient`, ['Patient'], LOST.patient) as
    Patient | undefined;
  const focal = insurances.find(([i]) => i.focal === true) ?? insurances[0];
  const insurance = focal?.[0];
  const coverage = (
    focal ? follow(ctx, focal[0].coverage, `${focal[1]}.coverage`, ['Coverage'], LOST.coverage) : undefined
  ) as Coverage | undefined;
  const patient: CanonicalPatient = patientFrom(patientRes);
  // Coverage.subscriberId is the subscriber's member id: the patient's own unless the relationship says the patient is
  // a dependent (837 2010BA NM109 then, with the patient in loop 2000C).
  const relationship = relationshipFrom(coverage?.relationship);
  const subscriberId = typeof coverage?.subscriberId === 'string' ? coverage.subscriberId : undefined;
  if (subscriberId !== undefined && relationship === undefined) patient.memberId = subscriberId;

  const claim: Claim = {
    id: id ?? '',
    format: 'fhir',
    billingProvider: partyFrom(providerRes, isObject(resource.provider) ? resource.provider : undefined),
    payer: {
      ...partyFrom(insurerRes, isObject(resource.insurer) ? resource.insurer : undefined),
      kind: 'unknown',
    },
    patient,
    totalChargeCents: 0,
    diagnoses: [],
    notes: stringExtensions(resource, extensions.claimNote),
    lines: [],
    position: positionAt(ctx, path),
  };
  // What writing the Claim back needs to give it its own id, identifier system and server references again.
  const fhir: NonNullable<NonNullable<Claim['envelope']>['fhir']> = {};
  if (resourceId !== undefined) fhir.id = resourceId;
  if (chosen !== undefined) fhir.identifierSystem = typeof chosen.system === 'string' ? chosen.system : '';
  const references: NonNullable<typeof fhir.references> = {};
  const kept: [keyof typeof references, Reference | undefined][] = [
    ['patient', resource.patient],
    ['provider', resource.provider],
    ['insurer', resource.insurer],
    ['coverage', insurance?.coverage],
  ];
  for (const [role, ref] of kept) {
    const unresolved = unresolvedReference(ctx, ref);
    if (unresolved !== undefined) references[role] = unresolved;
  }
  if (Object.keys(references).length > 0) fhir.references = references;

  // A payee party other than the provider, with an address, is where payment goes (837 2010AB).
  const payee = objectAt(ctx, resource.payee, `${path}.payee`);
  const payeeRef = payee?.party;
  const providerRef = isObject(resource.provider) ? resource.provider.reference : undefined;
  if (isObject(payeeRef) && (payeeRef.reference === undefined || payeeRef.reference !== providerRef)) {
    const party = follow(
      ctx,
      payeeRef,
      `${path}.payee.party`,
      [...PARTY_TYPES, 'Patient', 'RelatedPerson'],
      LOST.payee,
    ) as Organization | Practitioner | undefined;
    const address =
      party?.resourceType === 'Organization' || party?.resourceType === 'Practitioner'
        ? toAddress(party.address)
        : undefined;
    if (address) claim.payToAddress = address;
  }
  const payerType = codeOf(coverage?.type, [payerTypology]);
  if (payerType !== undefined) claim.payer.kind = kindFromTypology(payerType);
  if (relationship !== undefined) claim.patientRelationship = relationship;
  if (subscriberId !== undefined && relationship !== undefined) claim.subscriber = { memberId: subscriberId };
  const prior = Array.isArray(resource.related)
    ? resource.related.find(
        (r) => isObject(r) && codeOf(r.relationship) === 'prior' && typeof r.reference?.value === 'string',
      )
    : undefined;
  if (prior?.reference?.value !== undefined) claim.payerClaimControlNumber = prior.reference.value;
  const preAuth = Array.isArray(insurance?.preAuthRef)
    ? insurance.preAuthRef.find((p) => typeof p === 'string')
    : undefined;
  if (preAuth !== undefined) claim.priorAuthorization = preAuth;
  const frequency = stringExtensions(resource, extensions.frequencyCode)[0];
  if (frequency !== undefined) claim.frequencyCode = frequency;
  const created = dateAt(ctx, resource.created, `${path}.created`);
  if (created !== undefined || Object.keys(fhir).length > 0)
    claim.envelope = {
      ...(created === undefined ? {} : { created }),
      ...(Object.keys(fhir).length > 0 ? { fhir } : {}),
    };
  const billable = objectAt(ctx, resource.billablePeriod, `${path}.billablePeriod`);
  const statementFrom = dateAt(ctx, billable?.start, `${path}.billablePeriod.start`);
  const statementTo = dateAt(ctx, billable?.end, `${path}.billablePeriod.end`);
  if (statementFrom !== undefined) claim.statementFrom = statementFrom;
  if (statementTo !== undefined) claim.statementTo = statementTo;

  const items = objectsAt(ctx, resource.item, `${path}.item`);
  const careTeam = readCareTeam(claim, resource, items, ctx, path);

  // Diagnoses, in sequence order; the pointer is the sequence. The code system is kept as named.
  const dx = objectsAt(ctx, resource.diagnosis, `${path}.diagnosis`);
  dx.sort(([a], [b]) => (positiveInt(a.sequence) ?? 0) - (positiveInt(b.sequence) ?? 0));
  const dxAt = new Map<number, string>();
  dx.forEach(([d, at], i) => {
    const coding = codingOf(d.diagnosisCodeableConcept, diagnosisSystems);
    if (coding?.code === undefined) {
      ctx.report(problemAt(ctx, 'fhir.element.missing', 'error', 'Diagnosis has no code.', at));
      return;
    }
    const sequence = positiveInt(d.sequence);
    if (sequence === undefined && d.sequence !== undefined)
      reportInvalid(ctx, `${at}.sequence`, 'a positive whole number', d.sequence);
    const entry: Diagnosis = {
      code: coding.code.replace(/\./g, '').toUpperCase(),
      pointer: sequence ?? i + 1,
      system: coding.system ?? '',
    };
    checkDiagnosisSequence(ctx, entry.pointer, dxAt, at);
    const type = Array.isArray(d.type) ? codeOf(d.type[0], [x12QualifierSystem]) : undefined;
    if (type !== undefined) entry.qualifier = type;
    claim.diagnoses.push(entry);
  });

  // Supporting info: weight, height, type of bill.
  for (const [info, at] of objectsAt(ctx, resource.supportingInfo, `${path}.supportingInfo`))
    if (!readSupportingInfo(claim, info, institutional, ctx, at)) ctx.passOver?.('Claim.supportingInfo');

  const checkSequence = sequenceChecker(ctx);
  const pointers = new Set(claim.diagnoses.map((d) => d.pointer));
  // As the X12 reader reports a claim without loop 2400 and the JSON reader one without lines (R4 allows none). An
  // `item` that is no array, or holds no object, is reported as such.
  if (resource.item === undefined || (Array.isArray(resource.item) && resource.item.length === 0))
    ctx.report(
      problemAt(
        ctx,
        'fhir.element.missing',
        'error',
        'Claim has no item: a claim needs at least one service line.',
        `${path}.item`,
      ),
    );
  for (const [item, itemPath] of items) {
    const line = lineFromItem(item, claim.lines.length, ctx, itemPath, pointers);
    const rendering = careTeam.lineRendering(item);
    if (rendering) line.renderingProvider = rendering;
    checkSequence(line.sequence, itemPath);
    claim.lines.push(line);
  }
  const pos = claim.lines[0]?.placeOfService;
  if (pos !== undefined && !institutional) claim.placeOfService = pos;
  const total = moneyAt(ctx, resource.total, `${path}.total`);
  if (total !== undefined && total < 0)
    notNegative(ctx, `${path}.total.value`, total / 100, 'claim charge, CLM02');
  claim.totalChargeCents = total ?? claim.lines.reduce((s, l) => s + l.chargeCents, 0);
  if (ctx.passOver) {
    for (let n = careTeam.unread(); n > 0; n--) ctx.passOver('Claim.careTeam');
    if (isObject(payee) && claim.payToAddress === undefined) ctx.passOver('Claim.payee');
    passOver(ctx.passOver, resource, items);
  }
  return claim;
}

/** Claim elements the reader carries into the claim model (or follows: contained); the rest is counted. */
const READ_CLAIM = new Set([
  'resourceType',
  'id',
  'identifier',
  'status',
  'type',
  'use',
  'patient',
  'created',
  'provider',
  'insurer',
  'priority',
  'insurance',
  'total',
  'extension',
  'related',
  'billablePeriod',
  'careTeam',
  'diagnosis',
  'supportingInfo',
  'item',
  'payee',
  'contained',
]);
const READ_ITEM = new Set([
  'sequence',
  'productOrService',
  'modifier',
  'quantity',
  'net',
  'unitPrice',
  'diagnosisSequence',
  'servicedDate',
  'servicedPeriod',
  'locationCodeableConcept',
  'revenue',
  'detail',
  'extension',
  'careTeamSequence',
]);
const OWN_EXTENSIONS = new Set<string>(Object.values(extensions));

/**
 * Counts what of a Claim the claim model does not carry, so that writing it out from the model says so (`read` and
 * `convert` list it): elements it has no place for (`meta`, `text`, `accident`…), values the writer puts its own in
 * place of (a status other than active, a priority other than normal), other systems' extensions, a unit price beside
 * the net, insurances other than the focal one, related claims other than the prior one.
 */
function passOver(
  count: (kind: string) => void,
  resource: FhirClaim,
  items: readonly [ClaimItem, string][],
): void {
  for (const key of Object.keys(resource)) if (!READ_CLAIM.has(key)) count(`Claim.${key}`);
  if (typeof resource.status === 'string' && resource.status !== 'active')
    count(`Claim.status ${resource.status}`);
  const priority = codeOf(resource.priority);
  if (priority !== undefined && priority !== 'normal') count(`Claim.priority ${priority}`);
  const foreign = (list: unknown): number =>
    Array.isArray(list)
      ? list.filter((e) => !(isObject(e) && OWN_EXTENSIONS.has((e as Extension).url))).length
      : 0;
  for (let n = foreign(resource.extension); n > 0; n--) count('Claim.extension');
  if (Array.isArray(resource.insurance) && resource.insurance.length > 1)
    for (let n = resource.insurance.length - 1; n > 0; n--) count('Claim.insurance');
  if (Array.isArray(resource.related))
    for (const r of resource.related)
      if (!(isObject(r) && codeOf(r.relationship) === 'prior')) count('Claim.related');
  for (const [item] of items) {
    for (const key of Object.keys(item)) if (!READ_ITEM.has(key)) count(`Claim.item.${key}`);
    if (isObject(item.net) && isObject(item.unitPrice)) count('Claim.item.unitPrice');
    for (let n = foreign(item.extension); n > 0; n--) count('Claim.item.extension');
  }
}

/** Diagnosis code systems read first (ICD-10-CM, WHO ICD-10, ICD-9-CM); any other coding with a code after them. */
const diagnosisSystems = [systems.icd10cm, 'http://hl7.org/fhir/sid/icd-10', systems.icd9cm];

/**
 * The care team: claim-level roles (rendering, attending, operating, other operating, referring) from the members no
 * item points to, and each item's rendering provider from the member its careTeamSequence points to (837 2420A).
 * Claims that point every item at one and the same rendering member have it as the claim's rendering provider too.
 */
function readCareTeam(
  claim: Claim,
  resource: FhirClaim,
  items: readonly [ClaimItem, string][],
  ctx: FhirContext,
  path: string,
): { lineRendering: (item: ClaimItem) => Party | undefined; unread: () => number } {
  const members = new Map<number, { member: ClaimCareTeam; at: string; party?: Party }>();
  for (const [member, at] of objectsAt(ctx, resource.careTeam, `${path}.careTeam`)) {
    const sequence = positiveInt(member.sequence);
    if (sequence !== undefined && !members.has(sequence)) members.set(sequence, { member, at });
  }
  // Followed once per member, when a role needs it (a member referenced twice is reported once).
  const partyOf = (sequence: number): Party => {
    const m = members.get(sequence);
    if (!m) return {};
    if (m.party === undefined) {
      const party = partyFrom(
        follow(ctx, m.member.provider, `${m.at}.provider`, PARTY_TYPES, LOST.careTeam),
        isObject(m.member.provider) ? m.member.provider : undefined,
      );
      const taxonomy = codeOf(m.member.qualification);
      if (taxonomy !== undefined) party.taxonomy = taxonomy;
      m.party = party;
    }
    return m.party;
  };
  const roleOf = (sequence: number): string | undefined => codeOf(members.get(sequence)?.member.role);
  const pointed = (item: ClaimItem): number | undefined =>
    Array.isArray(item.careTeamSequence)
      ? item.careTeamSequence.find((n) => members.has(n) && RENDERING_ROLES.has(roleOf(n) ?? ''))
      : undefined;
  const referenced = new Set<number>();
  for (const [item] of items) {
    if (Array.isArray(item.careTeamSequence))
      for (const n of item.careTeamSequence) if (typeof n === 'number') referenced.add(n);
  }
  for (const sequence of members.keys()) {
    const role = roleOf(sequence);
    if (RENDERING_ROLES.has(role ?? '') && !referenced.has(sequence) && !claim.renderingProvider)
      claim.renderingProvider = partyOf(sequence);
    else if (role === 'attending' && !claim.attendingProvider) claim.attendingProvider = partyOf(sequence);
    else if (role === 'operating' && !claim.operatingPhysician) claim.operatingPhysician = partyOf(sequence);
    else if (role === 'otheroperating' && !claim.otherOperatingPhysician)
      claim.otherOperatingPhysician = partyOf(sequence);
    else if (role === 'referring' && !claim.referringProvider) claim.referringProvider = partyOf(sequence);
  }
  const shared = new Set(items.map(([item]) => pointed(item)));
  const only = shared.size === 1 ? [...shared][0] : undefined;
  if (!claim.renderingProvider && only !== undefined) claim.renderingProvider = partyOf(only);
  return {
    lineRendering: (item) => {
      const n = pointed(item);
      const party = n === undefined ? undefined : partyOf(n);
      return party !== undefined && Object.keys(party).length > 0 ? party : undefined;
    },
    // Members no role was read from (a supervisor, a member with no role): the claim model has no place for them.
    unread: () =>
      (Array.isArray(resource.careTeam) ? resource.careTeam.length : 0) -
      [...members.values()].filter((m) => m.party !== undefined).length,
  };
}

/** Reads one supportingInfo entry into the claim; false when it is none the claim model carries. */
function readSupportingInfo(
  claim: Claim,
  info: ClaimSupportingInfo,
  institutional: boolean,
  ctx: FhirContext,
  path: string,
): boolean {
  const category = codeOf(info.category);
  const code = codeOf(info.code);
  const quantity = (): ClaimSupportingInfo['valueQuantity'] => {
    const q = objectAt(ctx, info.valueQuantity, `${path}.valueQuantity`);
    return decimalAt(ctx, q?.value, `${path}.valueQuantity.value`) === undefined ? undefined : q;
  };
  if (code === loinc.bodyWeight || category === 'weight') {
    const kg = weightKg(quantity());
    if (kg !== undefined) claim.patient.weightKg = kg;
  } else if (code === loinc.bodyHeight || category === 'height') {
    const cm = heightCm(quantity());
    if (cm !== undefined) claim.patient.heightCm = cm;
  } else if (category === 'typeofbill' && code !== undefined) {
    const tob = code.replace(/^0(?=\d{3}$)/, '');
    claim.typeOfBill = tob;
    if (claim.frequencyCode === undefined && tob.length === 3) claim.frequencyCode = tob.substring(2);
  } else if (category === 'admtype' && code !== undefined && institutional) claim.admissionType = code;
  else if (category === 'pointoforigin' && code !== undefined && institutional) claim.admissionSource = code;
  else if (category === 'discharge-status' && code !== undefined && institutional) claim.patientStatus = code;
  else return false;
  return true;
}

/**
 * Checks a diagnosis's sequence (its pointer) against those read before it (`seen`, sequence → path): one used twice
 * would make a line's pointer name two diagnoses (an error); one above 12 is more than an 837 numbers (HI01–HI12,
 * SV107), which the writers handle by writing a pointer as the diagnosis's position (a warning).
 */
function checkDiagnosisSequence(
  ctx: FhirContext,
  sequence: number,
  seen: Map<number, string>,
  at: string,
): void {
  const before = seen.get(sequence);
  if (before !== undefined)
    ctx.report(
      problemAt(
        ctx,
        'fhir.element.invalid',
        'error',
        `Diagnosis sequence ${sequence} is also ${before}'s: an item's diagnosisSequence ${sequence} would name two diagnoses.`,
        `${at}.sequence`,
      ),
    );
  else if (sequence > MAX_DIAGNOSIS_POINTER)
    ctx.report(
      problemAt(
        ctx,
        'fhir.element.invalid',
        'warning',
        `Diagnosis sequence ${sequence} is above ${MAX_DIAGNOSIS_POINTER}, the highest diagnosis pointer an 837 holds (SV107); the 837 and CSV writers point to the diagnosis by its position in the list.`,
        `${at}.sequence`,
      ),
    );
  seen.set(sequence, at.replace(/^.*\.(diagnosis\[\d+\])$/, '$1'));
}

/** @see 005010X222A1 2300 HI (HI01–HI12) and 2400 SV107 (diagnosis code pointers 1–12). */
const MAX_DIAGNOSIS_POINTER = 12;

/**
 * Most modifiers a line holds: the 837's SV101-3…SV101-6 (SV201-3…6 on an 837I), as the claim model keeps them.
 * @see 005010X222A1 2400 SV101 (C003-03 to C003-06 procedure modifiers)
 */
const MAX_MODIFIERS = 4;

/**
 * NDC units of measure an 837 accepts, as the X12 reader checks them.
 * @see 005010X222A1 / 005010X223A2 2410 CTP05-1: F2 international unit, GR gram, ME milligram, ML millilitre, UN unit
 */
const NDC_UNITS: ReadonlySet<string> = new Set(['F2', 'GR', 'ME', 'ML', 'UN']);

/** Reports a negative amount or quantity, which an 837 never carries (`element` names it there): kept as sent. */
function notNegative(ctx: FhirContext, path: string, value: number, element: string): void {
  reportInvalid(
    ctx,
    path,
    'zero or more',
    value,
    'error',
    `it was kept as sent (an 837 never carries a negative ${element})`,
  );
}

function lineFromItem(
  item: ClaimItem,
  index: number,
  ctx: FhirContext,
  path: string,
  diagnosisSequences: ReadonlySet<number>,
): ClaimLine {
  const quantity = objectAt(ctx, item.quantity, `${path}.quantity`);
  // Zero units are read without a report, as the X12 and JSON readers read them.
  const units = quantityAt(ctx, quantity?.value, `${path}.quantity.value`);
  if (units !== undefined && units < 0)
    notNegative(ctx, `${path}.quantity.value`, units, 'unit count, SV104');
  const line: ClaimLine = {
    sequence: itemSequence(ctx, item.sequence, path) ?? index + 1,
    procedure: procedureOf(item),
    // An item without a quantity bills one; a quantity that cannot be read is reported and counts for nothing.
    units: units ?? (quantity?.value === undefined ? 1 : 0),
    chargeCents: 0,
    diagnosisPointers: [],
    notes: stringExtensions(item, extensions.lineNote),
    position: positionAt(ctx, path),
  };
  if (item.diagnosisSequence !== undefined) {
    if (Array.isArray(item.diagnosisSequence))
      item.diagnosisSequence.forEach((n, i) => {
        if (positiveInt(n) === undefined) {
          reportInvalid(ctx, `${path}.diagnosisSequence[${i}]`, 'a positive whole number', n);
          return;
        }
        line.diagnosisPointers.push(n);
        // A warning, as the CSV and JSON readers give it: the claim reads whole, and `check` reports it as an error
        // (diagnosis-pointer-missing).
        if (!diagnosisSequences.has(n))
          ctx.report(
            problemAt(
              ctx,
              'fhir.element.invalid',
              'warning',
              `diagnosisSequence ${n} names no diagnosis of the Claim (${diagnosisSequences.size === 0 ? 'it has none' : `sequences ${[...diagnosisSequences].join(', ')}`}); kept as sent.`,
              `${path}.diagnosisSequence[${i}]`,
            ),
          );
      });
    else reportInvalid(ctx, `${path}.diagnosisSequence`, 'an array', item.diagnosisSequence);
  }
  // The model holds 4 modifiers (procedureFrom keeps the first 4): the rest is an error, as in the JSON and CSV
  // readers, naming what was not kept.
  if (Array.isArray(item.modifier) && item.modifier.length > MAX_MODIFIERS) {
    const dropped = item.modifier.slice(MAX_MODIFIERS).map((m) => codeOf(m) ?? '(no code)');
    ctx.report(
      problemAt(
        ctx,
        'fhir.element.invalid',
        'error',
        `Item has ${item.modifier.length} modifiers; a line holds ${MAX_MODIFIERS} (837 SV101-3…6), so ${dropped.join(', ')} ${dropped.length === 1 ? 'was' : 'were'} not kept.`,
        `${path}.modifier[${MAX_MODIFIERS}]`,
        { notKept: dropped },
      ),
    );
  }
  const rev = codeOf(objectAt(ctx, item.revenue, `${path}.revenue`));
  if (rev !== undefined) line.revenueCode = rev;
  objectAt(ctx, item.productOrService, `${path}.productOrService`);
  requireProcedureCode(ctx, line.procedure, path, rev);
  const unitType =
    stringExtensions(
      quantity as { extension?: Extension[] | undefined } | undefined,
      extensions.unitType,
    )[0] ?? quantity?.code;
  if (typeof unitType === 'string') line.unitType = unitType;
  const net = moneyAt(ctx, item.net, `${path}.net`);
  const unitPrice = moneyAt(ctx, item.unitPrice, `${path}.unitPrice`);
  line.chargeCents = net ?? (unitPrice === undefined ? 0 : Math.round(unitPrice * line.units));
  if (net !== undefined && net < 0) notNegative(ctx, `${path}.net.value`, net / 100, 'charge, SV102');
  else if (net === undefined && unitPrice !== undefined && unitPrice < 0)
    notNegative(ctx, `${path}.unitPrice.value`, unitPrice / 100, 'charge, SV102');
  const served = servicedDates(ctx, item, path);
  if (served.from !== undefined) line.serviceDate = served.from;
  if (served.to !== undefined) line.serviceDateTo = served.to;
  const pos = codeOf(objectAt(ctx, item.locationCodeableConcept, `${path}.locationCodeableConcept`));
  if (pos !== undefined) line.placeOfService = pos;
  const drug = drugOf(item, ctx, path);
  if (drug) line.drug = drug;
  const control = stringExtensions(item, extensions.lineItemControlNumber)[0];
  if (control !== undefined) line.lineItemControlNumber = control;
  const dose = doseFromExtensions(item) ?? (line.notes.length > 0 ? doseFromNotes(line.notes) : undefined);
  if (dose) line.dose = dose;
  return line;
}

/**
 * Payer kind ↔ Source of Payment Typology (Coverage.type).
 * @see https://www.nahdo.org/sopt (PHDSC SOP typology: 1 Medicare, 2 Medicaid, 5 private health insurance)
 */
const payerTypology = 'https://nahdo.org/sopt';
function kindFromTypology(code: string): Claim['payer']['kind'] {
  if (code.startsWith('1')) return 'medicare';
  if (code.startsWith('2')) return 'medicaid';
  if (code.startsWith('5') || code.startsWith('6')) return 'commercial';
  return 'unknown';
}
const typologyFromKind = { medicare: '1', medicaid: '2', commercial: '5' } as const;

/**
 * The patient's relationship to the subscriber: X12 individual relationship codes (837 PAT01/SBR02, kept as a second
 * coding) ↔ HL7 subscriber-relationship codes. Only the codes that mean the same are paired; the others are HL7
 * "other" with the X12 code beside it.
 * @see https://terminology.hl7.org/CodeSystem-subscriber-relationship.html; X12 code list 1069 (01 spouse, 18 self,
 * 19 child, 53 life partner, G8 other relationship)
 */
const subscriberRelationship = 'http://terminology.hl7.org/CodeSystem/subscriber-relationship';
const x12RelationshipSystem = 'https://x12.org/codes/individual-relationship-code';
const hl7Relationship: Record<string, string> = {
  '01': 'spouse',
  '18': 'self',
  '19': 'child',
  '53': 'common',
};
const x12Relationship: Record<string, string> = {
  spouse: '01',
  self: '18',
  child: '19',
  common: '53',
  parent: 'G8',
  injured: 'G8',
  other: 'G8',
};

/** Coverage.relationship → the canonical PAT01 code (undefined for self: the patient is the subscriber). */
function relationshipFrom(cc: CodeableConcept | undefined): string | undefined {
  const x12 = codeOf(cc, [x12RelationshipSystem]);
  const list = codings(cc);
  const code = list.some((c) => c.system === x12RelationshipSystem)
    ? x12
    : list.some((c) => c.system === subscriberRelationship)
      ? (() => {
          const hl7 = codeOf(cc, [subscriberRelationship]) ?? '';
          return x12Relationship[hl7] ?? hl7;
        })()
      : codeOf(cc);
  return code === undefined || code === '18' || code === 'self' ? undefined : code;
}

/** The X12 HI qualifier is kept beside the HL7 diagnosis type so that nothing is lost on the way back. */
const x12QualifierSystem = 'https://x12.org/codes/code-list-qualifier';
const diagnosisTypeFor: Record<string, string> = {
  ABK: 'principal',
  BK: 'principal',
  ABJ: 'admitting',
  BJ: 'admitting',
};

/**
 * X12 HI qualifiers of ICD-9-CM diagnoses (the A-prefixed ABK, ABF, ABJ, APR, ABN are their ICD-10-CM twins).
 * @see X12 code list 1270 (Code List Qualifier Code): BK principal, BF other, BJ admitting, PR patient's reason for
 * visit, BN external cause of injury — all "International Classification of Diseases Clinical Mod (ICD-9-CM)".
 */
const icd9Qualifiers = new Set(['BK', 'BF', 'BJ', 'PR', 'BN']);

// ---- canonical → FHIR ----------------------------------------------------------------------------------------

export const concept = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display === undefined ? {} : { display }) }],
});

/** A required reference the claim has nothing for: marked data-absent rather than pointing at an empty resource. */
export const absent = (): Reference => ({
  extension: [{ url: dataAbsentReasonExtension, valueCode: 'unknown' }],
});

const hasValue = (v: unknown): boolean =>
  v !== undefined && v !== '' && (typeof v !== 'object' || v === null || Object.values(v).some(hasValue));

function identifiers(p: { npi?: string; tin?: string; id?: string }): Identifier[] | undefined {
  const list: Identifier[] = [];
  if (p.npi !== undefined) list.push({ system: systems.npi, value: p.npi });
  if (p.tin !== undefined) list.push({ system: systems.tin, value: p.tin });
  if (p.id !== undefined) list.push({ system: 'urn:drugclaim:other-id', value: p.id });
  return list.length > 0 ? list : undefined;
}

/** An Organization or Practitioner holding what the party has; undefined when it has nothing (taxonomy aside). */
export function partyResource(id: string, p: Party): Organization | Practitioner | undefined {
  const { taxonomy: _taxonomy, contact: _contact, ...known } = p;
  if (!hasValue(known)) return undefined;
  const name = p.name === undefined ? humanName(p) : undefined;
  const address = fromAddress(p.address);
  const ids = identifiers(p);
  if (name) {
    return {
      resourceType: 'Practitioner',
      id,
      name: [name],
      ...(ids ? { identifier: ids } : {}),
      ...(address ? { address } : {}),
    };
  }
  return {
    resourceType: 'Organization',
    id,
    ...(p.name === undefined ? {} : { name: p.name }),
    // R4 org-1: an Organization has a name or an identifier. One known only by its address gets a data-absent name.
    ...(p.name === undefined && ids === undefined
      ? { _name: { extension: [{ url: dataAbsentReasonExtension, valueCode: 'unknown' }] } }
      : {}),
    ...(ids ? { identifier: ids } : {}),
    ...(address ? { address } : {}),
  };
}

/**
 * A reference to a party: the server reference it was read from when that could not be followed (with the name and
 * id the reference itself gave), else a contained resource holding what is known, else undefined.
 */
function partyReference(
  id: string,
  p: Party,
  contained: NonNullable<FhirClaim['contained']>,
  kept: string | undefined,
): Reference | undefined {
  if (kept !== undefined) {
    const ref: Reference = { reference: kept };
    const display =
      p.name ?? ([p.lastName, p.firstName].filter((n) => n !== undefined).join(', ') || undefined);
    if (display !== undefined) ref.display = display;
    if (p.npi !== undefined) ref.identifier = { system: systems.npi, value: p.npi };
    else if (p.id !== undefined) ref.identifier = { value: p.id };
    return ref;
  }
  const resource = partyResource(id, p);
  if (!resource) return undefined;
  contained.push(resource);
  return { reference: `#${id}` };
}

export function patientResource(p: CanonicalPatient, memberOnPatient: boolean): Patient | undefined {
  const patient: Patient = { resourceType: 'Patient', id: 'patient' };
  const name = humanName(p);
  if (name) patient.name = [name];
  if (p.sex !== undefined) patient.gender = p.sex === 'M' ? 'male' : p.sex === 'F' ? 'female' : 'unknown';
  if (p.birthDate !== undefined) patient.birthDate = p.birthDate;
  const address = fromAddress(p.address);
  if (address) patient.address = address;
  if (memberOnPatient && p.memberId !== undefined)
    patient.identifier = [
      {
        type: concept('http://terminology.hl7.org/CodeSystem/v2-0203', 'MB'),
        value: p.memberId,
      },
    ];
  return Object.keys(patient).length > 2 ? patient : undefined;
}

/** Coverage.relationship for what the claim says: the patient's relationship, or self when the 837 said so. */
function relationshipOf(claim: Claim): CodeableConcept | undefined {
  const code = claim.patientRelationship ?? (claim.subscriber?.relationship === '18' ? '18' : undefined);
  if (code === undefined) return undefined;
  const hl7 = hl7Relationship[code] ?? x12Relationship[code] ?? 'other';
  const coding = [{ system: subscriberRelationship, code: hl7 }];
  if (x12Relationship[hl7] !== code && hl7 !== code) coding.push({ system: x12RelationshipSystem, code });
  return { coding };
}

/** ICD codes are written as the code systems publish them, with the dot (C50.911, 250.00, E880.9). */
function dotted(code: string, system: string): string {
  if (code.includes('.')) return code;
  const at = system === systems.icd10cm ? 3 : system === systems.icd9cm ? (code.startsWith('E') ? 4 : 3) : 0;
  return at > 0 && code.length > at ? `${code.substring(0, at)}.${code.substring(at)}` : code;
}

/** A diagnosis code system: as read from FHIR, else what the X12 qualifier says, else ICD-10-CM (the model's). */
function diagnosisSystem(d: Diagnosis): string | undefined {
  if (d.system !== undefined) return d.system === '' ? undefined : d.system;
  return d.qualifier !== undefined && icd9Qualifiers.has(d.qualifier) ? systems.icd9cm : systems.icd10cm;
}

/** HCPCS Level I (CPT) modifiers are two digits; Level II ones (JW, JZ, XU…) have a letter. */
const modifierSystem = (m: string): string => (/^\d{2}$/.test(m) ? systems.cpt : systems.hcpcs);

/** Canonical claim → FHIR R4 Claim (parties contained). `created` defaults to the claim's own, else today. */
export function claimToFhir(claim: Claim, options: { created?: string } = {}): FhirClaim {
  const institutional = claim.format === '837I' || claim.typeOfBill !== undefined;
  const contained: NonNullable<FhirClaim['contained']> = [];
  const kept = claim.envelope?.fhir?.references ?? {};
  const p = claim.patient;
  // Coverage.subscriberId: the subscriber's member id, which for a dependent patient (a relationship other than self,
  // as the 837's loop 2000C says) is not the patient's; a member id of the patient's own then goes on the Patient.
  const relationship = relationshipOf(claim);
  const dependent = claim.patientRelationship !== undefined && claim.patientRelationship !== '18';
  const subscriberId = dependent ? claim.subscriber?.memberId : (p.memberId ?? claim.subscriber?.memberId);
  const memberOnPatient =
    kept.coverage !== undefined || (dependent && p.memberId !== undefined && p.memberId !== subscriberId);
  const patientResourceOut = kept.patient === undefined ? patientResource(p, memberOnPatient) : undefined;
  if (patientResourceOut) contained.push(patientResourceOut);
  const patientRef: Reference =
    kept.patient !== undefined
      ? { reference: kept.patient }
      : patientResourceOut
        ? { reference: '#patient' }
        : absent();
  const provider = partyReference('billing', claim.billingProvider, contained, kept.provider) ?? absent();
  const { kind, ...payer } = claim.payer;
  const insurer = partyReference('payer', payer, contained, kept.insurer);
  const payToAddress = fromAddress(claim.payToAddress);
  const payTo = claim.payToAddress ? partyResource('payto', { address: claim.payToAddress }) : undefined;
  if (payTo) contained.push(payTo);

  // Coverage: what the claim knows of it (member id, payer kind, relationship), else the reference it came with.
  let coverageRef: Reference;
  if (kept.coverage !== undefined) coverageRef = { reference: kept.coverage };
  else if (subscriberId !== undefined || kind !== 'unknown' || relationship !== undefined) {
    const coverage: Coverage = {
      resourceType: 'Coverage',
      id: 'coverage',
      // R4 requires a status; a claim billed to a coverage asserts it is in force.
      status: 'active',
      beneficiary: patientRef,
      payor: [insurer ?? absent()],
    };
    if (subscriberId !== undefined) coverage.subscriberId = subscriberId;
    if (relationship) coverage.relationship = relationship;
    if (kind !== 'unknown') coverage.type = concept(payerTypology, typologyFromKind[kind]);
    contained.push(coverage);
    coverageRef = { reference: '#coverage' };
  } else coverageRef = absent();

  const fhir = claim.envelope?.fhir;
  // The claim id: as the identifier it was read from (its system kept), or only as Claim.id when it came from there.
  const identifier: Identifier[] | undefined =
    fhir?.identifierSystem !== undefined
      ? [{ ...(fhir.identifierSystem === '' ? {} : { system: fhir.identifierSystem }), value: claim.id }]
      : fhir?.id === claim.id && claim.id !== ''
        ? undefined
        : [{ system: systems.patientControlNumber, value: claim.id }];
  const out: FhirClaim = {
    resourceType: 'Claim',
    ...(fhir?.id === undefined ? {} : { id: fhir.id }),
    ...(contained.length === 0 ? {} : { contained }),
    ...(identifier === undefined ? {} : { identifier }),
    status: 'active',
    type: concept(systems.claimType, institutional ? 'institutional' : 'professional'),
    use: 'claim',
    patient: patientRef,
    created: options.created ?? claim.envelope?.created ?? new Date().toISOString().substring(0, 10),
    ...(insurer ? { insurer } : {}),
    provider,
    ...(payTo && payToAddress
      ? {
          payee: {
            type: concept('http://terminology.hl7.org/CodeSystem/payeetype', 'provider'),
            party: { reference: '#payto' },
          },
        }
      : {}),
    priority: concept('http://terminology.hl7.org/CodeSystem/processpriority', 'normal'),
    insurance: [
      {
        sequence: 1,
        focal: true,
        coverage: coverageRef,
        ...(claim.priorAuthorization === undefined ? {} : { preAuthRef: [claim.priorAuthorization] }),
      },
    ],
    total: money(claim.totalChargeCents),
  };
  const ext: Extension[] = claim.notes.map((n) => ({ url: extensions.claimNote, valueString: n }));
  if (claim.frequencyCode !== undefined)
    ext.push({ url: extensions.frequencyCode, valueString: claim.frequencyCode });
  if (ext.length > 0) out.extension = ext;
  if (claim.payerClaimControlNumber !== undefined) {
    out.related = [
      {
        relationship: concept('http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship', 'prior'),
        reference: { value: claim.payerClaimControlNumber },
      },
    ];
  }
  if (claim.statementFrom !== undefined || claim.statementTo !== undefined) {
    out.billablePeriod = {
      ...(claim.statementFrom === undefined ? {} : { start: claim.statementFrom }),
      ...(claim.statementTo === undefined ? {} : { end: claim.statementTo }),
    };
  }
  const careTeam: NonNullable<FhirClaim['careTeam']> = [];
  const addCare = (party: Party | undefined, role: string, id: string): number | undefined => {
    if (!party) return undefined;
    const provider = partyReference(id, party, contained, undefined);
    if (!provider) return undefined;
    careTeam.push({
      sequence: careTeam.length + 1,
      provider,
      role:
        role === 'rendering'
          ? concept('http://terminology.hl7.org/CodeSystem/claimcareteamrole', 'primary')
          : concept('http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole', role),
      ...(party.taxonomy === undefined
        ? {}
        : { qualification: concept('http://nucc.org/provider-taxonomy', party.taxonomy) }),
    });
    return careTeam.length;
  };
  addCare(claim.renderingProvider, 'rendering', 'rendering');
  addCare(claim.attendingProvider, 'attending', 'attending');
  addCare(claim.operatingPhysician, 'operating', 'operating');
  addCare(claim.otherOperatingPhysician, 'otheroperating', 'otheroperating');
  addCare(claim.referringProvider, 'referring', 'referring');
  // Line rendering providers (837 2420A): a member of their own each (never the claim's), which the item points to.
  const lineMembers = new Map<string, number>();
  const lineCare = (party: Party | undefined): number | undefined => {
    if (!party) return undefined;
    const key = JSON.stringify(party);
    let sequence = lineMembers.get(key);
    if (sequence === undefined) {
      sequence = addCare(party, 'rendering', `line-rendering-${lineMembers.size + 1}`);
      if (sequence !== undefined) lineMembers.set(key, sequence);
    }
    return sequence;
  };

  const info: ClaimSupportingInfo[] = [];
  /** A body measurement (LOINC code, UCUM unit) as supporting information. */
  const measurement = (code: string, display: string, value: number, unit: 'kg' | 'cm'): void => {
    info.push({
      sequence: info.length + 1,
      category: concept(systems.supportingInfo, 'info'),
      code: concept(systems.loinc, code, display),
      valueQuantity: { value, unit, system: systems.ucum, code: unit },
    });
  };
  if (p.weightKg !== undefined) measurement(loinc.bodyWeight, 'Body weight', p.weightKg, 'kg');
  if (p.heightCm !== undefined) measurement(loinc.bodyHeight, 'Body height', p.heightCm, 'cm');
  if (claim.typeOfBill !== undefined)
    info.push({
      sequence: info.length + 1,
      category: concept(systems.carinSupportingInfo, 'typeofbill'),
      code: concept(systems.typeOfBill, claim.typeOfBill),
    });
  if (claim.admissionType !== undefined)
    info.push({
      sequence: info.length + 1,
      category: concept(systems.carinSupportingInfo, 'admtype'),
      code: concept('https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit', claim.admissionType),
    });
  if (claim.admissionSource !== undefined)
    info.push({
      sequence: info.length + 1,
      category: concept(systems.carinSupportingInfo, 'pointoforigin'),
      code: concept('https://www.nubc.org/CodeSystem/PointOfOrigin', claim.admissionSource),
    });
  if (claim.patientStatus !== undefined)
    info.push({
      sequence: info.length + 1,
      category: concept(systems.carinSupportingInfo, 'discharge-status'),
      code: concept('https://www.nubc.org/CodeSystem/PatDischargeStatus', claim.patientStatus),
    });
  if (info.length > 0) out.supportingInfo = info;

  if (claim.diagnoses.length > 0)
    out.diagnosis = claim.diagnoses.map((d) => {
      const system = diagnosisSystem(d);
      const entry: NonNullable<FhirClaim['diagnosis']>[number] = {
        sequence: d.pointer,
        diagnosisCodeableConcept: {
          coding: [system === undefined ? { code: d.code } : { system, code: dotted(d.code, system) }],
        },
      };
      if (d.qualifier !== undefined) {
        const hl7 =
          diagnosisTypeFor[d.qualifier] ??
          (['principal', 'admitting', 'clinical', 'discharge', 'differential'].includes(d.qualifier)
            ? d.qualifier
            : undefined);
        const coding = [
          ...(hl7 === undefined ? [] : [{ system: systems.diagnosisType, code: hl7 }]),
          ...(hl7 === d.qualifier ? [] : [{ system: x12QualifierSystem, code: d.qualifier }]),
        ];
        entry.type = [{ coding }];
      }
      return entry;
    });
  out.item = claim.lines.map((l) => {
    const item = itemToFhir(l, claim);
    const member = lineCare(l.renderingProvider);
    if (member !== undefined) item.careTeamSequence = [member];
    return item;
  });
  if (careTeam.length > 0) out.careTeam = careTeam;
  return out;
}

/** A procedure's code system: HCPCS Level II or CPT for `HC`, NDC for `N4`, CDT for `AD`, else the qualifier as read. */
export function procedureSystem(p: Procedure): string {
  return p.qualifier === 'HC' || p.qualifier === ''
    ? /^[A-Z]/.test(p.code)
      ? systems.hcpcs
      : systems.cpt
    : p.qualifier === 'N4'
      ? systems.ndc
      : p.qualifier === 'AD'
        ? systems.cdt
        : p.qualifier;
}

function itemToFhir(l: ClaimLine, claim: Claim): ClaimItem {
  const system = procedureSystem(l.procedure);
  const item: ClaimItem = {
    sequence: l.sequence,
    // No procedure (an 837I line with a revenue code only): CARIN BB's data-absent "not-applicable" coding.
    productOrService:
      l.procedure.code === ''
        ? concept(systems.dataAbsentReason, 'not-applicable')
        : concept(system, l.procedure.code, l.procedure.description),
    quantity: {
      value: l.units,
      ...(l.unitType === undefined
        ? {}
        : { code: l.unitType, system: 'https://x12.org/codes/unit-or-basis-for-measurement' }),
    },
    net: money(l.chargeCents),
  };
  if (l.diagnosisPointers.length > 0) item.diagnosisSequence = [...l.diagnosisPointers];
  if (l.procedure.modifiers.length > 0)
    item.modifier = l.procedure.modifiers.map((m) => concept(modifierSystem(m), m));
  if (l.serviceDateTo !== undefined && l.serviceDateTo !== l.serviceDate)
    item.servicedPeriod = {
      ...(l.serviceDate === undefined ? {} : { start: l.serviceDate }),
      end: l.serviceDateTo,
    };
  else if (l.serviceDate !== undefined) item.servicedDate = l.serviceDate;
  // FHIR has no claim-level place of service: each item carries its own (the claim's when the line has none).
  const pos = l.placeOfService ?? claim.placeOfService;
  if (pos !== undefined) item.locationCodeableConcept = concept(systems.placeOfService, pos);
  if (l.revenueCode !== undefined) item.revenue = concept(systems.revenue, l.revenueCode);
  if (l.drug) {
    const d = l.drug;
    item.detail = [
      {
        sequence: 1,
        productOrService: concept(systems.ndc, d.ndc),
        ...(d.quantity === undefined && d.unit === undefined
          ? {}
          : {
              quantity: {
                ...(d.quantity === undefined ? {} : { value: d.quantity }),
                ...(d.unit === undefined
                  ? {}
                  : { code: d.unit, system: 'https://x12.org/codes/unit-or-basis-for-measurement' }),
              },
            }),
      },
    ];
  }
  const ext = itemExtensions(l);
  if (ext.length > 0) item.extension = ext;
  return item;
}

/** drugclaim's item extensions for a line: notes, line item control number, the documented dose not in a note. */
export function itemExtensions(l: ClaimLine): Extension[] {
  const ext: Extension[] = l.notes.map((n) => ({ url: extensions.lineNote, valueString: n }));
  if (l.lineItemControlNumber !== undefined)
    ext.push({ url: extensions.lineItemControlNumber, valueString: l.lineItemControlNumber });
  if (l.dose) {
    const fromNotes = l.notes.length > 0 ? doseFromNotes(l.notes) : undefined;
    if (l.dose.text !== '' && fromNotes?.text !== l.dose.text)
      ext.push({ url: extensions.documentedDose, valueString: l.dose.text });
    if (l.dose.discardedText !== undefined && fromNotes?.discardedText !== l.dose.discardedText)
      ext.push({ url: extensions.discardedDose, valueString: l.dose.discardedText });
  }
  return ext;
}

export { modifierSystem };

/** For messages: a claim's total as dollars. */
export const dollars = (cents: number): string => formatCents(cents);
