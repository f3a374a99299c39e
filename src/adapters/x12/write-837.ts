/**
 * Canonical claims → 837P (005010X222A1) or 837I (005010X223A2) text with correct envelopes: SE01 counts the
 * segments ST…SE, GE01 the transaction sets, IEA01 the groups, and SE02/GE02/IEA02 repeat ST02/GS06/ISA13.
 *
 * Claims read from an 837 keep the envelope they came in (`Claim.envelope`): they are written back to the same
 * interchange sender and receiver (ISA05–08, GS02/03), with the same usage (test or production, ISA15), the same
 * acknowledgment request (ISA14), control numbers and BHT (purpose, reference, claim or encounter, creation date),
 * so that a converted or fixed file means what the input meant. Claims without one (FHIR, JSON, CSV) get a new
 * envelope. Claims of one interchange, claim type and submitter/receiver go into one transaction set, up to 5000
 * claims each; consecutive claims with the same billing provider share one billing provider HL. Reading the output
 * gives back the same claims (see the round-trip tests).
 *
 * Nothing changes unseen: data an 837 requires that the claim lacks is reported (`x12.write.missing-data`; the CLM
 * values every claim must state are written as usual and named in a warning), data the 837 variant has no place for
 * is reported (`x12.write.dropped`), and a value it cannot carry is an error (`x12.write.invalid-value`). Line
 * diagnosis pointers name diagnoses by `Diagnosis.pointer` and are written as the HI positions of those diagnoses.
 * @see ASC X12 005010X222A1 / 005010X223A2 TR3s, section 2.4; Appendix B.1.1.3 (envelopes).
 */
import type {
  Address,
  Claim,
  ClaimLine,
  Diagnosis,
  Party,
  Patient,
  Procedure,
} from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { normaliseNdc } from '../../core/reference/ndc.ts';
import { runSteps, type Steps } from '../../core/steps.ts';
import { defaultDelimiters } from './delimiters.ts';
import type { Delimiters } from './delimiters.ts';
import type { InterchangeHeader } from './mapper.ts';
import { doseFromNotes } from '../claim-files/dose-notes.ts';
import {
  QUANTITY_DECIMALS,
  QUANTITY_DIGITS,
  toX12Amount,
  toX12Date,
  toX12Quantity,
  x12Quantity,
} from './values.ts';

export interface X12WriteOptions {
  /** Claim type to write; by default each claim's own format (837I claims as 837I, everything else as 837P). */
  type?: '837P' | '837I';
  /**
   * ISA06/GS02 and ISA08/GS03, for every claim (qualifier ZZ). Default: the envelope the claims came in, else the
   * submitter's and receiver's ids, else "DRUGCLAIM" / "RECEIVER".
   */
  senderId?: string;
  receiverId?: string;
  /**
   * ISA13 (a number up to 999999999), GS06 and ST02 of the first interchange, group and transaction set, counting
   * up from there. Default: the control numbers the claims came in, else numbers counting up from 1.
   */
  interchangeControl?: number;
  groupControl?: number;
  transactionControl?: number;
  /** Creation date and time for ISA09/ISA10 and GS04/GS05, and BHT04/BHT05 of claims without one; default now. */
  date?: Date;
  /** ISA15 for every claim: P production, T test. Default: the claims' own, else P. */
  usage?: 'P' | 'T';
  /**
   * Default: `*`, `:`, `^` and `~`, or other characters where the data of the first claims (the first 5000) holds
   * one of those; in later claims a delimiter is replaced by a blank, with a warning.
   */
  delimiters?: Delimiters;
  /** A line break after each segment terminator (default true). */
  lineBreaks?: boolean;
}

export interface X12WriteResult {
  text: string;
  problems: Problem[];
}

const versionFor = { '837P': '005010X222A1', '837I': '005010X223A2' } as const;

type DiagnosisRole = 'principal' | 'admitting' | 'reason' | 'external' | 'other';

/** HI qualifiers (5010 ICD-10-CM, 5010/4010 ICD-9-CM) and FHIR diagnosis types → the diagnosis's role. */
const roleOf: Readonly<Record<string, DiagnosisRole>> = {
  ABK: 'principal',
  BK: 'principal',
  principal: 'principal',
  ABJ: 'admitting',
  BJ: 'admitting',
  admitting: 'admitting',
  APR: 'reason',
  PR: 'reason',
  ABN: 'external',
  BN: 'external',
  ABF: 'other',
  BF: 'other',
};

/**
 * ICD-9-CM qualifiers. They are valid 5010 codes, not 4010 spellings of ABK…: written as ABK, an ICD-9 code would be
 * sent as an ICD-10-CM code. @see 005010X222A1 / X223A2 2300 HI, code list of HI01-1 (BK, ABK) and HI02-1 (BF, ABF).
 */
const icd9Qualifiers = new Set(['BK', 'BF', 'BJ', 'PR', 'BN']);
const roleLetters: Readonly<Record<DiagnosisRole, string>> = {
  principal: 'BK',
  admitting: 'BJ',
  reason: 'PR',
  external: 'BN',
  other: 'BF',
};

/** The HI qualifier of a role in the diagnosis's own code set (ICD-9-CM BK… or ICD-10-CM ABK…). */
function hiQualifier(role: DiagnosisRole, icd9: boolean): string {
  return (icd9 ? '' : 'A') + roleLetters[role];
}

const pad = (s: string, n: number): string => (s.length >= n ? s.substring(0, n) : s.padEnd(n, ' '));
const two = (n: number): string => String(n).padStart(2, '0');

/**
 * Characters a delimiter may be, in order of preference after the usual ones: X12 special characters that claim
 * data rarely holds (never letters, digits, blanks, the double quote or the backslash).
 */
const delimiterPool = [
  '*',
  ':',
  '^',
  '~',
  '|',
  '>',
  '!',
  '`',
  '{',
  '}',
  '@',
  '#',
  '$',
  '%',
  '[',
  ']',
  '_',
  '<',
  '=',
  '?',
  ';',
  '+',
  "'",
];

/** Any pool character: the quick test before looking for which ones a value holds. */
const poolChars = new RegExp(`[${delimiterPool.map((c) => `\\${c}`).join('')}]`);

/**
 * Delimiters that avoid the characters `used` (those the claims' data holds, seen while writing them): each default
 * the data holds is swapped for a pool character it does not hold, the terminator first (a clash there splits
 * segments, the worst kind), each from the characters files commonly use for it.
 */
function pickDelimiters(used: ReadonlySet<string>): Delimiters {
  const taken = new Set<string>();
  const pick = (preferred: readonly string[]): string => {
    const ch =
      [...preferred, ...delimiterPool].find((x) => !used.has(x) && !taken.has(x)) ?? (preferred[0] as string);
    taken.add(ch);
    return ch;
  };
  const segment = pick(['~', "'", '!', '`']);
  const element = pick(['*', '|', '!', '^']);
  const component = pick([':', '>', '`', '<']);
  const repetition = pick(['^', '{', '}', '`']);
  return { element, component, repetition, segment };
}

/** Control characters as a regular expression class body: C0, DEL and C1. */
const controlChars = '\\x00-\\x1f\\x7f-\\x9f';

class SegmentWriter {
  readonly out: string[] = [];
  count = 0;
  private readonly d: Delimiters;
  private readonly end: string;
  private readonly problems: Problem[];
  private readonly bad: RegExp;
  /** What may never appear in an element, even a composite: control characters and all delimiters but the component one. */
  private readonly segmentBad: RegExp;
  /** While set, the pool characters the values written hold (to choose delimiters they do not). */
  collect: Set<string> | undefined;

  constructor(d: Delimiters, lineBreaks: boolean, problems: Problem[]) {
    this.d = d;
    this.end = d.segment + (lineBreaks && d.segment !== '\n' ? '\n' : '');
    this.problems = problems;
    // Delimiters, and control characters (which X12 data may not hold), are replaced: C0 (U+0000–U+001F), DEL and
    // C1 (U+0080–U+009F, what a Windows-1252 file's curly quotes become when it is read as Latin-1).
    const chars = [
      d.element,
      d.component,
      d.segment,
      ...(d.repetition === undefined ? [] : [d.repetition]),
    ].filter((c) => c.charCodeAt(0) >= 32);
    this.bad = new RegExp(`[${controlChars}${chars.map((c) => `\\${c}`).join('')}]`, 'g');
    const outer = chars.filter((c) => c !== d.component);
    this.segmentBad = new RegExp(`[${controlChars}${outer.map((c) => `\\${c}`).join('')}]`, 'g');
  }

  /** A data value with any delimiter character replaced by a blank (X12 has no escape). */
  clean(value: string | undefined, what: string): string {
    if (value === undefined) return '';
    if (this.collect) this.collectFrom(value, undefined);
    this.bad.lastIndex = 0;
    if (!this.bad.test(value)) return value;
    this.problems.push({
      code: 'x12.write.delimiter-in-data',
      severity: 'warning',
      message: `${what} contains a delimiter or control character; it was replaced by a blank.`,
      data: { field: what },
    });
    this.bad.lastIndex = 0;
    return value.replace(this.bad, ' ');
  }

  composite(parts: (string | undefined)[]): string {
    let n = parts.length;
    while (n > 0 && (parts[n - 1] === undefined || parts[n - 1] === '')) n--;
    return parts
      .slice(0, n)
      .map((p) => p ?? '')
      .join(this.d.component);
  }

  /** Writes a segment; trailing empty elements are dropped. Values must already be clean. */
  seg(id: string, ...elements: (string | undefined)[]): void {
    let n = elements.length;
    while (n > 0 && (elements[n - 1] === undefined || elements[n - 1] === '')) n--;
    let s = id;
    for (let i = 0; i < n; i++) {
      let v = elements[i] ?? '';
      this.segmentBad.lastIndex = 0;
      if (this.segmentBad.test(v)) {
        // A composite holds component separators by design: only the other characters tell.
        if (this.collect) this.collectFrom(v, this.d.component);
        this.problems.push({
          code: 'x12.write.delimiter-in-data',
          severity: 'warning',
          message: `${id}${String(i + 1).padStart(2, '0')} contains a delimiter or control character; it was replaced by a blank.`,
          data: { segment: id, element: i + 1 },
        });
        this.segmentBad.lastIndex = 0;
        v = v.replace(this.segmentBad, ' ');
      }
      s += this.d.element + v;
    }
    this.out.push(s + this.end);
    this.count++;
  }

