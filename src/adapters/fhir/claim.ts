/**
 * FHIR R4 Claim ↔ canonical claim.
 *
 * Reading: the claim's own elements plus the resources it references (contained, or entries of the same Bundle):
 * Patient, Organization/Practitioner (NPI, TIN), insurer Organization, Coverage (subscriber id). Drugs: an NDC in
 * item.detail[].productOrService, in item.productOrService (pharmacy), or in a productOrService extension (Blue
 * Button). Weight/height: supportingInfo with LOINC 29463-7 / 8302-2. Documented dose: drugclaim's item extension.
 *
 * Writing: one Claim per canonical claim, with the parties as contained resources so that the resource stands
 * alone; reading it back gives the same canonical claim for every element listed in docs/claims-io.md.
 * @see https://hl7.org/fhir/R4/claim.html
 */
import type {
  Claim,
  ClaimLine,
  Diagnosis,
  DocumentedDose,
  LineDrug,
  Patient as CanonicalPatient,
} from '../../core/claim/model.ts';
import { formatCents } from '../../core/money.ts';
import { doseFromNotes } from '../claim-files/dose-notes.ts';
import {
  codeOf,
  codings,
  extensions,
  extensionsOf,
  finite,
  fromAddress,
  heightCm,
  identifierValue,
  isObject,
  isoDate,
  loinc,
  money,
  moneyCents,
  partyFrom,
  patientFrom,
  positionAt,
  positiveInt,
  problemAt,
  procedureCoding,
  procedureFrom,
  requiredElements,
  requireProcedureCode,
  sequenceChecker,
  servicedDates,
  systems,
  toAddress,
  weightKg,
} from './common.ts';
import type { FhirContext } from './common.ts';
import type {
  Claim as FhirClaim,
  ClaimItem,
  ClaimSupportingInfo,
  CodeableConcept,
  Coverage,
  Extension,
  Identifier,
  Organization,
  Patient,
  Practitioner,
} from './r4.ts';

