/**
 * Canonical claims → 837P (005010X222A1) or 837I (005010X223A2) text with correct envelopes: SE01 counts the
 * segments ST…SE, GE01 the transaction sets, IEA01 the groups, and SE02/GE02/IEA02 repeat ST02/GS06/ISA13.
 *
 * Claims with the same submitter, receiver and claim type go into one transaction set, up to 5000 claims each;
 * consecutive claims with the same billing provider share one billing provider HL. Reading the output gives back
 * the same claims (see the round-trip tests), except that 4010 diagnosis qualifiers (BK, BF…) are written as their
 * 5010 forms (ABK, ABF…).
 * @see ASC X12 005010X222A1 / 005010X223A2 TR3s, section 2.4; Appendix B.1.1.3 (envelopes).
 */
import type { Address, Claim, ClaimLine, Party, Patient, Procedure } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { defaultDelimiters } from './delimiters.ts';
import type { Delimiters } from './delimiters.ts';
import { doseFromNotes } from '../claim-files/dose-notes.ts';
import { toX12Amount, toX12Date, toX12Quantity } from './values.ts';

export interface X12WriteOptions {
  /** Claim type to write; by default each claim's own format (837I claims as 837I, everything else as 837P). */
  type?: '837P' | '837I';
  /** ISA06/GS02 and ISA08/GS03; default: the submitter's and receiver's ids, else "DRUGCLAIM" / "RECEIVER". */
  senderId?: string;
  receiverId?: string;
  /** ISA13 (a number up to 999999999); default 1. GS06 and ST02 count up from 1 unless given. */
  interchangeControl?: number;
  groupControl?: number;
  transactionControl?: number;
  /** Creation date and time for ISA09/ISA10, GS04/GS05 and BHT04/BHT05; default now. */
  date?: Date;
  /** ISA15: P production, T test; default P. */
  usage?: 'P' | 'T';
  delimiters?: Delimiters;
  /** A line break after each segment terminator (default true). */
  lineBreaks?: boolean;
}

export interface X12WriteResult {
  text: string;
  problems: Problem[];
}

const versionFor = { '837P': '005010X222A1', '837I': '005010X223A2' } as const;

/** 4010 diagnosis qualifiers and FHIR diagnosis types → 5010 HI qualifiers. */
function hiQualifier(q: string | undefined, first: boolean, type: '837P' | '837I'): string {
  switch (q) {
    case 'ABK':
    case 'BK':
    case 'principal':
      return 'ABK';
    case 'ABJ':
    case 'BJ':
    case 'admitting':
      return type === '837I' ? 'ABJ' : 'ABF';
    case 'APR':
    case 'PR':
      return type === '837I' ? 'APR' : 'ABF';
    case 'ABN':
    case 'BN':
      return type === '837I' ? 'ABN' : 'ABF';
    case 'ABF':
    case 'BF':
      return 'ABF';
    case undefined:
    default:
      return first ? 'ABK' : 'ABF';
  }
}

const pad = (s: string, n: number): string => (s.length >= n ? s.substring(0, n) : s.padEnd(n, ' '));
const two = (n: number): string => String(n).padStart(2, '0');

class SegmentWriter {
  readonly out: string[] = [];
  count = 0;
  private readonly d: Delimiters;
  private readonly end: string;
  private readonly problems: Problem[];
  private readonly bad: RegExp;
  /** What may never appear in an element, even a composite: control characters and all delimiters but the component one. */
  private readonly segmentBad: RegExp;

