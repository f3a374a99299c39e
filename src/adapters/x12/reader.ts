/**
 * Envelopes and dispatch: ISA/IEA interchanges, GS/GE groups and ST/SE transaction sets, each checked for its
 * control numbers and counts; segments inside an ST…SE go to the 837 or 835 mapper for that transaction.
 * Several interchanges, groups and transactions per file are normal; a file with no envelope at all (a bare
 * ST…SE) is read too.
 * @see ASC X12 005010 TR3 guides, Appendix B.1.1.3 (Envelopes and control structures).
 */
import type { Claim, Remittance } from '../../core/claim/model.ts';
import type { Problem, Severity, SourcePosition } from '../../core/problem.ts';
import { Claim837Mapper } from './claim-837.ts';
import type { ClaimType837 } from './claim-837.ts';
import type { InterchangeHeader, TransactionContext } from './mapper.ts';
import { Remittance835Mapper } from './remittance-835.ts';
import { knownSegmentIds, segmentTag } from './segment.ts';
import type { KnownSegmentId, SegmentView } from './segment.ts';

export type TransactionType = '837P' | '837I' | '835';

export interface TransactionInfo {
  type: TransactionType;
  /** ST03 or GS08 implementation guide version, e.g. "005010X222A1" ("" when the file has none). */
  version: string;
  /** ST02 transaction set control number. */
  control: string;
}

export interface X12Handlers {
  claim?: (claim: Claim) => void;
  remittance?: (remittance: Remittance) => void;
  transaction?: (transaction: TransactionInfo) => void;
  problem: (problem: Problem) => void;
}

/**
 * Most elements a segment may carry (the X12 segment definitions). More is an error; the extra elements are ignored.
 * @see ASC X12 005010 segment directory (element counts of each segment).
 */
const maxElements: { [K in KnownSegmentId]?: number } = {
  ISA: 16,
  GS: 8,
  ST: 3,
  SE: 2,
  GE: 2,
  IEA: 2,
  BHT: 6,
  NM1: 12,
  N3: 2,
  N4: 7,
  REF: 4,
  PER: 9,
  HL: 4,
  PRV: 6,
  SBR: 9,
  PAT: 9,
  DMG: 11,
  CLM: 20,
  DTP: 3,
  CL1: 4,
  AMT: 3,
  NTE: 2,
  HI: 12,
  LX: 1,
  SV1: 21,
  SV2: 10,
  LIN: 31,
  CTP: 11,
  BPR: 21,
  TRN: 4,
  DTM: 6,
  N1: 6,
  CLP: 14,
  CAS: 19,
  SVC: 7,
  LQ: 2,
  PLB: 14,
  MIA: 24,
  MOA: 9,
  CR1: 10,
  MEA: 12,
  OI: 6,
  SVD: 7,
  QTY: 4,
  K3: 3,
  PWK: 9,
  CN1: 6,
  CRC: 7,
  HCP: 15,
  TS3: 24,
  TS2: 19,
};

const maxByTag: number[] = knownSegmentIds.map((id) => maxElements[id] ?? 1000);
maxByTag.unshift(1000);
const TAG_ISA = segmentTag('ISA');
const TAG_GS = segmentTag('GS');
const TAG_ST = segmentTag('ST');
const TAG_SE = segmentTag('SE');
const TAG_GE = segmentTag('GE');
const TAG_IEA = segmentTag('IEA');
const TAG_TA1 = segmentTag('TA1');

interface Interchange {
  control: string;
  groups: number;
  index: number;
  header: InterchangeHeader;
}
interface Group {
  control: string;
  version: string;
  transactions: number;
  sender: string;
  receiver: string;
}
interface Transaction {
  st01: string;
  control: string;
  version: string;
  declared: ClaimType837 | '835' | undefined;
  segments: number;
  mapper: Claim837Mapper | Remittance835Mapper | undefined;
  skip: boolean;
}

