/**
 * 837P (005010X222A1) and 837I (005010X223A2) transaction sets → canonical claims, one segment at a time.
 *
 * The mapper walks the HL hierarchy (20 billing provider → 22 subscriber → 23 patient) and the claim loops 2300
 * (claim), 2310x (claim providers), 2320/2330x (other payers, repeatable), 2400 (service line), 2410 (drug
 * identification), 2420x (line providers), 2430/2440 (line adjudication, forms). A claim is handed out when the
 * next claim, HL or SE starts, so memory stays flat however many claims a transaction holds.
 *
 * It is lenient where the meaning is still clear (4010-style HI, a line without LX, REF*6R after LIN) and reports
 * each deviation with its segment, element and loop; it never throws on bad input.
 * @see ASC X12 005010X222A1 (837P) and 005010X223A2 (837I) TR3s, section 2.4 (transaction set listings).
 */
import type {
  Address,
  Claim,
  ClaimLine,
  Diagnosis,
  OtherPayer,
  Party,
  Patient,
  PayerKind,
  Procedure,
} from '../../core/claim/model.ts';
import type { Problem, SourcePosition } from '../../core/problem.ts';
import { doseFromNotes } from '../claim-files/dose-notes.ts';
import { SegmentMapper, type TransactionContext } from './mapper.ts';
import { nthComponent, segmentTag } from './segment.ts';
import type { SegmentView } from './segment.ts';
import {
  cleanDiagnosis,
  diagnosisFormatReason,
  diagnosisQualifiers,
  institutionalOtherHiQualifiers,
  isoFromNumber,
  looksLikeIcd10,
  professionalOtherHiQualifiers,
  x12Cents,
  x12DateOrRange,
  x12Number,
} from './values.ts';
import {
  ctpUnits,
  dmgSexes,
  hiQualifiers,
  tapeQuantity,
  TapeOp,
  TapeSlot,
  twoDigitCodes,
} from './value-tape.ts';

const opSv1 = TapeOp.SV1;
const opHi = TapeOp.HI;
const opDmg = TapeOp.DMG;
const opClm = TapeOp.CLM;
const { SV1, DTP, LIN, CTP, HI, DMG, CLM } = TapeSlot;
const opDtp472D8 = TapeOp.DTP_472_D8;
const opLinN4 = TapeOp.LIN_N4;
const opCtp = TapeOp.CTP;

/** Tags of the segments the mapper reads (see `segment`). */
const tag = {
  DTP: segmentTag('DTP'),
  BHT: segmentTag('BHT'),
  LX: segmentTag('LX'),
  SV1: segmentTag('SV1'),
  NM1: segmentTag('NM1'),
  NTE: segmentTag('NTE'),
  LIN: segmentTag('LIN'),
  CTP: segmentTag('CTP'),
  HL: segmentTag('HL'),
  N3: segmentTag('N3'),
  N4: segmentTag('N4'),
  SBR: segmentTag('SBR'),
  DMG: segmentTag('DMG'),
  CLM: segmentTag('CLM'),
  HI: segmentTag('HI'),
  REF: segmentTag('REF'),
  PAT: segmentTag('PAT'),
  PER: segmentTag('PER'),
  PRV: segmentTag('PRV'),
  SV2: segmentTag('SV2'),
  CL1: segmentTag('CL1'),
  AMT: segmentTag('AMT'),
  CAS: segmentTag('CAS'),
  CR1: segmentTag('CR1'),
  MEA: segmentTag('MEA'),
  OI: segmentTag('OI'),
  SVD: segmentTag('SVD'),
  LQ: segmentTag('LQ'),
} as const;
export type ClaimType837 = '837P' | '837I';

/** An NDC as the 837 sends it: 11 digits (5-4-2 without hyphens). */
function isNdc11(ndc: string): boolean {
  if (ndc.length !== 11) return false;
  for (let i = 0; i < 11; i++) {
    const c = ndc.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** HI qualifiers of other code types while the transaction's type (837P or 837I) is not known yet. */
const anyOtherHiQualifiers: ReadonlySet<string> = new Set([
  ...professionalOtherHiQualifiers,
  ...institutionalOtherHiQualifiers,
]);

/** The diagnosis qualifiers of an HI, for messages. @see 005010X222A1 / 005010X223A2 2300 HI, HI01-1 code lists. */
const professionalDiagnosisQualifiers = 'ABK principal, ABF other; BK, BF for ICD-9-CM';
const institutionalDiagnosisQualifiers =
  'ABK principal, ABJ admitting, APR reason for visit, ABN external cause, ABF other; BK, BJ, PR, BN, BF for ICD-9-CM';

/** An element's number as the guides write it: 2 → "02". */
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** A qualifier as the TR3 spells it: upper case, no blanks ("abf " → "ABF"). */
const normalisedQualifier = (q: string): string => q.trim().toUpperCase();

/** Two ASCII digits: a place of service or facility type code. */
function isTwoDigits(code: string): boolean {
  if (code.length !== 2) return false;
  const a = code.charCodeAt(0);
  const b = code.charCodeAt(1);
  return a >= 48 && a <= 57 && b >= 48 && b <= 57;
}

/** CLM20 delay reason codes. @see 005010X222A1 / 005010X223A2 2300 CLM20. */
const delayReasonCodes = new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '15']);

/**
 * Claim filing indicator (SBR09) → payer kind.
 * @see 005010X222A1 2000B SBR09 code list: MA/MB Medicare Part A/B, MC Medicaid, 16 Medicare HMO…
 */
export function payerKindFromFilingIndicator(code: string | undefined): PayerKind {
  switch (code) {
    case 'MA':
    case 'MB':
    case '16':
      return 'medicare';
    case 'MC':
      return 'medicaid';
    case undefined:
    case '':
    case 'ZZ':
      return 'unknown';
    default:
      return 'commercial';
  }
}

/** A procedure composite "HC:J9355:JW:::::desc" → qualifier, code, up to 4 modifiers, description. */
export function parseProcedure(value: string, comp: string): Procedure {
  const c1 = value.indexOf(comp);
  if (c1 === -1) return { qualifier: value, code: '', modifiers: [] };
  const c2 = value.indexOf(comp, c1 + 1);
  if (c2 === -1) return { qualifier: value.substring(0, c1), code: value.substring(c1 + 1), modifiers: [] };
  const p: Procedure = {
    qualifier: value.substring(0, c1),
    code: value.substring(c1 + 1, c2),
    modifiers: [],
  };
  const rest = value.substring(c2 + 1).split(comp);
  for (let i = 0; i < 4 && i < rest.length; i++) if (rest[i] !== '') p.modifiers.push(rest[i] as string);
  const description = rest[4];
  if (description !== undefined && description !== '') p.description = description;
  return p;
}

/** A copy of the person fields of `p` (not the SBR fields a subscriber object may carry), with its own address. */
function copyPatient(p: Patient): Patient {
  const copy: Patient = {};
  if (p.memberId !== undefined) copy.memberId = p.memberId;
  if (p.lastName !== undefined) copy.lastName = p.lastName;
  if (p.firstName !== undefined) copy.firstName = p.firstName;
  if (p.middleName !== undefined) copy.middleName = p.middleName;
  if (p.address !== undefined) copy.address = { ...p.address };
  if (p.birthDate !== undefined) copy.birthDate = p.birthDate;
  if (p.sex !== undefined) copy.sex = p.sex;
  if (p.weightKg !== undefined) copy.weightKg = p.weightKg;
  if (p.heightCm !== undefined) copy.heightCm = p.heightCm;
  return copy;
}

/** `Object.assign(into ?? {}, person)` for what `person()` sets (same keys, same order), without the generic copy. */
function mergePerson(into: Patient | undefined, person: Patient): Patient {
  if (into === undefined) return person;
  if (person.lastName !== undefined) into.lastName = person.lastName;
  if (person.firstName !== undefined) into.firstName = person.firstName;
  if (person.middleName !== undefined) into.middleName = person.middleName;
  if (person.memberId !== undefined) into.memberId = person.memberId;
  return into;
}

type Envelope = NonNullable<Claim['envelope']>;

/** `{ ...e }` for the envelope's known keys (same order), without the generic object clone per claim. */
function copyEnvelope(e: Envelope): Envelope {
  const copy: Envelope = {};
  if (e.interchangeControl !== undefined) copy.interchangeControl = e.interchangeControl;
  if (e.groupControl !== undefined) copy.groupControl = e.groupControl;
  if (e.transactionControl !== undefined) copy.transactionControl = e.transactionControl;
  if (e.version !== undefined) copy.version = e.version;
  if (e.senderQualifier !== undefined) copy.senderQualifier = e.senderQualifier;
  if (e.senderId !== undefined) copy.senderId = e.senderId;
  if (e.receiverQualifier !== undefined) copy.receiverQualifier = e.receiverQualifier;
  if (e.receiverId !== undefined) copy.receiverId = e.receiverId;
  if (e.acknowledgmentRequested !== undefined) copy.acknowledgmentRequested = e.acknowledgmentRequested;
  if (e.usage !== undefined) copy.usage = e.usage;
  if (e.applicationSender !== undefined) copy.applicationSender = e.applicationSender;
  if (e.applicationReceiver !== undefined) copy.applicationReceiver = e.applicationReceiver;
  if (e.purpose !== undefined) copy.purpose = e.purpose;
  if (e.reference !== undefined) copy.reference = e.reference;
  if (e.transactionType !== undefined) copy.transactionType = e.transactionType;
  if (e.created !== undefined) copy.created = e.created;
  if (e.createdTime !== undefined) copy.createdTime = e.createdTime;
  return copy;
}

const poundsToKg = 0.45359237;
const inchesToCm = 2.54;
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** Which entity the next N3/N4/REF/PER/PRV/DMG belongs to. */
type Target = Party | Patient | undefined;

interface LoopTally {
  loop: string;
  n3: number;
  n4: number;
  taxId: number;
  segment: SegmentView | undefined;
  index: number;
  line: number;
}

export class Claim837Mapper extends SegmentMapper {
  private readonly emit: (claim: Claim) => void;
  private type: ClaimType837 | undefined;

  private submitter: Party | undefined;
  private receiver: Party | undefined;
  private billing: Party | undefined;
  private billingTally: LoopTally | undefined;
  /** 2010AB pay-to address of the current billing provider (its N3/N4 are read into it). */
  private payTo: Party | undefined;
  private subscriber: Patient | undefined;
  private subscriberFields: NonNullable<Claim['subscriber']> | undefined;
  private payer: Party | undefined;
  private sawSbr = false;
  private patient: Patient | undefined;
  private patientRelationship: string | undefined;
  private target: Target;
  private targetKind: 'party' | 'patient' | 'none' = 'none';

  private claim: Claim | undefined;
  private claimSawHi = false;
  /** Diagnosis pointer positions the claim's HI composites have taken, read or not. */
  private hiPositions = 0;
  /** Positions whose composite could not be read as a diagnosis (a line pointer to one is reported). */
  private reservedPointers: number[] | undefined;
  /** The first code type of the HI being read that is passed over (counted once per HI). */
  private hiOther: string | undefined;
  private otherPayer: OtherPayer | undefined;
  private lineItem: ClaimLine | undefined;
  private lineSawLx = false;
  private lineSawDate = false;
  private lineSawCtp = false;
  /** Position of the LIN that opened loop 2410 (the cursor itself moves on). */
  private linAt: SourcePosition | undefined;
  private lastHl = 0;
  private readonly billingHls = new Set<string>();
  private subscriberHl = '';
  private lineHeightInches: number | undefined;
  /** Claims read so far under the current subscriber HL and patient HL. */
  private subscriberClaims = 0;
  private patientClaims = 0;

