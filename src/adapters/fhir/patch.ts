/**
 * Fixed claims → the FHIR JSON they were read from, changed only where a fix changed them.
 *
 * Writing fixed claims from the canonical model would give the EHR back a different resource: the canonical claim
 * does not carry `meta`, care team members without a role, a payee without a party, `unitPrice`, extensions of
 * others… Instead the original JSON is kept and only the items whose values a fix changed are edited: sequence, the
 * procedure code and modifiers, quantity, net, the NDC and its quantity, and drugclaim's own line extensions (notes,
 * documented dose). A line a fix added (a JW line split off) is a copy of the item it came from, edited the same way,
 * right after it; Claim.total follows when a fix changed it. Resources no fix changed are left as they are, and a file
 * no fix changed comes back byte for byte.
 *
 * The answer is `null` when the claims cannot be tied to the JSON exactly (no paths, a path that does not lead to
 * the item, a change no fix makes, text that is not UTF-8): the caller then writes the fixed claims from the model.
 */
import type { Claim, ClaimLine, Procedure } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { runSteps, type Steps } from '../../core/steps.ts';
import { jsonTextPieces } from '../render/json-chunks.ts';
import { decodeText } from '../x12/decode.ts';
import { itemExtensions, modifierSystem } from './claim.ts';
import { codeOf, extensions, isObject, money, procedureCodingIndex, systems } from './common.ts';
import type { ClaimItem, CodeableConcept, Coding, Extension } from './r4.ts';

type Json = Record<string, unknown>;

/**
 * Changed claims patched, NDJSON lines parsed, or pieces of the document written (a Bundle entry each) between two
 * pauses of `patchFhirClaimSteps`: each some 5–15 ms. Parsing a whole JSON document is one step.
 */
const CLAIMS_PER_STEP = 100;
const LINES_PER_STEP = 1000;
const PIECES_PER_STEP = 500;

/** The steps of a reader's JSON path: `$.entry[2].resource.item[0]` → ['entry', 2, 'resource', 'item', 0]. */
function steps(path: string): (string | number)[] | null {
  if (!path.startsWith('$')) return null;
  const out: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]/gy;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return null;
    out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  }
  return out;
}

function at(root: unknown, path: string): unknown {
  const list = steps(path);
  if (list === null) return undefined;
  let v = root;
  for (const s of list) {
    if (typeof s === 'number') v = Array.isArray(v) ? (v[s] as unknown) : undefined;
    else v = isObject(v) ? (v as Json)[s] : undefined;
  }
  return v;
}

const ownLineExtensions = new Set<string>([
  extensions.lineNote,
  extensions.lineItemControlNumber,
  extensions.documentedDose,
  extensions.discardedDose,
]);