export class X12Reader {
  private readonly handlers: X12Handlers;
  private readonly file: string | undefined;
  private isa: Interchange | undefined;
  private gs: Group | undefined;
  private st: Transaction | undefined;
  private outsideReported = false;
  /** ISA13s seen in the file, GS06s in the open interchange, ST02s in the open group (each must be unique there). */
  private readonly interchangeControls = new Set<string>();
  private readonly groupControls = new Set<string>();
  private readonly transactionControls = new Set<string>();
  /** ISA12 of the open interchange ("" outside one). */
  private interchangeVersion = '';
  /** Counts for summaries. */
  claims = 0;
  serviceLines = 0;
  remittances = 0;
  readonly transactions: TransactionInfo[] = [];
  /** Segments not carried into the claims or remittances, by kind and loop (see `SegmentMapper.passedOver`). */
  readonly passedOver = new Map<string, number>();

  constructor(handlers: X12Handlers, options: { file?: string } = {}) {
    this.handlers = handlers;
    this.file = options.file;
  }

  private at(seg: SegmentView, element?: number): SourcePosition {
    const at: SourcePosition = { segmentIndex: seg.index, segmentId: seg.id, line: seg.line };
    if (this.file !== undefined) at.file = this.file;
    if (element !== undefined) at.element = element;
    return at;
  }

  private problem(
    code: string,
    severity: Severity,
    message: string,
    seg: SegmentView,
    element?: number,
  ): void {
    this.handlers.problem({ code, severity, message, at: this.at(seg, element) });
  }

  /** Elements past a segment's definition, positioned in the loop the mapper placed the segment in. */
  private tooManyElements(seg: SegmentView, loop: string | undefined): void {
    const max = maxByTag[seg.tag] as number;
    const at = this.at(seg, max + 1);
    if (loop !== undefined) at.loop = loop;
    this.handlers.problem({
      code: 'x12.segment.too-many-elements',
      severity: 'error',
      message: `${seg.id} has ${seg.elementCount()} elements; at most ${max} are defined (the rest were ignored).`,
      at,
    });
  }

  segment(seg: SegmentView): void {
    const tag = seg.tag;
    const st = this.st;
    const overlong = seg.elementCount() > (maxByTag[tag] as number);
    if (st !== undefined && tag > TAG_TA1) {
      // The common case: a segment inside a transaction set.
      st.segments++;
      st.mapper?.segment(seg);
      if (overlong) this.tooManyElements(seg, st.mapper?.currentLoop);
      return;
    }
    if (overlong)
      this.tooManyElements(seg, st !== undefined && tag === 0 ? st.mapper?.currentLoop : undefined);
    switch (tag) {
      case TAG_ISA:
        return this.openInterchange(seg);
      case TAG_GS:
        return this.openGroup(seg);
      case TAG_ST:
        return this.openTransaction(seg);
      case TAG_SE:
        return this.closeTransaction(seg);
      case TAG_GE:
        return this.closeGroup(seg);
      case TAG_IEA:
        return this.closeInterchange(seg);
      case TAG_TA1:
        return;
      default: {
        if (!st) {
          if (!this.outsideReported) {
            this.problem(
              'x12.envelope.unexpected',
              'error',
              `${seg.id} is outside a transaction set (no ST before it); segments up to the next ST are skipped.`,
              seg,
            );
            this.outsideReported = true;
          }
          return;
        }
        st.segments++;
        st.mapper?.segment(seg);
      }
    }
  }

  /** End of input: close whatever is still open. */
  finish(last?: SegmentView): void {
    if (this.st) this.endTransaction(last, 'the end of the file');
    if (this.gs && last)
      this.problem(
        'x12.envelope.unclosed',
        'error',
        `Functional group ${this.gs.control} has no GE before the end of the file.`,
        last,
      );
    if (this.isa && last)
      this.problem(
        'x12.envelope.unclosed',
        'error',
        `Interchange ${this.isa.control} has no IEA before the end of the file.`,
        last,
      );
    this.gs = undefined;
    this.isa = undefined;
  }