  /** The envelope every claim of this transaction carries (copied per claim). */
  private readonly envelope: NonNullable<Claim['envelope']> = {};

  constructor(
    type: ClaimType837 | undefined,
    ctx: TransactionContext,
    emit: (claim: Claim) => void,
    report: (problem: Problem) => void,
  ) {
    super(ctx, report);
    this.type = type;
    this.emit = emit;
    if (ctx.interchangeControl !== undefined) this.envelope.interchangeControl = ctx.interchangeControl;
    if (ctx.groupControl !== undefined) this.envelope.groupControl = ctx.groupControl;
    if (ctx.transactionControl !== undefined) this.envelope.transactionControl = ctx.transactionControl;
    if (ctx.version !== undefined) this.envelope.version = ctx.version;
    const isa = ctx.interchange;
    if (isa) {
      this.envelope.senderQualifier = isa.senderQualifier;
      this.envelope.senderId = isa.senderId;
      this.envelope.receiverQualifier = isa.receiverQualifier;
      this.envelope.receiverId = isa.receiverId;
      this.envelope.acknowledgmentRequested = isa.acknowledgmentRequested;
      this.envelope.usage = isa.usage;
    }
    if (ctx.applicationSender !== undefined) this.envelope.applicationSender = ctx.applicationSender;
    if (ctx.applicationReceiver !== undefined) this.envelope.applicationReceiver = ctx.applicationReceiver;
  }

  /** The transaction type, as declared or as seen (SV1 → 837P, SV2/CL1 → 837I). */
  get claimType(): ClaimType837 | undefined {
    return this.type;
  }

  private date(seg: SegmentView, n: number, qualifier: string): { from: string; to: string } | undefined {
    if (qualifier === 'D8') {
      const d = seg.date(n);
      if (d !== undefined) return { from: d, to: d };
    }
    const v = seg.element(n);
    if (v === '') {
      this.problem(
        'x12.element.required',
        'error',
        `Date (${seg.id}${String(n).padStart(2, '0')}) is required.`,
        seg,
        n,
      );
      return undefined;
    }
    const r = x12DateOrRange(qualifier, v);
    if (r === undefined)
      this.problem(
        'x12.element.invalid-date',
        'error',
        `"${v}" is not a valid ${qualifier === 'RD8' ? 'date range' : 'date'} (${seg.id}${String(n).padStart(2, '0')}).`,
        seg,
        n,
      );
    else if (r.to < r.from) this.reversedRange(seg, n, `${seg.id}${String(n).padStart(2, '0')}`, v);
    return r;
  }

  /** An RD8 range whose end comes before its start: kept as sent, reported. */
  private reversedRange(seg: SegmentView, n: number, name: string, text: string): void {
    this.problem(
      'x12.element.invalid-date',
      'error',
      `Date range "${text}" (${name}) ends before it starts.`,
      seg,
      n,
    );
  }

  /**
   * Segment → handler, the most frequent first; segments not listed carry nothing the canonical claim keeps. A switch
   * rather than a table of closures: each handler is then a direct call (measured 2–4 % of reading an 837).
   */
  segment(seg: SegmentView): void {
    // A segment with a value-tape record (value-tape.ts) is built from it when the mapper's state is the usual
    // one; otherwise, and for every other segment, the handler reads the text.
    const r = seg.record;
    switch (seg.tag) {
      case tag.DTP:
        if (r >= 0 && seg.tape[r] === opDtp472D8 && this.serviceDateFromTape(seg, r)) return;
        return this.dtp(seg);
      case tag.LX:
        return this.lx(seg);
      case tag.SV1:
        if (r >= 0 && seg.tape[r] === opSv1 && this.sv1FromTape(seg, r)) return;
        return this.sv1(seg);
      case tag.NM1:
        return this.nm1(seg);
      case tag.NTE:
        return this.nte(seg);
      case tag.LIN:
        if (r >= 0 && seg.tape[r] === opLinN4 && this.linFromTape(seg, r)) return;
        return this.lin(seg);
      case tag.CTP:
        if (r >= 0 && seg.tape[r] === opCtp && this.ctpFromTape(seg, r)) return;
        return this.ctp(seg);
      case tag.HL:
        return this.hl(seg);
      case tag.N3:
        return this.n3(seg);
      case tag.N4:
        return this.n4(seg);
      case tag.SBR:
        return this.sbr(seg);
      case tag.DMG:
        if (r >= 0 && seg.tape[r] === opDmg && this.dmgFromTape(seg, r)) return;
        return this.dmg(seg);
      case tag.CLM:
        if (r >= 0 && seg.tape[r] === opClm && this.clmFromTape(seg, r)) return;
        return this.clm(seg);
      case tag.HI:
        if (r >= 0 && seg.tape[r] === opHi && this.hiFromTape(seg, r)) return;
        return this.hi(seg);
      case tag.REF:
        return this.ref(seg);
      case tag.PAT:
        return this.pat(seg);
      case tag.PER:
        return this.per(seg);
      case tag.PRV:
        return this.prv(seg);
      case tag.SV2:
        return this.sv2(seg);
      case tag.CL1:
        return this.cl1(seg);
      case tag.AMT:
        return this.amt(seg);
      case tag.CAS:
        return this.cas(seg);
      case tag.CR1:
        return this.cr1(seg);
      case tag.MEA:
        return this.mea(seg);
      case tag.OI: {
        const other = this.otherPayer;
        if (!other || this.lineItem) return this.passOver(seg);
        this.loop = '2320';
        // OI03, OI04, OI06: kept so that the 837 written back certifies what the provider certified.
        const assignment = seg.element(3);
        if (assignment !== '') other.benefitsAssignment = assignment;
        const signature = seg.element(4);
        if (signature !== '') other.patientSignatureSource = signature;
        const release = seg.element(6);
        if (release !== '') other.releaseOfInformation = release;
        return;
      }
      case tag.SVD:
        if (this.lineItem) this.loop = '2430';
        return this.passOver(seg);
      case tag.LQ:
        if (this.lineItem) this.loop = '2440';
        return this.passOver(seg);
      case tag.BHT: {
        // Kept so that a claim written back says what it said: purpose (original or reissue), reference, claim or
        // encounter; the creation date (BHT04) also dates the claims, e.g. a corrected claim's sending.
        const e = this.envelope;
        const purpose = seg.element(2);
        if (purpose !== '') e.purpose = purpose;
        const reference = seg.element(3);
        if (reference !== '') e.reference = reference;
        const created = seg.date(4);
        if (created !== undefined) e.created = created;
        const time = seg.element(5);
        if (time !== '') e.createdTime = time;
        const type = seg.element(6);
        if (type !== '') e.transactionType = type;
        return;
      }
      default:
        return this.passOver(seg);
    }
  }

  /** End of the transaction set (SE, or the end of the input). */
  finish(): void {
    this.flushClaim();
    this.closeBilling();
  }

  // ---- HL hierarchy ------------------------------------------------------------------------------------------

  private hl(seg: SegmentView): void {
    this.flushClaim();
    const id = seg.code(1);
    const parent = seg.code(2);
    const level = seg.code(3);
    const n = Number(id);
    if (n !== this.lastHl + 1) {
      this.problem(
        'x12.hl.numbering',
        'warning',
        this.lastHl === 0
          ? `HL01 "${id}": the first HL of a transaction is numbered 1.`
          : `HL01 "${id}" does not follow the previous HL (${this.lastHl}); HL ids number 1, 2, 3… within a transaction.`,
        seg,
        1,
        // The loop this HL opens, not the one before it.
        level === '20' ? '2000A' : level === '22' ? '2000B' : level === '23' ? '2000C' : 'HL',
      );
    }
    this.lastHl = Number.isFinite(n) ? n : this.lastHl + 1;
    switch (level) {
      case '20':
        this.closeBilling();
        this.loop = '2000A';
        this.billing = {};
        this.payTo = undefined;
        this.billingHls.add(id);
        this.subscriber = undefined;
        this.subscriberFields = undefined;
        this.payer = undefined;
        this.patient = undefined;
        this.setTarget(undefined);
        return;
      case '22':
        this.closeBilling();
        this.loop = '2000B';
        if (!this.billing)
          this.problem(
            'x12.hl.parent',
            'error',
            'Subscriber HL (22) with no billing provider HL (20) before it.',
            seg,
            3,
          );
        else if (!this.billingHls.has(parent))
          this.problem(
            'x12.hl.parent',
            'error',
            `Subscriber HL "${id}" names parent "${parent}", which is not a billing provider HL.`,
            seg,
            2,
          );
        this.subscriberHl = id;
        this.subscriber = {};
        this.subscriberClaims = 0;
        this.patientClaims = 0;
        this.subscriberFields = undefined;
        this.payer = undefined;
        this.sawSbr = false;
        this.patient = undefined;
        this.patientRelationship = undefined;
        this.setTarget(undefined);
        return;
      case '23':
        this.closeBilling();
        this.loop = '2000C';
        if (!this.subscriber)
          this.problem(
            'x12.hl.parent',
            'error',
            'Patient HL (23) with no subscriber HL (22) before it.',
            seg,
            3,
          );
        else if (parent !== this.subscriberHl)
          this.problem(
            'x12.hl.parent',
            'error',
            `Patient HL "${id}" names parent "${parent}", not the subscriber HL "${this.subscriberHl}" before it.`,
            seg,
            2,
          );
        this.patient = {};
        this.patientClaims = 0;
        this.patientRelationship = undefined;
        this.setTarget(undefined);
        return;
      default:
        this.problem(
          'x12.element.invalid-code',
          'error',
          `HL03 "${level}" is not a level of an 837 (20, 22 or 23).`,
          seg,
          3,
        );
        this.loop = 'HL';
        this.setTarget(undefined);
    }
  }

  private setTarget(
    target: Target,
    kind: 'party' | 'patient' | 'none' = target === undefined ? 'none' : 'party',
  ): void {
    this.target = target;
    this.targetKind = kind;
  }

  /** 2010AA must carry N3, N4 and exactly one tax id REF. @see 005010X222A1 2010AA (N3, N4, REF*EI/SY usage). */
  private closeBilling(): void {
    const t = this.billingTally;
    if (!t) return;
    this.billingTally = undefined;
    const at: SourcePosition = { segmentIndex: t.index, segmentId: 'NM1', line: t.line, loop: '2010AA' };
    if (this.ctx.file !== undefined) at.file = this.ctx.file;
    if (t.n3 === 0)
      this.report({
        code: 'x12.loop.required-segment',
        severity: 'error',
        message: `N3 (billing provider address) is required but not found in loop 2010AA (NM1*85, segment ${t.index}).`,
        at: { ...at, segmentId: 'N3' },
      });
    if (t.n4 === 0)
      this.report({
        code: 'x12.loop.required-segment',
        severity: 'error',
        message: `N4 (billing provider city, state, ZIP) is required but not found in loop 2010AA (NM1*85, segment ${t.index}).`,
        at: { ...at, segmentId: 'N4' },
      });
    if (t.taxId === 0)
      this.report({
        code: 'x12.loop.required-segment',
        severity: 'error',
        message: `REF*EI or REF*SY (billing provider tax id) is required but not found in loop 2010AA (NM1*85, segment ${t.index}).`,
        at: { ...at, segmentId: 'REF' },
      });
  }

