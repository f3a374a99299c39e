/**
 * Canonical claims as JSON: what `drugclaim convert --to json` writes and what `drugclaim read --json` prints.
 * Accepted input: `{ "claims": [...], "remittances": [...] }` (other keys ignored), a bare array of claims, or one
 * claim. Each claim and remittance is checked against the canonical model (money in integer cents, ISO dates);
 * one that does not fit is reported with its JSON path and left out, the others are read.
 */
import { z } from 'zod';
import { MAX_QUANTITY, type Claim, type Remittance } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { JsonArrayWriter, jsonAroundMarkers, PIECE, streamedArrayMarker } from '../render/json-chunks.ts';
import { isIsoDate } from '../../core/reference/as-of.ts';
import { runSteps, type Steps } from '../../core/steps.ts';
import { jsonError } from '../fhir/index.ts';
import { doseFromNotes } from './dose-notes.ts';

const isoDate = z.string().refine(isIsoDate, 'expected a real date YYYY-MM-DD');
const cents = z.number().int('expected integer cents');
/** Units and NDC quantities: numbers an 837 can hold (15 digits). */
const quantity = z
  .number()
  .refine(
    (q) => Math.abs(q) < MAX_QUANTITY,
    `expected a quantity below ${MAX_QUANTITY.toExponential()} (15 digits, as an 837 holds)`,
  );
const text = z.string();

const address = z
  .object({ line1: text, line2: text, city: text, state: text, postalCode: text, country: text })
  .partial();
const contact = z.object({ name: text, phone: text, email: text }).partial();
const party = z
  .object({
    name: text,
    lastName: text,
    firstName: text,
    middleName: text,
    npi: text,
    tin: text,
    id: text,
    idQualifier: text,
    taxonomy: text,
    address,
    contact,
  })
  .partial();
const patient = z
  .object({
    memberId: text,
    firstName: text,
    lastName: text,
    middleName: text,
    birthDate: isoDate,
    sex: z.enum(['M', 'F', 'U']),
    weightKg: z.number().positive(),
    heightCm: z.number().positive(),
    address,
  })
  .partial();
const position = z
  .object({
    file: text,
    line: z.number(),
    segmentIndex: z.number(),
    segmentId: text,
    element: z.number(),
    field: text,
    loop: text,
    path: text,
  })
  .partial();
const procedure = z.object({
  qualifier: text,
  code: text,
  modifiers: z.array(text).max(4).default([]),
  description: text.optional(),
});
const adjustment = z.object({ group: text, carc: text, amountCents: cents, quantity: z.number().optional() });
const envelope = z
  .object({
    interchangeControl: text,
    groupControl: text,
    transactionControl: text,
    version: text,
    created: isoDate,
    senderQualifier: text,
    senderId: text,
    receiverQualifier: text,
    receiverId: text,
    acknowledgmentRequested: text,
    usage: text,
    applicationSender: text,
    applicationReceiver: text,
    purpose: text,
    reference: text,
    transactionType: text,
    createdTime: text,
    fhir: z
      .object({
        id: text,
        identifierSystem: text,
        references: z.object({ patient: text, provider: text, insurer: text, coverage: text }).partial(),
      })
      .partial(),
  })
  .partial();

const line = z.object({
  sequence: z.number().int().positive(),
  serviceDate: isoDate.optional(),
  serviceDateTo: isoDate.optional(),
  procedure,
  units: quantity,
  unitType: text.optional(),
  chargeCents: cents,
  diagnosisPointers: z.array(z.number().int().positive()).default([]),
  revenueCode: text.optional(),
  nonCoveredChargeCents: cents.optional(),
  placeOfService: text.optional(),
  drug: z
    .object({
      ndc: text,
      ndcQualifier: text.default('N4'),
      quantity: quantity.optional(),
      unit: text.optional(),
      prescriptionNumber: text.optional(),
    })
    .optional(),
  notes: z.array(text).default([]),
  lineItemControlNumber: text.optional(),
  dose: z
    .object({
      text,
      discardedText: text.optional(),
      amount: z.number().optional(),
      unit: text.optional(),
      discardedAmount: z.number().optional(),
      discardedUnit: text.optional(),
    })
    .optional(),
  renderingProvider: party.optional(),
  position: position.optional(),
});