  private collectFrom(value: string, except: string | undefined): void {
    if (!poolChars.test(value)) return;
    for (const ch of delimiterPool) if (ch !== except && value.includes(ch)) this.collect?.add(ch);
  }

  /** ISA is fixed-length: every element is written, padded. */
  raw(text: string): void {
    this.out.push(text + this.end);
    this.count++;
  }
}

/** ISA05–08, ISA13–15 of one interchange: the claims' own (their envelope), else made up as documented. */
interface InterchangeHead extends InterchangeHeader {
  key: string;
  /** ISA13 as the claims came in; undefined when it is to be numbered here. */
  control: string | undefined;
  /** An ISA13 the claims came in that is not one (not 9 digits): numbered here instead, and said so. */
  invalidControl: string | undefined;
}

/** One transaction set: its claims and what its ST and BHT say. */
interface TransactionSet {
  type: '837P' | '837I';
  submitter: Party | undefined;
  receiver: Party | undefined;
  version: string;
  /** ST02 as the claims came in, if any. */
  control: string | undefined;
  purpose: string | undefined;
  reference: string | undefined;
  transactionType: string | undefined;
  created: string | undefined;
  createdTime: string | undefined;
  claims: Claim[];
}

interface GroupHead {
  key: string;
  type: '837P' | '837I';
  version: string;
  sender: string;
  receiver: string;
  /** GS06 as the claims came in, if any. */
  control: string | undefined;
  sets: Map<string, TransactionSet>;
}

/**
 * At most this many claims (CLM segments) in one transaction set.
 * @see 005010X222A1 / 005010X223A2 TR3, loop 2300 CLM, note 1: trading partners are asked to limit an ST–SE
 * envelope to 5000 CLM segments (no limit on the number of transaction sets in a group or interchange).
 */
export const MAX_CLAIMS_PER_TRANSACTION = 5000;

/**
 * Claims grouped or written between two pauses of a stepped write (each claim counts once grouped and once written):
 * a few milliseconds, against 60–150 ms for a whole window of 5000 claims.
 */
const CLAIMS_PER_STEP = 500;

/** ISA06/ISA08 are 15 characters; GS02/GS03 2 to 15. @see X12 005010 ISA and GS segment definitions. */
const MAX_ID = 15;

/**
 * Writes claims as 837 interchanges, a claim at a time, for batches of any size: claims are gathered in windows of
 * up to `MAX_CLAIMS_PER_TRANSACTION`, and each window is written as interchanges (one per sender, receiver, usage and
 * control number the claims came in), functional groups (one per claim type and GS ids) and transaction sets (one
 * per submitter/receiver and BHT), each in order of first appearance. An interchange and a group stay open from one
 * window to the next while the next claims belong to them. A batch that fits in one window is written exactly as
 * `writeX12Claims` writes it.
 */
export class X12ClaimWriter {
  /** Warnings about the claims written so far (missing data, delimiters replaced), until taken. */
  private readonly problems: Problem[] = [];
  private readonly options: X12WriteOptions;
  private d: Delimiters;
  private w: SegmentWriter;
  private readonly yyyymmdd: string;
  private readonly hhmm: string;
  private window: Claim[] = [];
  /** True until the first claims are written (they decide the delimiters). */
  private first = true;
  private isaCounter: number;
  private gsCounter: number;
  private stCounter: number;
  /** ISA13s written, so that a number made here never repeats one the claims brought. */
  private readonly isaUsed = new Set<string>();
  /** The interchange being written: its head, ISA13, group count and the GS06s used in it. */
  private isa: { key: string; control: string; groups: number; gsUsed: Set<string> } | undefined;
  /** The functional group being written: its key, GS06, transaction set count and the ST02s used in it. */
  private open:
    | { key: string; type: '837P' | '837I'; gs06: string; transactions: number; stUsed: Set<string> }
    | undefined;
  /** Claims grouped and written so far, counted for the pauses of a stepped write. */
  private counted = 0;
  /** True every `CLAIMS_PER_STEP` claims: where a stepped write pauses. */
  private readonly due = (): boolean => ++this.counted % CLAIMS_PER_STEP === 0;

  constructor(options: X12WriteOptions = {}) {
    this.options = options;
    this.d = options.delimiters ?? defaultDelimiters;
    this.w = new SegmentWriter(this.d, options.lineBreaks ?? true, this.problems);
    const now = options.date ?? new Date();
    this.yyyymmdd = `${now.getUTCFullYear()}${two(now.getUTCMonth() + 1)}${two(now.getUTCDate())}`;
    this.hhmm = `${two(now.getUTCHours())}${two(now.getUTCMinutes())}`;
    this.isaCounter = options.interchangeControl ?? 1;
    this.gsCounter = options.groupControl ?? 1;
    this.stCounter = options.transactionControl ?? 1;
  }

  /** Adds a claim; returns the text of the transaction sets it completed ('' while a window is gathered). */
  add(claim: Claim): string {
    return runSteps(this.addSteps(claim));
  }

  /**
   * `add` in steps: the window the claim completes is written with a pause every few hundred claims, so that a server
   * can answer other requests in between. No other call on this writer may come until the steps have ended.
   */
  *addSteps(claim: Claim): Steps<string> {
    this.window.push(claim);
    if (this.window.length < MAX_CLAIMS_PER_TRANSACTION) return '';
    yield* this.writeWindow();
    return this.take();
  }

  /** Writes the last window and the closing segments (GE, IEA): the interchange's last text. */
  end(): string {
    return runSteps(this.endSteps());
  }

  /** `end` in steps, as `addSteps`. */
  *endSteps(): Steps<string> {
    yield* this.writeWindow();
    if (this.isa === undefined) this.openInterchange(this.headOf(undefined));
    this.closeGroup();
    this.closeInterchange();
    return this.take();
  }

  /** The warnings gathered since the last call (so a long batch does not keep them all). */
  takeProblems(): Problem[] {
    return this.problems.splice(0);
  }

  private take(): string {
    const text = this.w.out.join('');
    this.w.out.length = 0;
    return text;
  }

  private envelopeChanged(message: string, claim: Claim | undefined): void {
    this.problems.push({
      code: 'x12.write.envelope-changed',
      severity: 'warning',
      message: `${claim ? `Claim ${claim.id}: ` : ''}${message}`,
      data: claim ? { claimId: claim.id } : {},
    });
  }

  /** An interchange or group id cut to the 15 characters its element holds, and said so. */
  private fitId(value: string, element: string, claim: Claim | undefined): string {
    if (value.length <= MAX_ID) return value;
    const cut = value.substring(0, MAX_ID);
    this.problems.push({
      code: 'x12.write.invalid-value',
      severity: 'error',
      message: `${claim ? `Claim ${claim.id}: ` : ''}${element} holds at most ${MAX_ID} characters; "${value}" was cut to "${cut}", which the trading partner will not know (give the interchange ids, or read the claims from the 837 they came in).`,
      data: { element, value, ...(claim ? { claimId: claim.id } : {}) },
    });
    return cut;
  }

  /** The ISA a claim belongs in: the options' values, else the claim's envelope, else made up. */
  private headOf(claim: Claim | undefined): InterchangeHead {
    const o = this.options;
    const e = claim?.envelope;
    const fromEnvelope = (v: string | undefined): string | undefined => (v === '' ? undefined : v);
    const sender = o.senderId ?? fromEnvelope(e?.senderId);
    const receiver = o.receiverId ?? fromEnvelope(e?.receiverId);
    const head = {
      senderQualifier: (o.senderId === undefined && sender !== undefined && e?.senderQualifier) || 'ZZ',
      senderId: sender ?? claim?.submitter?.id ?? 'DRUGCLAIM',
      receiverQualifier:
        (o.receiverId === undefined && receiver !== undefined && e?.receiverQualifier) || 'ZZ',
      receiverId: receiver ?? claim?.receiver?.id ?? 'RECEIVER',
      acknowledgmentRequested: e?.acknowledgmentRequested === '1' ? '1' : '0',
      usage: o.usage ?? (/^[A-Z]$/.test(e?.usage ?? '') ? (e?.usage as string) : 'P'),
      control:
        o.interchangeControl === undefined && /^\d{1,9}$/.test(e?.interchangeControl ?? '')
          ? (e?.interchangeControl as string).padStart(9, '0')
          : undefined,
      invalidControl:
        o.interchangeControl === undefined &&
        e?.interchangeControl !== undefined &&
        e.interchangeControl !== '' &&
        !/^\d{1,9}$/.test(e.interchangeControl)
          ? e.interchangeControl
          : undefined,
    };
    const key = [
      head.senderQualifier,
      head.senderId,
      head.receiverQualifier,
      head.receiverId,
      head.acknowledgmentRequested,
      head.usage,
      head.control ?? '',
    ].join('\u0000');
    return { key, ...head };
  }

  private openInterchange(head: InterchangeHead, first?: Claim): void {
    const { w, d } = this;
    let control = head.control;
    if (control === undefined) {
      // Numbered here: never a number the claims brought in this output.
      while (this.isaUsed.has(String(this.isaCounter).padStart(9, '0'))) this.isaCounter++;
      control = String(this.isaCounter++).padStart(9, '0').substring(0, 9);
    }
    this.isaUsed.add(control);
    if (head.invalidControl !== undefined)
      this.envelopeChanged(
        `ISA13 "${head.invalidControl}" is not a 9-digit control number; written as ${control}.`,
        first,
      );
    this.isa = { key: head.key, control, groups: 0, gsUsed: new Set() };
    const sender = w.clean(this.fitId(head.senderId, 'ISA06 (interchange sender id)', first), 'sender id');
    const receiver = w.clean(
      this.fitId(head.receiverId, 'ISA08 (interchange receiver id)', first),
      'receiver id',
    );
    w.raw(
      [
        'ISA',
        '00',
        pad('', 10),
        '00',
        pad('', 10),
        // Qualifiers as read (a damaged file's may hold a control character, which would make the output binary).
        pad(w.clean(head.senderQualifier, 'sender id qualifier'), 2),
        pad(sender, MAX_ID),
        pad(w.clean(head.receiverQualifier, 'receiver id qualifier'), 2),
        pad(receiver, MAX_ID),
        this.yyyymmdd.substring(2),
        this.hhmm,
        d.repetition ?? '^',
        '00501',
        control,
        head.acknowledgmentRequested,
        head.usage,
        d.component,
      ].join(d.element),
    );
  }

