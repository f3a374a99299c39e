/**
 * What the 837 and 835 mappers share: the position of a segment in the file, and element reads that record a
 * missing or malformed value as a positioned problem and go on (errors are values; the mapper keeps reading).
 */
import type { Problem, Severity, SourcePosition } from '../../core/problem.ts';
import type { SegmentView } from './segment.ts';
import { whyNotANumber } from './values.ts';

/** Where a transaction set sits in the file (for positions and the canonical envelope). */
export interface TransactionContext {
  file?: string;
  version?: string;
  interchangeControl?: string;
  groupControl?: string;
  transactionControl?: string;
  /** The ISA's and GS's sender/receiver ids and flags, as `Claim.envelope` keeps them. */
  interchange?: InterchangeHeader;
  applicationSender?: string;
  applicationReceiver?: string;
}

/** ISA05–ISA08 (ids without their padding), ISA14 and ISA15. */
export interface InterchangeHeader {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  acknowledgmentRequested: string;
  usage: string;
}

/** A segment id as X12 spells them: 2–3 upper-case letters or digits. */
const validSegmentId = /^[A-Z0-9]{2,3}$/;

/** An element's name as the implementation guides write it: SV1 element 4 → "SV104". */
const elementName = (seg: SegmentView, n: number): string => `${seg.id}${String(n).padStart(2, '0')}`;

export abstract class SegmentMapper {
  protected readonly ctx: TransactionContext;
  protected readonly report: (problem: Problem) => void;
  /** The loop the mapper is in (e.g. "2400"), named in every position it reports. */
  protected loop = 'HEADER';
  /**
   * Segments read but not carried into the claims or remittances, by kind and loop ("PWK (2300)", "REF*D9 (2300)"):
   * what a conversion leaves out. Segments only; an element the model does not keep (CLM11, say) is not counted.
   */
  readonly passedOver = new Map<string, number>();

  constructor(ctx: TransactionContext, report: (problem: Problem) => void) {
    this.ctx = ctx;
    this.report = report;
  }

  /** The loop the mapper is in after the last segment it was given (for positions the reader reports). */
  get currentLoop(): string {
    return this.loop;
  }

  /**
   * Counts `seg` in `passedOver`, under its id and, with `qualified`, its first element ("REF*D9"). A segment
   * whose id is unreadable (reported by the scanner) is counted as such, not under its garbled id.
   */
  protected passOver(seg: SegmentView, qualified = false): void {
    if (seg.tag === 0 && !validSegmentId.test(seg.id))
      return this.countPassedOver('segment with an invalid id');
    this.countPassedOver(qualified ? `${seg.id}*${seg.element(1)}` : seg.id);
  }

  protected countPassedOver(kind: string): void {
    const key = `${kind} (${this.loop})`;
    this.passedOver.set(key, (this.passedOver.get(key) ?? 0) + 1);
  }

  protected at(seg: SegmentView, element?: number, loop = this.loop): SourcePosition {
    const at: SourcePosition = { segmentIndex: seg.index, segmentId: seg.id, line: seg.line, loop };
    if (this.ctx.file !== undefined) at.file = this.ctx.file;
    if (element !== undefined) at.element = element;
    return at;
  }

  protected problem(
    code: string,
    severity: Severity,
    message: string,
    seg: SegmentView,
    element?: number,
    loop?: string,
  ): void {
    this.report({ code, severity, message, at: this.at(seg, element, loop) });
  }

  /** Element n; an empty one is reported as required. */
  protected required(seg: SegmentView, n: number, name: string): string {
    const v = seg.element(n);
    if (v === '')
      this.problem('x12.element.required', 'error', `${name} (${elementName(seg, n)}) is required.`, seg, n);
    return v;
  }

  /** Element n as integer cents (R 1/18); an empty (when required) or non-numeric value is reported. */
  protected cents(seg: SegmentView, n: number, name: string, required: boolean): number | undefined {
    const c = seg.cents(n);
    return c !== undefined ? c : this.notANumber(seg, n, name, required, 'amount');
  }

  /** Element n as a quantity (R 1/15); an empty (when required), non-numeric or too long value is reported. */
  protected number(seg: SegmentView, n: number, name: string, required: boolean): number | undefined {
    const q = seg.number(n);
    return q !== undefined ? q : this.notANumber(seg, n, name, required, 'quantity');
  }

  private notANumber(
    seg: SegmentView,
    n: number,
    name: string,
    required: boolean,
    kind: 'quantity' | 'amount',
  ): undefined {
    const v = seg.element(n);
    if (v !== '') {
      this.problem(
        'x12.element.invalid-number',
        'error',
        `${name} (${elementName(seg, n)}) "${v}" ${whyNotANumber(v, kind)}.`,
        seg,
        n,
      );
    } else if (required) {
      this.problem('x12.element.required', 'error', `${name} (${elementName(seg, n)}) is required.`, seg, n);
    }
    return undefined;
  }
}