  constructor(d: Delimiters, lineBreaks: boolean, problems: Problem[]) {
    this.d = d;
    this.end = d.segment + (lineBreaks && d.segment !== '\n' ? '\n' : '');
    this.problems = problems;
    // Delimiters, and control characters (which X12 data may not hold), are replaced.
    const chars = [
      d.element,
      d.component,
      d.segment,
      ...(d.repetition === undefined ? [] : [d.repetition]),
    ].filter((c) => c.charCodeAt(0) >= 32);
    this.bad = new RegExp(`[\\x00-\\x1f\\x7f${chars.map((c) => `\\${c}`).join('')}]`, 'g');
    const outer = chars.filter((c) => c !== d.component);
    this.segmentBad = new RegExp(`[\\x00-\\x1f\\x7f${outer.map((c) => `\\${c}`).join('')}]`, 'g');
  }

  /** A data value with any delimiter character replaced by a blank (X12 has no escape). */
  clean(value: string | undefined, what: string): string {
    if (value === undefined) return '';
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

  /** ISA is fixed-length: every element is written, padded. */
  raw(text: string): void {
    this.out.push(text + this.end);
    this.count++;
  }
}

interface Group {
  type: '837P' | '837I';
  submitter: Party | undefined;
  receiver: Party | undefined;
  version: string;
  claims: Claim[];
}

/**
 * At most this many claims (CLM segments) in one transaction set.
 * @see 005010X222A1 / 005010X223A2 TR3, loop 2300 CLM, note 1: trading partners are asked to limit an ST–SE
 * envelope to 5000 CLM segments (no limit on the number of transaction sets in a group or interchange).
 */
export const MAX_CLAIMS_PER_TRANSACTION = 5000;

/**
 * Writes claims as one 837 interchange, a claim at a time, for batches of any size: claims are gathered in windows
 * of up to `MAX_CLAIMS_PER_TRANSACTION`, and each window is written as transaction sets, one per claim type and
 * submitter/receiver (in order of first appearance). A functional group (GS) holds one claim type; it stays open
 * from one window to the next while the type does not change. A batch that fits in one window is written exactly
 * as `writeX12Claims` always wrote it.
 */
export class X12ClaimWriter {
  /** Warnings about the claims written so far (missing data, delimiters replaced), until taken. */
  private readonly problems: Problem[] = [];
  private readonly options: X12WriteOptions;
  private readonly d: Delimiters;
  private readonly w: SegmentWriter;
  private readonly yyyymmdd: string;
  private readonly hhmm: string;
  private readonly isa13: string;
  private window: Claim[] = [];
  private started = false;
  private sender = '';
  private receiver = '';
  private gsControl: number;
  private stControl: number;
  private groupCount = 0;
  /** The functional group being written: its type, GS06 and transaction set count. */
  private open: { type: '837P' | '837I'; gs06: string; transactions: number } | undefined;

  constructor(options: X12WriteOptions = {}) {
    this.options = options;
    this.d = options.delimiters ?? defaultDelimiters;
    this.w = new SegmentWriter(this.d, options.lineBreaks ?? true, this.problems);
    const now = options.date ?? new Date();
    this.yyyymmdd = `${now.getUTCFullYear()}${two(now.getUTCMonth() + 1)}${two(now.getUTCDate())}`;
    this.hhmm = `${two(now.getUTCHours())}${two(now.getUTCMinutes())}`;
    this.isa13 = String(options.interchangeControl ?? 1)
      .padStart(9, '0')
      .substring(0, 9);
    this.gsControl = options.groupControl ?? 1;
    this.stControl = options.transactionControl ?? 1;
  }

  /** Adds a claim; returns the text of the transaction sets it completed ('' while a window is gathered). */
  add(claim: Claim): string {
    this.window.push(claim);
    if (this.window.length < MAX_CLAIMS_PER_TRANSACTION) return '';
    this.writeWindow();
    return this.take();
  }