export const claimSchema = z.object({
  id: text,
  format: z.enum(['837P', '837I', 'fhir', 'json', 'csv']).default('json'),
  envelope: envelope.optional(),
  submitter: party.optional(),
  receiver: party.optional(),
  billingProvider: party,
  payToAddress: address.optional(),
  renderingProvider: party.optional(),
  payer: party.extend({ kind: z.enum(['medicare', 'medicaid', 'commercial', 'unknown']).default('unknown') }),
  subscriber: patient
    .extend({
      relationship: text,
      groupNumber: text,
      claimFilingIndicator: text,
      payerResponsibility: text,
      groupName: text,
    })
    .partial()
    .optional(),
  patientRelationship: text.optional(),
  otherPayers: z
    .array(
      z.object({
        responsibility: text.optional(),
        relationship: text.optional(),
        groupNumber: text.optional(),
        groupName: text.optional(),
        claimFilingIndicator: text.optional(),
        subscriber: patient.optional(),
        payer: party,
        paidCents: cents.optional(),
        benefitsAssignment: text.optional(),
        patientSignatureSource: text.optional(),
        releaseOfInformation: text.optional(),
        adjustments: z.array(adjustment).optional(),
      }),
    )
    .optional(),
  indicators: z
    .object({
      providerSignature: text,
      assignment: text,
      benefitsAssignment: text,
      releaseOfInformation: text,
      patientSignatureSource: text,
    })
    .partial()
    .optional(),
  relatedCauses: z
    .object({ codes: z.array(text).default([]), state: text.optional(), country: text.optional() })
    .optional(),
  delayReasonCode: text.optional(),
  attendingProvider: party.optional(),
  operatingPhysician: party.optional(),
  otherOperatingPhysician: party.optional(),
  conditionCodes: z.array(text).optional(),
  occurrenceCodes: z.array(z.object({ code: text, date: isoDate })).optional(),
  occurrenceSpans: z.array(z.object({ code: text, from: isoDate, to: isoDate })).optional(),
  valueCodes: z.array(z.object({ code: text, amountCents: cents })).optional(),
  admissionType: text.optional(),
  admissionSource: text.optional(),
  patientStatus: text.optional(),
  admissionDate: isoDate.optional(),
  admissionHour: text.optional(),
  serviceFacility: party.optional(),
  referringProvider: party.optional(),
  patient,
  frequencyCode: text.optional(),
  placeOfService: text.optional(),
  typeOfBill: text.optional(),
  totalChargeCents: cents,
  diagnoses: z
    .array(
      z.object({
        code: text,
        qualifier: text.optional(),
        system: text.optional(),
        pointer: z.number().int().positive(),
      }),
    )
    .default([]),
  priorAuthorization: text.optional(),
  payerClaimControlNumber: text.optional(),
  statementFrom: isoDate.optional(),
  statementTo: isoDate.optional(),
  notes: z.array(text).default([]),
  lines: z.array(line).default([]),
  position: position.optional(),
});

const adjudication = z.object({
  category: text,
  amountCents: cents.optional(),
  value: z.number().optional(),
  reason: text.optional(),
});
const remittanceLine = z.object({
  procedure,
  originalProcedure: procedure.optional(),
  chargeCents: cents,
  paidCents: cents,
  units: z.number().optional(),
  originalUnits: z.number().optional(),
  revenueCode: text.optional(),
  serviceDate: isoDate.optional(),
  serviceDateTo: isoDate.optional(),
  adjustments: z.array(adjustment).default([]),
  remarkCodes: z.array(text).default([]),
  lineItemControlNumber: text.optional(),
  allowedCents: cents.optional(),
  adjudications: z.array(adjudication).optional(),
  ndc: text.optional(),
  position: position.optional(),
});