/** Reads the drug on a FHIR item: detail NDC, NDC productOrService, or the Blue Button NDC extension. */
export function drugOf(item: ClaimItem): LineDrug | undefined {
  for (const d of Array.isArray(item.detail) ? item.detail.filter(isObject) : []) {
    const ndc = codings(d.productOrService).find(
      (c) => c.system === systems.ndc && typeof c.code === 'string',
    );
    if (ndc?.code !== undefined) {
      const drug: LineDrug = { ndc: ndc.code, ndcQualifier: 'N4' };
      const q = finite(d.quantity?.value);
      if (q !== undefined) drug.quantity = q;
      const unit = d.quantity?.code ?? d.quantity?.unit;
      if (typeof unit === 'string') drug.unit = unit;
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
    if (isObject(q) && finite(q.value) !== undefined) {
      const unit = (
        typeof q.code === 'string' ? q.code : typeof q.unit === 'string' ? q.unit : ''
      ).toUpperCase();
      const amount = q.value as number;
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

function stringExtensions(
  holder: { extension?: Extension[] | undefined } | undefined,
  url: string,
): string[] {
  return extensionsOf(holder, url)
    .map((e) => e.valueString)
    .filter((v): v is string => typeof v === 'string');
}

/** FHIR Claim → canonical claim (undefined only when the resource is not a usable Claim). */
export function claimFromFhir(resource: FhirClaim, ctx: FhirContext, path: string): Claim | undefined {
  const req = requiredElements(ctx, 'Claim', path);
  req(typeof resource.status === 'string', 'status');
  req(isObject(resource.type), 'type');
  req(typeof resource.use === 'string', 'use');
  req(isObject(resource.patient), 'patient');
  req(typeof resource.created === 'string', 'created');
  req(isObject(resource.provider), 'provider');
  req(isObject(resource.priority), 'priority');
  req(Array.isArray(resource.insurance) && resource.insurance.length > 0, 'insurance');

  const institutional = codeOf(resource.type) === 'institutional';
  const id =
    identifierValue(resource.identifier, systems.patientControlNumber) ??
    (Array.isArray(resource.identifier)
      ? resource.identifier.find((i: Identifier) => isObject(i) && typeof i.value === 'string')?.value
      : undefined) ??
    (typeof resource.id === 'string' ? resource.id : undefined);
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
  const providerRes = ctx.resolve(resource.provider);
  const insurerRes = ctx.resolve(resource.insurer);
  const patientRes = ctx.resolve(resource.patient) as Patient | undefined;
  const insurance = Array.isArray(resource.insurance)
    ? (resource.insurance.find((i) => isObject(i) && i.focal === true) ?? resource.insurance.find(isObject))
    : undefined;
  const coverage = ctx.resolve(insurance?.coverage) as Coverage | undefined;
  const patient: CanonicalPatient = patientFrom(patientRes);
  if (coverage?.resourceType === 'Coverage' && typeof coverage.subscriberId === 'string')
    patient.memberId = coverage.subscriberId;

  const claim: Claim = {
    id: id ?? '',
    format: 'fhir',
    billingProvider: partyFrom(providerRes as Organization | Practitioner | undefined, resource.provider),
    payer: { ...partyFrom(insurerRes as Organization | undefined, resource.insurer), kind: 'unknown' },
    patient,
    totalChargeCents: 0,
    diagnoses: [],
    notes: stringExtensions(resource, extensions.claimNote),
    lines: [],
    position: positionAt(ctx, path),
  };
  // A payee party other than the provider, with an address, is where payment goes (837 2010AB).
  const payeeRef = isObject(resource.payee) ? resource.payee.party : undefined;
  const providerRef = isObject(resource.provider) ? resource.provider.reference : undefined;
  if (isObject(payeeRef) && (payeeRef.reference === undefined || payeeRef.reference !== providerRef)) {
    const payee = ctx.resolve(payeeRef) as Organization | Practitioner | undefined;
    const address =
      payee?.resourceType === 'Organization' || payee?.resourceType === 'Practitioner'
        ? toAddress(payee.address)
        : undefined;
    if (address) claim.payToAddress = address;
  }
  const payerType = codeOf(coverage?.type, [payerTypology]);
  if (payerType !== undefined) claim.payer.kind = kindFromTypology(payerType);
  const relationship = codeOf(coverage?.relationship);
  if (relationship !== undefined && relationship !== 'self') claim.patientRelationship = relationship;
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
  const created = isoDate(resource.created);
  if (created !== undefined) claim.envelope = { created };
  const statementFrom = isoDate(resource.billablePeriod?.start);
  const statementTo = isoDate(resource.billablePeriod?.end);
  if (statementFrom !== undefined) claim.statementFrom = statementFrom;
  if (statementTo !== undefined) claim.statementTo = statementTo;

  // Care team: rendering (CARIN "performing"/"rendering") and attending.
  for (const member of Array.isArray(resource.careTeam) ? resource.careTeam.filter(isObject) : []) {
    const role = codeOf(member.role);
    const party = partyFrom(ctx.resolve(member.provider), member.provider);
    const taxonomy = codeOf(member.qualification);
    if (taxonomy !== undefined) party.taxonomy = taxonomy;
    if ((role === 'rendering' || role === 'performing' || role === 'primary') && !claim.renderingProvider)
      claim.renderingProvider = party;
    else if (role === 'attending' && !claim.attendingProvider) claim.attendingProvider = party;
    else if (role === 'operating' && !claim.operatingPhysician) claim.operatingPhysician = party;
    else if (role === 'otheroperating' && !claim.otherOperatingPhysician)
      claim.otherOperatingPhysician = party;
    else if (role === 'referring' && !claim.referringProvider) claim.referringProvider = party;
  }

  // Diagnoses, in sequence order; the pointer is the sequence.
  const dx = Array.isArray(resource.diagnosis) ? resource.diagnosis.filter(isObject) : [];
  dx.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  dx.forEach((d, i) => {
    const code = codeOf(d.diagnosisCodeableConcept, [systems.icd10cm, 'http://hl7.org/fhir/sid/icd-10']);
    if (code === undefined) {
      ctx.report(
        problemAt(ctx, 'fhir.element.missing', 'error', 'Diagnosis has no code.', `${path}.diagnosis[${i}]`),
      );
      return;
    }
    const entry: Diagnosis = {
      code: code.replace(/\./g, '').toUpperCase(),
      pointer: positiveInt(d.sequence) ?? i + 1,
    };
    const type = Array.isArray(d.type) ? codeOf(d.type[0], [x12QualifierSystem]) : undefined;
    if (type !== undefined) entry.qualifier = type;
    claim.diagnoses.push(entry);
  });

  // Supporting info: weight, height, type of bill.
  for (const info of Array.isArray(resource.supportingInfo) ? resource.supportingInfo.filter(isObject) : [])
    readSupportingInfo(claim, info, institutional);

  // Items.
  const items = Array.isArray(resource.item) ? resource.item : [];
  const checkSequence = sequenceChecker(ctx);
  items.forEach((raw, i) => {
    const itemPath = `${path}.item[${i}]`;
    if (!isObject(raw)) {
      ctx.report(problemAt(ctx, 'fhir.element.invalid', 'error', 'Claim item is not an object.', itemPath));
      return;
    }
    const item = raw as ClaimItem;
    const line = lineFromItem(item, i, ctx, itemPath);
    checkSequence(line.sequence, itemPath);
    claim.lines.push(line);
  });
  const pos = claim.lines[0]?.placeOfService;
  if (pos !== undefined && !institutional) claim.placeOfService = pos;
  const total = moneyCents(resource.total);
  claim.totalChargeCents = total ?? claim.lines.reduce((s, l) => s + l.chargeCents, 0);
  if (institutional && claim.typeOfBill === undefined) claim.format = 'fhir';
  return claim;
}

function readSupportingInfo(claim: Claim, info: ClaimSupportingInfo, institutional: boolean): void {
  const category = codeOf(info.category);
  const code = codeOf(info.code);
  if (code === loinc.bodyWeight || category === 'weight') {
    const kg = weightKg(info.valueQuantity);
    if (kg !== undefined) claim.patient.weightKg = kg;
  } else if (code === loinc.bodyHeight || category === 'height') {
    const cm = heightCm(info.valueQuantity);
    if (cm !== undefined) claim.patient.heightCm = cm;
  } else if (category === 'typeofbill' && code !== undefined) {
    const tob = code.replace(/^0(?=\d{3}$)/, '');
    claim.typeOfBill = tob;
    if (claim.frequencyCode === undefined && tob.length === 3) claim.frequencyCode = tob.substring(2);
  } else if (category === 'admtype' && code !== undefined && institutional) claim.admissionType = code;
  else if (category === 'pointoforigin' && code !== undefined && institutional) claim.admissionSource = code;
  else if (category === 'discharge-status' && code !== undefined && institutional) claim.patientStatus = code;
}

function lineFromItem(item: ClaimItem, index: number, ctx: FhirContext, path: string): ClaimLine {
  const line: ClaimLine = {
    sequence: positiveInt(item.sequence) ?? index + 1,
    procedure: procedureOf(item),
    units: finite(item.quantity?.value) ?? 1,
    chargeCents: 0,
    diagnosisPointers: Array.isArray(item.diagnosisSequence)
      ? item.diagnosisSequence.filter((n): n is number => positiveInt(n) !== undefined)
      : [],
    notes: stringExtensions(item, extensions.lineNote),
    position: positionAt(ctx, path),
  };
  if (positiveInt(item.sequence) === undefined)
    ctx.report(
      problemAt(
        ctx,
        'fhir.element.missing',
        'warning',
        'Item has no valid sequence (a positive whole number); its position was used.',
        `${path}.sequence`,
      ),
    );
  requireProcedureCode(ctx, line.procedure, path);
  const unitType =
    stringExtensions(
      item.quantity as { extension?: Extension[] | undefined } | undefined,
      extensions.unitType,
    )[0] ?? item.quantity?.code;
  if (typeof unitType === 'string') line.unitType = unitType;
  const net = moneyCents(item.net);
  const unitPrice = moneyCents(item.unitPrice);
  line.chargeCents = net ?? (unitPrice === undefined ? 0 : Math.round(unitPrice * line.units));
  const served = servicedDates(ctx, item, path);
  if (served.from !== undefined) line.serviceDate = served.from;
  if (served.to !== undefined) line.serviceDateTo = served.to;
  const pos = codeOf(item.locationCodeableConcept);
  if (pos !== undefined) line.placeOfService = pos;
  const rev = codeOf(item.revenue);
  if (rev !== undefined) line.revenueCode = rev;
  const drug = drugOf(item);
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
const typologyFromKind = { medicare: '1', medicaid: '2', commercial: '5', unknown: '9' } as const;

/** The X12 HI qualifier is kept beside the HL7 diagnosis type so that nothing is lost on the way back. */
const x12QualifierSystem = 'https://x12.org/codes/code-list-qualifier';
const diagnosisTypeFor: Record<string, string> = {
  ABK: 'principal',
  BK: 'principal',
  ABJ: 'admitting',
  BJ: 'admitting',
};

// ---- canonical → FHIR ----------------------------------------------------------------------------------------

const concept = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display === undefined ? {} : { display }) }],
});