  // ---- names, addresses, ids ---------------------------------------------------------------------------------

  private party(seg: SegmentView): Party {
    const p: Party = {};
    const type = seg.code(2);
    const last = seg.element(3);
    if (type === '1') {
      if (last !== '') p.lastName = last;
      const first = seg.element(4);
      if (first !== '') p.firstName = first;
      const middle = seg.element(5);
      if (middle !== '') p.middleName = middle;
    } else if (last !== '') p.name = last;
    const q = seg.code(8);
    const id = seg.element(9);
    if (id !== '') {
      if (q === 'XX') p.npi = id;
      else if (q === '24' || q === '34' || q === 'FI') p.tin = id;
      else p.id = id;
    }
    return p;
  }

  /**
   * A payer (2010BB, 2330B): a party whose id keeps its qualifier when it is not the usual PI (XV, the CMS plan id),
   * so that writing the claim back keeps it.
   */
  private payerParty(seg: SegmentView): Party {
    const p = this.party(seg);
    const q = seg.code(8);
    if (p.id !== undefined && q !== '' && q !== 'PI') p.idQualifier = q;
    return p;
  }

  private person(seg: SegmentView): Patient {
    const p: Patient = {};
    const last = seg.element(3);
    const first = seg.element(4);
    const middle = seg.element(5);
    if (last !== '') p.lastName = last;
    if (first !== '') p.firstName = first;
    if (middle !== '') p.middleName = middle;
    const q = seg.code(8);
    if (q === 'MI' || q === 'II') {
      const id = seg.element(9);
      if (id !== '') p.memberId = id;
    }
    return p;
  }

  private nm1(seg: SegmentView): void {
    const entity = seg.code(1);
    const inClaim = this.claim !== undefined;
    const inLine = this.lineItem !== undefined;
    if (entity === '') this.required(seg, 1, 'Entity identifier code');
    if (!inClaim) {
      this.closeBilling();
      switch (entity) {
        case '41':
          this.loop = '1000A';
          this.submitter = this.party(seg);
          return this.setTarget(this.submitter);
        case '40':
          this.loop = '1000B';
          this.receiver = this.party(seg);
          return this.setTarget(this.receiver);
        case '85': {
          this.loop = '2010AA';
          if (!this.billing) this.billing = {};
          const party = this.party(seg);
          if (party.npi === undefined) this.billingNpi(seg);
          Object.assign(this.billing, party);
          this.billingTally = {
            loop: '2010AA',
            n3: 0,
            n4: 0,
            taxId: 0,
            segment: undefined,
            index: seg.index,
            line: seg.line,
          };
          return this.setTarget(this.billing);
        }
        case '87':
          this.loop = '2010AB';
          this.payTo = {};
          return this.setTarget(this.payTo);
        case 'PE':
          this.loop = '2010AC';
          this.passOver(seg, true);
          return this.setTarget(undefined);
        case 'IL': {
          this.loop = '2010BA';
          this.subscriber = mergePerson(this.subscriber, this.person(seg));
          return this.setTarget(this.subscriber, 'patient');
        }
        case 'PR':
          this.loop = '2010BB';
          this.payer = this.payerParty(seg);
          return this.setTarget(this.payer);
        case 'QC': {
          this.loop = '2010CA';
          this.patient = mergePerson(this.patient, this.person(seg));
          return this.setTarget(this.patient, 'patient');
        }
        default:
          this.passOver(seg, true);
          return this.setTarget(undefined);
      }
    }
    const claim = this.claim as Claim;
    const institutional = this.type === '837I';
    if (inLine && this.loop !== '2320') {
      // 2420x line providers.
      this.loop = '2420';
      if (entity === '82') {
        const p = this.party(seg);
        (this.lineItem as ClaimLine).renderingProvider = p;
        this.loop = institutional ? '2420C' : '2420A';
        return this.setTarget(p);
      }
      this.passOver(seg, true);
      return this.setTarget(undefined);
    }
    if (this.otherPayer) {
      // 2330x: the other payer's subscriber, payer and providers.
      if (entity === 'IL') {
        this.loop = '2330A';
        this.otherPayer.subscriber = this.person(seg);
        return this.setTarget(this.otherPayer.subscriber, 'patient');
      }
      if (entity === 'PR') {
        this.loop = '2330B';
        this.otherPayer.payer = this.payerParty(seg);
        return this.setTarget(this.otherPayer.payer);
      }
      this.loop = '2330';
      this.passOver(seg, true);
      return this.setTarget(undefined);
    }
    // 2310x claim providers.
    switch (entity) {
      case '82': {
        this.loop = institutional ? '2310D' : '2310B';
        claim.renderingProvider = this.party(seg);
        return this.setTarget(claim.renderingProvider);
      }
      case '71':
        this.loop = '2310A';
        claim.attendingProvider = this.party(seg);
        return this.setTarget(claim.attendingProvider);
      case '72':
        if (!institutional) break;
        this.loop = '2310B';
        claim.operatingPhysician = this.party(seg);
        return this.setTarget(claim.operatingPhysician);
      case 'ZZ':
        if (!institutional) break;
        this.loop = '2310C';
        claim.otherOperatingPhysician = this.party(seg);
        return this.setTarget(claim.otherOperatingPhysician);
      case '77':
        this.loop = institutional ? '2310E' : '2310C';
        claim.serviceFacility = this.party(seg);
        return this.setTarget(claim.serviceFacility);
      case 'DN':
      case 'P3':
        this.loop = institutional ? '2310F' : '2310A';
        claim.referringProvider = this.party(seg);
        return this.setTarget(claim.referringProvider);
    }
    this.loop = '2310';
    this.passOver(seg, true);
    return this.setTarget(undefined);
  }

  /**
   * A billing provider (2010AA NM1*85) without an NPI. NM108/NM109 are situational: required of every provider that
   * has an NPI or can get one, so only an atypical provider (one that cannot) leaves them out; a warning then, since
   * the file cannot tell which it is. NM108 without NM109, or the other way round, is an error (X12 syntax P0809),
   * and so is a qualifier other than XX in 5010 (the tax id goes in REF*EI/SY).
   * @see 005010X222A1 / 005010X223A2 2010AA NM108 (XX) and NM109; X12 RFI 1301 (2010AA NM109 is required when the
   * provider is eligible for an NPI or has one).
   */
  private billingNpi(seg: SegmentView): void {
    const q = seg.code(8);
    const id = seg.element(9);
    if (q === '' && id === '')
      this.problem(
        'x12.element.required',
        'warning',
        'Billing provider NPI (2010AA NM108 "XX" and NM109) is not sent: it is required of every provider that has an NPI or can get one; only an atypical provider, which cannot, leaves it out.',
        seg,
        8,
      );
    else if (id === '')
      this.problem(
        'x12.element.required',
        'error',
        `Identification code (NM109) is required with NM108 "${q}" (the billing provider's NPI).`,
        seg,
        9,
      );
    else if (q === '')
      this.problem(
        'x12.element.required',
        'error',
        `Identification code qualifier (NM108) is required with NM109 "${id}" ("XX" for the billing provider's NPI).`,
        seg,
        8,
      );
    else if (!(this.ctx.version ?? '').startsWith('004'))
      // 4010 had 24 (EIN) and 34 (SSN) here; 5010 has XX only.
      this.problem(
        'x12.element.invalid-code',
        'error',
        `NM108 "${q}" is not used in loop 2010AA of a 5010 837: the billing provider is identified by its NPI ("XX"), its tax id goes in REF*EI or REF*SY.`,
        seg,
        8,
      );
  }

  private address(): Address | undefined {
    const t = this.target;
    if (!t) return undefined;
    t.address ??= {};
    return t.address;
  }

  private n3(seg: SegmentView): void {
    if (this.billingTally && this.loop === '2010AA') this.billingTally.n3++;
    const a = this.address();
    if (!a) return this.passOver(seg);
    const l1 = seg.element(1);
    const l2 = seg.element(2);
    if (l1 !== '') a.line1 = l1;
    if (l2 !== '') a.line2 = l2;
  }

  private n4(seg: SegmentView): void {
    if (this.billingTally && this.loop === '2010AA') this.billingTally.n4++;
    const a = this.address();
    if (!a) return this.passOver(seg);
    const city = seg.element(1);
    const state = seg.code(2);
    const zip = seg.element(3);
    const country = seg.element(4);
    if (city !== '') a.city = city;
    if (state !== '') a.state = state;
    if (zip !== '') a.postalCode = zip;
    if (country !== '') a.country = country;
  }

  private per(seg: SegmentView): void {
    const t = this.target;
    if (!t || this.targetKind !== 'party') return this.passOver(seg);
    const party = t as Party;
    if (party.contact) return this.passOver(seg);
    const contact: Party['contact'] = {};
    const name = seg.element(2);
    if (name !== '') contact.name = name;
    for (let i = 3; i <= 7; i += 2) {
      const q = seg.code(i);
      const v = seg.element(i + 1);
      if (v === '') continue;
      if (q === 'TE' && contact.phone === undefined) contact.phone = v;
      else if (q === 'EM' && contact.email === undefined) contact.email = v;
    }
    party.contact = contact;
  }

  private prv(seg: SegmentView): void {
    const code = seg.element(3);
    if (code === '') return;
    if (seg.code(2) !== 'PXC')
      this.problem(
        'x12.element.invalid-code',
        'warning',
        `PRV02 "${seg.code(2)}" should be "PXC" (taxonomy code qualifier).`,
        seg,
        2,
      );
    if (this.loop === '2000A' || this.loop === '2010AA') {
      if (this.billing) this.billing.taxonomy = code;
      return;
    }
    if (this.target && this.targetKind === 'party') (this.target as Party).taxonomy = code;
    else this.passOver(seg);
  }

  private ref(seg: SegmentView): void {
    const q = seg.code(1);
    const v = seg.element(2);
    if (this.lineItem && this.loop !== '2320' && !this.loop.startsWith('233')) {
      if (q === '6R') {
        if (v !== '') this.lineItem.lineItemControlNumber = v;
      } else if (q === 'XZ' && this.lineItem.drug) {
        if (v !== '') this.lineItem.drug.prescriptionNumber = v;
      } else this.passOver(seg, true);
      return;
    }
    if (this.claim && (this.loop === '2300' || this.loop.startsWith('231'))) {
      if (this.loop === '2300' && q === 'G1') {
        if (v !== '') this.claim.priorAuthorization = v;
      } else if (this.loop === '2300' && q === 'F8') {
        if (v !== '') this.claim.payerClaimControlNumber = v;
      } else this.passOver(seg, true);
      return;
    }
    if (this.loop !== '2010AA' || !this.billing || (q !== 'EI' && q !== 'SY'))
      return this.passOver(seg, true);
    const tally = this.billingTally;
    if (tally) {
      tally.taxId++;
      if (tally.taxId > 1) {
        this.problem(
          'x12.loop.repeat',
          'error',
          `REF in loop 2010AA appears too many times: one tax id (REF*EI or REF*SY) is allowed, this is number ${tally.taxId}.`,
          seg,
          1,
        );
        return;
      }
    }
    if (v !== '') this.billing.tin = v;
  }