  private openInterchange(seg: SegmentView): void {
    if (this.st) this.endTransaction(seg, 'the next ISA');
    if (this.gs)
      this.problem(
        'x12.envelope.unclosed',
        'error',
        `Functional group ${this.gs.control} has no GE before the next ISA.`,
        seg,
      );
    if (this.isa)
      this.problem(
        'x12.envelope.unclosed',
        'error',
        `Interchange ${this.isa.control} has no IEA before the next ISA.`,
        seg,
      );
    this.gs = undefined;
    const control = seg.element(13).trim();
    if (!/^\d{9}$/.test(control))
      this.problem(
        'x12.element.invalid-number',
        'error',
        `Interchange control number (ISA13) "${control}" must be 9 digits.`,
        seg,
        13,
      );
    this.noteInterchange(seg, control);
    // Kept for the claims (Claim.envelope), so that writing them back addresses the same partner in the same mode.
    const header: InterchangeHeader = {
      senderQualifier: seg.element(5).trim(),
      senderId: seg.element(6).trim(),
      receiverQualifier: seg.element(7).trim(),
      receiverId: seg.element(8).trim(),
      acknowledgmentRequested: seg.element(14).trim(),
      usage: seg.element(15).trim(),
    };
    this.isa = { control, groups: 0, index: seg.index, header };
    this.outsideReported = false;
  }

  private openGroup(seg: SegmentView): void {
    if (this.st) this.endTransaction(seg, 'the next GS');
    if (this.gs)
      this.problem(
        'x12.envelope.unclosed',
        'error',
        `Functional group ${this.gs.control} has no GE before the next GS.`,
        seg,
      );
    if (this.isa) this.isa.groups++;
    const control = seg.element(6);
    if (control === '')
      this.problem('x12.element.required', 'error', 'Group control number (GS06) is required.', seg, 6);
    this.noteGroup(seg, control);
    this.gs = {
      control,
      version: seg.element(8),
      transactions: 0,
      sender: seg.element(2),
      receiver: seg.element(3),
    };
    this.outsideReported = false;
  }

  private openTransaction(seg: SegmentView): void {
    if (this.st) this.endTransaction(seg, 'the next ST');
    if (this.gs) this.gs.transactions++;
    const st01 = seg.element(1);
    const control = seg.element(2);
    if (control === '')
      this.problem(
        'x12.element.required',
        'error',
        'Transaction set control number (ST02) is required.',
        seg,
        2,
      );
    this.noteTransaction(seg, control);
    const st03 = seg.element(3);
    const gsVersion = this.gs?.version ?? '';
    if (st03 !== '' && gsVersion !== '' && st03 !== gsVersion) {
      this.problem(
        'x12.envelope.version-mismatch',
        'warning',
        `ST03 "${st03}" differs from GS08 "${gsVersion}".`,
        seg,
        3,
      );
    }
    const version = st03 !== '' ? st03 : gsVersion;
    const ctx: TransactionContext = { version, transactionControl: control };
    if (this.file !== undefined) ctx.file = this.file;
    if (this.isa) {
      ctx.interchangeControl = this.isa.control;
      ctx.interchange = this.isa.header;
    }
    if (this.gs) {
      ctx.groupControl = this.gs.control;
      ctx.applicationSender = this.gs.sender;
      ctx.applicationReceiver = this.gs.receiver;
    }
    const tx: Transaction = {
      st01,
      control,
      version,
      declared: undefined,
      segments: 1,
      mapper: undefined,
      skip: false,
    };
    const report = this.handlers.problem;
    if (st01 === '837') {
      let declared: ClaimType837 | undefined;
      if (version.includes('X222')) declared = '837P';
      else if (version.includes('X223')) declared = '837I';
      else if (version.includes('X224')) {
        this.problem(
          'x12.transaction.unsupported',
          'warning',
          `837 dental (${version}) is not read; its claims are skipped.`,
          seg,
          3,
        );
        tx.skip = true;
      }
      tx.declared = declared;
      if (!tx.skip) {
        tx.mapper = new Claim837Mapper(
          declared,
          ctx,
          (claim) => {
            this.claims++;
            this.serviceLines += claim.lines.length;
            this.handlers.claim?.(claim);
          },
          report,
        );
      }
    } else if (st01 === '835') {
      tx.declared = '835';
      tx.mapper = new Remittance835Mapper(
        ctx,
        (r) => {
          this.remittances++;
          this.handlers.remittance?.(r);
        },
        report,
        seg,
      );
    } else {
      this.problem(
        'x12.transaction.unsupported',
        'warning',
        `Transaction set ${st01 === '' ? '(no ST01)' : st01} is not a claim (837) or remittance (835); it is skipped.`,
        seg,
        1,
      );
      tx.skip = true;
    }
    this.st = tx;
  }