  private closeInterchange(): void {
    if (this.isa === undefined) return;
    this.w.seg('IEA', String(this.isa.groups), this.isa.control);
    this.isa = undefined;
  }

  private closeGroup(): void {
    if (this.open === undefined) return;
    this.w.seg('GE', String(this.open.transactions), this.open.gs06);
    this.open = undefined;
  }

  /**
   * A control number for a new group or transaction set: the claims' own unless that one is already used where it
   * must be unique (a transaction set split at 5000 claims, a file that repeats one), else the next free number.
   */
  private control(
    wanted: string | undefined,
    used: Set<string>,
    counter: 'gsCounter' | 'stCounter',
    what: string,
    first: Claim | undefined,
  ): string {
    const width = counter === 'stCounter' ? 4 : 1;
    if (wanted !== undefined && !used.has(wanted)) {
      used.add(wanted);
      return wanted;
    }
    let n = this[counter];
    while (used.has(String(n).padStart(width, '0'))) n++;
    this[counter] = n + 1;
    const made = String(n).padStart(width, '0');
    used.add(made);
    if (wanted !== undefined)
      this.envelopeChanged(
        `${what} ${wanted} is already used in this ${counter === 'stCounter' ? 'functional group' : 'interchange'} (the input repeats it, or its claims were split: more than ${MAX_CLAIMS_PER_TRANSACTION} in a transaction set, or another claim type in between); written as ${made}.`,
        first,
      );
    return made;
  }

  private *writeWindow(): Steps<void> {
    const claims = this.window;
    if (claims.length === 0) return;
    this.window = [];
    if (this.first && this.options.delimiters === undefined) {
      // The ISA declares the delimiters, so the first claims decide them: written with the usual ones while noting
      // what their data holds; when a value holds one of those, written again with characters no value holds.
      // Nothing has been handed out yet, so nothing but the state of this writer is undone.
      this.first = false;
      const collected = new Set<string>();
      this.w.collect = collected;
      yield* this.writeClaims(claims);
      this.w.collect = undefined;
      const d = this.d;
      if (
        [d.element, d.component, d.segment, d.repetition].some((c) => c !== undefined && collected.has(c))
      ) {
        this.restart(pickDelimiters(collected));
        yield* this.writeClaims(claims);
      }
      return;
    }
    this.first = false;
    yield* this.writeClaims(claims);
  }

  /** Back to nothing written, with other delimiters. */
  private restart(d: Delimiters): void {
    this.problems.length = 0;
    this.d = d;
    this.w = new SegmentWriter(d, this.options.lineBreaks ?? true, this.problems);
    this.isaCounter = this.options.interchangeControl ?? 1;
    this.gsCounter = this.options.groupControl ?? 1;
    this.stCounter = this.options.transactionControl ?? 1;
    this.isaUsed.clear();
    this.isa = undefined;
    this.open = undefined;
  }

  private *writeClaims(claims: readonly Claim[]): Steps<void> {
    const o = this.options;
    // Interchange → group → transaction set, each in order of first appearance.
    const interchanges = new Map<string, { head: InterchangeHead; groups: Map<string, GroupHead> }>();
    for (const claim of claims) {
      if (this.due()) yield;
      const e = claim.envelope;
      const type =
        o.type ??
        (claim.format === '837I' || (claim.format !== '837P' && claim.typeOfBill !== undefined)
          ? '837I'
          : '837P');
      const version = e?.version?.includes(type === '837P' ? 'X222' : 'X223') ? e.version : versionFor[type];
      const head = this.headOf(claim);
      let isa = interchanges.get(head.key);
      if (!isa) {
        isa = { head, groups: new Map() };
        interchanges.set(head.key, isa);
      }
      const gsSender = o.senderId ?? (e?.applicationSender || head.senderId);
      const gsReceiver = o.receiverId ?? (e?.applicationReceiver || head.receiverId);
      const gsControl =
        o.groupControl === undefined && /^\d{1,9}$/.test(e?.groupControl ?? '') ? e?.groupControl : undefined;
      const gKey = [type, version, gsSender, gsReceiver, gsControl ?? ''].join('\u0000');
      let group = isa.groups.get(gKey);
      if (!group) {
        group = {
          key: `${head.key}\u0001${gKey}`,
          type,
          version,
          sender: gsSender,
          receiver: gsReceiver,
          control: gsControl,
          sets: new Map(),
        };
        isa.groups.set(gKey, group);
      }
      // ST02 is 4 to 9 characters. @see X12 005010 ST segment.
      const stControl =
        o.transactionControl === undefined && /^[0-9A-Za-z]{4,9}$/.test(e?.transactionControl ?? '')
          ? e?.transactionControl
          : undefined;
      const set: Omit<TransactionSet, 'claims'> = {
        type,
        submitter: claim.submitter,
        receiver: claim.receiver,
        version,
        control: stControl,
        purpose: e?.purpose,
        reference: e?.reference,
        transactionType: e?.transactionType,
        created: e?.created,
        createdTime: e?.createdTime,
      };
      const sKey = JSON.stringify([
        set.submitter ?? null,
        set.receiver ?? null,
        set.control ?? null,
        set.purpose ?? null,
        set.reference ?? null,
        set.transactionType ?? null,
        set.created ?? null,
        set.createdTime ?? null,
      ]);
      let ts = group.sets.get(sKey);
      if (!ts) {
        ts = { ...set, claims: [] };
        group.sets.set(sKey, ts);
      }
      ts.claims.push(claim);
      if (e?.transactionControl !== undefined && e.transactionControl !== '' && stControl === undefined)
        if (o.transactionControl === undefined && ts.claims.length === 1)
          this.envelopeChanged(
            `ST02 "${e.transactionControl}" is not 4 to 9 letters or digits; a new control number was written.`,
            claim,
          );
    }
    for (const { head, groups } of interchanges.values()) {
      const firstClaim = groups.values().next().value?.sets.values().next().value?.claims[0];
      if (this.isa?.key !== head.key) {
        this.closeGroup();
        this.closeInterchange();
        this.openInterchange(head, firstClaim);
      }
      const isa = this.isa as NonNullable<typeof this.isa>;
      for (const g of groups.values()) {
        const first = g.sets.values().next().value?.claims[0];
        if (this.open?.key !== g.key) {
          this.closeGroup();
          isa.groups++;
          const gs06 = this.control(g.control, isa.gsUsed, 'gsCounter', 'GS06', first);
          this.w.seg(
            'GS',
            'HC',
            this.w.clean(this.fitId(g.sender, 'GS02 (application sender code)', first), 'sender id'),
            this.w.clean(this.fitId(g.receiver, 'GS03 (application receiver code)', first), 'receiver id'),
            this.yyyymmdd,
            this.hhmm,
            gs06,
            'X',
            g.version,
          );
          this.open = { key: g.key, type: g.type, gs06, transactions: 0, stUsed: new Set() };
        }
        const open = this.open as NonNullable<typeof this.open>;
        for (const ts of g.sets.values()) {
          const st02 = this.control(ts.control, open.stUsed, 'stCounter', 'ST02', ts.claims[0]);
          yield* writeTransaction(this.w, ts, st02, this.yyyymmdd, this.hhmm, this.problems, this.due);
          open.transactions++;
        }
      }
    }
  }
}

/**
 * Writes claims as 837 interchanges (one per envelope the claims came in; one GS per claim type, one ST per
 * submitter/receiver, and a new ST every `MAX_CLAIMS_PER_TRANSACTION` claims). For a batch too big for one string,
 * use `X12ClaimWriter`.
 */
export function writeX12Claims(claims: readonly Claim[], options: X12WriteOptions = {}): X12WriteResult {
  return runSteps(writeX12ClaimSteps(claims, options));
}

/**
 * `writeX12Claims` in steps: it pauses every few hundred claims, so that a server writing a big file can answer other
 * requests in between (the caller awaits its pace at each pause). The same result.
 */
export function* writeX12ClaimSteps(
  claims: readonly Claim[],
  options: X12WriteOptions = {},
): Steps<X12WriteResult> {
  const writer = new X12ClaimWriter(options);
  const parts: string[] = [];
  for (const claim of claims) {
    const text = yield* writer.addSteps(claim);
    if (text !== '') parts.push(text);
  }
  parts.push(yield* writer.endSteps());
  return { text: parts.join(''), problems: writer.takeProblems() };
}

