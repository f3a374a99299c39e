/**
 * FHIR R4 JSON in and out: Claim ↔ canonical claim, ExplanationOfBenefit ↔ remittance view.
 * Input may be one resource, a Bundle (references between entries are followed), a JSON array of resources, or
 * NDJSON (one resource per line, as in bulk exports).
 */
import { createHash } from 'node:crypto';
import type { Claim, Remittance } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { runSteps, type Steps } from '../../core/steps.ts';
import { claimFromFhir, claimToFhir } from './claim.ts';
import { isObject, problemAt } from './common.ts';
import type { FhirContext } from './common.ts';
import { remittanceFromEob } from './eob.ts';
import { eobToFhir } from './eob-write.ts';
import type { Bundle, Claim as FhirClaim, ExplanationOfBenefit, Reference, Resource } from './r4.ts';
import { JsonArrayWriter, jsonAroundMarkers, streamedArrayMarker } from '../render/json-chunks.ts';

export { claimFromFhir, claimToFhir } from './claim.ts';
export { remittanceFromEob } from './eob.ts';
export { eobToFhir, remittanceToFhir } from './eob-write.ts';
export { patchFhirClaims, patchFhirClaimSteps } from './patch.ts';
export type * as R4 from './r4.ts';

export interface FhirReadResult {
  claims: Claim[];
  remittances: Remittance[];
  problems: Problem[];
  /**
   * Elements of the Claims read that the claim model does not carry, by kind (`Claim.meta`, `Claim.item.unitPrice`,
   * `Claim.status draft`…), with how many: what writing the claims out again would leave out.
   */
  passedOver: Record<string, number>;
}

/** Resources only referenced by claims (never reported as unsupported). */
const supportingTypes = new Set([
  'Patient',
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Coverage',
  'Location',
  'Encounter',
  'Observation',
  'Condition',
  'Procedure',
  'Device',
  'MedicationRequest',
  'RelatedPerson',
  'ClaimResponse',
]);

/**
 * A JSON.parse message with where the text stops being JSON: Node 24 says "(line L column C)" itself, older ones only
 * the position, and neither says where for a text cut short ("Unexpected end of JSON input", or a position at its
 * end): then the end of its last line that is not blank, where the missing rest would have to go.
 */