  // ---- subscriber and patient --------------------------------------------------------------------------------

  private sbr(seg: SegmentView): void {
    if (this.claim) {
      // 2320: another payer on this claim (repeatable, up to 10).
      this.flushLine();
      this.loop = '2320';
      const other: OtherPayer = { payer: {} };
      const resp = seg.code(1);
      const rel = seg.code(2);
      const group = seg.element(3);
      const groupName = seg.element(4);
      const filing = seg.code(9);
      if (resp !== '') other.responsibility = resp;
      if (rel !== '') other.relationship = rel;
      if (group !== '') other.groupNumber = group;
      if (groupName !== '') other.groupName = groupName;
      if (filing !== '') other.claimFilingIndicator = filing;
      this.claim.otherPayers ??= [];
      this.claim.otherPayers.push(other);
      this.otherPayer = other;
      return this.setTarget(undefined);
    }
    if (this.loop !== '2000B')
      this.problem(
        'x12.segment.out-of-place',
        'warning',
        'SBR outside loop 2000B (subscriber) or 2320 (other subscriber).',
        seg,
      );
    this.sawSbr = true;
    const f: NonNullable<Claim['subscriber']> = {};
    const resp = this.required(seg, 1, 'Payer responsibility sequence');
    const rel = seg.code(2);
    const group = seg.element(3);
    const groupName = seg.element(4);
    const filing = seg.code(9);
    if (resp !== '') f.payerResponsibility = resp;
    if (rel !== '') f.relationship = rel;
    if (group !== '') f.groupNumber = group;
    if (groupName !== '') f.groupName = groupName;
    if (filing !== '') f.claimFilingIndicator = filing;
    else
      this.problem(
        'x12.element.required',
        'error',
        'Claim filing indicator code (SBR09) is required.',
        seg,
        9,
      );
    this.subscriberFields = f;
  }

  private pat(seg: SegmentView): void {
    const target: Patient | undefined = this.loop === '2000C' ? this.patient : this.subscriber;
    if (!target) return;
    if (this.loop === '2000C') {
      const rel = seg.code(1);
      if (rel !== '') this.patientRelationship = rel;
    }
    // PAT07 "01" (pounds) + PAT08 weight. @see 005010X222A1 2000B/2000C PAT07–PAT08 (patient weight).
    const weight = seg.element(8);
    if (weight !== '') {
      const unit = seg.code(7);
      const w = x12Number(weight);
      if (w === undefined || w <= 0)
        this.problem(
          'x12.element.invalid-number',
          'error',
          `Patient weight (PAT08) "${weight}" is not a number.`,
          seg,
          8,
        );
      else if (unit !== '01')
        this.problem(
          'x12.element.invalid-code',
          'error',
          `PAT07 "${unit}" must be "01" (pounds) when PAT08 carries a weight.`,
          seg,
          7,
        );
      else target.weightKg = round3(w * poundsToKg);
    }
  }

  // A twin reads the usual case from the value tape (dmgFromTape, value-tape.as.ts): a check added here goes there too.
  private dmg(seg: SegmentView): void {
    if (this.targetKind !== 'patient' || !this.target) return;
    if (this.loop !== '2010BA' && this.loop !== '2010CA') return;
    const p = this.target as Patient;
    const d = seg.date(2);
    if (d !== undefined) p.birthDate = d;
    else if (seg.element(2) !== '')
      this.problem(
        'x12.element.invalid-date',
        'error',
        `Birth date (DMG02) "${seg.element(2)}" is not a valid date.`,
        seg,
        2,
      );
    const q = seg.code(1);
    if (q !== 'D8' && (d !== undefined || seg.element(2) !== ''))
      this.problem('x12.element.invalid-code', 'warning', `DMG01 "${q}" should be "D8".`, seg, 1);
    const sex = seg.code(3);
    if (sex === 'M' || sex === 'F' || sex === 'U') p.sex = sex;
    else if (sex !== '')
      this.problem(
        'x12.element.invalid-code',
        'error',
        `DMG03 "${sex}" is not a gender code (M, F, U).`,
        seg,
        3,
      );
  }

  /** `dmg` from the value tape (D8, a calendar date, M/F/U), for the subscriber's or patient's name loop. */
  private dmgFromTape(seg: SegmentView, r: number): boolean {
    if (this.targetKind !== 'patient' || !this.target) return false;
    if (this.loop !== '2010BA' && this.loop !== '2010CA') return false;
    const birthDate = isoFromNumber(seg.tape[r + DMG.BIRTH_DATE] as number);
    if (birthDate === undefined) return false;
    const p = this.target as Patient;
    p.birthDate = birthDate;
    p.sex = dmgSexes[seg.tape[r + DMG.SEX] as number] as 'M' | 'F' | 'U';
    return true;
  }

  private cr1(seg: SegmentView): void {
    if (!this.claim) return;
    const unit = seg.code(1);
    const w = x12Number(seg.element(2));
    if (unit === 'LB' && w !== undefined && w > 0) this.claim.patient.weightKg = round3(w * poundsToKg);
    else this.passOver(seg);
  }

  // ---- claim -------------------------------------------------------------------------------------------------

  // A twin reads the usual case from the value tape (clmFromTape, value-tape.as.ts): a check added here goes there too.
  private clm(seg: SegmentView): void {
    this.flushClaim();
    this.closeBilling();
    this.loop = '2300';
    const id = this.required(seg, 1, 'Patient control number');
    const total = this.cents(seg, 2, 'Total claim charge', true) ?? 0;
    if (total < 0) this.negative(seg, 2, 'Total claim charge');
    const claim = this.newClaim(seg, id, total);
    if (!this.subscriber)
      this.problem(
        'x12.loop.required-segment',
        'error',
        'Claim with no subscriber loop (HL 22) before it.',
        seg,
        undefined,
        '2000B',
      );
    else if (!this.sawSbr)
      this.problem(
        'x12.loop.required-segment',
        'error',
        'SBR (subscriber information) in loop 2000B is required but not found.',
        seg,
        undefined,
        '2000B',
      );
    if (!this.payer)
      this.problem(
        'x12.loop.required-segment',
        'error',
        'Payer name loop 2010BB (NM1*PR) is required but not found.',
        seg,
        undefined,
        '2010BB',
      );

    const place = seg.componentCode(5, 1);
    const frequency = seg.componentCode(5, 3);
    if (this.type === '837I') {
      if (place !== '') claim.typeOfBill = `${place}${frequency}`;
    } else if (place !== '') claim.placeOfService = place;
    if (frequency !== '') claim.frequencyCode = frequency;
    if (place === '')
      this.problem(
        'x12.element.required',
        'error',
        `${this.type === '837I' ? 'Facility type code' : 'Place of service'} (CLM05-1) is required.`,
        seg,
        5,
      );
    else if (!isTwoDigits(place)) this.placeOfService(seg, 5, place);
    // CLM05-2: A (type of bill) in 837I, B (place of service) in 837P. @see TR3 X223A2 / X222A1, loop 2300 CLM05-2.
    const qualifier = seg.componentCode(5, 2);
    const wanted = this.type === '837I' ? 'A' : 'B';
    if (this.type !== undefined && qualifier !== '' && qualifier !== wanted)
      this.problem(
        'x12.element.invalid-code',
        'error',
        `CLM05-2 "${qualifier}" should be "${wanted}" in an ${this.type} (${this.type === '837I' ? 'type of bill' : 'place of service'} qualifier).`,
        seg,
        5,
      );
    this.claimIndicators(seg, claim);
    if (seg.elementCount() >= 11) this.clmRelatedCauses(seg, claim);
    this.openClaim(claim);
  }

  /**
   * `clm` from the value tape (CLM01 and CLM02 read, CLM05 two digits, its qualifier and a frequency, no CLM11 on),
   * for a claim after its subscriber, SBR and payer, with the CLM05-2 this transaction wants (when it is known).
   */
  private clmFromTape(seg: SegmentView, r: number): boolean {
    const t = seg.tape;
    const type = this.type;
    const qualifier = t[r + CLM.QUALIFIER] as number; // 65 A, 66 B
    if (!this.subscriber || !this.sawSbr || !this.payer) return false;
    if (type !== undefined && qualifier !== (type === '837I' ? 65 : 66)) return false;
    this.flushClaim();
    this.closeBilling();
    this.loop = '2300';
    const claim = this.newClaim(
      seg,
      seg.text.substring(t[r + CLM.ID_FROM] as number, t[r + CLM.ID_TO] as number),
      t[r + CLM.CHARGE_CENTS] as number,
    );
    const place = twoDigitCodes[t[r + CLM.PLACE] as number] as string;
    const frequency = String.fromCharCode(t[r + CLM.FREQUENCY] as number);
    if (type === '837I') claim.typeOfBill = `${place}${frequency}`;
    else claim.placeOfService = place;
    claim.frequencyCode = frequency;
    this.claimIndicators(seg, claim);
    this.openClaim(claim);
    return true;
  }

  /** The claim CLM opens, with the subscriber, patient, payer and providers its loops read (copies, never shared). */
  private newClaim(seg: SegmentView, id: string, total: number): Claim {
    const format: Claim['format'] = this.type ?? '837P';
    const subscriberPerson = this.subscriber ?? {};
    // The first claim of a subscriber (patient) takes the loop's objects; later ones get copies: claims never share
    // objects, and the common case (one claim per subscriber) copies nothing.
    const subscriberFirst = this.subscriberClaims++ === 0;
    let patient: Patient;
    if (this.patient) patient = this.patientClaims++ === 0 ? this.patient : copyPatient(this.patient);
    else patient = copyPatient(subscriberPerson);
    const subscriber: NonNullable<Claim['subscriber']> = subscriberFirst
      ? subscriberPerson
      : copyPatient(subscriberPerson);
    const fields = this.subscriberFields;
    if (fields !== undefined) {
      if (fields.payerResponsibility !== undefined)
        subscriber.payerResponsibility = fields.payerResponsibility;
      if (fields.relationship !== undefined) subscriber.relationship = fields.relationship;
      if (fields.groupNumber !== undefined) subscriber.groupNumber = fields.groupNumber;
      if (fields.groupName !== undefined) subscriber.groupName = fields.groupName;
      if (fields.claimFilingIndicator !== undefined)
        subscriber.claimFilingIndicator = fields.claimFilingIndicator;
    }
    const payer: Claim['payer'] = (
      subscriberFirst ? (this.payer ?? {}) : { ...this.payer }
    ) as Claim['payer'];
    payer.kind = payerKindFromFilingIndicator(this.subscriberFields?.claimFilingIndicator);
    const claim: Claim = {
      id,
      format,
      billingProvider: { ...this.billing },
      payer,
      subscriber,
      patient,
      totalChargeCents: total,
      diagnoses: [],
      notes: [],
      lines: [],
      position: this.at(seg, undefined, '2300'),
    };
    claim.envelope = copyEnvelope(this.envelope);
    if (this.payTo?.address) claim.payToAddress = { ...this.payTo.address };
    if (this.submitter) claim.submitter = this.submitter;
    if (this.receiver) claim.receiver = this.receiver;
    if (this.patientRelationship !== undefined) claim.patientRelationship = this.patientRelationship;
    return claim;
  }

