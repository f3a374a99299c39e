/**
 * Fixed claims → the 837 they were read from, changed only where a fix changed them.
 *
 * Writing fixed claims from the canonical model would drop every segment the model does not carry (a pay-to
 * address, PWK attachments, K3, other providers…), so a biller would send a claim that lost data nobody asked to
 * remove. Instead the original text is kept segment for segment, blanks and line breaks included, and only the
 * service lines whose values changed are edited in place: LX01, the SV1/SV2 procedure composite, charge and units,
 * LIN03 and CTP04. Diagnoses sent with a decimal point, blanks or in lower case are written as they were read
 * (`C34.90` → `C3490`), in every claim not kept as read. A line a fix added (a JW line split off) is written as a new 2400 loop after the line it came
 * from; CLM02 and SE01 follow (SE01 only when it counted right before).
 *
 * Only what the fix changed is written: an element is edited when the fixed claim's value differs from the claim
 * as read, never because the text "differs" from the model (a charge the reader could not read stays as sent, not
 * $0). A line with another payer's adjudication (2430 SVD) that a fix changes is reported: the SVD still describes
 * the line as billed.
 *
 * A file in Latin-1 (not valid UTF-8) is patched as Latin-1 and comes back in Latin-1, byte for byte where nothing
 * changed. When the claims cannot be tied to the text (no source positions, a segment that is not where the position
 * says, UTF-16, separators that are blanks or line breaks), the answer is `null` and the caller writes from the model
 * instead.
 */
import type { Claim, ClaimLine, Procedure } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { runSteps, type Steps } from '../../core/steps.ts';
import { decodeText } from './decode.ts';
import type { Delimiters } from './delimiters.ts';
import { X12Scanner } from './scanner.ts';
import { lineSegments, ndcForLin, procedureText, quantity } from './write-837.ts';
import { cleanDiagnosis, diagnosisQualifiers, toX12Amount, x12Number } from './values.ts';

interface Span {
  id: string;
  /** The segment without its terminator. */
  text: string;
  /** The terminator and the blanks or line breaks after it, as in the original. */
  tail: string;
  delimiters: Delimiters;
}

/** Whether edits can be written with these delimiters: no separator is a blank or a line break. */
function writable(d: Delimiters): boolean {
  return [d.element, d.component, d.repetition ?? ''].every((c) => !/[\s]/.test(c));
}

/** Bytes given to the scanner at a time. */
const patchWindow = 1 << 16;
/** Windows read, and changed claims patched, between two steps of a paced patch (each some 10–40 ms). */
const WINDOWS_PER_STEP = 16;
const CLAIMS_PER_STEP = 500;

/** Segment ids that end a service line's 2400 loop (the next line, claim, HL or envelope). */
const afterLine = new Set(['LX', 'SV1', 'SV2', 'CLM', 'HL', 'SE', 'GE', 'IEA', 'ST', 'GS', 'ISA']);
/** Segment ids that end a claim (the next claim, HL or envelope). */
const afterClaim = new Set(['CLM', 'HL', 'SE', 'GE', 'IEA', 'ST', 'GS', 'ISA']);

/** How the patched text goes back to bytes: as the file came. */
export type PatchEncoding = 'utf-8' | 'latin1';

/** A segment of the source: its id and delimiters, and where it lies in the text (`Parsed.span` spells it out). */
interface Located {
  id: string;
  delimiters: Delimiters;
}

interface Parsed {
  head: string;
  segments: Located[];
  encoding: PatchEncoding;
  /** The decoded text, where each segment starts in it and its length without the terminator. */
  text: string;
  starts: number[];
  lengths: number[];
}

/**
 * The segments of an X12 file with their exact surroundings, or null when they cannot be told apart exactly. Only
 * their places are kept: the few segments a fix changes are spelt out (`spanAt`), the rest are copied as runs.
 */