/** The line without what the patcher edits: what is left must not have changed. */
function rest(l: ClaimLine): unknown {
  const {
    sequence: _s,
    procedure,
    units: _u,
    chargeCents: _c,
    drug,
    notes: _n,
    lineItemControlNumber: _l,
    dose: _d,
    position: _p,
    ...others
  } = l;
  const { code: _code, modifiers: _m, ...procedureRest } = procedure;
  const { ndc: _ndc, quantity: _q, ...drugRest } = drug ?? { ndc: '' };
  return { ...others, procedureRest, drugRest: drug === undefined ? undefined : drugRest };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The index of the coding the reader took the procedure from. */
function procedureCodingAt(cc: CodeableConcept | undefined): number {
  return procedureCodingIndex(isObject(cc) && Array.isArray(cc.coding) ? cc.coding : []);
}

function sameModifiers(a: Procedure, b: Procedure): boolean {
  return a.modifiers.length === b.modifiers.length && a.modifiers.every((m, i) => m === b.modifiers[i]);
}

/** Edits `item` (a copy of the item `was` was read from) so that it says what `now` says; false when it cannot. */
function patchItem(item: ClaimItem, was: ClaimLine, now: ClaimLine): boolean {
  if (!same(rest(was), rest(now))) return false;
  if (now.sequence !== was.sequence) item.sequence = now.sequence;
  if (now.procedure.code !== was.procedure.code) {
    const i = procedureCodingAt(item.productOrService);
    const coding = item.productOrService?.coding?.[i];
    if (!coding) return false;
    coding.code = now.procedure.code;
  }
  if (!sameModifiers(was.procedure, now.procedure)) {
    const old = Array.isArray(item.modifier) ? item.modifier : [];
    const unused = old.slice(0, 4);
    const list: CodeableConcept[] = now.procedure.modifiers.map((m) => {
      const k = unused.findIndex((cc) => codeOf(cc) === m);
      if (k >= 0) return unused.splice(k, 1)[0] as CodeableConcept;
      return { coding: [{ system: modifierSystem(m), code: m }] };
    });
    // Modifiers past the fourth were not read, so no fix touched them: they stay.
    list.push(...old.slice(4));
    if (list.length > 0) item.modifier = list;
    else delete item.modifier;
  }
  if (now.units !== was.units)
    item.quantity = { ...(isObject(item.quantity) ? item.quantity : {}), value: now.units };
  // A charge read from unitPrice × quantity gets a net of its own once a fix changed it: said, not derived.
  if (now.chargeCents !== was.chargeCents)
    item.net = isObject(item.net)
      ? { ...item.net, value: money(now.chargeCents).value }
      : money(now.chargeCents);
  if (!patchDrug(item, was, now)) return false;
  if (
    !same(was.notes, now.notes) ||
    was.lineItemControlNumber !== now.lineItemControlNumber ||
    !same(was.dose, now.dose)
  ) {
    const others = (Array.isArray(item.extension) ? item.extension : []).filter(
      (e: Extension) => !(isObject(e) && ownLineExtensions.has(e.url)),
    );
    const list = [...others, ...itemExtensions(now)];
    if (list.length > 0) item.extension = list;
    else delete item.extension;
  }
  return true;
}

/** The NDC and its quantity, where the reader found them (detail, productOrService, Blue Button extension). */
function patchDrug(item: ClaimItem, was: ClaimLine, now: ClaimLine): boolean {
  if (same(was.drug, now.drug)) return true;
  if (was.drug === undefined || now.drug === undefined) return false;
  const ndcCoding = (cc: CodeableConcept | undefined): Coding | undefined =>
    isObject(cc) && Array.isArray(cc.coding)
      ? cc.coding.find((c) => isObject(c) && c.system === systems.ndc && typeof c.code === 'string')
      : undefined;
  const detail = Array.isArray(item.detail)
    ? item.detail.find((d) => isObject(d) && ndcCoding(d.productOrService) !== undefined)
    : undefined;
  const direct = detail ? undefined : ndcCoding(item.productOrService);
  const ext =
    detail || direct
      ? undefined
      : (Array.isArray(item.productOrService?.extension) ? item.productOrService.extension : []).find(
          (e) => isObject(e) && e.url === systems.ndc && isObject(e.valueCoding),
        );
  const coding = detail ? ndcCoding(detail.productOrService) : (direct ?? ext?.valueCoding);
  if (!coding) return false;
  if (now.drug.ndc !== was.drug.ndc) coding.code = now.drug.ndc;
  if (now.drug.quantity !== was.drug.quantity) {
    if (!detail || now.drug.quantity === undefined) return false;
    detail.quantity = { ...(isObject(detail.quantity) ? detail.quantity : {}), value: now.drug.quantity };
  }
  return true;
}

/** Edits one Claim resource for the fixes of one claim; false when it cannot be done exactly. */
function patchClaim(root: unknown, resource: Json, was: Claim, now: Claim): boolean {
  const { lines: _a, totalChargeCents: _b, ...wasRest } = was;
  const { lines: _c, totalChargeCents: _d, ...nowRest } = now;
  if (!same(wasRest, nowRest) || !Array.isArray(resource['item'])) return false;
  const items = resource['item'] as unknown[];
  // Each original line's item, found by the path it was read from; a copy of it as it was, for lines split off.
  const sources = new Map<string, { item: ClaimItem; line: ClaimLine; pristine: string }>();
  for (const line of was.lines) {
    const path = line.position?.path;
    const item = path === undefined ? undefined : at(root, path);
    if (path === undefined || !isObject(item) || !items.includes(item)) return false;
    sources.set(path, { item: item as ClaimItem, line, pristine: JSON.stringify(item) });
  }
  const out: unknown[] = [];
  let previous: { line: ClaimLine; pristine: string } | undefined;
  for (const line of now.lines) {
    const path = line.position?.path;
    const source = path === undefined ? undefined : sources.get(path);
    if (source) {
      if (!patchItem(source.item, source.line, line)) return false;
      out.push(source.item);
      sources.delete(path as string);
      previous = source;
      continue;
    }
    // A line a fix added: a copy of the item before it, as it was read, edited to say what the new line says.
    if (!previous) return false;
    const copy = JSON.parse(previous.pristine) as ClaimItem;
    if (!patchItem(copy, previous.line, { ...line, position: previous.line.position ?? {} })) return false;
    out.push(copy);
  }
  // A line the fixes removed: not a fix drugclaim makes, so not patched.
  if (sources.size > 0) return false;
  resource['item'] = out;
  if (now.totalChargeCents !== was.totalChargeCents && isObject(resource['total']))
    resource['total'] = { ...(resource['total'] as Json), value: money(now.totalChargeCents).value };
  return true;
}

/**
 * The original FHIR JSON (a resource, a Bundle, an array, or NDJSON) with the fixed claims patched in, or null when
 * it cannot be done exactly. `original[i]` and `fixed[i]` are the same claim before and after the fixes; a claim no
 * fix changed is the same object in both.
 */
export function patchFhirClaims(
  bytes: Uint8Array,
  original: readonly Claim[],
  fixed: readonly Claim[],
): { text: string; problems: Problem[] } | null {
  const patched = runSteps(patchFhirClaimSteps(bytes, original, fixed));
  return patched === null ? null : { text: patched.pieces.join(''), problems: patched.problems };
}

/**
 * `patchFhirClaims` in steps: it pauses every hundred changed claims (NDJSON: every thousand lines parsed), so that a
 * server writing a big fixed file can answer other requests in between. The same text, in pieces: joined whole, a
 * 40 MB Bundle held up the server 0.2 s, and a server sends the pieces as they are.
 */
export function* patchFhirClaimSteps(
  bytes: Uint8Array,
  original: readonly Claim[],
  fixed: readonly Claim[],
): Steps<{ pieces: string[]; problems: Problem[] } | null> {
  if (original.length !== fixed.length) return null;
  const decoded = decodeText(bytes);
  if (!decoded.ok || decoded.encoding !== 'utf-8' || decoded.invalidUtf8) return null;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\uFEFF' : '';
  const text = decoded.text;
  const changed = original.map((c, i) => (c === fixed[i] ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return { pieces: [bom, text], problems: [] };

  let document: unknown;
  let ndjson: { lines: string[]; values: unknown[]; at: number[] } | undefined;
  try {
    document = JSON.parse(text);
  } catch {
    // NDJSON: one resource a line; the reader's paths ($[i]) count the non-blank lines.
    const lines = text.split('\n');
    const values: unknown[] = [];
    const where: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (i > 0 && i % LINES_PER_STEP === 0) yield;
      const line = (lines[i] as string).replace(/\r$/, '');
      if (line.trim() === '') continue;
      try {
        values.push(JSON.parse(line));
      } catch {
        return null;
      }
      where.push(i);
    }
    ndjson = { lines, values, at: where };
    document = values;
  }
  const touched = new Set<number>();
  for (let k = 0; k < changed.length; k++) {
    if (k > 0 && k % CLAIMS_PER_STEP === 0) yield;
    const i = changed[k] as number;
    const was = original[i] as Claim;
    const now = fixed[i] as Claim;
    const path = was.position?.path;
    const resource = path === undefined ? undefined : at(document, path);
    if (path === undefined || !isObject(resource) || (resource as Json)['resourceType'] !== 'Claim')
      return null;
    if (!patchClaim(document, resource as Json, was, now)) return null;
    const top = steps(path)?.[0];
    if (typeof top === 'number') touched.add(top);
  }
  if (ndjson) {
    for (const k of touched) {
      const line = ndjson.at[k] as number;
      const cr = (ndjson.lines[line] as string).endsWith('\r') ? '\r' : '';
      ndjson.lines[line] = JSON.stringify(ndjson.values[k]) + cr;
    }
    const pieces = [bom];
    for (const [i, line] of ndjson.lines.entries()) {
      if (i > 0) pieces.push('\n');
      pieces.push(line);
    }
    return { pieces, problems: [] };
  }
  // Written back in the file's own layout: its indent (none when it was on one line), line ends and final newline.
  const indent = /\n([ \t]+)["{[\]}]/.exec(text)?.[1];
  const crlf = text.includes('\r\n');
  const out: string[] = [bom];
  for (const piece of jsonTextPieces(document, indent)) {
    out.push(crlf ? piece.replace(/\n/g, '\r\n') : piece);
    if (out.length % PIECES_PER_STEP === 0) yield;
  }
  // The blanks after the document (trimEnd removes what \s matches): /\s*$/ took 0.4 s on a 42 MB Bundle.
  out.push(text.slice(text.trimEnd().length));
  return { pieces: out, problems: [] };
}