export const remittanceSchema = z.object({
  format: z.enum(['835', 'fhir']).default('835'),
  envelope: envelope.optional(),
  payer: party,
  payee: party,
  payment: z.object({
    handling: text.optional(),
    amountCents: cents,
    creditDebit: text.optional(),
    method: text.optional(),
    date: isoDate.optional(),
    traceNumber: text.optional(),
  }),
  productionDate: isoDate.optional(),
  claims: z
    .array(
      z.object({
        patientControlNumber: text,
        status: text,
        chargeCents: cents,
        paidCents: cents,
        patientResponsibilityCents: cents.default(0),
        claimFilingIndicator: text.optional(),
        payerClaimControlNumber: text.optional(),
        facilityCode: text.optional(),
        frequencyCode: text.optional(),
        patient: patient.optional(),
        adjustments: z.array(adjustment).default([]),
        remarkCodes: z.array(text).default([]),
        statementFrom: isoDate.optional(),
        statementTo: isoDate.optional(),
        receivedDate: isoDate.optional(),
        adjudications: z.array(adjudication).optional(),
        serviceLines: z.array(remittanceLine).default([]),
        position: position.optional(),
      }),
    )
    .default([]),
  providerAdjustments: z
    .array(
      z.object({
        providerId: text,
        fiscalPeriodDate: isoDate.optional(),
        reasonCode: text,
        reference: text.optional(),
        amountCents: cents,
      }),
    )
    .default([]),
  position: position.optional(),
});

export interface JsonReadResult {
  claims: Claim[];
  remittances: Remittance[];
  problems: Problem[];
}

function pathText(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : `${acc}.${String(k)}`),
    base,
  );
}

/**
 * Zod fills defaults and keeps only known keys; the result matches the model. The cast drops zod's `| undefined` on
 * optional keys, which `exactOptionalPropertyTypes` would otherwise reject: zod never writes an undefined value.
 */
function validate<T>(
  schema: z.ZodType,
  value: unknown,
  path: string,
  what: string,
  file: string | undefined,
  problems: Problem[],
): T | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as T;
  for (const issue of parsed.error.issues.slice(0, 20)) {
    problems.push({
      code: 'json.claim.invalid',
      severity: 'error',
      message: `${what} ${pathText('', issue.path).replace(/^\./, '') || '(root)'}: ${issue.message}; this ${what.toLowerCase()} was not read.`,
      at: { path: pathText(path, issue.path), ...(file === undefined ? {} : { file }) },
    });
  }
  return undefined;
}

/**
 * NDC units of measure an 837 accepts, as the X12 reader checks them.
 * @see 005010X222A1 / 005010X223A2 2410 CTP05-1: F2 international unit, GR gram, ME milligram, ML millilitre, UN unit
 */
const NDC_UNITS: ReadonlySet<string> = new Set(['F2', 'GR', 'ME', 'ML', 'UN']);

/**
 * Values that fit the model but that the X12 reader calls errors (negative charges, units and NDC quantities, an NDC
 * unit outside CTP05-1's list): the claim is kept as sent, as the X12 and CSV readers keep it, and each is reported.
 * A line pointer that names no diagnosis is a warning, as in the FHIR and CSV readers (`check` reports it as an
 * error, diagnosis-pointer-missing).
 */
function valuesX12Refuses(claim: Claim, path: string, file: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const report = (at: string, message: string, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({
      code: 'json.claim.invalid',
      severity,
      message: `Claim ${at.replace(/^\./, '')}: ${message}`,
      at: { path: `${path}${at}`, ...(file === undefined ? {} : { file }) },
    });
  };
  if (claim.totalChargeCents < 0)
    report('.totalChargeCents', 'a claim never charges a negative amount (837 CLM02); it was kept as sent.');
  const pointers = new Set(claim.diagnoses.map((d) => d.pointer));
  claim.lines.forEach((l, i) => {
    const at = `.lines[${i}]`;
    if (l.chargeCents < 0)
      report(`${at}.chargeCents`, 'a line never charges a negative amount (837 SV102); it was kept as sent.');
    if (l.units < 0)
      report(`${at}.units`, 'a unit count is never negative (837 SV104); it was kept as sent.');
    if (l.drug?.quantity !== undefined && l.drug.quantity < 0)
      report(`${at}.drug.quantity`, 'an NDC quantity is never negative (837 CTP04); it was kept as sent.');
    if (l.drug?.unit !== undefined && !NDC_UNITS.has(l.drug.unit))
      report(
        `${at}.drug.unit`,
        `"${l.drug.unit}" is not an NDC unit of measure (837 CTP05-1: F2, GR, ME, ML, UN); it was kept as sent.`,
      );
    l.diagnosisPointers.forEach((p, j) => {
      if (!pointers.has(p))
        report(
          `${at}.diagnosisPointers[${j}]`,
          `pointer ${p} names no diagnosis (the claim's pointers: ${[...pointers].join(', ') || 'none'}); kept as sent.`,
          'warning',
        );
    });
  });
  return problems;
}