function* spans(bytes: Uint8Array): Steps<Parsed | null> {
  const decoded = decodeText(bytes);
  if (!decoded.ok || decoded.encoding !== 'utf-8') return null;
  // Not valid UTF-8: the whole text was read as Latin-1, one character per byte, and is written back the same way.
  const encoding: PatchEncoding = decoded.invalidUtf8 ? 'latin1' : 'utf-8';
  const text = decoded.text;
  const scanner = new X12Scanner(() => {}, { encoding: 'utf-8' });
  const starts: number[] = [];
  const lengths: number[] = [];
  const segments: Located[] = [];
  const take = (): boolean => {
    for (let seg = scanner.next(); seg !== null; seg = scanner.next()) {
      const raw = seg.raw();
      // Positions in claims are segment indexes: every segment must be here, in order, exactly as in the text.
      if (seg.index !== segments.length || text.substring(seg.offset, seg.offset + raw.length) !== raw)
        return false;
      starts.push(seg.offset);
      lengths.push(raw.length);
      segments.push({ id: seg.id, delimiters: seg.delimiters });
    }
    return true;
  };
  // Fed a window at a time, as the readers feed it: windows this size take the scanner's structural index.
  const encoded = new TextEncoder().encode(text);
  for (let off = 0; off < encoded.length; off += patchWindow) {
    scanner.write(encoded.subarray(off, off + patchWindow));
    if (!take()) return null;
    if ((off / patchWindow) % WINDOWS_PER_STEP === WINDOWS_PER_STEP - 1) yield;
  }
  scanner.end();
  if (!take() || segments.length === 0) return null;
  // Byte order marks the decoder set aside go back in front, so that an unchanged file is the same bytes.
  const whole = Buffer.from(bytes).toString(encoding === 'latin1' ? 'latin1' : 'utf8');
  if (!whole.endsWith(text)) return null;
  return {
    head: whole.substring(0, whole.length - text.length) + text.substring(0, starts[0]),
    segments,
    encoding,
    text,
    starts,
    lengths,
  };
}

/** Segment i of the source as a new span: its text, the terminator and blanks after it, its delimiters. */
function spanAt(parsed: Parsed, i: number): Span {
  const start = parsed.starts[i] as number;
  const end = start + (parsed.lengths[i] as number);
  return {
    id: (parsed.segments[i] as Located).id,
    text: parsed.text.substring(start, end),
    tail: parsed.text.substring(end, parsed.starts[i + 1] ?? parsed.text.length),
    delimiters: (parsed.segments[i] as Located).delimiters,
  };
}

function setElement(s: Span, n: number, value: string): void {
  const parts = s.text.split(s.delimiters.element);
  while (parts.length <= n) parts.push('');
  parts[n] = value;
  s.text = parts.join(s.delimiters.element);
}

const element = (s: Span, n: number): string => s.text.split(s.delimiters.element)[n] ?? '';

/** Whether segment i holds a dot, a blank or a lower-case letter: the only HIs `cleanHiDiagnoses` can change. */
function mayNeedCleaning(parsed: Parsed, i: number): boolean {
  const text = parsed.text;
  const start = parsed.starts[i] as number;
  const end = start + (parsed.lengths[i] as number);
  for (let j = start; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === 46 || c <= 32 || (c >= 97 && c <= 122)) return true;
  }
  return false;
}

/**
 * Rewrites the diagnosis codes of an HI that were sent with a decimal point, blanks or in lower case as the reader
 * read them (`ABK:C34.90` → `ABK:C3490`), up to HI12 as the reader reads them; other code types (condition, value,
 * occurrence codes) are left as sent. True when something changed.
 * @see 005010X222A1 / 005010X223A2 2300 HI01-2 note: the decimal point of a diagnosis code is not transmitted.
 */