/** Writes one transaction set, ST to SE; pauses where `due` says (a claim at a time). */
function* writeTransaction(
  w: SegmentWriter,
  g: TransactionSet,
  st02: string,
  date: string,
  time: string,
  problems: Problem[],
  due: () => boolean,
): Steps<void> {
  const start = w.count;
  const institutional = g.type === '837I';
  w.seg('ST', '837', st02, g.version);
  // BHT as the claims came in: an encounter (RP) or a reissue (18) stays one. @see TR3 1000 BHT02, BHT06.
  w.seg(
    'BHT',
    '0019',
    g.purpose ?? '00',
    w.clean(g.reference ?? st02, 'BHT03 reference'),
    g.created === undefined ? date : toX12Date(g.created),
    g.createdTime ?? time,
    g.transactionType ?? 'CH',
  );
  const submitter = g.submitter ?? {};
  const first = g.claims[0];
  nm1(w, '41', submitter, '46', submitter.id);
  if (first && !hasName(submitter)) missing(problems, first, 'submitter name (1000A NM103)');
  if (first && !submitter.id) missing(problems, first, 'submitter id (1000A NM109)');
  if (submitter.contact) per(w, submitter.contact);
  else if (first) missing(problems, first, 'submitter contact (1000A PER)');
  const receiver = g.receiver ?? {};
  nm1(w, '40', receiver, '46', receiver.id);
  if (first && !hasName(receiver)) missing(problems, first, 'receiver name (1000B NM103)');
  if (first && !receiver.id) missing(problems, first, 'receiver id (1000B NM109)');

  let hl = 0;
  let billingKey = '';
  let billingHl = 0;
  for (const claim of g.claims) {
    if (due()) yield;
    const key = JSON.stringify([claim.billingProvider, claim.payToAddress ?? null]);
    if (key !== billingKey) {
      billingKey = key;
      billingHl = ++hl;
      w.seg('HL', String(billingHl), '', '20', '1');
      const bp = claim.billingProvider;
      if (bp.taxonomy) w.seg('PRV', 'BI', 'PXC', w.clean(bp.taxonomy, 'taxonomy'));
      nm1(w, '85', bp, 'XX', bp.npi);
      if (!bp.npi) missing(problems, claim, 'billing provider NPI (2010AA NM109)');
      address(w, bp.address, 'billing provider', problems, claim, true);
      if (bp.tin) w.seg('REF', 'EI', w.clean(bp.tin, 'billing provider tax id'));
      else missing(problems, claim, 'billing provider tax id (2010AA REF*EI)');
      if (bp.contact) per(w, bp.contact);
      if (claim.payToAddress) {
        // 2010AB names no one (NM103–NM109 are not used): the entity type is the billing provider's.
        const person = bp.name === undefined && (bp.lastName !== undefined || bp.firstName !== undefined);
        w.seg('NM1', '87', person ? '1' : '2');
        address(w, claim.payToAddress, 'pay-to', problems, claim, false);
      }
    }
    const hasPatientLoop = needsPatientLoop(claim);
    const subscriberHl = ++hl;
    w.seg('HL', String(subscriberHl), String(billingHl), '22', hasPatientLoop ? '1' : '0');
    const sub = claim.subscriber ?? {};
    if (sub.claimFilingIndicator === undefined && claim.payer.kind === 'unknown')
      missing(problems, claim, 'claim filing indicator (2000B SBR09)', 'ZZ');
    w.seg(
      'SBR',
      sub.payerResponsibility ?? 'P',
      hasPatientLoop ? '' : (sub.relationship ?? '18'),
      w.clean(sub.groupNumber, 'group number'),
      w.clean(sub.groupName, 'group name'),
      '',
      '',
      '',
      '',
      sub.claimFilingIndicator ?? filingFor(claim, institutional),
    );
    if (!hasPatientLoop) pat(w, undefined, claim.patient.weightKg);
    person(w, 'IL', hasPatientLoop ? sub : { ...sub, ...claim.patient }, 'subscriber', problems, claim);
    nm1(w, 'PR', claim.payer, payerIdQualifier(claim.payer), claim.payer.id);
    if (!claim.payer.name) missing(problems, claim, 'payer name (2010BB NM103)');
    address(w, claim.payer.address, 'payer', problems, claim, false);
    if (hasPatientLoop) {
      w.seg('HL', String(++hl), String(subscriberHl), '23', '0');
      pat(w, claim.patientRelationship ?? 'G8', claim.patient.weightKg);
      person(w, 'QC', claim.patient, 'patient', problems, claim);
    }
    writeClaim(w, claim, institutional, problems);
  }
  w.seg('SE', String(w.count - start + 1), st02);
}

/** SBR09 when the claim does not carry one: Medicare Part A (MA) on an institutional claim, whatever it was read from. */
function filingFor(claim: Claim, institutional: boolean): string {
  switch (claim.payer.kind) {
    case 'medicare':
      return institutional ? 'MA' : 'MB';
    case 'medicaid':
      return 'MC';
    case 'commercial':
      return 'CI';
    case 'unknown':
      return 'ZZ';
  }
}

/** A patient loop (2000C) is written when the claim names a relationship or the patient is not the subscriber. */
function needsPatientLoop(claim: Claim): boolean {
  if (claim.patientRelationship !== undefined && claim.patientRelationship !== '18') return true;
  const s = claim.subscriber;
  const p = claim.patient;
  if (!s) return false;
  return (
    (p.lastName !== undefined && p.lastName !== s.lastName) ||
    (p.firstName !== undefined && p.firstName !== s.firstName) ||
    (p.birthDate !== undefined && p.birthDate !== s.birthDate) ||
    (p.memberId !== undefined && p.memberId !== s.memberId)
  );
}

const hasName = (p: Party): boolean => Boolean(p.name ?? p.lastName);

/**
 * The UB-04 code HIs of loop 2300, in the TR3's order (occurrence span BI, occurrence BH, value BE, condition BG),
 * 12 composites an HI and at most two HIs of each kind. An 837P has only condition information (BG); the other kinds
 * have no place there.
 */
function writeUbCodes(w: SegmentWriter, claim: Claim, institutional: boolean, problems: Problem[]): void {
  const kinds: [label: string, composites: string[], inProfessional: boolean][] = [
    [
      'occurrence span codes (HI*BI)',
      (claim.occurrenceSpans ?? []).map((o) =>
        w.composite([
          'BI',
          w.clean(o.code, 'occurrence span code'),
          'RD8',
          `${toX12Date(o.from)}-${toX12Date(o.to)}`,
        ]),
      ),
      false,
    ],
    [
      'occurrence codes (HI*BH)',
      (claim.occurrenceCodes ?? []).map((o) =>
        w.composite(['BH', w.clean(o.code, 'occurrence code'), 'D8', toX12Date(o.date)]),
      ),
      false,
    ],
    [
      'value codes (HI*BE)',
      (claim.valueCodes ?? []).map((v) =>
        w.composite(['BE', w.clean(v.code, 'value code'), '', '', toX12Amount(v.amountCents)]),
      ),
      false,
    ],
    [
      'condition codes (HI*BG)',
      (claim.conditionCodes ?? []).map((c) => w.composite(['BG', w.clean(c, 'condition code')])),
      true,
    ],
  ];
  for (const [label, composites, inProfessional] of kinds) {
    if (composites.length === 0) continue;
    const fits = institutional || inProfessional;
    const kept = fits ? composites.slice(0, 24) : [];
    for (let i = 0; i < kept.length; i += 12) w.seg('HI', ...kept.slice(i, i + 12));
    if (kept.length < composites.length)
      problems.push({
        code: 'x12.write.dropped',
        severity: 'warning',
        message: fits
          ? `Claim ${claim.id}: an 837 holds at most 24 ${label}; ${composites.length - kept.length} of ${composites.length} were not written.`
          : `Claim ${claim.id}: an 837P has no place for ${label} (${composites.length} on the claim); not written.`,
        data: { claimId: claim.id },
      });
  }
}

/** Data the 837 requires that the claim lacks: left out, or written as `written` (a "mutually defined" code). */
function missing(problems: Problem[], claim: Claim, what: string, written?: string): void {
  problems.push({
    code: 'x12.write.missing-data',
    // The 837 is written without it, and a clearinghouse (or this reader) rejects the file: an error, not a note.
    severity: 'error',
    message: `Claim ${claim.id}: ${what} is required in an 837 but the claim has none${written === undefined ? '' : `; ${written} was written instead`}.`,
    data: { claimId: claim.id },
  });
}

/** Data the claim holds that the 837 variant has no place for: not written, and said so. */
function dropped(problems: Problem[], claim: Claim, message: string, line?: number): void {
  problems.push({
    code: 'x12.write.dropped',
    severity: 'warning',
    message: `Claim ${claim.id}${line === undefined ? '' : ` line ${line}`}: ${message}`,
    data: line === undefined ? { claimId: claim.id } : { claimId: claim.id, line },
  });
}

/** The CLM values that a claim may lack, as written (CLM06 undefined in an 837I, which does not use it). */
interface ClaimValues {
  frequency: string;
  providerSignature: string | undefined;
  assignment: string;
  benefitsAssignment: string;
  releaseOfInformation: string;
}

/**
 * CLM elements an 837 requires that a claim may not carry (FHIR and CSV have no place for the indicators, claim JSON
 * may leave them out, an 837I has no CLM06): written as most claims send them, and named with their meaning in a
 * warning, since only the provider knows them (CLM08 decides whether the payer pays the provider or the patient).
 * Claim JSON carries them (`frequencyCode`, `indicators`).
 * @see 005010X222A1 2300 CLM05-3 and CLM06–CLM09 (Required); 005010X223A2 2300 CLM05-3 and CLM07–CLM09 (Required,
 * CLM06 Not Used). Codes: CLM05-3 1 original claim; CLM06 Y provider or supplier signature on file; CLM07 A
 * assigned; CLM08 Y benefits assignment certified; CLM09 Y signed statement permitting release of medical billing data.
 */
const claimDefaults: readonly [element: string, key: keyof ClaimValues, value: string, meaning: string][] = [
  ['CLM05-3', 'frequency', '1', 'an original claim, not a replacement or a void'],
  ['CLM06', 'providerSignature', 'Y', "the provider's signature is on file"],
  ['CLM07', 'assignment', 'A', 'assigned: the provider accepts assignment'],
  [
    'CLM08',
    'benefitsAssignment',
    'Y',
    'benefits assigned to the provider: the payer pays the provider, not the patient',
  ],
  [
    'CLM09',
    'releaseOfInformation',
    'Y',
    'a signed statement permitting the release of medical billing data is on file',
  ],
];