  /** CLM06–CLM10, kept so that a claim written back certifies what the provider certified. */
  private claimIndicators(seg: SegmentView, claim: Claim): void {
    const ind: NonNullable<Claim['indicators']> = {};
    const e6 = seg.code(6);
    const e7 = seg.code(7);
    const e8 = seg.code(8);
    const e9 = seg.code(9);
    const e10 = seg.code(10);
    if (e6 !== '') ind.providerSignature = e6;
    if (e7 !== '') ind.assignment = e7;
    if (e8 !== '') ind.benefitsAssignment = e8;
    if (e9 !== '') ind.releaseOfInformation = e9;
    if (e10 !== '') ind.patientSignatureSource = e10;
    claim.indicators = ind;
  }

  /** The claim is the one the next segments (loop 2300 on) belong to. */
  private openClaim(claim: Claim): void {
    this.claim = claim;
    this.claimSawHi = false;
    this.hiPositions = 0;
    this.reservedPointers = undefined;
    this.otherPayer = undefined;
    this.setTarget(undefined);
  }

  /**
   * CLM11 related causes (AA auto accident, EM employment, OA other accident; with the accident's state and
   * country) and CLM20 delay reason: both change how a payer adjudicates (accident liability, timely filing).
   * @see 005010X222A1 2300 CLM11 (C024), CLM13–CLM19 (not used) and CLM20 (delay reason codes 1–11, 15).
   */
  private clmRelatedCauses(seg: SegmentView, claim: Claim): void {
    const codes: string[] = [];
    for (let m = 1; m <= 3; m++) {
      const code = seg.componentCode(11, m);
      if (code === '') continue;
      if (code !== 'AA' && code !== 'EM' && code !== 'OA')
        this.problem(
          'x12.element.invalid-code',
          'error',
          `CLM11-${m} "${code}" is not a related-causes code (AA auto accident, EM employment, OA other accident).`,
          seg,
          11,
        );
      codes.push(code);
    }
    const state = seg.component(11, 4);
    const country = seg.component(11, 5);
    if (codes.length > 0 || state !== '' || country !== '') {
      const causes: NonNullable<Claim['relatedCauses']> = { codes };
      if (state !== '') causes.state = state;
      if (country !== '') causes.country = country;
      claim.relatedCauses = causes;
      if (codes.length === 0)
        this.problem(
          'x12.element.required',
          'error',
          'Related causes code (CLM11-1) is required with an accident state or country.',
          seg,
          11,
        );
    }
    // CLM13–CLM19 are not used in either guide: a value there (a delay reason a few places early, say) would vanish.
    for (let n = 13; n <= 19 && n <= seg.elementCount(); n++)
      if (seg.element(n) !== '')
        this.problem(
          'x12.element.not-used',
          'warning',
          `CLM${n} "${seg.element(n)}" is not used in an 837; it is not read (CLM20 is the delay reason code).`,
          seg,
          n,
        );
    const delay = seg.code(20);
    if (delay !== '') {
      claim.delayReasonCode = delay;
      if (!delayReasonCodes.has(delay))
        this.problem(
          'x12.element.invalid-code',
          'error',
          `CLM20 "${delay}" is not a delay reason code (1–11, 15).`,
          seg,
          20,
        );
    }
  }

  private cl1(seg: SegmentView): void {
    if (!this.claim) return;
    if (this.type === undefined) this.type = '837I';
    const t = seg.code(1);
    const s = seg.code(2);
    const st = seg.code(3);
    if (t !== '') this.claim.admissionType = t;
    if (s !== '') this.claim.admissionSource = s;
    if (st !== '') this.claim.patientStatus = st;
  }

  // A twin reads the usual case from the value tape (serviceDateFromTape, value-tape.as.ts): a check added here goes there too.
  private dtp(seg: SegmentView): void {
    const q = seg.code(1);
    if (this.lineItem && (this.loop === '2400' || this.loop === '2410' || this.loop.startsWith('242'))) {
      if (q === '472') {
        this.lineSawDate = true;
        const d = seg.code(2) === 'D8' ? seg.date(3) : undefined;
        if (d !== undefined) {
          this.lineItem.serviceDate = d;
          return;
        }
        const r = this.date(seg, 3, seg.code(2));
        if (r) {
          this.lineItem.serviceDate = r.from;
          if (r.to !== r.from) this.lineItem.serviceDateTo = r.to;
        }
      } else this.passOver(seg, true);
      return;
    }
    if (!this.claim || this.loop !== '2300' || (q !== '434' && q !== '435')) return this.passOver(seg, true);
    if (q === '434') {
      // 837I statement dates are a range (RD8) even for one day. @see 005010X223A2 2300 DTP*434 (DTP02 RD8). A
      // warning: a D8 date still says which day, and files in the wild (a TR3-based sample here) send one.
      if (this.type === '837I' && seg.code(2) !== 'RD8')
        this.problem(
          'x12.element.invalid-code',
          'warning',
          `DTP02 "${seg.code(2)}" should be "RD8": statement dates (DTP*434) are a date range in an 837I.`,
          seg,
          2,
        );
      const r = this.date(seg, 3, seg.code(2));
      if (r) {
        this.claim.statementFrom = r.from;
        this.claim.statementTo = r.to;
      }
    } else if (q === '435') {
      const r = this.date(seg, 3, seg.code(2));
      if (r) this.claim.admissionDate = r.from;
      // DT is CCYYMMDDHHMM: the admission hour, which inpatient claims must send.
      const v = seg.element(3);
      if (r && seg.code(2) === 'DT' && /^\d{12}$/.test(v)) this.claim.admissionHour = v.substring(8);
    }
  }

  // A twin reads the usual case from the value tape (hiFromTape, value-tape.as.ts): a check added here goes there too.
  private hi(seg: SegmentView): void {
    if (!this.claim) return;
    this.claimSawHi = true;
    const claim = this.claim;
    // HI has 12 elements; more are reported by the reader and not read. @see 005010X222A1 2300 HI (HI01–HI12).
    const count = Math.min(seg.elementCount(), 12);
    const comp = seg.delimiters.component;
    this.hiOther = undefined;
    for (let i = 1; i <= count; i++) {
      const value = seg.element(i);
      if (value === '') {
        // Trailing empty elements are harmless; an empty one before a used one is a position pointers count.
        if (i < count) this.emptyHiElement(seg, i, count);
        continue;
      }
      let qualifier: string;
      let code: string;
      let split = false; // 4010 style: the code is element i, not component 2 of it
      let normalised = false; // the qualifier was read in upper case / without blanks
      const c = value.indexOf(comp);
      if (c === -1) {
        // 4010 style: the qualifier alone in one element, the code in the next.
        qualifier = value;
        if (!diagnosisQualifiers.has(value)) {
          qualifier = this.loneHiElement(seg, i, count, value);
          if (qualifier === '') continue;
          normalised = true;
        }
        code = seg.element(i + 1);
        this.problem(
          'x12.hi.split-composite',
          'warning',
          `HI${pad2(i)}: qualifier "${value}" and code "${code}" are in separate elements; 5010 sends them as one composite (${qualifier}${comp}${code}).`,
          seg,
          i,
        );
        i++;
        split = true;
      } else {
        // The qualifier as a shared string: its hash is computed once for the Set lookup below, not per claim.
        qualifier = seg.componentCode(i, 1);
        const c2 = value.indexOf(comp, c + 1);
        code = c2 === -1 ? value.substring(c + 1) : value.substring(c + 1, c2);
        if (!diagnosisQualifiers.has(qualifier)) {
          const read = this.otherHiComposite(seg, i, count, qualifier, code);
          if (read === '') continue;
          qualifier = read;
          normalised = true;
        }
      }
      const cleaned = cleanDiagnosis(code);
      if (cleaned === '') {
        const pointer = this.reservePointer();
        this.problem(
          'x12.element.required',
          'error',
          `HI${pad2(i)}${split ? '' : '-2'} (diagnosis code) is required; pointer ${pointer} is left without a diagnosis, so the diagnoses after it keep theirs.`,
          seg,
          i,
        );
        continue;
      }
      // cleanDiagnosis gives the code itself back when it is clean: one reference compare on the usual path.
      if (cleaned !== code) this.diagnosisFormat(seg, i, split, qualifier, code, cleaned, !normalised);
      const d: Diagnosis = { code: cleaned, qualifier, pointer: ++this.hiPositions };
      claim.diagnoses.push(d);
    }
    if (this.hiOther !== undefined) this.countPassedOver(`HI*${this.hiOther}`);
  }

  /** `hi` from the value tape (1–8 diagnosis composites, each clean as sent), in a claim. */
  private hiFromTape(seg: SegmentView, r: number): boolean {
    const claim = this.claim;
    if (!claim) return false;
    this.claimSawHi = true;
    this.hiOther = undefined;
    const t = seg.tape;
    const text = seg.text;
    const head = t[r + HI.HEAD] as number;
    const n = head & 15;
    for (let k = 0, at = r + HI.FIRST_CODE; k < n; k++, at += 2)
      claim.diagnoses.push({
        code: text.substring(t[at] as number, t[at + 1] as number),
        qualifier: hiQualifiers[(head >>> (4 + 2 * k)) & 3] as string,
        pointer: ++this.hiPositions,
      });
    return true;
  }

  /**
   * An HI composite whose qualifier is not a diagnosis qualifier as sent: a UB-04 code (read), another code type of
   * the guide (procedures, DRG, treatment codes: passed over, once per HI), a qualifier in lower case or with blanks
   * (reported, and read as the one it spells), or an unknown one. The diagnosis qualifier to read the code with, or
   * "" when the composite is dealt with.
   */
  private otherHiComposite(
    seg: SegmentView,
    i: number,
    count: number,
    qualifier: string,
    code: string,
  ): string {
    if (this.ubCode(seg, i, qualifier, code)) return '';
    const others = this.otherHiQualifiers();
    if (others.has(qualifier)) {
      this.hiOther ??= qualifier;
      return '';
    }
    const upper = normalisedQualifier(qualifier);
    const diagnosis = diagnosisQualifiers.has(upper);
    if (upper === qualifier || (!diagnosis && !others.has(upper))) {
      this.unreadHiComposite(
        seg,
        i,
        count,
        qualifier === ''
          ? `HI${pad2(i)}-1 (code list qualifier) is empty`
          : `HI${pad2(i)}-1 "${qualifier}" is not a qualifier of an ${this.type ?? '837'} HI (diagnoses: ${this.type === '837P' ? professionalDiagnosisQualifiers : institutionalDiagnosisQualifiers})`,
        qualifier === '' ? 'x12.element.required' : 'x12.element.invalid-code',
        code,
      );
      return '';
    }
    this.qualifierCase(seg, i, qualifier, upper);
    if (diagnosis) return upper;
    if (!this.ubCode(seg, i, upper, code)) this.hiOther ??= upper;
    return '';
  }

  /**
   * An HI element with no component separator that is not a diagnosis qualifier as sent: one in lower case or with
   * blanks (4010 style, the code in the next element: reported, and the qualifier it spells returned), else a
   * value that is no composite (a code without its qualifier, say: "" returned).
   */
  private loneHiElement(seg: SegmentView, i: number, count: number, value: string): string {
    const upper = normalisedQualifier(value);
    if (diagnosisQualifiers.has(upper)) {
      this.qualifierCase(seg, i, value, upper);
      return upper;
    }
    this.unreadHiComposite(
      seg,
      i,
      count,
      `HI${pad2(i)} "${value}" is not a qualifier:code composite`,
      'x12.element.invalid-code',
      value,
    );
    return '';
  }

