/**
 * Shared pieces of the FHIR R4 adapter: code systems, reference resolution, money and problem helpers.
 */
import type {
  Address as CanonicalAddress,
  Party,
  Patient as CanonicalPatient,
  Procedure,
} from '../../core/claim/model.ts';
import { MAX_QUANTITY } from '../../core/claim/model.ts';
import { isIsoDate } from '../../core/reference/as-of.ts';
import { formatCents, parseCents } from '../../core/money.ts';
import type { Problem, Severity, SourcePosition } from '../../core/problem.ts';
import type {
  Address,
  CodeableConcept,
  Coding,
  Extension,
  HumanName,
  Identifier,
  Money,
  Reference,
  Resource,
} from './r4.ts';

/**
 * Code systems.
 * @see https://terminology.hl7.org (HL7 Terminology: NPI, NDC, ICD-10-CM, ICD-9-CM, CPT, HCPCS, NUBC, CMS place of
 *   service, DataAbsentReason)
 * @see http://hl7.org/fhir/us/carin-bb/STU2 (CARIN BB: C4BBAdjudication, C4BBIdentifierType, supporting info types)
 */
export const systems = {
  npi: 'http://hl7.org/fhir/sid/us-npi',
  tin: 'urn:oid:2.16.840.1.113883.4.4',
  ndc: 'http://hl7.org/fhir/sid/ndc',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd9cm: 'http://hl7.org/fhir/sid/icd-9-cm',
  cpt: 'http://www.ama-assn.org/go/cpt',
  // THO CodeSystem hcpcs-Level-II: the canonical URL is http (some IGs and files use https; the reader takes both).
  hcpcs: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  // THO CodeSystem CDT (ADA dental procedure codes, X12 qualifier AD); THO keeps the older CD2 URL as an alias.
  cdt: 'http://www.ada.org/cdt',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  diagnosisType: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype',
  adjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  carinAdjudication: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication',
  carinDiscriminator: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator',
  carinSupportingInfo: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType',
  supportingInfo: 'http://terminology.hl7.org/CodeSystem/claiminformationcategory',
  placeOfService: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  revenue: 'https://www.nubc.org/CodeSystem/RevenueCodes',
  typeOfBill: 'https://www.nubc.org/CodeSystem/TypeOfBill',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  carc: 'https://x12.org/codes/claim-adjustment-reason-codes',
  rarc: 'https://x12.org/codes/remittance-advice-remark-codes',
  // CAS01: X12 publishes no code system URL for the group codes (CO, PR, OA, PI, CR); named like the other X12 lists
  // drugclaim writes (individual-relationship-code, code-list-qualifier).
  adjustmentGroup: 'https://x12.org/codes/claim-adjustment-group-code',
  carinIdentifierType: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType',
  patientControlNumber: 'urn:drugclaim:patient-control-number',
  // The R4 DataAbsentReason code system; CARIN BB codes a line without a procedure (revenue code only) as
  // productOrService = not-applicable from it.
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
} as const;

/**
 * The R4 core extension for why a required element has no value.
 * @see https://hl7.org/fhir/R4/extension-data-absent-reason.html
 */
export const dataAbsentReasonExtension = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

/** Other URIs in use for HCPCS/CPT codes (Blue Button, OIDs, older CMS address). */
export const procedureSystems = new Set<string>([
  systems.cpt,
  systems.hcpcs,
  'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  'https://bluebutton.cms.gov/resources/codesystem/hcpcs',
  'urn:oid:2.16.840.1.113883.6.285',
  'urn:oid:2.16.840.1.113883.6.12',
]);

/** The CDT URLs: THO's canonical one and the older one it keeps for backward compatibility. */
const cdtSystems = new Set<string>([systems.cdt, 'http://terminology.hl7.org/CodeSystem/CD2']);