/**
 * A line without a `dose` object but with a dose note ("DOSE 750MG WASTE 90MG") gets the dose the note documents,
 * as the X12, FHIR and CSV readers do: the dose drives the units and JW/JZ edits.
 */
function withDosesFromNotes(claim: Claim): Claim {
  for (const line of claim.lines) {
    if (line.dose !== undefined || line.notes.length === 0) continue;
    const dose = doseFromNotes(line.notes);
    if (dose) line.dose = dose;
  }
  return claim;
}

/** Parses canonical-claim JSON text. */
export function readClaimJson(text: string, options: { file?: string } = {}): JsonReadResult {
  const result: JsonReadResult = { claims: [], remittances: [], problems: [] };
  let value: unknown;
  const body = text.charCodeAt(0) === 0xfeff ? text.substring(1) : text;
  try {
    value = JSON.parse(body);
  } catch (err) {
    const said = jsonError(err instanceof Error ? err.message : String(err), body);
    result.problems.push({
      code: 'json.invalid',
      severity: 'error',
      message: `Not valid JSON: ${said.message}`,
      at: {
        ...(said.line === undefined ? {} : { line: said.line }),
        ...(options.file === undefined ? {} : { file: options.file }),
      },
    });
    return result;
  }
  return readClaimJsonValue(value, options);
}

/** Claims checked between two pauses: about 2 ms (zod takes some 15–25 µs a claim); a remittance counts its claims. */
const JSON_CLAIMS_PER_STEP = 100;

/** Reads already-parsed canonical-claim JSON. */
export function readClaimJsonValue(value: unknown, options: { file?: string } = {}): JsonReadResult {
  return runSteps(readClaimJsonValueSteps(value, options));
}

/**
 * `readClaimJsonValue` in steps: it pauses every 100 claims checked, so that a server reading a big upload
 * answers other requests in between. The same result.
 */
export function* readClaimJsonValueSteps(
  value: unknown,
  options: { file?: string } = {},
): Steps<JsonReadResult> {
  const result: JsonReadResult = { claims: [], remittances: [], problems: [] };
  const file = options.file;
  let claims: unknown[] = [];
  let remittances: unknown[] = [];
  let base = '$.claims';
  if (Array.isArray(value)) {
    claims = value;
    base = '$';
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o['claims']) || Array.isArray(o['remittances'])) {
      claims = Array.isArray(o['claims']) ? o['claims'] : [];
      remittances = Array.isArray(o['remittances']) ? o['remittances'] : [];
    } else if ('lines' in o && 'id' in o) {
      claims = [o];
      base = '$';
    }
  }
  if (claims.length === 0 && remittances.length === 0) {
    result.problems.push({
      code: 'json.claim.invalid',
      severity: 'error',
      message: 'The JSON holds no claims: expected { "claims": [...] }, an array of claims, or one claim.',
      at: { path: '$', ...(file === undefined ? {} : { file }) },
    });
    return result;
  }
  for (let i = 0; i < claims.length; i++) {
    if (i > 0 && i % JSON_CLAIMS_PER_STEP === 0) yield;
    const path = base === '$' && !Array.isArray(value) ? '$' : `${base}[${i}]`;
    const claim = validate<Claim>(claimSchema, claims[i], path, 'Claim', file, result.problems);
    if (!claim) continue;
    // Kept, as the X12 reader keeps a claim without loop 2400, but an error: no payer takes a claim without lines.
    if (claim.lines.length === 0)
      result.problems.push({
        code: 'json.claim.invalid',
        severity: 'error',
        message: `Claim ${claim.id} has no service lines: a claim needs at least one.`,
        at: { path: `${path}.lines`, ...(file === undefined ? {} : { file }) },
      });
    result.problems.push(...valuesX12Refuses(claim, path, file));
    result.claims.push(withDosesFromNotes(claim));
  }
  // A remittance is checked whole: one step however many claims it pays.
  let checked = claims.length % JSON_CLAIMS_PER_STEP;
  for (let i = 0; i < remittances.length; i++) {
    const r = remittances[i];
    if (checked >= JSON_CLAIMS_PER_STEP) {
      yield;
      checked = 0;
    }
    const paid = (r as { claims?: unknown } | null)?.claims;
    checked += 1 + (Array.isArray(paid) ? paid.length : 0);
    const remittance = validate<Remittance>(
      remittanceSchema,
      r,
      `$.remittances[${i}]`,
      'Remittance',
      file,
      result.problems,
    );
    if (remittance) result.remittances.push(remittance);
  }
  return result;
}