  /** HI qualifiers of this transaction's other code types (no diagnosis pointer); both kinds while it is unknown. */
  private otherHiQualifiers(): ReadonlySet<string> {
    return this.type === '837P'
      ? professionalOtherHiQualifiers
      : this.type === '837I'
        ? institutionalOtherHiQualifiers
        : anyOtherHiQualifiers;
  }

  /** The next diagnosis pointer, held by no diagnosis (a composite that could not be read as one). */
  private reservePointer(): number {
    const pointer = ++this.hiPositions;
    (this.reservedPointers ??= []).push(pointer);
    return pointer;
  }

  /**
   * A qualifier sent in lower case or with blanks ("abf", "ABF "): read as the code it spells, and reported, as a
   * diagnosis code in lower case is.
   */
  private qualifierCase(seg: SegmentView, i: number, sent: string, upper: string): void {
    this.problem(
      'x12.element.invalid-code',
      'warning',
      `HI${pad2(i)}-1 "${sent}" is read as ${upper}: qualifiers are sent in upper case, without blanks.`,
      seg,
      i,
    );
  }

  /**
   * Whether this HI holds diagnoses, so that each of its composites is a diagnosis pointer position (SV107 points at
   * them by position): it has a diagnosis composite, or none of a known other kind. Only asked about an HI with an
   * unreadable composite.
   */
  private isDiagnosisHi(seg: SegmentView, count: number): boolean {
    const comp = seg.delimiters.component;
    const others = this.otherHiQualifiers();
    let otherKind = false;
    for (let k = 1; k <= count; k++) {
      const value = seg.element(k);
      if (value === '') continue;
      const q = normalisedQualifier(nthComponent(value, comp, 1));
      if (diagnosisQualifiers.has(q)) return true;
      if (others.has(q)) otherKind = true;
    }
    return !otherKind;
  }

  /**
   * An HI composite with no qualifier, or one no HI of the transaction has (`ZZZ:Z5111`, `DR:…` in an 837P). An
   * error; in a diagnosis HI it still holds its pointer position, so that the line pointers after it keep their
   * diagnoses: its code is kept there when it has the shape of an ICD-10-CM code (with the qualifier its position
   * implies, said in the message), else the position stays empty (a line pointer to it is reported too).
   */
  private unreadHiComposite(
    seg: SegmentView,
    i: number,
    count: number,
    what: string,
    problemCode: string,
    code: string,
  ): void {
    if (!this.isDiagnosisHi(seg, count)) {
      this.problem(problemCode, 'error', `${what}; HI${pad2(i)} is not read.`, seg, i);
      return;
    }
    const cleaned = cleanDiagnosis(code);
    if (!looksLikeIcd10(cleaned)) {
      const pointer = this.reservePointer();
      this.problem(
        problemCode,
        'error',
        `${what}. ${code === '' ? 'It has no code' : `"${code}" is not read as a diagnosis`}; pointer ${pointer} is left without one, so the diagnoses after it keep theirs.`,
        seg,
        i,
      );
      return;
    }
    const pointer = ++this.hiPositions;
    // HI01 of the claim's first diagnosis HI is the principal diagnosis, the others "other". @see 005010X222A1 2300
    // HI01-1 (ABK) and HI02-1…HI12-1 (ABF).
    const assumed = pointer === 1 ? 'ABK' : 'ABF';
    this.problem(
      problemCode,
      'error',
      `${what}. "${code}" has the shape of an ICD-10-CM code: kept as diagnosis ${pointer}${cleaned === code ? '' : ` (${cleaned})`} and read as ${assumed} (${pointer === 1 ? 'principal' : 'other'} diagnosis); check it and send its qualifier.`,
      seg,
      i,
    );
    (this.claim as Claim).diagnoses.push({ code: cleaned, qualifier: assumed, pointer });
  }

  /**
   * An empty HI element with a used one after it: in a diagnosis HI, the position a line pointer would name. An
   * error, and the position stays empty so that the diagnoses after it keep their pointers.
   */
  private emptyHiElement(seg: SegmentView, i: number, count: number): void {
    let used = 0;
    for (let k = i + 1; k <= count && used === 0; k++) if (seg.element(k) !== '') used = k;
    if (used === 0 || !this.isDiagnosisHi(seg, count)) return;
    const pointer = this.reservePointer();
    this.problem(
      'x12.element.required',
      'error',
      `HI${pad2(i)} is empty but HI${pad2(used)} is used: diagnoses are sent in HI01, HI02… without a gap. Pointer ${pointer} is left without a diagnosis, so the diagnoses after it keep theirs.`,
      seg,
      i,
    );
  }