function cleanHiDiagnoses(s: Span): boolean {
  const d = s.delimiters;
  const parts = s.text.split(d.element);
  let changed = false;
  const clean = (code: string): string => {
    const cleaned = cleanDiagnosis(code);
    // Upper-casing could make a delimiter of a letter: such a code stays as sent.
    if (
      cleaned === code ||
      cleaned === '' ||
      [d.element, d.component, d.repetition, d.segment].some((x) => x && cleaned.includes(x))
    )
      return code;
    changed = true;
    return cleaned;
  };
  for (let i = 1; i <= 12 && i < parts.length; i++) {
    const value = parts[i] as string;
    const c = value.indexOf(d.component);
    if (c === -1) {
      // 4010 style: the qualifier alone, the code in the next element.
      if (diagnosisQualifiers.has(value) && i + 1 < parts.length) {
        parts[i + 1] = clean(parts[i + 1] as string);
        i++;
      }
      continue;
    }
    if (!diagnosisQualifiers.has(value.substring(0, c))) continue;
    const c2 = value.indexOf(d.component, c + 1);
    const code = c2 === -1 ? value.substring(c + 1) : value.substring(c + 1, c2);
    const cleaned = clean(code);
    if (cleaned !== code)
      parts[i] = value.substring(0, c + 1) + cleaned + (c2 === -1 ? '' : value.substring(c2));
  }
  if (changed) s.text = parts.join(d.element);
  return changed;
}

function sameProcedure(a: Procedure, b: Procedure): boolean {
  return (
    a.qualifier === b.qualifier &&
    a.code === b.code &&
    a.description === b.description &&
    a.modifiers.length === b.modifiers.length &&
    a.modifiers.every((m, i) => m === b.modifiers[i])
  );
}

/**
 * Edits the 2400 loop `loop` of `was` so that it says what `now` says: only the values the fix changed (`was` is the
 * line as read), so a value the reader could not read is never overwritten with what the model holds instead.
 */
function patchLine(loop: Span[], claim: Claim, was: ClaimLine, now: ClaimLine, problems: Problem[]): void {
  const billed =
    !sameProcedure(was.procedure, now.procedure) ||
    was.chargeCents !== now.chargeCents ||
    was.units !== now.units;
  for (const s of loop) {
    switch (s.id) {
      case 'LX':
        if (was.sequence !== now.sequence) setElement(s, 1, String(now.sequence));
        break;
      case 'SV1':
      case 'SV2': {
        const sv1 = s.id === 'SV1';
        if (!sameProcedure(was.procedure, now.procedure))
          setElement(s, sv1 ? 1 : 2, procedureText(now.procedure, s.delimiters, problems));
        if (was.chargeCents !== now.chargeCents) setElement(s, sv1 ? 2 : 3, toX12Amount(now.chargeCents));
        // Written and reported as the writer does: a quantity X12 cannot hold exactly is not changed silently.
        if (was.units !== now.units)
          setElement(
            s,
            sv1 ? 4 : 5,
            quantity(now.units, 'units', sv1 ? 'SV104' : 'SV205', problems, claim, now.sequence),
          );
        break;
      }
      case 'LIN':
        if (now.drug && now.drug.ndc !== was.drug?.ndc)
          setElement(
            s,
            3,
            element(s, 2) === 'N4' ? ndcForLin(now.drug.ndc, claim, now, problems) : now.drug.ndc,
          );
        break;
      case 'CTP': {
        const q = now.drug?.quantity;
        if (q !== undefined && q !== was.drug?.quantity)
          setElement(s, 4, quantity(q, 'NDC quantity', 'CTP04', problems, claim, now.sequence));
        break;
      }
      case 'SVD':
        // The other payer adjudicated the line as billed (SVD03 procedure, SVD05 units); that cannot be redone here.
        if (billed)
          problems.push({
            code: 'x12.write.line-adjudication',
            severity: 'warning',
            message: `Claim ${claim.id} line ${was.sequence}: the fix changed a line another payer has already adjudicated (2430 SVD${element(s, 1) === '' ? '' : ` ${element(s, 1)}`}); its SVD/CAS still describe the line as billed (${element(s, 3)}, ${element(s, 5) || '?'} units) and must be corrected before sending.`,
            data: { claimId: claim.id, line: was.sequence },
          });
        break;
    }
  }
}