/** Canonical claims (and remittances, if any) as JSON text. */
export function writeClaimJson(claims: readonly Claim[], remittances: readonly Remittance[] = []): string {
  return [...claimJsonChunks(claims, remittances)].join('');
}

/** `writeClaimJson` in pieces, a few claims at a time: the JSON of a big batch is longer than a string can be. */
export function* claimJsonChunks(
  claims: readonly Claim[],
  remittances: readonly Remittance[] = [],
): Generator<string> {
  const writer = new ClaimJsonWriter();
  for (const claim of claims) {
    const piece = writer.add(claim);
    if (piece !== '') yield piece;
  }
  yield writer.end(remittances);
}

const claimsAt = streamedArrayMarker(0);
const remittancesAt = streamedArrayMarker(1);
const remittanceClaimsAt = streamedArrayMarker(2);
const claimsOnly = jsonAroundMarkers({ claims: claimsAt }, [claimsAt]);
const withRemittances = jsonAroundMarkers({ claims: claimsAt, remittances: remittancesAt }, [
  claimsAt,
  remittancesAt,
]);

/** Pieces are joined up to about this many characters before they are handed out (as render/json-chunks.ts does). */

/**
 * `writeClaimJson` a claim at a time, for a batch read as a stream: the remittances, which decide whether the text
 * has a "remittances" key after the claims, are given at the end.
 */
export class ClaimJsonWriter {
  private readonly claims = new JsonArrayWriter<Claim>(claimsOnly.indents[0] as string);
  private started = false;

  /** Adds a claim; returns the text gathered so far once it is long enough to hand out, else ''. */
  add(claim: Claim): string {
    const piece = this.claims.add(claim);
    return this.head() + piece;
  }

  /** The rest of the text: the end of the claims, then the remittances if there are any. */
  end(remittances: readonly Remittance[] = []): string {
    return [...this.endChunks(remittances)].join('');
  }

  /**
   * `end` in pieces of about 64 KiB: the JSON of a big 835 is about 9 times its size, so a 50 MB file's would near
   * the longest string V8 can hold. Each remittance's claims are written one at a time too, since one transaction set
   * can hold a whole 835's claims.
   */
  *endChunks(remittances: readonly Remittance[] = []): Generator<string> {
    const text = this.head() + this.claims.end();
    if (remittances.length === 0) {
      yield `${text}${claimsOnly.texts[1] as string}\n`;
      return;
    }
    yield `${text}${withRemittances.texts[1] as string}`;
    // As JsonArrayWriter writes the array under "remittances", with each remittance's "claims" array streamed.
    const keyIndent = withRemittances.indents[1] as string;
    const inner = `${keyIndent}  `;
    const indented = (s: string): string => s.replace(/\n/g, `\n${inner}`);
    let piece = '';
    for (let i = 0; i < remittances.length; i++) {
      const r = remittances[i] as Remittance;
      // The spread keeps the key where it was, so the text around the marker is what JSON.stringify gives.
      const around = jsonAroundMarkers({ ...r, claims: remittanceClaimsAt }, [remittanceClaimsAt]);
      piece += `${i === 0 ? '[\n' : ',\n'}${inner}${indented(around.texts[0] as string)}`;
      const claims = new JsonArrayWriter<Remittance['claims'][number]>(
        `${inner}${around.indents[0] as string}`,
      );
      for (const c of r.claims) {
        const more = claims.add(c);
        if (more === '') continue;
        yield piece + more;
        piece = '';
      }
      piece += `${claims.end()}${indented(around.texts[1] as string)}`;
      if (piece.length > PIECE) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}\n${keyIndent}]${withRemittances.texts[2] as string}\n`;
  }

  private head(): string {
    if (this.started) return '';
    this.started = true;
    return claimsOnly.texts[0] as string;
  }
}