  /**
   * A repeated ISA13 in one file: receivers reject an interchange whose control number they have seen (TA1 note
   * 025, duplicate interchange control number). Also resets what the interchange's groups are checked against.
   * @see ASC X12 005010 TR3 guides, Appendix B.1.1.3 (ISA13 interchange control number; TA1).
   */
  private noteInterchange(seg: SegmentView, control: string): void {
    if (control !== '' && this.interchangeControls.has(control))
      this.problem(
        'x12.envelope.duplicate-control',
        'error',
        `Interchange control number (ISA13) ${control} repeats that of an earlier interchange in this file.`,
        seg,
        13,
      );
    this.interchangeControls.add(control);
    this.groupControls.clear();
    this.transactionControls.clear();
    this.interchangeVersion = seg.element(12).trim();
  }

  /**
   * GS06 is unique within its interchange; GS08's version (its first five digits, "00501" of "005010X222A1") is
   * the interchange's ISA12.
   * @see ASC X12 005010 TR3 guides, Appendix B.1.1.3 (GS06, GS08, ISA12).
   */
  private noteGroup(seg: SegmentView, control: string): void {
    if (control !== '' && this.groupControls.has(control))
      this.problem(
        'x12.envelope.duplicate-control',
        'error',
        `Group control number (GS06) ${control} repeats that of an earlier group in this interchange.`,
        seg,
        6,
      );
    this.groupControls.add(control);
    this.transactionControls.clear();
    const gs08 = seg.element(8);
    const isa12 = this.isa !== undefined ? this.interchangeVersion : '';
    if (isa12 !== '' && /^\d{6}/.test(gs08) && gs08.substring(0, 5) !== isa12)
      this.problem(
        'x12.envelope.version-mismatch',
        'warning',
        `GS08 "${gs08}" is a ${gs08.substring(0, 6)} guide, but the interchange is version ${isa12} (ISA12).`,
        seg,
        8,
      );
  }

  /**
   * ST02 is 4–9 characters and unique within its group.
   * @see ASC X12 005010 TR3 guides, Appendix B.1.1.3 (ST02 transaction set control number, AN 4/9).
   */
  private noteTransaction(seg: SegmentView, control: string): void {
    if (control === '') return;
    if (control.length < 4 || control.length > 9)
      this.problem(
        'x12.element.invalid-length',
        'error',
        `Transaction set control number (ST02) "${control}" must be 4–9 characters.`,
        seg,
        2,
      );
    if (this.transactionControls.has(control))
      this.problem(
        'x12.envelope.duplicate-control',
        'error',
        `Transaction set control number (ST02) ${control} repeats that of an earlier transaction set in this group.`,
        seg,
        2,
      );
    this.transactionControls.add(control);
  }