function identifiers(p: { npi?: string; tin?: string; id?: string }): Identifier[] | undefined {
  const list: Identifier[] = [];
  if (p.npi !== undefined) list.push({ system: systems.npi, value: p.npi });
  if (p.tin !== undefined) list.push({ system: systems.tin, value: p.tin });
  if (p.id !== undefined) list.push({ system: 'urn:drugclaim:other-id', value: p.id });
  return list.length > 0 ? list : undefined;
}

function partyResource(id: string, p: Claim['billingProvider']): Organization | Practitioner {
  const person = p.name === undefined && (p.lastName !== undefined || p.firstName !== undefined);
  const address = fromAddress(p.address);
  const ids = identifiers(p);
  if (person) {
    const name: NonNullable<Practitioner['name']>[number] = {};
    if (p.lastName !== undefined) name.family = p.lastName;
    if (p.firstName !== undefined) name.given = [p.firstName];
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
    ...(ids ? { identifier: ids } : {}),
    ...(address ? { address } : {}),
  };
}

/** Canonical claim → FHIR R4 Claim (parties contained). `created` defaults to the claim's own, else today. */
export function claimToFhir(claim: Claim, options: { created?: string } = {}): FhirClaim {
  const institutional = claim.format === '837I' || claim.typeOfBill !== undefined;
  const contained: NonNullable<FhirClaim['contained']> = [];
  const p = claim.patient;
  const patient: Patient = { resourceType: 'Patient', id: 'patient' };
  if (p.lastName !== undefined || p.firstName !== undefined)
    patient.name = [
      {
        ...(p.lastName === undefined ? {} : { family: p.lastName }),
        ...(p.firstName === undefined ? {} : { given: [p.firstName] }),
      },
    ];
  if (p.sex !== undefined) patient.gender = p.sex === 'M' ? 'male' : p.sex === 'F' ? 'female' : 'unknown';
  if (p.birthDate !== undefined) patient.birthDate = p.birthDate;
  const pAddress = fromAddress(p.address);
  if (pAddress) patient.address = pAddress;
  contained.push(patient);
  contained.push(partyResource('billing', claim.billingProvider));
  const { kind: _kind, ...payer } = claim.payer;
  contained.push(partyResource('payer', payer));
  const payToAddress = fromAddress(claim.payToAddress);
  if (payToAddress) contained.push({ resourceType: 'Organization', id: 'payto', address: payToAddress });
  const coverage: Coverage = {
    resourceType: 'Coverage',
    id: 'coverage',
    status: 'active',
    beneficiary: { reference: '#patient' },
    payor: [{ reference: '#payer' }],
  };
  if (p.memberId !== undefined) coverage.subscriberId = p.memberId;
  coverage.relationship = concept(
    'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
    claim.patientRelationship ?? 'self',
  );
  coverage.type = concept(payerTypology, typologyFromKind[claim.payer.kind]);
  contained.push(coverage);

  const out: FhirClaim = {
    resourceType: 'Claim',
    contained,
    status: 'active',
    type: concept(systems.claimType, institutional ? 'institutional' : 'professional'),
    use: 'claim',
    patient: { reference: '#patient' },
    created: options.created ?? claim.envelope?.created ?? new Date().toISOString().substring(0, 10),
    insurer: { reference: '#payer' },
    provider: { reference: '#billing' },
    ...(payToAddress
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
        coverage: { reference: '#coverage' },
        ...(claim.priorAuthorization === undefined ? {} : { preAuthRef: [claim.priorAuthorization] }),
      },
    ],
    identifier: [{ system: systems.patientControlNumber, value: claim.id }],
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
  const addCare = (party: Claim['billingProvider'] | undefined, role: string, id: string): void => {
    if (!party) return;
    contained.push(partyResource(id, party));
    careTeam.push({
      sequence: careTeam.length + 1,
      provider: { reference: `#${id}` },
      role:
        role === 'rendering'
          ? concept('http://terminology.hl7.org/CodeSystem/claimcareteamrole', 'primary')
          : concept('http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole', role),
      ...(party.taxonomy === undefined
        ? {}
        : { qualification: concept('http://nucc.org/provider-taxonomy', party.taxonomy) }),
    });
  };
  addCare(claim.renderingProvider, 'rendering', 'rendering');
  if (claim.attendingProvider) addCare(claim.attendingProvider, 'attending', 'attending');
  if (claim.operatingPhysician) addCare(claim.operatingPhysician, 'operating', 'operating');
  if (claim.otherOperatingPhysician)
    addCare(claim.otherOperatingPhysician, 'otheroperating', 'otheroperating');
  if (claim.referringProvider) addCare(claim.referringProvider, 'referring', 'referring');
  if (careTeam.length > 0) out.careTeam = careTeam;

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

  out.diagnosis = claim.diagnoses.map((d) => {
    const entry: NonNullable<FhirClaim['diagnosis']>[number] = {
      sequence: d.pointer,
      diagnosisCodeableConcept: concept(systems.icd10cm, d.code),
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
  out.item = claim.lines.map((l) => itemToFhir(l, claim));
  return out;
}

function itemToFhir(l: ClaimLine, claim: Claim): ClaimItem {
  const system =
    l.procedure.qualifier === 'HC' || l.procedure.qualifier === ''
      ? /^[A-Z]/.test(l.procedure.code)
        ? systems.hcpcs
        : systems.cpt
      : l.procedure.qualifier === 'N4'
        ? systems.ndc
        : l.procedure.qualifier;
  const item: ClaimItem = {
    sequence: l.sequence,
    productOrService: concept(system, l.procedure.code, l.procedure.description),
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
    item.modifier = l.procedure.modifiers.map((m) => concept(systems.hcpcs, m));
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
  if (ext.length > 0) item.extension = ext;
  return item;
}

/** For messages: a claim's total as dollars. */
export const dollars = (cents: number): string => formatCents(cents);