/** drugclaim's own extensions (documented in docs/claims-io.md). */
export const extensions = {
  documentedDose: 'https://drugclaim.dev/fhir/StructureDefinition/documented-dose',
  discardedDose: 'https://drugclaim.dev/fhir/StructureDefinition/discarded-dose',
  lineNote: 'https://drugclaim.dev/fhir/StructureDefinition/line-note',
  claimNote: 'https://drugclaim.dev/fhir/StructureDefinition/claim-note',
  frequencyCode: 'https://drugclaim.dev/fhir/StructureDefinition/claim-frequency-code',
  unitType: 'https://drugclaim.dev/fhir/StructureDefinition/unit-type',
  lineItemControlNumber: 'https://drugclaim.dev/fhir/StructureDefinition/line-item-control-number',
  // ExplanationOfBenefit: the 835 values FHIR has no element for (docs/claims-io.md, "remittance → EOB").
  claimStatusCode: 'https://drugclaim.dev/fhir/StructureDefinition/claim-status-code',
  claimFilingIndicator: 'https://drugclaim.dev/fhir/StructureDefinition/claim-filing-indicator',
  facilityCode: 'https://drugclaim.dev/fhir/StructureDefinition/facility-code',
  originalProcedure: 'https://drugclaim.dev/fhir/StructureDefinition/original-procedure',
  originalUnits: 'https://drugclaim.dev/fhir/StructureDefinition/original-units',
} as const;

/** LOINC codes for weight and height in supportingInfo. @see LOINC 29463-7 (Body weight), 8302-2 (Body height). */
export const loinc = { bodyWeight: '29463-7', bodyHeight: '8302-2' } as const;

export interface FhirContext {
  file?: string;
  /** The resource a reference points to: contained ("#id"), or an entry of the same Bundle ("Type/id", fullUrl). */
  resolve: (ref: Reference | undefined) => Resource | undefined;
  report: (problem: Problem) => void;
  /** Counts an element the claim model does not carry (`FhirReadResult.passedOver`). */
  passOver?: (kind: string) => void;
}

export function problemAt(
  ctx: FhirContext,
  code: string,
  severity: Severity,
  message: string,
  path: string,
  data?: Record<string, unknown>,
): Problem {
  const at: Problem['at'] = { path };
  if (ctx.file !== undefined) at.file = ctx.file;
  return { code, severity, message, at, ...(data === undefined ? {} : { data }) };
}

/** Where a read resource or item stands: its JSON path, and the file when known. */
export function positionAt(ctx: FhirContext, path: string): SourcePosition {
  return { path, ...(ctx.file === undefined ? {} : { file: ctx.file }) };
}

/**
 * The element a JSON path ends at, for messages: its last two steps within the resource
 * (`$.entry[0].resource.item[0].quantity.value` → `quantity.value`, `$.insurer` → `insurer`).
 */
function elementName(path: string): string {
  const steps = path.replace(/\[\d+\]/g, '').split('.');
  const inResource = steps.slice(Math.max(steps.lastIndexOf('resource'), steps.lastIndexOf('$')) + 1);
  return inResource.slice(-2).join('.') || path;
}