/** The CLM05-3 and CLM06–CLM09 to write: the claim's, else the usual value, each named in one warning per claim. */
function assumedClaimValues(
  claim: Claim,
  institutional: boolean,
  frequency: string,
  problems: Problem[],
): ClaimValues {
  const ind = claim.indicators ?? {};
  const given: Record<keyof ClaimValues, string | undefined> = {
    frequency,
    providerSignature: ind.providerSignature,
    assignment: ind.assignment,
    benefitsAssignment: ind.benefitsAssignment,
    releaseOfInformation: ind.releaseOfInformation,
  };
  const values: ClaimValues = {
    frequency: '',
    providerSignature: undefined,
    assignment: '',
    benefitsAssignment: '',
    releaseOfInformation: '',
  };
  const assumed: string[] = [];
  const written: Record<string, string> = {};
  for (const [element, key, value, meaning] of claimDefaults) {
    if (institutional && key === 'providerSignature') continue;
    const own = given[key];
    if (own !== undefined && own !== '') {
      values[key] = own;
      continue;
    }
    values[key] = value;
    written[element] = value;
    assumed.push(`${element} ${value} (${meaning})`);
  }
  if (assumed.length > 0) {
    const elements = Object.keys(written);
    const one = elements.length === 1;
    problems.push({
      code: 'x12.write.missing-data',
      // Written, so the 837 is complete; but certified in the provider's name, so it must not pass unseen.
      severity: 'warning',
      message: `Claim ${claim.id}: ${listed(elements, 'and')} ${one ? 'is' : 'are'} required in an ${institutional ? '837I' : '837P'} but the claim does not say ${one ? 'it' : 'them'}; written as ${assumed.join(', ')}. Check ${one ? 'it' : 'them'} before sending: claim JSON carries ${one ? 'it' : 'them'} (\`frequencyCode\`, \`indicators\`).`,
      data: { claimId: claim.id, written },
    });
  }
  return values;
}