  /** Ends the open transaction; `before` names what ended it when there was no SE ("the next ST", "the end of the file"). */
  private endTransaction(at: SegmentView | undefined, before?: string): void {
    const tx = this.st;
    if (!tx) return;
    this.st = undefined;
    if (before !== undefined && at)
      this.problem(
        'x12.envelope.unclosed',
        'error',
        `Transaction set ${tx.control} has no SE before ${before}.`,
        at,
      );
    tx.mapper?.finish();
    if (tx.mapper)
      for (const [kind, n] of tx.mapper.passedOver)
        this.passedOver.set(kind, (this.passedOver.get(kind) ?? 0) + n);
    if (tx.mapper && !tx.skip) {
      const type: TransactionType =
        tx.mapper instanceof Claim837Mapper
          ? ((tx.mapper.claimType ?? tx.declared ?? '837P') as TransactionType)
          : '835';
      const info: TransactionInfo = { type, version: tx.version, control: tx.control };
      this.transactions.push(info);
      this.handlers.transaction?.(info);
    }
  }

  private closeTransaction(seg: SegmentView): void {
    const tx = this.st;
    if (!tx) {
      this.problem('x12.envelope.unexpected', 'error', 'SE without an ST before it.', seg);
      return;
    }
    tx.segments++;
    const count = seg.element(1);
    if (count !== String(tx.segments)) {
      this.problem(
        'x12.envelope.count-mismatch',
        'error',
        `SE01 says ${count === '' ? 'nothing' : count} segments, but transaction set ${tx.control} has ${tx.segments} (ST through SE).`,
        seg,
        1,
      );
    }
    const control = seg.element(2);
    if (control !== tx.control) {
      this.problem(
        'x12.envelope.control-mismatch',
        'error',
        `SE02 "${control}" does not match ST02 "${tx.control}".`,
        seg,
        2,
      );
    }
    this.endTransaction(seg);
    this.outsideReported = false;
  }

  private closeGroup(seg: SegmentView): void {
    if (this.st) this.endTransaction(seg, 'GE');
    const gs = this.gs;
    if (!gs) {
      this.problem('x12.envelope.unexpected', 'error', 'GE without a GS before it.', seg);
      return;
    }
    this.gs = undefined;
    const count = seg.element(1);
    if (count !== String(gs.transactions)) {
      this.problem(
        'x12.envelope.count-mismatch',
        'error',
        `GE01 says ${count === '' ? 'nothing' : count} transaction sets, but group ${gs.control} has ${gs.transactions}.`,
        seg,
        1,
      );
    }
    if (seg.element(2) !== gs.control) {
      this.problem(
        'x12.envelope.control-mismatch',
        'error',
        `GE02 "${seg.element(2)}" does not match GS06 "${gs.control}".`,
        seg,
        2,
      );
    }
  }

  private closeInterchange(seg: SegmentView): void {
    if (this.st) this.endTransaction(seg, 'IEA');
    if (this.gs) {
      this.problem(
        'x12.envelope.unclosed',
        'error',
        `Functional group ${this.gs.control} has no GE before IEA.`,
        seg,
      );
      this.gs = undefined;
    }
    const isa = this.isa;
    if (!isa) {
      this.problem('x12.envelope.unexpected', 'error', 'IEA without an ISA before it.', seg);
      return;
    }
    this.isa = undefined;
    const count = seg.element(1);
    if (count !== String(isa.groups)) {
      this.problem(
        'x12.envelope.count-mismatch',
        'error',
        `IEA01 says ${count === '' ? 'nothing' : count} functional groups, but interchange ${isa.control} has ${isa.groups}.`,
        seg,
        1,
      );
    }
    if (seg.element(2) !== isa.control) {
      this.problem(
        'x12.envelope.control-mismatch',
        'error',
        `IEA02 "${seg.element(2)}" does not match ISA13 "${isa.control}".`,
        seg,
        2,
      );
    }
  }
}