export function jsonError(message: string, text: string): { message: string; line?: number } {
  const m = /position (\d+)/.exec(message);
  const end = text.trimEnd().length;
  const ended = /end of (JSON )?input/i.test(message) || (m !== null && Number(m[1]) >= end);
  if (!m && !ended) return { message };
  const pos = ended ? end : Number(m?.[1]);
  const before = text.substring(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  if (ended)
    return {
      message: `${message.replace(/ in JSON at position.*$/, '')}: the text ends at line ${line}, column ${column} before the JSON is complete (cut short?)`,
      line,
    };
  if (/\bline \d+ column \d+/.test(message)) return { message, line };
  return { message: `${message} (line ${line}, column ${column})`, line };
}

/** Resources read between two pauses (about 2–3 ms: some 25 µs a Claim), and NDJSON lines split or parsed. */
const RESOURCES_PER_STEP = 100;
const NDJSON_LINES_PER_STEP = 500;

/** Parses FHIR JSON (or NDJSON) text. */
export function readFhirJson(text: string, options: { file?: string } = {}): FhirReadResult {
  return runSteps(readFhirJsonSteps(text, options));
}

/**
 * `readFhirJson` in steps: it pauses every 500 NDJSON lines and 100 resources read, so that a server reading a
 * big upload answers other requests in between (one JSON text is parsed in one go). The same result.
 */
export function* readFhirJsonSteps(text: string, options: { file?: string } = {}): Steps<FhirReadResult> {
  const body = text.charCodeAt(0) === 0xfeff ? text.substring(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (err) {
    const lines = yield* ndjsonLines(body);
    if (lines !== undefined && lines.length > 1) {
      const values: unknown[] = [];
      const problems: Problem[] = [];
      for (let i = 0; i < lines.length; i++) {
        if (i > 0 && i % NDJSON_LINES_PER_STEP === 0) yield;
        try {
          values.push(JSON.parse(lines[i] as string));
        } catch (e) {
          problems.push({
            code: 'fhir.json.invalid',
            severity: 'error',
            message: `NDJSON line ${i + 1} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
            at: { line: i + 1, ...(options.file === undefined ? {} : { file: options.file }) },
          });
        }
      }
      yield;
      const result = yield* readFhirValueSteps(values, options);
      result.problems.unshift(...problems);
      return result;
    }
    const said = jsonError(err instanceof Error ? err.message : String(err), body);
    return {
      claims: [],
      remittances: [],
      passedOver: {},
      problems: [
        {
          code: 'fhir.json.invalid',
          severity: 'error',
          message: `Not valid JSON: ${said.message}`,
          at: {
            ...(said.line === undefined ? {} : { line: said.line }),
            ...(options.file === undefined ? {} : { file: options.file }),
          },
        },
      ],
    };
  }
  yield;
  return yield* readFhirValueSteps(value, options);
}

/**
 * The lines of NDJSON that are not blank (as `body.split(/\r?\n/)` and a filter), or undefined as soon as one does
 * not start with `{` (then the text is not NDJSON), split a few hundred at a time.
 */
function* ndjsonLines(body: string): Steps<string[] | undefined> {
  const lines: string[] = [];
  for (let start = 0, n = 1; start <= body.length; n++) {
    if (n % NDJSON_LINES_PER_STEP === 0) yield;
    const newline = body.indexOf('\n', start);
    const next = newline < 0 ? body.length : newline;
    const end = next > start && body.charCodeAt(next - 1) === 0x0d ? next - 1 : next;
    const line = body.substring(start, end);
    start = next + 1;
    if (line.trim() === '') continue;
    if (!line.trimStart().startsWith('{')) return undefined;
    lines.push(line);
  }
  return lines;
}

/** Reads already-parsed FHIR JSON. */
export function readFhirValue(value: unknown, options: { file?: string } = {}): FhirReadResult {
  return runSteps(readFhirValueSteps(value, options));
}

/**
 * `readFhirValue` in steps: it pauses every 100 Claims and ExplanationOfBenefits read, so that a server
 * reading a big upload answers other requests in between. The same result.
 */
export function* readFhirValueSteps(value: unknown, options: { file?: string } = {}): Steps<FhirReadResult> {
  const result: FhirReadResult = { claims: [], remittances: [], problems: [], passedOver: {} };
  const report = (p: Problem): void => {
    result.problems.push(p);
  };
  const top: { resource: Resource; path: string; bundle?: Map<string, Resource> }[] = [];

  const collect = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => collect(x, `${path}[${i}]`));
      return;
    }
    if (!isObject(v) || typeof (v as Resource).resourceType !== 'string') {
      report({
        code: 'fhir.resource.unsupported',
        severity: 'error',
        message: 'Not a FHIR resource (no resourceType).',
        at: { path, ...(options.file === undefined ? {} : { file: options.file }) },
      });
      return;
    }
    const r = v as Resource;
    if (r.resourceType === 'Bundle') {
      const b = r as Bundle;
      const map = new Map<string, Resource>();
      const entries = Array.isArray(b.entry) ? b.entry : [];
      for (const e of entries) {
        if (!isObject(e) || !isObject(e.resource)) continue;
        const res = e.resource;
        if (typeof e.fullUrl === 'string') map.set(e.fullUrl, res);
        if (typeof res.resourceType === 'string' && typeof res.id === 'string')
          map.set(`${res.resourceType}/${res.id}`, res);
      }
      if (b.entry !== undefined && !Array.isArray(b.entry))
        report({
          code: 'fhir.element.invalid',
          severity: 'error',
          message: 'Bundle.entry should be an array; the Bundle was not read.',
          at: { path: `${path}.entry`, ...(options.file === undefined ? {} : { file: options.file }) },
        });
      entries.forEach((e, i) => {
        if (!isObject(e) || !isObject(e.resource)) {
          // Said, not skipped silently: an entry that holds no resource may be a claim lost on the way.
          report({
            code: 'fhir.resource.unsupported',
            severity: 'warning',
            message: `Bundle entry ${i} holds no resource; it is not read.`,
            at: {
              path: `${path}.entry[${i}]`,
              ...(options.file === undefined ? {} : { file: options.file }),
            },
          });
          return;
        }
        const res = e.resource;
        if (res.resourceType === 'Claim' || res.resourceType === 'ExplanationOfBenefit')
          top.push({ resource: res, path: `${path}.entry[${i}].resource`, bundle: map });
        else if (res.resourceType === 'Bundle') collect(res, `${path}.entry[${i}].resource`);
        else if (typeof res.resourceType !== 'string' || !supportingTypes.has(res.resourceType)) {
          report({
            code: 'fhir.resource.unsupported',
            severity: 'warning',
            // Not String(): a resourceType like {"toString": 1} would throw out of the reader.
            message:
              typeof res.resourceType === 'string'
                ? `${res.resourceType} entries are not read.`
                : 'Entries without a resourceType are not read.',
            at: {
              path: `${path}.entry[${i}]`,
              ...(options.file === undefined ? {} : { file: options.file }),
            },
          });
        }
      });
      return;
    }
    if (r.resourceType === 'Claim' || r.resourceType === 'ExplanationOfBenefit')
      top.push({ resource: r, path });
    else
      report({
        code: 'fhir.resource.unsupported',
        severity: supportingTypes.has(r.resourceType ?? '') ? 'warning' : 'error',
        message: `${String(r.resourceType)} is not a Claim or ExplanationOfBenefit; it is not read.`,
        at: { path, ...(options.file === undefined ? {} : { file: options.file }) },
      });
  };
  collect(value, '$');

  for (let i = 0; i < top.length; i++) {
    if (i > 0 && i % RESOURCES_PER_STEP === 0) yield;
    const { resource, path, bundle } = top[i] as (typeof top)[number];
    const contained = new Map<string, Resource>();
    const list = (resource as { contained?: unknown }).contained;
    if (Array.isArray(list))
      for (const c of list)
        if (isObject(c) && typeof (c as Resource).id === 'string')
          contained.set(`#${(c as Resource).id}`, c as Resource);
    const resolve = (ref: Reference | undefined): Resource | undefined => {
      if (!isObject(ref) || typeof ref.reference !== 'string') return undefined;
      return contained.get(ref.reference) ?? bundle?.get(ref.reference);
    };
    const ctx: FhirContext = {
      resolve,
      report,
      passOver: (kind) => {
        result.passedOver[kind] = (result.passedOver[kind] ?? 0) + 1;
      },
    };
    if (options.file !== undefined) ctx.file = options.file;
    if (resource.resourceType === 'Claim') {
      const claim = claimFromFhir(resource as FhirClaim, ctx, path);
      if (claim) result.claims.push(claim);
    } else {
      const remittance = remittanceFromEob(resource as ExplanationOfBenefit, ctx, path);
      if (remittance) result.remittances.push(remittance);
    }
  }
  if (top.length === 0 && result.problems.length === 0) {
    result.problems.push(
      problemAt(
        { resolve: () => undefined, report, ...(options.file === undefined ? {} : { file: options.file }) },
        'fhir.resource.none',
        'error',
        'No Claim or ExplanationOfBenefit resource found.',
        '$',
      ),
    );
  }
  return result;
}

/** Canonical claims → a FHIR R4 Bundle (type "collection") of Claim resources, as JSON text. */
export function writeFhirClaims(claims: readonly Claim[], options: { created?: string } = {}): string {
  return [...fhirClaimsChunks(claims, options)].join('');
}

/** `writeFhirClaims` in pieces, a few resources at a time: the Bundle of a big batch is longer than a string can be. */
export function* fhirClaimsChunks(
  claims: readonly Claim[],
  options: { created?: string } = {},
): Generator<string> {
  const writer = new FhirBundleWriter(options);
  for (const claim of claims) {
    const piece = writer.add(claim);
    if (piece !== '') yield piece;
  }
  yield writer.end();
}

/** The namespace of drugclaim's Bundle entry UUIDs (a random UUID, fixed once). */
const ENTRY_NAMESPACE = Buffer.from('07fba73a5ec74b3d911c2c6be1521455', 'hex');

/**
 * A Bundle entry's fullUrl UUID: a name-based (SHA-1, version 5) UUID of the entry's place in the Bundle and its
 * Claim, so the same claims always convert to the same Bundle (a file sent again is recognised as the same bytes),
 * and no two entries of one Bundle share one. R4 wants an absolute URI in fullUrl; `urn:uuid:` takes an RFC 4122 UUID.
 * @see RFC 4122 §4.3 (name-based UUIDs); https://hl7.org/fhir/R4/bundle.html (Bundle.entry.fullUrl)
 */
function entryUuid(n: number, resource: Resource): string {
  const hash = createHash('sha1')
    .update(ENTRY_NAMESPACE)
    .update(`${n}\n${JSON.stringify(resource)}`)
    .digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const entryAt = streamedArrayMarker(0);
const bundleText = jsonAroundMarkers({ resourceType: 'Bundle', type: 'collection', entry: entryAt }, [
  entryAt,
]);

/**
 * `writeFhirClaims` a claim at a time, for a batch read as a stream; remittances, given at the end, follow the Claims
 * as ExplanationOfBenefit entries (one per remittance claim, eob-write.ts).
 */
export class FhirBundleWriter {
  private readonly entries: JsonArrayWriter<FhirClaim | ExplanationOfBenefit>;
  private readonly options: { created?: string };
  private started = false;

  constructor(options: { created?: string } = {}) {
    let n = 0;
    this.options = options;
    this.entries = new JsonArrayWriter<FhirClaim | ExplanationOfBenefit>(
      bundleText.indents[0] as string,
      (resource): { fullUrl: string; resource: Resource } => ({
        fullUrl: `urn:uuid:${entryUuid(++n, resource)}`,
        resource,
      }),
    );
  }

  /** Adds a claim; returns the text gathered so far once it is long enough to hand out, else ''. */
  add(claim: Claim): string {
    const piece = this.entries.add(claimToFhir(claim, this.options));
    return this.head() + piece;
  }

  /** The rest of the Bundle: the remittances' ExplanationOfBenefits, if any, after the Claims. */
  end(remittances: readonly Remittance[] = []): string {
    return [...this.endChunks(remittances)].join('');
  }

  /** `end` in pieces: the EOBs of a big 835 make a text longer than a string can be. */
  *endChunks(remittances: readonly Remittance[] = []): Generator<string> {
    const head = this.head();
    if (head !== '') yield head;
    for (const r of remittances)
      // One EOB at a time: a big 835's EOBs are never all in memory together.
      for (const c of r.claims) {
        const piece = this.entries.add(eobToFhir(c, r, this.options));
        if (piece !== '') yield piece;
      }
    yield `${this.entries.end()}${bundleText.texts[1] as string}\n`;
  }

  private head(): string {
    if (this.started) return '';
    this.started = true;
    return bundleText.texts[0] as string;
  }
}