/** "A", "A and B", "A, B and C". */
function listed(items: readonly string[], last: string): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1] as string}`;
}

/** A provider as a message names it: name and NPI. */
function providerLabel(p: Party): string {
  const name = p.name ?? [p.lastName, p.firstName].filter((x) => x !== undefined && x !== '').join(', ');
  return [name, p.npi === undefined ? '' : `NPI ${p.npi}`].filter((x) => x !== '').join(' ') || 'unnamed';
}

/** "line 2", or "3 of 4 lines (1, 2, 4)". */
function linesLabel(lines: readonly ClaimLine[], total: number): string {
  if (lines.length === 1) return `line ${(lines[0] as ClaimLine).sequence}`;
  return `${lines.length} of ${total} lines (${lines.map((l) => l.sequence).join(', ')})`;
}

/**
 * 837I data an 837P has no place for (a hospital bill written as a professional claim, `--type 837P`), each kind
 * named with the claim and how much, as `reportProfessionalData` does the other way. UB-04 occurrence, span and
 * value codes are reported where they are written (`writeUbCodes`).
 * @see 005010X223A2 2300 CLM05 (type of bill), DTP*434, DTP*435, CL1, 2310A–C, HI (ABJ, APR, ABN); 2400 SV201,
 * SV207; 005010X222A1 2300 HI (principal ABK and other ABF diagnoses only).
 */
function reportInstitutionalData(claim: Claim, problems: Problem[]): void {
  const gone = (message: string): void => dropped(problems, claim, message);
  if (claim.typeOfBill !== undefined && claim.typeOfBill !== '')
    gone(`an 837P has no type of bill; ${claim.typeOfBill} (837I CLM05) was not written.`);
  if (claim.statementFrom !== undefined || claim.statementTo !== undefined)
    gone(
      `an 837P has no statement dates; ${claim.statementFrom ?? '?'} to ${claim.statementTo ?? claim.statementFrom ?? '?'} (837I DTP*434) were not written.`,
    );
  if (claim.admissionDate !== undefined)
    gone(
      `drugclaim writes the admission date (DTP*435) in an 837I only; ${claim.admissionDate}${claim.admissionHour === undefined ? '' : ` ${claim.admissionHour}`} was not written.`,
    );
  const cl1 = [
    ['admission type', claim.admissionType],
    ['admission source', claim.admissionSource],
    ['patient status', claim.patientStatus],
  ].flatMap(([label, value]) => (value === undefined || value === '' ? [] : [`${label} ${value}`]));
  if (cl1.length > 0)
    gone(`an 837P has no institutional claim code (837I CL1); ${listed(cl1, 'and')} not written.`);
  const providers: [label: string, party: Party | undefined][] = [
    ['attending provider (837I 2310A NM1*71)', claim.attendingProvider],
    ['operating physician (837I 2310B NM1*72)', claim.operatingPhysician],
    ['other operating physician (837I 2310C NM1*ZZ)', claim.otherOperatingPhysician],
  ];
  for (const [label, party] of providers)
    if (party !== undefined) gone(`an 837P has no ${label}; ${providerLabel(party)} was not written.`);
  const total = claim.lines.length;
  const revenue = claim.lines.filter((l) => l.revenueCode !== undefined && l.revenueCode !== '');
  if (revenue.length > 0)
    gone(
      `an 837P service line has no revenue code (837I SV201); ${listed([...new Set(revenue.map((l) => l.revenueCode as string))], 'and')}, on ${linesLabel(revenue, total)}, not written.`,
    );
  const nonCovered = claim.lines.filter((l) => l.nonCoveredChargeCents !== undefined);
  if (nonCovered.length > 0)
    gone(
      `an 837P service line has no non-covered charge (837I SV207); ${toX12Amount(nonCovered.reduce((sum, l) => sum + (l.nonCoveredChargeCents ?? 0), 0))} in all, on ${linesLabel(nonCovered, total)}, not written.`,
    );
  const roles: [role: DiagnosisRole, label: string][] = [
    ['admitting', 'admitting diagnosis (ABJ)'],
    ['reason', "patient's reason for visit (APR)"],
    ['external', 'external cause of injury (ABN)'],
  ];
  for (const [role, label] of roles) {
    const codes = claim.diagnoses.filter((d) => d.qualifier !== undefined && roleOf[d.qualifier] === role);
    if (codes.length > 0)
      gone(
        `an 837P has principal and other diagnoses only; ${codes.length === 1 ? 'the' : codes.length} ${label}${codes.length === 1 ? '' : ' codes'} ${listed(
          codes.map((d) => d.code),
          'and',
        )} ${codes.length === 1 ? 'was' : 'were'} written as other ${codes.length === 1 ? 'diagnosis' : 'diagnoses'} (ABF).`,
      );
  }
}

/**
 * 837P data an 837I has no place for (a professional claim written as 837I), each kind named with the claim and how
 * much: the line diagnosis pointers (an 837I line points at no diagnosis), the place of service (the type of bill
 * says where) and the patient's height. Other such data is reported where it is written (CLM06, CLM10, CLM11, line
 * notes, rendering provider taxonomy).
 * @see 005010X223A2 2300 CLM05-1 (facility type code), 2400 SV2 (no diagnosis pointer, no place of service);
 * 005010X222A1 2300 CLM05-1, 2400 SV105, SV107, MEA.
 */
function reportProfessionalData(claim: Claim, problems: Problem[]): void {
  const gone = (message: string): void => dropped(problems, claim, message);
  const total = claim.lines.length;
  const pointing = claim.lines.filter((l) => l.diagnosisPointers.length > 0);
  if (pointing.length > 0)
    gone(
      `an 837I service line has no diagnosis pointers (837P SV107); those of ${linesLabel(pointing, total)} were not written.`,
    );
  const places = [
    ...new Set(
      [claim.placeOfService, ...claim.lines.map((l) => l.placeOfService)].filter((p) => p !== undefined),
    ),
  ];
  if (places.length > 0)
    gone(
      `an 837I has no place of service (its type of bill says where); ${listed(places, 'and')} (837P CLM05-1, SV105) not written.`,
    );
  if (claim.patient.heightCm !== undefined)
    gone(`an 837I has no patient height (837P 2400 MEA*HT); ${claim.patient.heightCm} cm was not written.`);
}

/**
 * A charge (CLM02, SV102, SV203, SV207) as X12 writes it; below zero it is an error, and written as it is. A negative
 * value is inconsistent with the definition of SV102 and SV104 (X12 RFI 2499: correct a claim by a void and a
 * replacement, never by negative charges or units); the reader reports one the same way. Zero is a valid charge.
 */
function amount(
  cents: number,
  what: string,
  element: string,
  problems: Problem[],
  claim: Claim,
  line?: number,
): string {
  const text = toX12Amount(cents);
  if (cents < 0)
    problems.push({
      code: 'x12.write.invalid-value',
      severity: 'error',
      message: `Claim ${claim.id}${line === undefined ? '' : ` line ${line}`}: ${element} (${what}) ${text} is negative, which an 837 does not carry (a correction is a void and a replacement claim); it was written as it is, and the claim will be rejected.`,
      data: { claimId: claim.id, ...(line === undefined ? {} : { line }), element, value: text },
    });
  return text;
}

/**
 * NM108 of a payer (2010BB, 2330B): the qualifier read (XV, the CMS plan id, stays XV), else PI.
 * @see 005010X222A1 2010BB NM108 (PI payer identification, XV Centers for Medicare and Medicaid Services PlanID)
 */
function payerIdQualifier(payer: Party): string {
  return payer.idQualifier === 'XV' ? 'XV' : 'PI';
}

function nm1(w: SegmentWriter, entity: string, p: Party, qualifier: string, id: string | undefined): void {
  const person = p.name === undefined && (p.lastName !== undefined || p.firstName !== undefined);
  const idValue = w.clean(id, `NM1*${entity} id`);
  w.seg(
    'NM1',
    entity,
    person ? '1' : '2',
    w.clean(person ? p.lastName : p.name, `NM1*${entity} name`),
    person ? w.clean(p.firstName, `NM1*${entity} first name`) : '',
    person ? w.clean(p.middleName, `NM1*${entity} middle name`) : '',
    '',
    '',
    idValue ? qualifier : '',
    idValue,
  );
}

function person(
  w: SegmentWriter,
  entity: 'IL' | 'QC',
  p: Patient,
  what: string,
  problems: Problem[],
  claim: Claim,
): void {
  const id = entity === 'IL' ? w.clean(p.memberId, 'member id') : '';
  if (entity === 'IL' && !id) missing(problems, claim, 'subscriber member id (2010BA NM109)');
  w.seg(
    'NM1',
    entity,
    '1',
    w.clean(p.lastName, `${what} last name`),
    w.clean(p.firstName, `${what} first name`),
    w.clean(p.middleName, `${what} middle name`),
    '',
    '',
    id ? 'MI' : '',
    id,
  );
  address(w, p.address, what, problems, claim, false);
  if (p.birthDate || p.sex)
    w.seg('DMG', p.birthDate ? 'D8' : '', p.birthDate ? toX12Date(p.birthDate) : '', p.sex ?? '');
}

function address(
  w: SegmentWriter,
  a: Address | undefined,
  what: string,
  problems: Problem[],
  claim: Claim,
  required: boolean,
): void {
  if (!a) {
    if (required) missing(problems, claim, `${what} address (N3/N4)`);
    return;
  }
  if (a.line1 !== undefined || a.line2 !== undefined)
    w.seg('N3', w.clean(a.line1 ?? '', `${what} address`), w.clean(a.line2, `${what} address`));
  if (
    a.city !== undefined ||
    a.state !== undefined ||
    a.postalCode !== undefined ||
    a.country !== undefined
  ) {
    w.seg(
      'N4',
      w.clean(a.city ?? '', `${what} city`),
      w.clean(a.state, `${what} state`),
      w.clean(a.postalCode, `${what} ZIP`),
      w.clean(a.country, `${what} country`),
    );
  }
}

function per(w: SegmentWriter, c: NonNullable<Party['contact']>): void {
  const els: string[] = ['IC', w.clean(c.name ?? '', 'contact name')];
  if (c.phone) els.push('TE', w.clean(c.phone, 'contact phone'));
  if (c.email) els.push('EM', w.clean(c.email, 'contact email'));
  w.seg('PER', ...els);
}

function pat(w: SegmentWriter, relationship: string | undefined, weightKg: number | undefined): void {
  if (relationship === undefined && weightKg === undefined) return;
  // PAT07 "01" = pounds. @see 005010X222A1 2000B/2000C PAT07–PAT08.
  const weight = weightKg === undefined ? '' : toX12Quantity(weightKg / 0.45359237);
  w.seg('PAT', relationship ?? '', '', '', '', '', '', weight ? '01' : '', weight);
}

function writeClaim(w: SegmentWriter, claim: Claim, institutional: boolean, problems: Problem[]): void {
  let facility: string;
  let frequency = claim.frequencyCode ?? '';
  if (institutional) {
    const tob = (claim.typeOfBill ?? '').replace(/^0(?=\d{3}$)/, '');
    facility = tob.substring(0, 2);
    if (frequency === '') frequency = tob.substring(2, 3);
    if (!facility) missing(problems, claim, 'type of bill (CLM05)');
  } else {
    facility = claim.placeOfService ?? claim.lines[0]?.placeOfService ?? '';
    if (!facility) missing(problems, claim, 'place of service (CLM05-1)');
    // A claim with a type of bill (an 837I's, FHIR's) tells its frequency there.
    if (frequency === '') frequency = (claim.typeOfBill ?? '').replace(/^0(?=\d{3}$)/, '').substring(2, 3);
    reportInstitutionalData(claim, problems);
  }
  if (institutional) reportProfessionalData(claim, problems);
  const ind = claim.indicators ?? {};
  const clm = assumedClaimValues(claim, institutional, frequency, problems);
  // CLM06 (provider signature) and CLM10 (patient signature source) are not used in the 837I.
  // @see 005010X223A2 2300 CLM06, CLM10 ("Not Used").
  if (institutional && (ind.providerSignature !== undefined || ind.patientSignatureSource !== undefined))
    dropped(
      problems,
      claim,
      'an 837I has no provider signature indicator (CLM06) or patient signature source (CLM10); not written.',
    );
  // CLM11 related causes (837P only: the 837I reports accidents with occurrence codes). @see 005010X222A1 CLM11.
  const causes = claim.relatedCauses;
  if (institutional && causes !== undefined)
    dropped(problems, claim, 'an 837I has no related causes (CLM11); not written.');
  const related =
    causes === undefined || institutional
      ? ''
      : w.composite([
          w.clean(causes.codes[0], 'related cause'),
          w.clean(causes.codes[1], 'related cause'),
          w.clean(causes.codes[2], 'related cause'),
          w.clean(causes.state, 'accident state'),
          w.clean(causes.country, 'accident country'),
        ]);
  w.seg(
    'CLM',
    w.clean(claim.id, 'claim id'),
    amount(claim.totalChargeCents, 'total claim charge', 'CLM02', problems, claim),
    '',
    '',
    w.composite([facility, institutional ? 'A' : 'B', clm.frequency]),
    institutional ? '' : w.clean(clm.providerSignature, 'provider signature indicator'),
    w.clean(clm.assignment, 'assignment or plan participation code'),
    w.clean(clm.benefitsAssignment, 'benefits assignment certification indicator'),
    w.clean(clm.releaseOfInformation, 'release of information code'),
    institutional ? '' : w.clean(ind.patientSignatureSource, 'patient signature source code'),
    related,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    w.clean(claim.delayReasonCode, 'delay reason code'),
  );
  if (institutional) {
    // Statement dates (434) come before the admission date and hour (435). @see 005010X223A2 2300 segment order.
    const from = claim.statementFrom ?? claim.lines[0]?.serviceDate;
    const to = claim.statementTo ?? from;
    if (from && to) w.seg('DTP', '434', 'RD8', `${toX12Date(from)}-${toX12Date(to)}`);
    else missing(problems, claim, 'statement dates (DTP*434)');
    if (claim.admissionDate) {
      const hour = claim.admissionHour;
      if (hour !== undefined && /^\d{4}$/.test(hour))
        w.seg('DTP', '435', 'DT', `${toX12Date(claim.admissionDate)}${hour}`);
      else w.seg('DTP', '435', 'D8', toX12Date(claim.admissionDate));
    }
    if (claim.admissionType || claim.admissionSource || claim.patientStatus)
      w.seg('CL1', claim.admissionType ?? '', claim.admissionSource ?? '', claim.patientStatus ?? '');
  }
  if (claim.priorAuthorization) w.seg('REF', 'G1', w.clean(claim.priorAuthorization, 'prior authorization'));
  if (claim.payerClaimControlNumber)
    w.seg('REF', 'F8', w.clean(claim.payerClaimControlNumber, 'payer claim control number'));
  // 837P allows one claim note, 837I ten; notes are joined into one so nothing is lost.
  if (claim.notes.length > 0) w.seg('NTE', 'ADD', w.clean(claim.notes.join(' '), 'claim note'));
  if (claim.diagnoses.length === 0) missing(problems, claim, 'diagnosis (HI)');
  // Each diagnosis keeps its code set: ICD-9-CM qualifiers (BK, BF…) stay ICD-9-CM, the rest are ICD-10-CM.
  const coded = claim.diagnoses.map((dx, i) => ({
    role:
      (dx.qualifier === undefined ? undefined : roleOf[dx.qualifier]) ?? (i === 0 ? 'principal' : 'other'),
    icd9:
      (dx.qualifier !== undefined && icd9Qualifiers.has(dx.qualifier)) ||
      (dx.system?.endsWith('/icd-9-cm') ?? false),
    code: w.clean(dx.code, 'diagnosis code'),
  }));
  if (!institutional) {
    // 837P: one HI of up to 12 diagnoses, the line pointers' range; HI01 is the principal diagnosis (ABK/BK), the
    // others are "other" (ABF/BF) whatever they were sent as. @see 005010X222A1 2300 HI (one per claim), HI01-1,
    // HI02-1…HI12-1. The lines point at the positions written (`hiPositions`).
    const kept = professionalOrder(claim)
      .slice(0, MAX_PROFESSIONAL_DIAGNOSES)
      .map((i) => coded[i] as (typeof coded)[number]);
    if (kept.length > 0)
      w.seg(
        'HI',
        ...kept.map((d, i) => w.composite([hiQualifier(i === 0 ? 'principal' : 'other', d.icd9), d.code])),
      );
    if (coded.length > kept.length)
      dropped(
        problems,
        claim,
        `an 837P holds 12 diagnoses (one HI); ${coded.length - kept.length} of ${coded.length} were not written.`,
      );
  } else {
    // 837I: each kind of diagnosis has its own HI segment, in the TR3's order (principal, admitting, reason for
    // visit, external cause, other); the principal HI carries HI01 only, so a second principal is written as other.
    const [principal, ...rest] = coded.filter((d) => d.role === 'principal');
    if (principal) w.seg('HI', w.composite([hiQualifier('principal', principal.icd9), principal.code]));
    else if (coded.length > 0) missing(problems, claim, 'principal diagnosis (HI*ABK)');
    const others = [...rest, ...coded.filter((d) => d.role === 'other')];
    const groups: [DiagnosisRole, number, typeof coded][] = [
      ['admitting', 1, coded.filter((d) => d.role === 'admitting')],
      ['reason', 3, coded.filter((d) => d.role === 'reason')],
      ['external', 12, coded.filter((d) => d.role === 'external')],
      ['other', 12, others],
    ];
    for (const [role, size, list] of groups)
      for (let i = 0; i < list.length; i += size)
        w.seg('HI', ...list.slice(i, i + size).map((d) => w.composite([hiQualifier(role, d.icd9), d.code])));
  }
  writeUbCodes(w, claim, institutional, problems);
  if (institutional && claim.attendingProvider) {
    nm1(w, '71', claim.attendingProvider, 'XX', claim.attendingProvider.npi);
    if (claim.attendingProvider.taxonomy)
      w.seg('PRV', 'AT', 'PXC', w.clean(claim.attendingProvider.taxonomy, 'taxonomy'));
  }
  if (institutional && claim.operatingPhysician)
    nm1(w, '72', claim.operatingPhysician, 'XX', claim.operatingPhysician.npi);
  if (institutional && claim.otherOperatingPhysician)
    nm1(w, 'ZZ', claim.otherOperatingPhysician, 'XX', claim.otherOperatingPhysician.npi);
  if (!institutional && claim.referringProvider)
    nm1(w, 'DN', claim.referringProvider, 'XX', claim.referringProvider.npi);
  if (claim.renderingProvider) {
    nm1(w, '82', claim.renderingProvider, 'XX', claim.renderingProvider.npi);
    renderingTaxonomy(w, claim, claim.renderingProvider, institutional, problems);
  }
  if (claim.serviceFacility) {
    nm1(w, '77', claim.serviceFacility, 'XX', claim.serviceFacility.npi);
    address(w, claim.serviceFacility.address, 'service facility', problems, claim, false);
  }
  if (institutional && claim.referringProvider)
    nm1(w, 'DN', claim.referringProvider, 'XX', claim.referringProvider.npi);
  for (const other of claim.otherPayers ?? []) {
    // What the other payer's loop must say and the claim does not: reported, never made up (a commercial CI, a
    // secondary S).
    if (other.responsibility === undefined)
      missing(problems, claim, 'other payer responsibility sequence (2320 SBR01)');
    if (other.relationship === undefined)
      missing(problems, claim, 'other subscriber relationship (2320 SBR02)');
    if (other.claimFilingIndicator === undefined)
      missing(problems, claim, 'other payer claim filing indicator (2320 SBR09)', 'ZZ');
    w.seg(
      'SBR',
      other.responsibility ?? '',
      other.relationship ?? '',
      w.clean(other.groupNumber, 'group number'),
      w.clean(other.groupName, 'group name'),
      '',
      '',
      '',
      '',
      other.claimFilingIndicator ?? 'ZZ',
    );
    const byGroup = new Map<string, NonNullable<typeof other.adjustments>>();
    for (const a of other.adjustments ?? []) {
      const list = byGroup.get(a.group) ?? [];
      list.push(a);
      byGroup.set(a.group, list);
    }
    for (const [group, list] of byGroup) {
      for (let i = 0; i < list.length; i += 6) {
        const els: string[] = [];
        for (const [j, a] of list.slice(i, i + 6).entries()) {
          // The quantity of the triplet j is CAS04, CAS07… @see 005010X222A1 2320 CAS.
          const element = `2320 CAS${String(4 + 3 * j).padStart(2, '0')}`;
          const q =
            a.quantity === undefined
              ? ''
              : quantity(a.quantity, `adjustment ${group}-${a.carc} quantity`, element, problems, claim);
          els.push(a.carc, toX12Amount(a.amountCents), q);
        }
        w.seg('CAS', group, ...els);
      }
    }
    if (other.paidCents !== undefined) w.seg('AMT', 'D', toX12Amount(other.paidCents));
    // OI as the provider certified it. @see TR3 2320 OI03 and OI06 (required), OI04.
    if (other.benefitsAssignment === undefined)
      missing(problems, claim, 'other insurance benefits assignment (2320 OI03)');
    if (other.releaseOfInformation === undefined)
      missing(problems, claim, 'other insurance release of information (2320 OI06)');
    w.seg(
      'OI',
      '',
      '',
      other.benefitsAssignment ?? '',
      other.patientSignatureSource ?? '',
      '',
      other.releaseOfInformation ?? '',
    );
    const s = other.subscriber ?? {};
    const sid = w.clean(s.memberId, 'other subscriber id');
    w.seg(
      'NM1',
      'IL',
      '1',
      w.clean(s.lastName, 'other subscriber name'),
      w.clean(s.firstName, 'other subscriber name'),
      w.clean(s.middleName, 'other subscriber name'),
      '',
      '',
      sid ? 'MI' : '',
      sid,
    );
    address(w, s.address, 'other subscriber', problems, claim, false);
    nm1(w, 'PR', other.payer, payerIdQualifier(other.payer), other.payer.id);
    address(w, other.payer.address, 'other payer', problems, claim, false);
  }
  const positions = institutional ? undefined : hiPositions(claim);
  claim.lines.forEach((line, i) => writeLine(w, claim, line, institutional, i === 0, problems, positions));
  // SV107 is required: a line without a diagnosis pointer (an 837I's, a FHIR item without diagnosisSequence) is
  // written without one, and said so. @see 005010X222A1 2400 SV107 (Required).
  const unpointed = institutional ? [] : claim.lines.filter((l) => l.diagnosisPointers.length === 0);
  if (unpointed.length > 0)
    problems.push({
      code: 'x12.write.missing-data',
      severity: 'error',
      message: `Claim ${claim.id}: an 837P service line requires a diagnosis pointer (SV107); ${linesLabel(unpointed, claim.lines.length)} ${unpointed.length === 1 ? 'has' : 'have'} none, and SV107 was left empty.`,
      data: { claimId: claim.id, lines: unpointed.map((l) => l.sequence) },
    });
}

/** Diagnoses the 837P HI holds, and so the range of SV107. @see 005010X222A1 2300 HI01–HI12, 2400 SV107. */
const MAX_PROFESSIONAL_DIAGNOSES = 12;

/**
 * The order the 837P HI writes a claim's diagnoses in (indexes into `claim.diagnoses`): the principal first, then the
 * others as they come. The principal is the first diagnosis sent as one (ABK, BK, FHIR "principal"), else the first.
 * @see 005010X222A1 2300 HI01 (principal diagnosis), HI02–HI12 (other diagnoses).
 */
function professionalOrder(claim: Claim): number[] {
  const order = claim.diagnoses.map((_, i) => i);
  const principal = claim.diagnoses.findIndex(
    (d) => d.qualifier !== undefined && roleOf[d.qualifier] === 'principal',
  );
  if (principal > 0) {
    order.splice(principal, 1);
    order.unshift(principal);
  }
  return order;
}

/**
 * Each diagnosis pointer of the claim (`Diagnosis.pointer`, what the line pointers name: FHIR's diagnosis.sequence,
 * which need not run 1..n, or a claim JSON's own numbers) → the 1-based position the 837P HI writes that diagnosis at,
 * which is what SV107 points to. Past `MAX_PROFESSIONAL_DIAGNOSES` the diagnosis is not written; 0: two diagnoses
 * share the pointer, so which one a line means is not known.
 */
function hiPositions(claim: Claim): Map<number, number> {
  const positions = new Map<number, number>();
  professionalOrder(claim).forEach((index, i) => {
    const pointer = (claim.diagnoses[index] as Diagnosis).pointer;
    positions.set(pointer, positions.has(pointer) ? 0 : i + 1);
  });
  return positions;
}

/**
 * SV107: the line's diagnosis pointers as the HI positions of the diagnoses they name (`hiPositions`), at most 4. A
 * pointer that names no diagnosis the HI holds is not written, and is an error naming the line and the pointer.
 */
function pointersComposite(
  w: SegmentWriter,
  claim: Claim,
  line: ClaimLine,
  positions: ReadonlyMap<number, number>,
  problems: Problem[],
): string {
  const written: number[] = [];
  const named: number[] = [];
  for (const pointer of line.diagnosisPointers) {
    const at = positions.get(pointer);
    if (at !== undefined && at >= 1 && at <= MAX_PROFESSIONAL_DIAGNOSES) {
      written.push(at);
      named.push(pointer);
      continue;
    }
    const sharing = claim.diagnoses.filter((d) => d.pointer === pointer).map((d) => d.code);
    const why =
      at === undefined
        ? claim.diagnoses.length === 0
          ? 'names no diagnosis: the claim has none'
          : `names no diagnosis of the claim (its diagnoses have the pointers ${listed(
              claim.diagnoses.map((d) => String(d.pointer)),
              'and',
            )})`
        : at === 0
          ? `names ${sharing.length} diagnoses of the claim (${listed(sharing, 'and')}), so which one is meant is not known`
          : `names diagnosis ${sharing[0] ?? ''}, which is past the ${MAX_PROFESSIONAL_DIAGNOSES} diagnoses the 837P HI holds and was not written`;
    problems.push({
      code: 'x12.write.invalid-value',
      severity: 'error',
      message: `Claim ${claim.id} line ${line.sequence}: diagnosis pointer ${pointer} ${why}; SV107 was written without it.`,
      data: { claimId: claim.id, line: line.sequence, element: 'SV107', value: String(pointer) },
    });
  }
  // C004 has four components. @see 005010X222A1 2400 SV107.
  if (written.length > 4)
    dropped(
      problems,
      claim,
      `SV107 holds at most 4 diagnosis pointers; ${written.length - 4} more (${named.slice(4).join(', ')}) not written.`,
      line.sequence,
    );
  return w.composite(written.slice(0, 4).map(String));
}

/**
 * One service line's 2400 loop (LX, SV1/SV2, DTP, REF, NTE, LIN, CTP, NM1*82…) as segment texts without terminators,
 * in the given delimiters: what the 837 patcher inserts for a line a fix added.
 */
export function lineSegments(
  claim: Claim,
  line: ClaimLine,
  institutional: boolean,
  delimiters: Delimiters,
  problems: Problem[],
  hi: 'written' | 'as-read' = 'written',
): string[] {
  const w = new SegmentWriter(delimiters, false, problems);
  // 'as-read': the line goes into a file whose own HI is kept (check --fix), where each diagnosis sits at the
  // position its pointer was read from; 'written': the HI this writer writes (principal first, gaps closed).
  const positions = institutional
    ? undefined
    : hi === 'written'
      ? hiPositions(claim)
      : new Map(claim.diagnoses.map((d) => [d.pointer, d.pointer] as const));
  writeLine(w, claim, line, institutional, false, problems, positions);
  return w.out.map((s) => s.substring(0, s.length - delimiters.segment.length));
}

/** SV101 / SV202: qualifier, code, up to 4 modifiers and the description, as one composite ("" when there is none). */
function procedureComposite(w: SegmentWriter, p: Procedure): string {
  if (p.code === '' && p.qualifier === '') return '';
  const mods = p.modifiers.slice(0, 4).map((m) => w.clean(m, 'modifier'));
  return w.composite([
    p.qualifier || 'HC',
    w.clean(p.code, 'procedure code'),
    mods[0],
    mods[1],
    mods[2],
    mods[3],
    w.clean(p.description, 'procedure description'),
  ]);
}

/** `procedureComposite` in the given delimiters: what the 837 patcher writes for a procedure a fix changed. */
export function procedureText(p: Procedure, delimiters: Delimiters, problems: Problem[]): string {
  return procedureComposite(new SegmentWriter(delimiters, false, problems), p);
}

function writeLine(
  w: SegmentWriter,
  claim: Claim,
  line: ClaimLine,
  institutional: boolean,
  first: boolean,
  problems: Problem[],
  positions: ReadonlyMap<number, number> | undefined,
): void {
  w.seg('LX', String(line.sequence));
  const procedure = procedureComposite(w, line.procedure);
  if (institutional) {
    w.seg(
      'SV2',
      w.clean(line.revenueCode ?? '', 'revenue code'),
      procedure,
      amount(line.chargeCents, 'line item charge', 'SV203', problems, claim, line.sequence),
      line.unitType ?? 'UN',
      quantity(line.units, 'units', 'SV205', problems, claim, line.sequence),
      '',
      line.nonCoveredChargeCents === undefined
        ? ''
        : amount(line.nonCoveredChargeCents, 'non-covered charge', 'SV207', problems, claim, line.sequence),
    );
  } else {
    w.seg(
      'SV1',
      procedure,
      amount(line.chargeCents, 'line item charge', 'SV102', problems, claim, line.sequence),
      line.unitType ?? 'UN',
      quantity(line.units, 'units', 'SV104', problems, claim, line.sequence),
      line.placeOfService ?? '',
      '',
      pointersComposite(w, claim, line, positions ?? hiPositions(claim), problems),
    );
  }
  if (line.serviceDate) {
    const to = line.serviceDateTo;
    if (to && to !== line.serviceDate)
      w.seg('DTP', '472', 'RD8', `${toX12Date(line.serviceDate)}-${toX12Date(to)}`);
    else w.seg('DTP', '472', 'D8', toX12Date(line.serviceDate));
  }
  if (first && claim.patient.heightCm !== undefined && !institutional)
    w.seg('MEA', 'TR', 'HT', toX12Quantity(claim.patient.heightCm / 2.54));
  if (line.lineItemControlNumber)
    w.seg('REF', '6R', w.clean(line.lineItemControlNumber, 'line item control number'));
  const notes = [...line.notes];
  const dose = line.dose;
  if (dose) {
    // A dose that came from elsewhere (FHIR, JSON) goes out as a line note the reader understands.
    const parsed = doseFromNotes(notes);
    const wanted: string[] = [];
    if (dose.text !== '' && parsed?.text !== dose.text) wanted.push(`DOSE ${dose.text}`);
    if (dose.discardedText !== undefined && parsed?.discardedText !== dose.discardedText)
      wanted.push(`WASTE ${dose.discardedText}`);
    if (wanted.length > 0) notes.push(wanted.join(' '));
  }
  if (notes.length > 0) {
    // 837P allows one line note (2400 NTE); 837I has none at line level.
    if (!institutional) w.seg('NTE', 'ADD', w.clean(notes.join(' '), 'line note'));
    else
      dropped(
        problems,
        claim,
        'an 837I service line has no note segment; its notes (and any documented dose) were not written.',
        line.sequence,
      );
  }
  if (line.drug) {
    const d = line.drug;
    const qualifier = d.ndcQualifier || 'N4';
    w.seg(
      'LIN',
      '',
      qualifier,
      w.clean(qualifier === 'N4' ? ndcForLin(d.ndc, claim, line, problems) : d.ndc, 'NDC'),
    );
    // CTP04 and CTP05 are required: a CTP without the quantity is not written (and said so), never an empty one.
    // @see 005010X222A1 2410 CTP04, CTP05.
    if (d.quantity === undefined) missing(problems, claim, `line ${line.sequence} NDC quantity (2410 CTP04)`);
    else {
      if (d.unit === undefined || d.unit === '')
        missing(problems, claim, `line ${line.sequence} NDC unit of measure (2410 CTP05)`);
      w.seg(
        'CTP',
        '',
        '',
        '',
        quantity(d.quantity, 'NDC quantity', 'CTP04', problems, claim, line.sequence),
        w.clean(d.unit, 'NDC unit'),
      );
    }
    if (d.prescriptionNumber) w.seg('REF', 'XZ', w.clean(d.prescriptionNumber, 'prescription number'));
  }
  if (line.renderingProvider) {
    nm1(w, '82', line.renderingProvider, 'XX', line.renderingProvider.npi);
    renderingTaxonomy(w, claim, line.renderingProvider, institutional, problems, line.sequence);
  }
}

/**
 * Counts that must be above zero: a service line's units (SV104, SV205) and its NDC quantity (CTP04). A negative
 * value is inconsistent with the definition of SV104 (X12 RFI 2499), and the reader reports one in any of them as an
 * error; 0 bills nothing (as the `units-invalid` edit says, docs/edits.md): a warning, since a void may carry it.
 */
const COUNTS: ReadonlySet<string> = new Set(['SV104', 'SV205', 'CTP04']);

/**
 * A quantity element (SV104, SV205, CTP04, a 2320 CAS quantity): the quantity itself when X12 holds it (R 1/15, at
 * most `QUANTITY_DECIMALS` decimals), else its nearest value X12 holds, reported: a warning when that value was
 * rounded (`x12.write.quantity-rounded`), an error when it bills nothing or cannot be sent (more than 15 digits,
 * `x12.write.invalid-value`).
 * @see 005010 TR3s, Appendix A.1.3.1.4 (R: the length does not count the sign or decimal point); values.ts.
 */
export function quantity(
  n: number,
  what: string,
  element: string,
  problems: Problem[],
  claim: Claim,
  line?: number,
): string {
  const q = x12Quantity(n);
  const notCount = COUNTS.has(element) && Number.isFinite(n) && n <= 0;
  if (q.trouble === undefined && !notCount) return q.text;
  const subject = `Claim ${claim.id}${line === undefined ? '' : ` line ${line}`}: ${element} (${what}) ${q.value}`;
  if (notCount) {
    // Negative: no payer takes it. Zero is valid X12 and may be meant (a void repeating its original's lines), so it
    // is said, not refused; `check` reports it on a claim to be paid (units-invalid).
    problems.push({
      code: 'x12.write.invalid-value',
      severity: n < 0 ? 'error' : 'warning',
      message: `${subject} ${n < 0 ? 'is negative, which an 837 does not carry (a correction is a void and a replacement claim)' : 'bills nothing'}; it was written ${q.text === q.value ? 'as it is' : `as ${q.text}`}${n < 0 ? ', and the line will be rejected' : ''}.`,
      data: {
        claimId: claim.id,
        ...(line === undefined ? {} : { line }),
        element,
        value: q.value,
        written: q.text,
      },
    });
    return q.text;
  }
  if (q.trouble === undefined) return q.text;
  let severity: 'error' | 'warning' = 'error';
  let message: string;
  switch (q.trouble) {
    case 'decimals':
      severity = 'warning';
      message = `${subject} has more than the ${QUANTITY_DECIMALS} decimals drugclaim writes in an X12 quantity; ${q.text} was written.`;
      break;
    case 'digits':
      severity = 'warning';
      message = `${subject} has more digits than the ${QUANTITY_DIGITS} an X12 quantity holds; ${q.text} was written.`;
      break;
    case 'zero':
      message = `${subject} rounds to 0 at the ${QUANTITY_DECIMALS} decimals drugclaim writes in an X12 quantity; 0 was written, which bills nothing.`;
      break;
    case 'too-long':
      message = `${subject} needs more than the ${QUANTITY_DIGITS} digits an X12 quantity holds; it was written ${q.text === q.value ? 'as it is' : `as ${q.text}`}, and the 837 will be rejected.`;
      break;
    case 'not-finite':
      message = `${subject} is not a finite number; ${element} was left empty.`;
      break;
  }
  problems.push({
    // A rounding is a code of its own: `x12.write.invalid-value` stays an error (the 837 would be rejected).
    code: severity === 'warning' ? 'x12.write.quantity-rounded' : 'x12.write.invalid-value',
    severity,
    message,
    data: {
      claimId: claim.id,
      ...(line === undefined ? {} : { line }),
      element,
      value: q.value,
      written: q.text,
    },
  });
  return q.text;
}

/**
 * LIN03 with qualifier N4 is the 11-digit NDC (5-4-2, no hyphens): a hyphenated NDC is written in that form (exact
 * for the 4-4-2, 5-3-2 and 5-4-1 layouts); one that cannot be (10 digits without hyphens, letters) is written as
 * it is and reported. @see 005010X222A1 2410 LIN03; core/reference/ndc.ts.
 */
export function ndcForLin(ndc: string, claim: Claim, line: ClaimLine, problems: Problem[]): string {
  const n = normaliseNdc(ndc);
  if (n.kind === 'ok') return n.ndc11;
  problems.push({
    code: 'x12.write.invalid-value',
    severity: 'error',
    message: `Claim ${claim.id} line ${line.sequence}: NDC "${ndc}" is not an 11-digit NDC (${n.reason}); LIN03 was written as it is.`,
    data: { claimId: claim.id, line: line.sequence, element: 'LIN03', value: ndc },
  });
  return ndc;
}

/**
 * A rendering provider's taxonomy (PRV*PE): 837P loops 2310B and 2420A have a PRV; 837I 2310D and 2420C do not (NM1
 * and REF only), so there it is reported as not written. @see 005010X223A2 2310D, 2420C.
 */
function renderingTaxonomy(
  w: SegmentWriter,
  claim: Claim,
  p: Party,
  institutional: boolean,
  problems: Problem[],
  line?: number,
): void {
  if (!p.taxonomy) return;
  if (!institutional) w.seg('PRV', 'PE', 'PXC', w.clean(p.taxonomy, 'taxonomy'));
  else
    dropped(
      problems,
      claim,
      `an 837I rendering provider (${line === undefined ? '2310D' : '2420C'}) has no PRV; its taxonomy ${p.taxonomy} was not written.`,
      line,
    );
}