/** A value as a message shows it: `the string "150"`, `an array`… */
function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the string "${v.slice(0, 40)}"`;
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : 'a number too large to read';
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `the ${typeof v} ${String(v)}`;
}

/**
 * Reports an element that is present with the wrong JSON type or an unusable value (`fhir.element.invalid`): it is
 * not read, and what depends on it is not guessed either (a quantity "150" is not one unit).
 */
export function reportInvalid(
  ctx: FhirContext,
  path: string,
  expected: string,
  value: unknown,
  severity: Severity = 'error',
  instead = 'it was not read',
): void {
  ctx.report(
    problemAt(
      ctx,
      'fhir.element.invalid',
      severity,
      `${elementName(path)} should be ${expected} but is ${describeValue(value)}; ${instead}.`,
      path,
    ),
  );
}

/** An object element; one present but not a JSON object is reported, and undefined. */
export function objectAt<T>(ctx: FhirContext, value: T | undefined, path: string): (T & object) | undefined {
  if (value === undefined) return undefined;
  if (isObject(value)) return value;
  reportInvalid(ctx, path, 'an object', value);
  return undefined;
}

/** The objects of an array element, with their paths; a non-array, or an entry that is not an object, is reported. */
export function objectsAt<T>(ctx: FhirContext, value: T[] | undefined, path: string): [T & object, string][] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    reportInvalid(ctx, path, 'an array', value);
    return [];
  }
  const out: [T & object, string][] = [];
  value.forEach((v, i) => {
    const at = `${path}[${i}]`;
    if (isObject(v)) out.push([v, at]);
    else reportInvalid(ctx, at, 'an object', v);
  });
  return out;
}

/** A string element; one present with another type is reported, and undefined. */
export function stringAt(ctx: FhirContext, value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  reportInvalid(ctx, path, 'a string', value);
  return undefined;
}

/**
 * A FHIR decimal: a finite JSON number. A string ("150"), or a number JSON.parse made infinite (1e309), is reported
 * and gives undefined: FHIR JSON writes decimals as numbers.
 */
export function decimalAt(ctx: FhirContext, value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  reportInvalid(ctx, path, 'a number', value);
  return undefined;
}

/** A quantity's `value` (units, an NDC quantity): a decimal below `MAX_QUANTITY`; else reported, and undefined. */
export function quantityAt(ctx: FhirContext, value: unknown, path: string): number | undefined {
  const q = decimalAt(ctx, value, path);
  if (q === undefined || Math.abs(q) < MAX_QUANTITY) return q;
  reportInvalid(
    ctx,
    path,
    `a quantity below ${MAX_QUANTITY.toExponential()} (15 digits, as an 837 holds)`,
    q,
  );
  return undefined;
}

/** Largest amount read, in dollars: beyond it cents are no longer exact integers. */
const MAX_DOLLARS = 1e13;

/** A Money element in cents (its `value`); an unusable one is reported, and undefined. */
export function moneyAt(ctx: FhirContext, m: Money | undefined, path: string): number | undefined {
  const money = objectAt(ctx, m, path);
  const value = decimalAt(ctx, money?.value, `${path}.value`);
  if (value === undefined) return undefined;
  if (Math.abs(value) >= MAX_DOLLARS) {
    reportInvalid(ctx, `${path}.value`, `an amount below ${MAX_DOLLARS.toExponential()} dollars`, value);
    return undefined;
  }
  // From the decimal text, never float arithmetic; toFixed keeps 1e-7 from becoming exponent notation.
  const text = value.toFixed(6);
  const cents = parseCents(text);
  // Digits past the cents ("1725.505") are rounded away: said, with the amount kept.
  if (cents !== undefined && /\.\d{2}\d*[1-9]/.test(text))
    reportInvalid(
      ctx,
      `${path}.value`,
      'an amount in whole cents (2 decimals)',
      value,
      'warning',
      `${formatCents(cents)} was kept`,
    );
  return cents;
}

/**
 * A checker for the elements FHIR R4 requires on a resource (`resourceType` names it in the message): reports a
 * warning at `path`.`element` when `present` is false.
 */
export function requiredElements(
  ctx: FhirContext,
  resourceType: string,
  path: string,
): (present: boolean, element: string) => void {
  return (present, element) => {
    if (!present)
      ctx.report(
        problemAt(
          ctx,
          'fhir.element.missing',
          'warning',
          `${resourceType}.${element} is required in FHIR R4 but missing.`,
          `${path}.${element}`,
        ),
      );
  };
}

/** A checker that warns when an item sequence is used a second time within one resource. */
export function sequenceChecker(ctx: FhirContext): (sequence: number, itemPath: string) => void {
  const seen = new Set<number>();
  return (sequence, itemPath) => {
    if (seen.has(sequence))
      ctx.report(
        problemAt(
          ctx,
          'fhir.item.duplicate-sequence',
          'warning',
          `Item sequence ${sequence} is used twice.`,
          `${itemPath}.sequence`,
        ),
      );
    seen.add(sequence);
  };
}

/** An item's sequence (positiveInt), reported when missing or not a positive whole number: its position stands in. */
export function itemSequence(ctx: FhirContext, value: unknown, path: string): number | undefined {
  const n = positiveInt(value);
  if (n !== undefined) return n;
  if (value === undefined)
    ctx.report(
      problemAt(
        ctx,
        'fhir.element.missing',
        'warning',
        'Item has no sequence; its position was used.',
        `${path}.sequence`,
      ),
    );
  else
    reportInvalid(
      ctx,
      `${path}.sequence`,
      'a positive whole number',
      value,
      'warning',
      'its position was used instead',
    );
  return undefined;
}

/**
 * Follows a reference the reader needs (the patient, the payer, the coverage…) to a resource of one of `types`. One
 * that points to no resource in the file, or to one of another type, is reported with what stays unknown (`lost`):
 * a Claim pointing at a server's resources (`Patient/1`) is common, and it is read without them, but the checks
 * that need them cannot run. A reference with only an identifier or a display points nowhere and is not reported.
 */
export function follow(
  ctx: FhirContext,
  ref: Reference | undefined,
  path: string,
  types: readonly string[],
  lost: string,
): Resource | undefined {
  const r = objectAt(ctx, ref, path);
  if (r === undefined || r.reference === undefined) return undefined;
  const target = stringAt(ctx, r.reference, `${path}.reference`);
  if (target === undefined) return undefined;
  const found = ctx.resolve(r);
  if (found !== undefined && types.includes(found.resourceType)) return found;
  const what = elementName(path);
  ctx.report(
    problemAt(
      ctx,
      'fhir.reference.unresolved',
      'warning',
      found === undefined
        ? `${what} "${target.slice(0, 80)}" points to no resource in the file (contained or Bundle entry): ${lost}.`
        : // Not String(): a resourceType like {"toString": 1} would throw out of the reader.
          `${what} "${target.slice(0, 80)}" is a ${typeof found.resourceType === 'string' ? found.resourceType : 'resource without a resourceType'}, not a ${types.join(' or ')}: ${lost}.`,
      `${path}.reference`,
      { reference: target },
    ),
  );
  return undefined;
}

/** The string of a reference that was given but could not be followed (for writing it back as it came). */
export function unresolvedReference(ctx: FhirContext, ref: Reference | undefined): string | undefined {
  return isObject(ref) && typeof ref.reference === 'string' && ctx.resolve(ref) === undefined
    ? ref.reference
    : undefined;
}

/** A finite JSON number (JSON.parse turns 1e309 into Infinity), else undefined. */
export function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A positive whole number (FHIR positiveInt), else undefined. */
export function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 2147483647 ? v : undefined;
}

/** Whether a value (typed or not) really is a JSON object; keeps the static type of typed values. */
export function isObject<T>(v: T): v is T & object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The codings of a concept, keeping only string-typed system/code/display (input JSON is untrusted). */
export function codings(cc: CodeableConcept | undefined): Coding[] {
  if (!isObject(cc) || !Array.isArray(cc.coding)) return [];
  const out: Coding[] = [];
  for (const c of cc.coding) {
    if (!isObject(c)) continue;
    const clean: Coding = {};
    if (typeof c.system === 'string') clean.system = c.system;
    if (typeof c.code === 'string') clean.code = c.code;
    if (typeof c.display === 'string') clean.display = c.display;
    out.push(clean);
  }
  return out;
}

/** The code of the first coding (optionally: of the first coding in one of `systemsWanted`). */
export function codeOf(
  cc: CodeableConcept | undefined,
  systemsWanted?: ReadonlySet<string> | readonly string[],
): string | undefined {
  return codingOf(cc, systemsWanted)?.code;
}

/** The first coding with a code (optionally: the first in one of `systemsWanted`, else the first with a code). */
export function codingOf(
  cc: CodeableConcept | undefined,
  systemsWanted?: ReadonlySet<string> | readonly string[],
): Coding | undefined {
  const list = codings(cc);
  if (systemsWanted) {
    const wanted = systemsWanted instanceof Set ? systemsWanted : new Set(systemsWanted as readonly string[]);
    const hit = list.find(
      (c) => c.system !== undefined && wanted.has(c.system) && typeof c.code === 'string',
    );
    if (hit) return hit;
  }
  return list.find((c) => typeof c.code === 'string');
}

/** Whether a productOrService says there is no procedure (data-absent-reason), as a revenue-code-only line does. */
export function noProcedure(cc: CodeableConcept | undefined): boolean {
  return codings(cc).some((c) => c.system === systems.dataAbsentReason);
}

/**
 * Where the procedure coding sits in a raw `coding` list: one in a HCPCS/CPT system first, then one in CDT, else the
 * first with a code (a data-absent-reason coding is no procedure); -1 when none. The reader and the fix patcher both
 * take it, so that a fix edits the coding the claim was read from.
 */
export function procedureCodingIndex(list: readonly unknown[]): number {
  const usable = (c: unknown): c is Coding =>
    isObject(c) &&
    typeof (c as Coding).code === 'string' &&
    (c as Coding).system !== systems.dataAbsentReason;
  const inSystems = (set: ReadonlySet<string>): number =>
    list.findIndex((c) => usable(c) && typeof c.system === 'string' && set.has(c.system));
  const procedure = inSystems(procedureSystems);
  if (procedure >= 0) return procedure;
  const dental = inSystems(cdtSystems);
  return dental >= 0 ? dental : list.findIndex(usable);
}

/** The procedure coding of a productOrService (`procedureCodingIndex`), cleaned as `codings` cleans them. */
export function procedureCoding(cc: CodeableConcept | undefined): Coding | undefined {
  const list: readonly unknown[] = isObject(cc) && Array.isArray(cc.coding) ? cc.coding : [];
  const i = procedureCodingIndex(list);
  return i < 0 ? undefined : codings({ coding: [list[i] as Coding] })[0];
}

/**
 * An item's procedure (without description): qualifier HC for a procedure system, N4 for NDC, AD for CDT, else the
 * system URI;
 * up to 4 modifiers, in order. A productOrService coded data-absent (a revenue code alone) gives an empty procedure,
 * as an 837I SV2 without SV202 does.
 */
export function procedureFrom(item: {
  productOrService?: CodeableConcept | undefined;
  modifier?: CodeableConcept[] | undefined;
}): Procedure {
  const coded = procedureCoding(item.productOrService);
  const p: Procedure = {
    qualifier:
      coded?.system !== undefined && procedureSystems.has(coded.system)
        ? 'HC'
        : coded?.system === systems.ndc
          ? 'N4'
          : coded?.system !== undefined && cdtSystems.has(coded.system)
            ? 'AD'
            : (coded?.system ?? ''),
    code: coded?.code ?? '',
    modifiers: [],
  };
  for (const m of Array.isArray(item.modifier) ? item.modifier.slice(0, 4) : []) {
    const code = codeOf(m);
    if (code !== undefined) p.modifiers.push(code);
  }
  return p;
}

/**
 * Reports an item whose productOrService has no code (an error: the line cannot be billed or matched), unless the
 * item carries a revenue code: a revenue-code-only line (837I SV2 without SV202) needs none.
 */
export function requireProcedureCode(
  ctx: FhirContext,
  procedure: Procedure,
  path: string,
  revenueCode: string | undefined,
): void {
  if (procedure.code === '' && (revenueCode === undefined || revenueCode === ''))
    ctx.report(
      problemAt(
        ctx,
        'fhir.element.missing',
        'error',
        'Item has no productOrService code (and no revenue code).',
        `${path}.productOrService`,
      ),
    );
}

/** A date (or dateTime) element as YYYY-MM-DD; one that is not a string or not on the calendar is reported. */
export function dateAt(ctx: FhirContext, value: unknown, path: string): string | undefined {
  const text = stringAt(ctx, value, path);
  if (text === undefined) return undefined;
  const d = isoDate(text);
  if (d === undefined)
    ctx.report(
      problemAt(
        ctx,
        'fhir.element.invalid',
        'error',
        `${elementName(path)} "${text.slice(0, 40)}" is not a valid date.`,
        path,
      ),
    );
  return d;
}

/**
 * An item's service dates: from servicedDate or the period start; to, the period end when it differs. A date that
 * is not on the calendar (2026-02-30) is reported and left out, as the X12 reader does.
 */
export function servicedDates(
  ctx: FhirContext,
  item: {
    servicedDate?: string | undefined;
    servicedPeriod?: { start?: string | undefined; end?: string | undefined } | undefined;
  },
  path: string,
): { from?: string; to?: string } {
  const period = objectAt(ctx, item.servicedPeriod, `${path}.servicedPeriod`);
  const from =
    dateAt(ctx, item.servicedDate, `${path}.servicedDate`) ??
    dateAt(ctx, period?.start, `${path}.servicedPeriod.start`);
  const to = dateAt(ctx, period?.end, `${path}.servicedPeriod.end`);
  return {
    ...(from === undefined ? {} : { from }),
    ...(to === undefined || to === from ? {} : { to }),
  };
}

export function money(cents: number): Money {
  return { value: Number((cents / 100).toFixed(2)), currency: 'USD' };
}

export function identifierValue(ids: Identifier[] | undefined, system: string): string | undefined {
  if (!Array.isArray(ids)) return undefined;
  const hit = ids.find((i) => isObject(i) && i.system === system && typeof i.value === 'string');
  return hit?.value;
}

export function extensionsOf(
  holder: { extension?: Extension[] | undefined } | undefined,
  url: string,
): Extension[] {
  const list = holder?.extension;
  return Array.isArray(list) ? list.filter((e) => isObject(e) && e.url === url) : [];
}

export function toAddress(a: Address[] | undefined): CanonicalAddress | undefined {
  const first = Array.isArray(a) ? a.find(isObject) : undefined;
  if (!first) return undefined;
  const out: CanonicalAddress = {};
  const lines = Array.isArray(first.line) ? first.line.filter((l) => typeof l === 'string') : [];
  if (lines[0] !== undefined) out.line1 = lines[0];
  if (lines[1] !== undefined) out.line2 = lines[1];
  if (typeof first.city === 'string') out.city = first.city;
  if (typeof first.state === 'string') out.state = first.state;
  if (typeof first.postalCode === 'string') out.postalCode = first.postalCode;
  if (typeof first.country === 'string') out.country = first.country;
  return out;
}

export function fromAddress(a: CanonicalAddress | undefined): Address[] | undefined {
  if (!a) return undefined;
  const out: Address = {};
  const lines = [a.line1, a.line2].filter((l): l is string => l !== undefined);
  if (lines.length > 0) out.line = lines;
  if (a.city !== undefined) out.city = a.city;
  if (a.state !== undefined) out.state = a.state;
  if (a.postalCode !== undefined) out.postalCode = a.postalCode;
  if (a.country !== undefined) out.country = a.country;
  return [out];
}

/** Family name, and the given names in order: the first, then a middle name or initial (837 NM104, NM105). */
export function nameParts(names: HumanName[] | undefined): {
  lastName?: string;
  firstName?: string;
  middleName?: string;
} {
  const n = Array.isArray(names) ? names.find(isObject) : undefined;
  const out: { lastName?: string; firstName?: string; middleName?: string } = {};
  if (!n) return out;
  if (typeof n.family === 'string') out.lastName = n.family;
  const given = Array.isArray(n.given) ? n.given.filter((g) => typeof g === 'string') : [];
  if (given[0] !== undefined) out.firstName = given[0];
  if (given[1] !== undefined) out.middleName = given[1];
  return out;
}

/** A HumanName from the name parts (given: first, then middle), or undefined when there is none. */
export function humanName(p: {
  lastName?: string;
  firstName?: string;
  middleName?: string;
}): HumanName | undefined {
  const given = [p.firstName, p.middleName].filter((g): g is string => g !== undefined);
  if (p.lastName === undefined && given.length === 0) return undefined;
  return {
    ...(p.lastName === undefined ? {} : { family: p.lastName }),
    ...(given.length === 0 ? {} : { given }),
  };
}

/** A Party from an Organization or Practitioner resource (or just a reference's display/identifier). */
export function partyFrom(resource: Resource | undefined, ref: Reference | undefined): Party {
  const p: Party = {};
  const r = resource as
    { resourceType?: string; name?: unknown; identifier?: Identifier[]; address?: Address[] } | undefined;
  if (r) {
    if (r.resourceType === 'Organization' && typeof r.name === 'string') p.name = r.name;
    if (r.resourceType === 'Practitioner') Object.assign(p, nameParts(r.name as HumanName[] | undefined));
    const npi = identifierValue(r.identifier, systems.npi);
    if (npi !== undefined) p.npi = npi;
    const tin = identifierValue(r.identifier, systems.tin);
    if (tin !== undefined) p.tin = tin;
    const other = Array.isArray(r.identifier)
      ? r.identifier.find(
          (i) =>
            isObject(i) &&
            i.system !== systems.npi &&
            i.system !== systems.tin &&
            typeof i.value === 'string',
        )
      : undefined;
    if (other?.value !== undefined) p.id = other.value;
    const address = toAddress(r.address);
    if (address) p.address = address;
  }
  if (p.name === undefined && p.lastName === undefined && typeof ref?.display === 'string')
    p.name = ref.display;
  if (ref?.identifier && typeof ref.identifier.value === 'string') {
    const system: unknown = ref.identifier.system;
    // RegExp.test would convert a non-string (and throw on {"toString": 1}).
    if (system === systems.npi || (typeof system === 'string' && /npi/i.test(system)))
      p.npi ??= ref.identifier.value;
    else p.id ??= ref.identifier.value;
  }
  return p;
}

export function patientFrom(resource: Resource | undefined): CanonicalPatient {
  const p: CanonicalPatient = {};
  const r = resource as
    | {
        resourceType?: string;
        name?: HumanName[];
        gender?: unknown;
        birthDate?: unknown;
        address?: Address[];
        identifier?: Identifier[];
      }
    | undefined;
  if (!r || r.resourceType !== 'Patient') return p;
  Object.assign(p, nameParts(r.name));
  if (typeof r.birthDate === 'string' && isIsoDate(r.birthDate)) p.birthDate = r.birthDate;
  if (r.gender === 'male') p.sex = 'M';
  else if (r.gender === 'female') p.sex = 'F';
  else if (r.gender === 'other' || r.gender === 'unknown') p.sex = 'U';
  const address = toAddress(r.address);
  if (address) p.address = address;
  const member = Array.isArray(r.identifier)
    ? r.identifier.find((i) => isObject(i) && codeOf(i.type) === 'MB' && typeof i.value === 'string')
    : undefined;
  if (member?.value !== undefined) p.memberId = member.value;
  return p;
}

/** FHIR date or dateTime → YYYY-MM-DD (undefined when not a calendar date). */
export function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return m?.[1] !== undefined && isIsoDate(m[1]) ? m[1] : undefined;
}

/** kg/cm from a UCUM quantity (kg, g, [lb_av]; cm, m, [in_i]). */
export function weightKg(
  q: { value?: number | undefined; code?: string | undefined; unit?: string | undefined } | undefined,
): number | undefined {
  if (!isObject(q) || finite(q.value) === undefined || (q.value as number) <= 0) return undefined;
  const unit = q.code ?? q.unit ?? 'kg';
  const factor =
    unit === 'kg'
      ? 1
      : unit === 'g'
        ? 0.001
        : unit === '[lb_av]' || unit === 'lb' || unit === 'lbs'
          ? 0.45359237
          : undefined;
  return factor === undefined ? undefined : Math.round((q.value as number) * factor * 1000) / 1000;
}

export function heightCm(
  q: { value?: number | undefined; code?: string | undefined; unit?: string | undefined } | undefined,
): number | undefined {
  if (!isObject(q) || finite(q.value) === undefined || (q.value as number) <= 0) return undefined;
  const unit = q.code ?? q.unit ?? 'cm';
  const factor =
    unit === 'cm' ? 1 : unit === 'm' ? 100 : unit === '[in_i]' || unit === 'in' ? 2.54 : undefined;
  return factor === undefined ? undefined : Math.round((q.value as number) * factor * 1000) / 1000;
}