  /**
   * A diagnosis sent with a decimal point, blanks or lower case: read as `cleaned`, and reported (a warning: the
   * claim reads whole). An 837 written from the claims, and the one `check --fix` patches, send `cleaned` (the
   * patcher only when the qualifier was sent as the TR3 spells it: `patched`).
   * @see 005010X222A1 / 005010X223A2 2300 HI01-2 note: the decimal point of a diagnosis code is not transmitted (it
   * is assumed).
   */
  private diagnosisFormat(
    seg: SegmentView,
    i: number,
    split: boolean,
    qualifier: string,
    code: string,
    cleaned: string,
    patched: boolean,
  ): void {
    const codeName = `HI${pad2(i)}${split ? '' : '-2'}`;
    const codeSet = qualifier.length === 3 ? 'ICD-10-CM' : 'ICD-9-CM';
    this.problem(
      'x12.element.diagnosis-format',
      'warning',
      `${codeName} (diagnosis code) "${code}": send ${cleaned}: the TR3 sends ${codeSet} codes ${diagnosisFormatReason(code)}. Read as ${cleaned}${patched ? `; \`check --fix\` writes ${cleaned}` : ''}.`,
      seg,
      i,
    );
  }

  /**
   * HI composites that are UB-04 codes rather than diagnoses: condition codes (BG; 837P "condition information"
   * too), and on an 837I occurrence codes (BH), occurrence spans (BI) and value codes (BE). False for any other
   * qualifier, which the caller counts as passed over.
   */
  private ubCode(seg: SegmentView, i: number, qualifier: string, code: string): boolean {
    const claim = this.claim;
    if (!claim) return false;
    const institutional = this.type === '837I';
    if (
      qualifier !== 'BG' &&
      !(institutional && (qualifier === 'BH' || qualifier === 'BI' || qualifier === 'BE'))
    )
      return false;
    const name = `HI${String(i).padStart(2, '0')}`;
    if (code === '') {
      this.problem('x12.element.required', 'error', `${name}-2 (industry code) is required.`, seg, i);
      return true;
    }
    if (qualifier === 'BG') {
      (claim.conditionCodes ??= []).push(code.toUpperCase());
      return true;
    }
    if (qualifier === 'BE') {
      const text = seg.component(i, 5);
      const amountCents = x12Cents(text);
      if (amountCents === undefined) {
        this.problem(
          text === '' ? 'x12.element.required' : 'x12.element.invalid-number',
          'error',
          text === ''
            ? `${name}-5 (value code ${code} amount) is required.`
            : `${name}-5 (value code ${code} amount) "${text}" is not a number.`,
          seg,
          i,
        );
        return true;
      }
      (claim.valueCodes ??= []).push({ code: code.toUpperCase(), amountCents });
      return true;
    }
    const format = seg.component(i, 3);
    const text = seg.component(i, 4);
    const expected = qualifier === 'BH' ? 'D8' : 'RD8';
    const range = format === expected ? x12DateOrRange(format, text) : undefined;
    if (range === undefined) {
      this.problem(
        'x12.element.invalid-date',
        'error',
        `${name}: occurrence ${qualifier === 'BH' ? 'code' : 'span'} ${code} needs ${expected} and a ${
          qualifier === 'BH' ? 'date (CCYYMMDD)' : 'date range (CCYYMMDD-CCYYMMDD)'
        }; got "${format}" "${text}".`,
        seg,
        i,
      );
      return true;
    }
    if (range.to < range.from) this.reversedRange(seg, i, name, text);
    if (qualifier === 'BH')
      (claim.occurrenceCodes ??= []).push({ code: code.toUpperCase(), date: range.from });
    else (claim.occurrenceSpans ??= []).push({ code: code.toUpperCase(), from: range.from, to: range.to });
    return true;
  }

  private nte(seg: SegmentView): void {
    const text = seg.element(2);
    if (text === '') return;
    if (text.length > 80) this.longNote(seg, text);
    if (this.lineItem && this.loop !== '2320') this.lineItem.notes.push(text);
    else if (this.claim && this.loop === '2300') this.claim.notes.push(text);
    else this.passOver(seg);
  }

  private amt(seg: SegmentView): void {
    if (this.otherPayer && this.loop.startsWith('23') && !this.lineItem && seg.code(1) === 'D') {
      const c = this.cents(seg, 2, 'Payer paid amount', true);
      if (c !== undefined) this.otherPayer.paidCents = c;
    } else this.passOver(seg, true);
  }

  private cas(seg: SegmentView): void {
    if (!this.otherPayer || this.lineItem) return this.passOver(seg);
    const group = seg.code(1);
    this.otherPayer.adjustments ??= [];
    for (let i = 2; i <= 17; i += 3) {
      const carc = seg.element(i);
      if (carc === '') continue;
      const amount = this.cents(seg, i + 1, 'Adjustment amount', true) ?? 0;
      const adj: NonNullable<OtherPayer['adjustments']>[number] = { group, carc, amountCents: amount };
      const q = seg.element(i + 2);
      if (q !== '') {
        const n = x12Number(q);
        if (n !== undefined) adj.quantity = n;
      }
      this.otherPayer.adjustments.push(adj);
    }
  }

  // ---- service lines -----------------------------------------------------------------------------------------

  private lx(seg: SegmentView): void {
    if (!this.claim) {
      this.problem(
        'x12.segment.out-of-place',
        'error',
        'LX (service line) outside a claim (no CLM before it).',
        seg,
        undefined,
        '2400',
      );
      return;
    }
    this.flushLine();
    this.otherPayer = undefined;
    this.loop = '2400';
    const n = seg.number(1);
    if (n === undefined || !Number.isInteger(n) || n < 1)
      this.problem(
        'x12.element.invalid-number',
        'error',
        `LX01 "${seg.element(1)}" is not a line number.`,
        seg,
        1,
      );
    else if (n !== this.claim.lines.length + 1) this.lxNumbering(seg, this.claim, n);
    this.lineSawLx = true;
    this.pendingSequence = n !== undefined && Number.isInteger(n) && n >= 1 ? n : this.claim.lines.length + 1;
    this.lineItem = undefined;
  }

  /**
   * LX01 other than the line's place in its claim: a warning (the line reads whole, numbered as sent), since two
   * lines with one number, or a gap, make "line n" ambiguous for whoever answers or fixes the claim.
   * @see 005010X222A1 / 005010X223A2 2400 LX01: the assigned number starts at 1 and is incremented by 1 for each
   * line of a claim.
   */
  private lxNumbering(seg: SegmentView, claim: Claim, n: number): void {
    const place = claim.lines.length + 1;
    const shared = claim.lines.some((l) => l.sequence === n);
    this.problem(
      'x12.element.invalid-number',
      'warning',
      `LX01 "${seg.element(1)}" numbers the claim's line ${place}: lines are numbered 1, 2, 3… within a claim${shared ? `, and an earlier line of this claim is numbered ${n} too` : ''}.`,
      seg,
      1,
    );
  }

  private pendingSequence = 0;

  /** Opens loop 2400 for SV1/SV2; `procedureAt` > 0 is the element with the procedure composite, read here. */
  private startLine(seg: SegmentView, procedureAt: number): ClaimLine | undefined {
    const claim = this.claim;
    if (!claim) {
      this.problem(
        'x12.segment.out-of-place',
        'error',
        `${seg.id} (service line) outside a claim (no CLM before it).`,
        seg,
        undefined,
        '2400',
      );
      return undefined;
    }
    if (this.lineItem) this.flushLine();
    if (!this.lineSawLx) {
      this.problem(
        'x12.loop.required-segment',
        'error',
        `LX (line number) in loop 2400 is required but not found before ${seg.id}.`,
        seg,
        undefined,
        '2400',
      );
      this.pendingSequence = claim.lines.length + 1;
    }
    this.otherPayer = undefined;
    this.loop = '2400';
    return this.newLine(
      seg,
      procedureAt > 0 ? this.procedure(seg, procedureAt) : { qualifier: '', code: '', modifiers: [] },
    );
  }

  /** The line loop 2400 opens (after the claim's previous line is flushed). */
  private newLine(seg: SegmentView, procedure: Procedure): ClaimLine {
    const line: ClaimLine = {
      sequence: this.pendingSequence,
      procedure,
      units: 0,
      chargeCents: 0,
      diagnosisPointers: [],
      notes: [],
      position: this.at(seg, undefined, '2400'),
    };
    this.lineItem = line;
    this.lineSawLx = false;
    this.lineSawDate = false;
    this.lineSawCtp = false;
    this.linAt = undefined;
    return line;
  }

  /**
   * `sv1` from the segment's value-tape record, which read and checked its values: for a line after its LX, in a
   * claim whose HI left no pointer position unread. False (nothing done) otherwise, and `sv1` reads the text.
   */
  private sv1FromTape(seg: SegmentView, r: number): boolean {
    if (!this.claim || !this.lineSawLx || this.reservedPointers !== undefined) return false;
    const t = seg.tape;
    const text = seg.text;
    if (this.type === undefined) this.type = '837P';
    if (this.lineItem) this.flushLine();
    this.otherPayer = undefined;
    this.loop = '2400';
    const modifiers: string[] = [];
    const count = t[r + SV1.MODIFIERS] as number;
    for (let k = 0, at = r + SV1.FIRST_MODIFIER; k < count; k++, at += 2)
      modifiers.push(text.substring(t[at] as number, t[at + 1] as number));
    const line = this.newLine(seg, {
      qualifier: 'HC',
      code: text.substring(t[r + SV1.CODE_FROM] as number, t[r + SV1.CODE_TO] as number),
      modifiers,
    });
    line.chargeCents = t[r + SV1.CHARGE_CENTS] as number;
    const flags = t[r + SV1.FLAGS] as number;
    line.unitType = (flags & 3) === 1 ? 'UN' : 'MJ';
    line.units = tapeQuantity(t[r + SV1.UNITS_DIGITS] as number, t[r + SV1.UNITS_SCALE] as number);
    if ((flags & 4) !== 0) line.placeOfService = seg.code(5);
    const pointers = (flags >>> 3) & 7;
    for (let k = 0; k < pointers; k++) line.diagnosisPointers.push((flags >>> (8 + 4 * k)) & 15);
    return true;
  }

  /** `dtp`'s service date (DTP*472*D8) from the value tape, for a line in loop 2400/2410/242x with a calendar date. */
  private serviceDateFromTape(seg: SegmentView, r: number): boolean {
    const line = this.lineItem;
    const loop = this.loop;
    if (!line || (loop !== '2400' && loop !== '2410' && !loop.startsWith('242'))) return false;
    const date = isoFromNumber(seg.tape[r + DTP.DATE] as number);
    if (date === undefined) return false;
    this.lineSawDate = true;
    line.serviceDate = date;
    return true;
  }

  /** `lin` from the value tape (LIN02 N4, LIN03 eleven digits), for a line. */
  private linFromTape(seg: SegmentView, r: number): boolean {
    const line = this.lineItem;
    if (!line) return false;
    this.loop = '2410';
    this.linAt = this.at(seg, undefined, '2410');
    this.lineSawCtp = false;
    line.drug = {
      ndc: seg.text.substring(seg.tape[r + LIN.NDC_FROM] as number, seg.tape[r + LIN.NDC_TO] as number),
      ndcQualifier: 'N4',
    };
    return true;
  }

  /** `ctp` from the value tape (CTP04 a quantity, CTP05 a known unit alone), for a line's drug in loop 2410. */
  private ctpFromTape(seg: SegmentView, r: number): boolean {
    const drug = this.lineItem?.drug;
    if (!drug || this.loop !== '2410') return false;
    this.lineSawCtp = true;
    drug.quantity = tapeQuantity(
      seg.tape[r + CTP.QUANTITY_DIGITS] as number,
      seg.tape[r + CTP.QUANTITY_SCALE] as number,
    );
    drug.unit = ctpUnits[seg.tape[r + CTP.UNIT] as number] as string;
    return true;
  }

  private procedure(seg: SegmentView, n: number): Procedure {
    const p = parseProcedure(seg.element(n), seg.delimiters.component);
    if (p.qualifier === '')
      this.problem(
        'x12.element.required',
        'error',
        `Procedure code qualifier (${seg.id}${String(n).padStart(2, '0')}-1) is required.`,
        seg,
        n,
      );
    else if (p.code === '')
      this.problem(
        'x12.element.required',
        'error',
        `Procedure code (${seg.id}${String(n).padStart(2, '0')}-2) is required.`,
        seg,
        n,
      );
    return p;
  }

  // A twin reads the usual case from the value tape (sv1FromTape, value-tape.as.ts): a check added here goes there too.
  private sv1(seg: SegmentView): void {
    if (this.type === undefined) this.type = '837P';
    const line = this.startLine(seg, 1);
    if (!line) return;
    // Here rather than in `procedure`, which is inlined into `startLine`: measured 2 % of the bench there.
    if (line.procedure.qualifier !== 'HC') this.procedureQualifier(seg, 1, line.procedure.qualifier);
    line.chargeCents = this.cents(seg, 2, 'Line item charge', true) ?? 0;
    if (line.chargeCents < 0) this.negative(seg, 2, 'Line item charge');
    const unit = seg.code(3);
    if (unit !== '') {
      line.unitType = unit;
      if (unit !== 'UN' && unit !== 'MJ') this.unitCode(seg, 3, unit);
    } else
      this.problem(
        'x12.element.required',
        'error',
        'Unit or basis for measurement code (SV103) is required.',
        seg,
        3,
      );
    line.units = this.number(seg, 4, 'Service unit count', true) ?? 0;
    if (line.units < 0) this.negative(seg, 4, 'Service unit count');
    const pos = seg.code(5);
    if (pos !== '') {
      line.placeOfService = pos;
      if (!isTwoDigits(pos)) this.placeOfService(seg, 5, pos);
    }
    const pointers = seg.element(7);
    if (pointers === '') {
      this.problem('x12.element.required', 'error', 'Diagnosis code pointer (SV107) is required.', seg, 7);
    } else {
      const comp = seg.delimiters.component.charCodeAt(0);
      let value = 0;
      let digits = 0;
      let bad = false;
      let seen = 0; // bit n: pointer n read
      let repeated = false;
      for (let i = 0; i <= pointers.length; i++) {
        const c = i < pointers.length ? pointers.charCodeAt(i) : comp;
        if (c >= 48 && c <= 57) {
          value = value * 10 + (c - 48);
          digits++;
        } else if (c === comp) {
          if (digits > 0 && !bad) {
            if (value >= 1 && value <= 12) {
              line.diagnosisPointers.push(value);
              if ((seen & (1 << value)) !== 0) repeated = true;
              seen |= 1 << value;
            } else bad = true;
          }
          if (bad)
            this.problem(
              'x12.element.invalid-number',
              'error',
              `Diagnosis code pointer in "${pointers}" (SV107) must be 1–12.`,
              seg,
              7,
            );
          value = 0;
          digits = 0;
          bad = false;
        } else bad = true;
      }
      if (repeated || line.diagnosisPointers.length > 4 || this.reservedPointers !== undefined)
        this.pointerProblems(seg, line, pointers, repeated);
    }
  }

  /**
   * SV107 pointers read but not as the TR3 has them: more than the 4 components of C004 (an error: all are kept,
   * an 837 written from the claim sends the first 4), one named twice (a warning), or one naming an HI position
   * that could not be read as a diagnosis (an error: the line's diagnosis is unknown).
   * @see 005010X222A1 2400 SV107 (C004: SV107-1 required, SV107-2…SV107-4 situational).
   */
  private pointerProblems(seg: SegmentView, line: ClaimLine, pointers: string, repeated: boolean): void {
    const read = line.diagnosisPointers;
    if (read.length > 4)
      this.problem(
        'x12.element.invalid-number',
        'error',
        `SV107 "${pointers}" holds ${read.length} diagnosis pointers; the composite (C004) has 4. All are read; an 837 written from the claim sends the first 4.`,
        seg,
        7,
      );
    if (repeated)
      this.problem(
        'x12.element.invalid-number',
        'warning',
        `SV107 "${pointers}" names a diagnosis more than once; each pointer names another diagnosis.`,
        seg,
        7,
      );
    const reserved = this.reservedPointers;
    if (reserved === undefined) return;
    for (const p of read)
      if (reserved.includes(p))
        this.problem(
          'x12.element.invalid-number',
          'error',
          `SV107 pointer ${p} names a diagnosis position of the HI that could not be read (see the HI error): the line's diagnosis is not known.`,
          seg,
          7,
        );
  }

  /**
   * A place of service (CLM05-1 of an 837P, SV105) or an 837I facility type code (CLM05-1) that is not 2 digits.
   * @see 005010X222A1 2300 CLM05-1 and 2400 SV105 (place of service, CMS code set); 005010X223A2 2300 CLM05-1
   * (facility type code: the first two digits of the type of bill, NUBC).
   */
  private placeOfService(seg: SegmentView, n: number, code: string): void {
    const clm = seg.id === 'CLM';
    this.problem(
      'x12.element.invalid-code',
      'error',
      clm && this.type === '837I'
        ? `CLM05-1 "${code}" is not a facility type code (the two digits of the type of bill before its frequency).`
        : `${clm ? 'CLM05-1' : `${seg.id}${pad2(n)}`} "${code}" is not a place of service code (two digits, from the CMS place of service code set).`,
      seg,
      n,
    );
  }

  /** SV103 / SV204 other than the guide's codes. @see 005010X222A1 2400 SV103 (MJ minutes, UN unit); 005010X223A2 2400 SV204 (DA days, UN unit). */
  private unitCode(seg: SegmentView, n: number, unit: string): void {
    this.problem(
      'x12.element.invalid-code',
      'error',
      n === 3
        ? `SV103 "${unit}" is not a unit or basis for measurement code of an 837P (UN unit, MJ minutes).`
        : `SV204 "${unit}" is not a unit or basis for measurement code of an 837I (UN unit, DA days).`,
      seg,
      n,
    );
  }

  /**
   * SV101-1 / SV202-1 other than HC, checked against the guide's list (an empty one is reported as required).
   * @see 005010X222A1 2400 SV101-1 and 005010X223A2 2400 SV202-1: ER jurisdiction specific, HC HCPCS/CPT, IV home
   * infusion (HIEC), WK advanced billing concepts; HP (HIPPS rate codes) in an 837I only.
   */
  private procedureQualifier(seg: SegmentView, n: number, q: string): void {
    const institutional = seg.id === 'SV2';
    if (q === '' || q === 'ER' || q === 'IV' || q === 'WK' || (q === 'HP' && institutional)) return;
    this.problem(
      'x12.element.invalid-code',
      'error',
      `${seg.id}${pad2(n)}-1 "${q}" is not a product or service id qualifier of an ${institutional ? '837I (HC, ER, HP, IV, WK)' : '837P (HC, ER, IV, WK)'}.`,
      seg,
      n,
    );
  }

  /** NTE02 longer than its 80 characters: a warning, the note is read whole. @see 005010X222A1 / 005010X223A2 2300 and 2400 NTE02 (AN 1/80). */
  private longNote(seg: SegmentView, text: string): void {
    this.problem(
      'x12.element.invalid-length',
      'warning',
      `NTE02 has ${text.length} characters; the TR3 allows 80. It is read whole; a receiver may cut or reject it.`,
      seg,
      2,
    );
  }

  private sv2(seg: SegmentView): void {
    if (this.type === undefined) this.type = '837I';
    const line = this.startLine(seg, 0);
    if (!line) return;
    const rev = this.required(seg, 1, 'Service line revenue code');
    if (rev !== '') line.revenueCode = rev;
    if (seg.element(2) !== '') {
      line.procedure = this.procedure(seg, 2);
      if (line.procedure.qualifier !== 'HC') this.procedureQualifier(seg, 2, line.procedure.qualifier);
    }
    line.chargeCents = this.cents(seg, 3, 'Line item charge', true) ?? 0;
    if (line.chargeCents < 0) this.negative(seg, 3, 'Line item charge');
    const unit = seg.code(4);
    if (unit !== '') {
      line.unitType = unit;
      if (unit !== 'UN' && unit !== 'DA') this.unitCode(seg, 4, unit);
    } else
      this.problem(
        'x12.element.required',
        'error',
        'Unit or basis for measurement code (SV204) is required.',
        seg,
        4,
      );
    line.units = this.number(seg, 5, 'Service unit count', true) ?? 0;
    if (line.units < 0) this.negative(seg, 5, 'Service unit count');
    // SV207: the non-covered part of the charge. @see 005010X223A2 2400 SV207 (line item denied charge or
    // non-covered charge amount).
    const nonCovered = this.cents(seg, 7, 'Non-covered charge', false);
    if (nonCovered !== undefined) {
      line.nonCoveredChargeCents = nonCovered;
      if (nonCovered < 0) this.negative(seg, 7, 'Non-covered charge');
    }
    // SV208–SV210 are not used in an 837I: a value there (a charge one place too far, say) would vanish unseen.
    for (let n = 8; n <= 10 && n <= seg.elementCount(); n++)
      if (seg.element(n) !== '')
        this.problem(
          'x12.element.not-used',
          'warning',
          `SV2${String(n).padStart(2, '0')} "${seg.element(n)}" is not used in an 837I; it is not read (SV207 is the non-covered charge).`,
          seg,
          n,
        );
  }

  /** A charge, unit count or quantity below zero, which an 837 never carries: kept as sent, reported. */
  private negative(seg: SegmentView, n: number, name: string): void {
    this.problem(
      'x12.element.invalid-number',
      'error',
      `${name} (${seg.id}${String(n).padStart(2, '0')}) "${seg.element(n)}" is negative.`,
      seg,
      n,
    );
  }

  private mea(seg: SegmentView): void {
    // 2400 MEA*TR*HT: height in inches. @see 005010X222A1 2400 MEA02 code HT.
    if (!this.lineItem || seg.code(2) !== 'HT') return this.passOver(seg);
    const h = x12Number(seg.element(3));
    if (h === undefined || h <= 0)
      this.problem(
        'x12.element.invalid-number',
        'error',
        `Height (MEA03) "${seg.element(3)}" is not a number.`,
        seg,
        3,
      );
    else this.lineHeightInches = h;
  }

  // A twin reads the usual case from the value tape (linFromTape, value-tape.as.ts): a check added here goes there too.
  private lin(seg: SegmentView): void {
    const line = this.lineItem;
    if (!line) {
      this.problem(
        'x12.segment.out-of-place',
        'error',
        'LIN (drug identification) outside a service line.',
        seg,
        undefined,
        '2410',
      );
      return;
    }
    this.loop = '2410';
    this.linAt = this.at(seg, undefined, '2410');
    this.lineSawCtp = false;
    const q = this.required(seg, 2, 'Product or service id qualifier');
    const ndc = this.required(seg, 3, 'National Drug Code');
    line.drug = { ndc, ndcQualifier: q };
    // The drug is identified by its NDC in 5-4-2 form: 11 digits, no hyphens. @see 005010X222A1 / 005010X223A2
    // 2410 LIN02 (N4 only) and LIN03.
    if (q !== '' && q !== 'N4')
      this.problem(
        'x12.element.invalid-code',
        'error',
        `LIN02 "${q}" should be "N4" (National Drug Code in 5-4-2 format).`,
        seg,
        2,
      );
    else if (ndc !== '' && !isNdc11(ndc))
      // A warning: the NDC reads as sent, and `check` reports it as an error with the 11-digit form as a fix
      // (ndc-format), which a read error would hold back.
      this.problem(
        'x12.element.invalid-code',
        'warning',
        `National Drug Code (LIN03) "${ndc}" is not 11 digits in 5-4-2 form (no hyphens or blanks).`,
        seg,
        3,
      );
  }

  // A twin reads the usual case from the value tape (ctpFromTape, value-tape.as.ts): a check added here goes there too.
  private ctp(seg: SegmentView): void {
    const drug = this.lineItem?.drug;
    if (!drug || this.loop !== '2410') return this.passOver(seg);
    this.lineSawCtp = true;
    const q = this.number(seg, 4, 'National drug unit count', true);
    if (q !== undefined) {
      drug.quantity = q;
      if (q < 0) this.negative(seg, 4, 'National drug unit count');
    }
    const unit = seg.componentCode(5, 1);
    if (unit === '')
      this.problem(
        'x12.element.required',
        'error',
        'Unit of measure code (CTP05-1) is required with the NDC quantity.',
        seg,
        5,
      );
    else {
      drug.unit = unit;
      // @see 005010X222A1 / 005010X223A2 2410 CTP05-1: F2 international unit, GR gram, ME milligram, ML millilitre,
      // UN unit.
      if (unit !== 'UN' && unit !== 'ML' && unit !== 'GR' && unit !== 'F2' && unit !== 'ME')
        this.problem(
          'x12.element.invalid-code',
          'error',
          `CTP05-1 "${unit}" is not an NDC unit of measure (F2, GR, ME, ML, UN).`,
          seg,
          5,
        );
    }
  }

  private flushLine(): void {
    const line = this.lineItem;
    if (!line || !this.claim) return;
    this.lineItem = undefined;
    if (this.linAt && !this.lineSawCtp) {
      this.report({
        code: 'x12.loop.required-segment',
        severity: 'error',
        message: `CTP (drug quantity) is required but not found in loop 2410 (after LIN, segment ${this.linAt.segmentIndex}).`,
        at: { ...this.linAt, segmentId: 'CTP' },
      });
    }
    if (!this.lineSawDate && this.type !== '837I' && line.position) {
      const at: SourcePosition = { ...line.position, loop: '2400', segmentId: 'DTP' };
      this.report({
        code: 'x12.loop.required-segment',
        severity: 'error',
        message: `DTP*472 (service date) is required but not found in loop 2400 of line ${line.sequence} (after ${line.position.segmentId}, segment ${line.position.segmentIndex}).`,
        at,
      });
    }
    if (line.notes.length > 0) {
      const dose = doseFromNotes(line.notes);
      if (dose) line.dose = dose;
    }
    if (this.lineHeightInches !== undefined) {
      this.claim.patient.heightCm = round3(this.lineHeightInches * inchesToCm);
      this.lineHeightInches = undefined;
    }
    this.claim.lines.push(line);
    this.linAt = undefined;
  }

  /**
   * CLM05-3: on a professional claim 1 (original), 7 (replacement), 8 (void), and 6 (corrected) which payers still
   * take; on an institutional claim the type of bill's frequency digit or letter. A replacement or void names the
   * claim it replaces (REF*F8).
   * @see 005010X222A1 / 005010X223A2 2300 CLM05-3 (NUBC code source 235) and REF*F8 (required when CLM05-3 is 7
   * or 8).
   */
  private checkFrequency(claim: Claim, position: SourcePosition): void {
    const f = claim.frequencyCode as string;
    const valid =
      claim.format === '837I'
        ? f.length === 1 && ((f >= '0' && f <= '9') || (f >= 'A' && f <= 'Z'))
        : f === '1' || f === '7' || f === '8' || f === '6';
    if (!valid)
      this.report({
        code: 'x12.element.invalid-code',
        severity: 'error',
        message:
          claim.format === '837I'
            ? `CLM05-3 "${f}" is not a claim frequency code (the type of bill's last digit or letter).`
            : `CLM05-3 "${f}" is not a claim frequency code for a professional claim (1 original, 7 replacement, 8 void).`,
        at: { ...position, element: 5 },
      });
    else if ((f === '7' || f === '8') && claim.payerClaimControlNumber === undefined)
      // A warning: the claim reads whole, and `check` reports the missing number as an error with its denial codes
      // (original-claim-number-missing); a read error would also hold back the claim's other fixes.
      this.report({
        code: 'x12.loop.required-segment',
        severity: 'warning',
        message: `REF*F8 (payer claim control number) is required in loop 2300 when CLM05-3 is ${f} (${f === '7' ? 'replacement' : 'void'}): it names the claim being ${f === '7' ? 'replaced' : 'voided'}. Not found in the claim (CLM, segment ${position.segmentIndex}).`,
        at: { ...position, segmentId: 'REF' },
      });
  }

  private flushClaim(): void {
    this.flushLine();
    const claim = this.claim;
    if (!claim) return;
    this.claim = undefined;
    this.otherPayer = undefined;
    if (this.type !== undefined) claim.format = this.type;
    if (claim.frequencyCode !== undefined && claim.position) this.checkFrequency(claim, claim.position);
    if (!this.claimSawHi && claim.position) {
      this.report({
        code: 'x12.loop.required-segment',
        severity: 'error',
        message: `HI is required but not found in loop 2300 (no diagnosis on the claim; its CLM is segment ${claim.position.segmentIndex}).`,
        at: { ...claim.position, segmentId: 'HI' },
      });
    }
    if (claim.lines.length === 0 && claim.position) {
      this.report({
        code: 'x12.loop.required-segment',
        severity: 'error',
        message: `Claim has no service line (loop 2400; its CLM is segment ${claim.position.segmentIndex}).`,
        at: { ...claim.position, loop: '2400', segmentId: 'LX' },
      });
    }
    this.emit(claim);
    this.loop = 'HL';
  }
}