  /** Writes the last window and the closing segments (GE, IEA): the interchange's last text. */
  end(): string {
    this.writeWindow();
    if (!this.started) this.start(undefined);
    this.closeGroup();
    this.w.seg('IEA', String(this.groupCount), this.isa13);
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

  /** ISA: its sender and receiver are the first claim's submitter and receiver unless the options name them. */
  private start(first: Claim | undefined): void {
    this.started = true;
    const { w, d, options } = this;
    this.sender = w.clean(options.senderId ?? first?.submitter?.id ?? 'DRUGCLAIM', 'sender id');
    this.receiver = w.clean(options.receiverId ?? first?.receiver?.id ?? 'RECEIVER', 'receiver id');
    w.raw(
      [
        'ISA',
        '00',
        pad('', 10),
        '00',
        pad('', 10),
        'ZZ',
        pad(this.sender, 15),
        'ZZ',
        pad(this.receiver, 15),
        this.yyyymmdd.substring(2),
        this.hhmm,
        d.repetition ?? '^',
        '00501',
        this.isa13,
        '0',
        options.usage ?? 'P',
        d.component,
      ].join(d.element),
    );
  }

  private closeGroup(): void {
    if (this.open === undefined) return;
    this.w.seg('GE', String(this.open.transactions), this.open.gs06);
    this.open = undefined;
  }

  private writeWindow(): void {
    const claims = this.window;
    if (claims.length === 0) return;
    this.window = [];
    if (!this.started) this.start(claims[0]);
    // Group the claims: by type, then by submitter/receiver (in order of first appearance).
    const byType = new Map<'837P' | '837I', Group[]>();
    for (const claim of claims) {
      const type =
        this.options.type ??
        (claim.format === '837I' || (claim.format !== '837P' && claim.typeOfBill !== undefined)
          ? '837I'
          : '837P');
      const version = claim.envelope?.version?.includes(type === '837P' ? 'X222' : 'X223')
        ? claim.envelope.version
        : versionFor[type];
      const key = JSON.stringify([claim.submitter ?? null, claim.receiver ?? null, version]);
      let groups = byType.get(type);
      if (!groups) {
        groups = [];
        byType.set(type, groups);
      }
      let g = groups.find(
        (x) => JSON.stringify([x.submitter ?? null, x.receiver ?? null, x.version]) === key,
      );
      if (!g) {
        g = { type, submitter: claim.submitter, receiver: claim.receiver, version, claims: [] };
        groups.push(g);
      }
      g.claims.push(claim);
    }
    for (const [type, groups] of byType) {
      if (this.open?.type !== type) {
        this.closeGroup();
        this.groupCount++;
        const gs06 = String(this.gsControl++);
        const version = groups[0]?.version ?? versionFor[type];
        this.w.seg('GS', 'HC', this.sender, this.receiver, this.yyyymmdd, this.hhmm, gs06, 'X', version);
        this.open = { type, gs06, transactions: 0 };
      }
      for (const g of groups) {
        const st02 = String(this.stControl++).padStart(4, '0');
        writeTransaction(this.w, g, st02, this.yyyymmdd, this.hhmm, this.problems);
        this.open.transactions++;
      }
    }
  }
}

/**
 * Writes claims as one 837 interchange (one GS per claim type, one ST per submitter/receiver, and a new ST every
 * `MAX_CLAIMS_PER_TRANSACTION` claims). For a batch too big for one string, use `X12ClaimWriter`.
 */
export function writeX12Claims(claims: readonly Claim[], options: X12WriteOptions = {}): X12WriteResult {
  const writer = new X12ClaimWriter(options);
  const parts: string[] = [];
  for (const claim of claims) {
    const text = writer.add(claim);
    if (text !== '') parts.push(text);
  }
  parts.push(writer.end());
  return { text: parts.join(''), problems: writer.takeProblems() };
}

function writeTransaction(
  w: SegmentWriter,
  g: Group,
  st02: string,
  date: string,
  time: string,
  problems: Problem[],
): void {
  const start = w.count;
  const institutional = g.type === '837I';
  w.seg('ST', '837', st02, g.version);
  w.seg('BHT', '0019', '00', st02, date, time, 'CH');
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
      missing(problems, claim, 'claim filing indicator (SBR09); ZZ was written');
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
    nm1(w, 'PR', claim.payer, 'PI', claim.payer.id);
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

function missing(problems: Problem[], claim: Claim, what: string): void {
  problems.push({
    code: 'x12.write.missing-data',
    // The 837 is written without it, and a clearinghouse (or this reader) rejects the file: an error, not a note.
    severity: 'error',
    message: `Claim ${claim.id}: ${what} is required in an 837 but the claim has none.`,
    data: { claimId: claim.id },
  });
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
    '',
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
    '',
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
  }
  const ind = claim.indicators ?? {};
  w.seg(
    'CLM',
    w.clean(claim.id, 'claim id'),
    toX12Amount(claim.totalChargeCents),
    '',
    '',
    w.composite([facility, institutional ? 'A' : 'B', frequency || '1']),
    ind.providerSignature ?? 'Y',
    ind.assignment ?? 'A',
    ind.benefitsAssignment ?? 'Y',
    ind.releaseOfInformation ?? 'Y',
    ind.patientSignatureSource,
  );
  if (institutional) {
    if (claim.admissionDate) w.seg('DTP', '435', 'D8', toX12Date(claim.admissionDate));
    const from = claim.statementFrom ?? claim.lines[0]?.serviceDate;
    const to = claim.statementTo ?? from;
    if (from && to) w.seg('DTP', '434', 'RD8', `${toX12Date(from)}-${toX12Date(to)}`);
    else missing(problems, claim, 'statement dates (DTP*434)');
    if (claim.admissionType || claim.admissionSource || claim.patientStatus)
      w.seg('CL1', claim.admissionType ?? '', claim.admissionSource ?? '', claim.patientStatus ?? '');
  }
  if (claim.priorAuthorization) w.seg('REF', 'G1', w.clean(claim.priorAuthorization, 'prior authorization'));
  if (claim.payerClaimControlNumber)
    w.seg('REF', 'F8', w.clean(claim.payerClaimControlNumber, 'payer claim control number'));
  // 837P allows one claim note, 837I ten; notes are joined into one so nothing is lost.
  if (claim.notes.length > 0) w.seg('NTE', 'ADD', w.clean(claim.notes.join(' '), 'claim note'));
  if (claim.diagnoses.length === 0) missing(problems, claim, 'diagnosis (HI)');
  const type = institutional ? '837I' : '837P';
  const coded = claim.diagnoses.map((dx, i) => ({
    qualifier: hiQualifier(dx.qualifier, i === 0, type),
    code: w.clean(dx.code, 'diagnosis code'),
  }));
  if (!institutional) {
    // 837P: one HI, up to 12 diagnoses (ABK first, then ABF).
    for (let i = 0; i < coded.length; i += 12)
      w.seg('HI', ...coded.slice(i, i + 12).map((d) => w.composite([d.qualifier, d.code])));
  } else {
    // 837I: each kind of diagnosis has its own HI segment, in the TR3's order (principal, admitting, reason for
    // visit, external cause, other); the principal HI carries HI01 only, so a second ABK is written as other.
    const [principal, ...rest] = coded.filter((d) => d.qualifier === 'ABK');
    if (principal) w.seg('HI', w.composite([principal.qualifier, principal.code]));
    const others = [
      ...rest.map((d) => ({ ...d, qualifier: 'ABF' })),
      ...coded.filter((d) => d.qualifier === 'ABF'),
    ];
    const groups: [string, number, typeof coded][] = [
      ['ABJ', 1, coded.filter((d) => d.qualifier === 'ABJ')],
      ['APR', 3, coded.filter((d) => d.qualifier === 'APR')],
      ['ABN', 12, coded.filter((d) => d.qualifier === 'ABN')],
      ['ABF', 12, others],
    ];
    for (const [, size, list] of groups)
      for (let i = 0; i < list.length; i += size)
        w.seg('HI', ...list.slice(i, i + size).map((d) => w.composite([d.qualifier, d.code])));
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
    if (claim.renderingProvider.taxonomy)
      w.seg('PRV', 'PE', 'PXC', w.clean(claim.renderingProvider.taxonomy, 'taxonomy'));
  }
  if (claim.serviceFacility) {
    nm1(w, '77', claim.serviceFacility, 'XX', claim.serviceFacility.npi);
    address(w, claim.serviceFacility.address, 'service facility', problems, claim, false);
  }
  if (institutional && claim.referringProvider)
    nm1(w, 'DN', claim.referringProvider, 'XX', claim.referringProvider.npi);
  for (const other of claim.otherPayers ?? []) {
    w.seg(
      'SBR',
      other.responsibility ?? 'S',
      other.relationship ?? '18',
      w.clean(other.groupNumber, 'group number'),
      w.clean(other.groupName, 'group name'),
      '',
      '',
      '',
      '',
      other.claimFilingIndicator ?? 'CI',
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
        for (const a of list.slice(i, i + 6))
          els.push(
            a.carc,
            toX12Amount(a.amountCents),
            a.quantity === undefined ? '' : toX12Quantity(a.quantity),
          );
        w.seg('CAS', group, ...els);
      }
    }
    if (other.paidCents !== undefined) w.seg('AMT', 'D', toX12Amount(other.paidCents));
    w.seg('OI', '', '', 'Y', '', '', 'Y');
    const s = other.subscriber ?? {};
    const sid = w.clean(s.memberId, 'other subscriber id');
    w.seg(
      'NM1',
      'IL',
      '1',
      w.clean(s.lastName, 'other subscriber name'),
      w.clean(s.firstName, 'other subscriber name'),
      '',
      '',
      '',
      sid ? 'MI' : '',
      sid,
    );
    address(w, s.address, 'other subscriber', problems, claim, false);
    nm1(w, 'PR', other.payer, 'PI', other.payer.id);
    address(w, other.payer.address, 'other payer', problems, claim, false);
  }
  claim.lines.forEach((line, i) => writeLine(w, claim, line, institutional, i === 0, problems));
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
): string[] {
  const w = new SegmentWriter(delimiters, false, problems);
  writeLine(w, claim, line, institutional, false, problems);
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
): void {
  w.seg('LX', String(line.sequence));
  const procedure = procedureComposite(w, line.procedure);
  if (institutional) {
    w.seg(
      'SV2',
      w.clean(line.revenueCode ?? '', 'revenue code'),
      procedure,
      toX12Amount(line.chargeCents),
      line.unitType ?? 'UN',
      toX12Quantity(line.units),
    );
  } else {
    w.seg(
      'SV1',
      procedure,
      toX12Amount(line.chargeCents),
      line.unitType ?? 'UN',
      toX12Quantity(line.units),
      line.placeOfService ?? '',
      '',
      w.composite(line.diagnosisPointers.slice(0, 4).map(String)),
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
      problems.push({
        code: 'x12.write.dropped',
        severity: 'warning',
        message: `Claim ${claim.id} line ${line.sequence}: an 837I service line has no note segment; its notes (and any documented dose) were not written.`,
        data: { claimId: claim.id, line: line.sequence },
      });
  }
  if (line.drug) {
    const d = line.drug;
    w.seg('LIN', '', d.ndcQualifier || 'N4', w.clean(d.ndc, 'NDC'));
    w.seg('CTP', '', '', '', d.quantity === undefined ? '' : toX12Quantity(d.quantity), d.unit ?? '');
    if (d.prescriptionNumber) w.seg('REF', 'XZ', w.clean(d.prescriptionNumber, 'prescription number'));
  }
  if (line.renderingProvider) {
    nm1(w, '82', line.renderingProvider, 'XX', line.renderingProvider.npi);
    if (line.renderingProvider.taxonomy)
      w.seg('PRV', 'PE', 'PXC', w.clean(line.renderingProvider.taxonomy, 'taxonomy'));
  }
}