export interface PatchResult {
  text: string;
  problems: Problem[];
  encoding: PatchEncoding;
}

/**
 * The original X12 text with the fixed claims patched in, or null when it cannot be done exactly (the caller then
 * writes the fixed claims from the model). `original[i]` and `fixed[i]` are the same claim before and after the
 * fixes; a claim no fix changed is the same object in both.
 */
export interface PatchOptions {
  /** Claims (by index) whose text stays as read: those read with errors. */
  keepAsRead?: ReadonlySet<number>;
  /** Whether diagnoses sent with a decimal point, blanks or in lower case are rewritten as read (default true). */
  cleanDiagnoses?: boolean;
}

export function patchX12Claims(
  bytes: Uint8Array,
  original: readonly Claim[],
  fixed: readonly Claim[],
  options?: PatchOptions,
): PatchResult | null {
  return runSteps(patchX12ClaimSteps(bytes, original, fixed, options));
}

/**
 * `patchX12Claims` in steps: it pauses after each MiB of the source read, so that a server writing a big fixed file
 * can answer other requests in between (the caller awaits its pace at each pause). The same result.
 */
export function* patchX12ClaimSteps(
  bytes: Uint8Array,
  original: readonly Claim[],
  fixed: readonly Claim[],
  { keepAsRead = new Set(), cleanDiagnoses = true }: PatchOptions = {},
): Steps<PatchResult | null> {
  if (original.length !== fixed.length) return null;
  const parsed = yield* spans(bytes);
  if (!parsed) return null;
  const { head, segments, encoding, text: source, starts } = parsed;
  const span = (i: number): Span => spanAt(parsed, i);
  const problems: Problem[] = [];
  /** Segment index → the segments that replace it (edits and insertions). */
  const replaced = new Map<number, Span[]>();
  /** Segments added, by the index of the CLM of the claim they were added to. */
  const grown = new Map<number, number>();
  let changed = 0;

  for (let c = 0; c < original.length; c++) {
    const was = original[c] as Claim;
    const now = fixed[c] as Claim;
    if (was === now) continue;
    if (++changed % CLAIMS_PER_STEP === 0) yield;
    const clmAt = was.position?.segmentIndex;
    if (clmAt === undefined || segments[clmAt]?.id !== 'CLM') return null;
    // Delimiters guessed from a damaged ISA can be blanks or line breaks: written into a changed element, they would
    // cut the segment where the file is read again. Written from the claims instead.
    if (!writable((segments[clmAt] as Located).delimiters)) return null;
    let claimEnd = clmAt + 1;
    while (claimEnd < segments.length && !afterClaim.has((segments[claimEnd] as Located).id)) claimEnd++;

    // Each original line's 2400 loop: from its LX (when there is one) to the segment before the next line.
    const loops = new Map<number, { first: number; last: number; line: ClaimLine }>();
    for (const line of was.lines) {
      const at = line.position?.segmentIndex;
      const id = at === undefined ? undefined : segments[at]?.id;
      if (at === undefined || (id !== 'SV1' && id !== 'SV2') || at >= claimEnd) return null;
      const first = segments[at - 1]?.id === 'LX' ? at - 1 : at;
      let last = at;
      while (last + 1 < claimEnd && !afterLine.has((segments[last + 1] as Located).id)) last++;
      loops.set(at, { first, last, line });
    }

    const institutional = was.format === '837I';
    let after: { last: number; tail: string } | undefined;
    let added = 0;
    for (const line of now.lines) {
      const at = line.position?.segmentIndex;
      const loop = at === undefined ? undefined : loops.get(at);
      if (loop) {
        const copies: Span[] = [];
        for (let k = loop.first; k <= loop.last; k++) copies.push(span(k));
        patchLine(copies, now, loop.line, line, problems);
        copies.forEach((s, k) => {
          if (s.text !== span(loop.first + k).text) replaced.set(loop.first + k, [s]);
        });
        after = { last: loop.last, tail: span(loop.last).tail };
        loops.delete(at as number);
        continue;
      }
      // A line a fix added: a new 2400 loop after the line before it, in the file's delimiters.
      if (!after) return null;
      const d = (segments[after.last] as Located).delimiters;
      const texts = lineSegments(now, line, institutional, d, problems, 'as-read');
      const inserted: Span[] = texts.map((t) => ({
        id: t.substring(0, t.indexOf(d.element)),
        text: t,
        tail: after?.tail ?? d.segment,
        delimiters: d,
      }));
      const host = replaced.get(after.last) ?? [span(after.last)];
      replaced.set(after.last, [...host, ...inserted]);
      added += inserted.length;
    }
    // A line the fixes removed has no place to go: not a fix drugclaim makes, so not patched.
    if (loops.size > 0) return null;
    if (now.totalChargeCents !== was.totalChargeCents) {
      const clm = { ...(replaced.get(clmAt)?.[0] ?? span(clmAt)) };
      setElement(clm, 2, toX12Amount(now.totalChargeCents));
      replaced.set(clmAt, [clm, ...(replaced.get(clmAt)?.slice(1) ?? [])]);
    }
    if (added > 0) grown.set(clmAt, added);
  }

  // Diagnoses sent with a decimal point, blanks or in lower case go out as they were read (and as an 837 written from
  // the claims sends them), in every claim but those kept as read.
  for (let c = 0; cleanDiagnoses && c < original.length; c++) {
    if (c % (CLAIMS_PER_STEP * 20) === CLAIMS_PER_STEP * 20 - 1) yield;
    const claim = original[c] as Claim;
    const clmAt = claim.position?.segmentIndex;
    if (keepAsRead.has(c) || clmAt === undefined || segments[clmAt]?.id !== 'CLM') continue;
    if (!writable((segments[clmAt] as Located).delimiters)) continue;
    for (let k = clmAt + 1; k < segments.length; k++) {
      const id = (segments[k] as Located).id;
      if (afterLine.has(id)) break;
      if (id !== 'HI' || !mayNeedCleaning(parsed, k)) continue;
      const hi = span(k);
      const sent = hi.text;
      if (!cleanHiDiagnoses(hi)) continue;
      replaced.set(k, [hi]);
      problems.push({
        code: 'x12.write.diagnosis-rewritten',
        severity: 'info',
        message: `Claim ${claim.id}: ${sent} written as ${hi.text} (diagnosis codes are sent without a decimal point or blanks, in upper case).`,
        data: { claimId: claim.id, claimIndex: c },
      });
    }
  }

  // SE01 counts ST…SE: it grows with the lines added, when it was right before.
  let st = -1;
  let growth = 0;
  for (let i = 0; i < segments.length; i++) {
    const id = (segments[i] as Located).id;
    if (id === 'ST') {
      st = i;
      growth = 0;
    }
    growth += grown.get(i) ?? 0;
    if (id !== 'SE' || st < 0 || growth === 0) continue;
    const se = span(i);
    if (x12Number(element(se, 1)) === i - st + 1) {
      setElement(se, 1, String(i - st + 1 + growth));
      replaced.set(i, [se]);
    }
  }

  // Unchanged runs of segments are copied from the source in one piece each; only replaced segments are spelt out.
  const out: string[] = [head];
  let run = 0;
  for (const i of [...replaced.keys()].sort((a, b) => a - b)) {
    out.push(source.substring(starts[run] as number, starts[i] as number));
    for (const s of replaced.get(i) as Span[]) out.push(s.text, s.tail);
    run = i + 1;
  }
  out.push(source.substring(starts[run] ?? source.length));
  const text = out.join('');
  // A Latin-1 file cannot take a character past U+00FF (from a claim read elsewhere): written from the claims then.
  if (encoding === 'latin1' && /[\u0100-\uffff]/.test(text)) return null;
  return { text, problems, encoding };
}
