/**
 * 835 (005010X221A1) transaction sets → canonical remittances, one segment at a time.
 *
 * Header (BPR payment, TRN trace, DTM*405 production date), 1000A payer (N1*PR), 1000B payee (N1*PE), then per
 * claim loop 2100 (CLP, CAS, NM1, MIA/MOA, DTM, AMT) with its service lines 2110 (SVC, DTM, CAS, REF*6R, AMT*B6,
 * LQ*HE), and PLB provider adjustments at the end. One remittance per ST…SE, handed out at SE.
 * @see ASC X12 005010X221A1 (835) TR3, section 2.4; CAS: up to six reason/amount/quantity triplets per segment;
 * PLB: up to six reason/amount pairs, the reason a composite (code:reference).
 */
import type {
  Adjustment,
  Party,
  ProviderAdjustment,
  Remittance,
  RemittanceClaim,
  RemittanceServiceLine,
  Procedure,
} from '../../core/claim/model.ts';
import type { Problem, SourcePosition } from '../../core/problem.ts';
import { SegmentMapper, type TransactionContext } from './mapper.ts';
import { segmentTag } from './segment.ts';
import type { SegmentView } from './segment.ts';
import { x12Number } from './values.ts';

/** Tags of the segments the mapper reads (see `segment`). */
const tag = {
  BPR: segmentTag('BPR'),
  TRN: segmentTag('TRN'),
  DTM: segmentTag('DTM'),
  N1: segmentTag('N1'),
  N3: segmentTag('N3'),
  N4: segmentTag('N4'),
  REF: segmentTag('REF'),
  LX: segmentTag('LX'),
  CLP: segmentTag('CLP'),
  CAS: segmentTag('CAS'),
  NM1: segmentTag('NM1'),
  MIA: segmentTag('MIA'),
  MOA: segmentTag('MOA'),
  SVC: segmentTag('SVC'),
  AMT: segmentTag('AMT'),
  LQ: segmentTag('LQ'),
  PLB: segmentTag('PLB'),
} as const;

/**
 * CLP02 claim status codes the 835 guide allows: 1–3 processed as primary/secondary/tertiary, 4 denied, 19–21 the
 * same and forwarded to additional payer(s), 22 reversal of previous payment, 23 not our claim (forwarded), 25
 * predetermination pricing only. Element 1029 has more (5 pended, 27 reviewed…), which the guide leaves out.
 * @see ASC X12 005010X221A1 loop 2100 CLP02; X12 RFI #457 (code 5 was removed from the 4050 and 5010 835 guides).
 */
const claimStatusCodes = new Set(['1', '2', '3', '4', '19', '20', '21', '22', '23', '25']);

/** A NUBC revenue code: four digits (a leading zero is sometimes dropped, so three are taken too). */
function isRevenueCode(code: string): boolean {
  return /^\d{3,4}$/.test(code);
}

export class Remittance835Mapper extends SegmentMapper {
  private readonly emit: (remittance: Remittance) => void;
  private readonly remittance: Remittance;
  private claim: RemittanceClaim | undefined;
  private line: RemittanceServiceLine | undefined;
  private party: Party | undefined;
  private sawBpr = false;
  private sawTrn = false;
  /** Whether the header's required segments have been checked (once per transaction set, see `checkHeader`). */
  private headerChecked = false;
  /** The ST: where a segment missing from the header is reported (the loop it opens). */
  private readonly headerAt: SourcePosition;

  constructor(
    ctx: TransactionContext,
    emit: (remittance: Remittance) => void,
    report: (problem: Problem) => void,
    start: SegmentView,
  ) {
    super(ctx, report);
    this.emit = emit;
    const env: NonNullable<Remittance['envelope']> = {};
    if (ctx.interchangeControl !== undefined) env.interchangeControl = ctx.interchangeControl;
    if (ctx.groupControl !== undefined) env.groupControl = ctx.groupControl;
    if (ctx.transactionControl !== undefined) env.transactionControl = ctx.transactionControl;
    if (ctx.version !== undefined) env.version = ctx.version;
    this.headerAt = this.at(start, undefined, 'HEADER');
    this.remittance = {
      format: '835',
      envelope: env,
      payer: {},
      payee: {},
      payment: { amountCents: 0 },
      claims: [],
      providerAdjustments: [],
      position: { ...this.headerAt },
    };
  }

  private date(seg: SegmentView, n: number): string | undefined {
    const d = seg.date(n);
    if (d !== undefined) return d;
    const v = seg.element(n);
    if (v !== '')
      this.problem(
        'x12.element.invalid-date',
        'error',
        `"${v}" is not a valid date (${seg.id}${String(n).padStart(2, '0')}).`,
        seg,
        n,
      );
    return undefined;
  }

  /** Segment → handler; segments not listed carry nothing the remittance keeps. A switch, as in the 837 mapper. */
  segment(seg: SegmentView): void {
    switch (seg.tag) {
      case tag.BPR:
        return this.bpr(seg);
      case tag.TRN:
        return this.trn(seg);
      case tag.DTM:
        return this.dtm(seg);
      case tag.N1:
        return this.n1(seg);
      case tag.N3:
      case tag.N4:
        return this.address(seg);
      case tag.REF:
        return this.ref(seg);
      case tag.LX:
        this.flushClaim();
        this.loop = '2000';
        return;
      case tag.CLP:
        return this.clp(seg);
      case tag.CAS:
        return this.cas(seg);
      case tag.NM1:
        return this.nm1(seg);
      case tag.MIA:
        return this.remarks(seg, [5, 20, 21, 22, 23]);
      case tag.MOA:
        return this.remarks(seg, [3, 4, 5, 6, 7]);
      case tag.SVC:
        return this.svc(seg);
      case tag.AMT:
        return this.amt(seg);
      case tag.LQ:
        return this.lq(seg);
      case tag.PLB:
        return this.plb(seg);
      default:
        return this.passOver(seg);
    }
  }

  private trn(seg: SegmentView): void {
    if (this.loop !== 'HEADER') return this.passOver(seg);
    this.sawTrn = true;
    const trace = this.required(seg, 2, 'Check or EFT trace number');
    if (trace !== '') this.remittance.payment.traceNumber = trace;
  }

  /**
   * BPR and TRN are required in the header: BPR says what was paid, TRN02 is the check or EFT number that ties the
   * remittance to the money. Checked once per transaction set, at its first claim or at its end, and reported at
   * the ST (the segment that opens the header), so a claim is not blamed for the file's header.
   * @see ASC X12 005010X221A1 table 1 (header): BPR and TRN are Required, max use 1.
   */
  private checkHeader(): void {
    if (this.headerChecked) return;
    this.headerChecked = true;
    if (!this.sawBpr)
      this.missingFromHeader(
        'BPR (financial information) in the 835 header is required but not found (it comes before the first claim): the payment amount, method and date are not known.',
      );
    if (!this.sawTrn)
      this.missingFromHeader(
        'TRN (reassociation trace number) in the 835 header is required but not found: the payment has no check or EFT trace number (TRN02) to match it by.',
      );
  }

  private missingFromHeader(message: string): void {
    this.report({ code: 'x12.loop.required-segment', severity: 'error', message, at: { ...this.headerAt } });
  }

  /**
   * LQ01 names the code list of LQ02: HE a remittance advice remark code (kept in `remarkCodes`), RX an NCPDP
   * reject/payment code (the model has no place for it: passed over, so `convert` lists it as not carried). Under
   * any other qualifier the code's meaning is unknown: reported with the code it held, which is not kept.
   * @see ASC X12 005010X221A1 loop 2110 LQ01 (HE, RX) and LQ02.
   */
  private lq(seg: SegmentView): void {
    if (!this.line) return this.passOver(seg, true);
    const list = seg.element(1);
    const code = seg.element(2);
    if (list === 'HE') {
      if (code !== '') this.line.remarkCodes.push(code);
      else this.problem('x12.element.required', 'error', 'Remark code (LQ02) is required.', seg, 2);
      return;
    }
    this.passOver(seg, true);
    if (list === 'RX') return;
    // Warnings, as CLP02's: one odd remark line must not keep the claim's payments out of recovery.
    const notKept = code === '' ? '' : ` Its code "${code}" was not read.`;
    if (list === '')
      this.problem(
        'x12.element.required',
        'warning',
        `Code list qualifier (LQ01) is required (HE remark code, RX NCPDP reject/payment code).${notKept}`,
        seg,
        1,
      );
    else
      this.problem(
        'x12.element.invalid-code',
        'warning',
        `LQ01 "${list}" is not a remark code list (HE remittance advice remark code, RX NCPDP reject/payment code).${notKept}`,
        seg,
        1,
      );
  }

  finish(): void {
    this.flushClaim();
    this.checkHeader();
    this.emit(this.remittance);
  }

  private bpr(seg: SegmentView): void {
    this.sawBpr = true;
    const p = this.remittance.payment;
    const handling = seg.element(1);
    if (handling !== '') p.handling = handling;
    p.amountCents = this.cents(seg, 2, 'Total actual provider payment amount', true) ?? 0;
    const cd = seg.element(3);
    if (cd !== '') p.creditDebit = cd;
    const method = seg.element(4);
    if (method !== '') p.method = method;
    const date = this.date(seg, 16);
    if (date !== undefined) p.date = date;
    else if (seg.element(16) === '')
      this.problem('x12.element.required', 'error', 'Payment effective date (BPR16) is required.', seg, 16);
  }

  private dtm(seg: SegmentView): void {
    const q = seg.element(1);
    if (this.line) {
      if (q === '472' || q === '150' || q === '151') {
        const d = this.date(seg, 2);
        if (d !== undefined) {
          if (q === '151') this.line.serviceDateTo = d;
          else this.line.serviceDate = d;
        }
      } else this.passOver(seg, true);
      return;
    }
    if (this.claim) {
      if (q !== '232' && q !== '233' && q !== '050') return this.passOver(seg, true);
      const d = this.date(seg, 2);
      if (d === undefined) return;
      if (q === '232') this.claim.statementFrom = d;
      else if (q === '233') this.claim.statementTo = d;
      else this.claim.receivedDate = d;
      return;
    }
    if (q === '405') {
      const d = this.date(seg, 2);
      if (d !== undefined) this.remittance.productionDate = d;
    } else this.passOver(seg, true);
  }

  private n1(seg: SegmentView): void {
    if (this.claim) return this.passOver(seg, true);
    const code = seg.element(1);
    const party: Party = {};
    const name = seg.element(2);
    if (name !== '') party.name = name;
    const q = seg.element(3);
    const id = seg.element(4);
    if (id !== '') {
      if (q === 'XX') party.npi = id;
      else if (q === 'FI') party.tin = id;
      else party.id = id;
    }
    if (code === 'PR') {
      this.loop = '1000A';
      this.remittance.payer = party;
      this.party = party;
    } else if (code === 'PE') {
      this.loop = '1000B';
      this.remittance.payee = party;
      this.party = party;
    } else {
      this.party = undefined;
      this.passOver(seg, true);
    }
  }

  private address(seg: SegmentView): void {
    if (this.claim || !this.party) return this.passOver(seg);
    const a = (this.party.address ??= {});
    if (seg.id === 'N3') {
      if (seg.element(1) !== '') a.line1 = seg.element(1);
      if (seg.element(2) !== '') a.line2 = seg.element(2);
    } else {
      if (seg.element(1) !== '') a.city = seg.element(1);
      if (seg.element(2) !== '') a.state = seg.element(2);
      if (seg.element(3) !== '') a.postalCode = seg.element(3);
    }
  }

  private ref(seg: SegmentView): void {
    const q = seg.element(1);
    const v = seg.element(2);
    if (this.line) {
      if (q === '6R') {
        if (v !== '') this.line.lineItemControlNumber = v;
      } else this.passOver(seg, true);
      return;
    }
    if (!this.claim && this.loop === '1000B' && q === 'TJ') {
      if (v !== '') this.remittance.payee.tin = v;
    } else this.passOver(seg, true);
  }

  private clp(seg: SegmentView): void {
    this.flushClaim();
    this.checkHeader();
    this.loop = '2100';
    const pcn = seg.element(1);
    if (pcn === '')
      this.problem('x12.element.required', 'error', 'Patient control number (CLP01) is required.', seg, 1);
    // An unknown status is kept as sent and reported, a warning: the claim reads whole, and recovery still stores its
    // payments and adjustments (an error inside a claim would keep the whole claim out: core/recovery/integrity.ts).
    const status = seg.element(2);
    if (status === '')
      this.problem('x12.element.required', 'error', 'Claim status code (CLP02) is required.', seg, 2);
    else if (!claimStatusCodes.has(status))
      this.problem(
        'x12.element.invalid-code',
        'warning',
        `CLP02 "${status}" is not a claim status code (1–4, 19–23, 25).`,
        seg,
        2,
      );
    const claim: RemittanceClaim = {
      patientControlNumber: pcn,
      status,
      chargeCents: this.cents(seg, 3, 'Total claim charge amount', true) ?? 0,
      paidCents: this.cents(seg, 4, 'Claim payment amount', true) ?? 0,
      patientResponsibilityCents: this.cents(seg, 5, 'Patient responsibility amount', false) ?? 0,
      adjustments: [],
      remarkCodes: [],
      serviceLines: [],
      position: this.at(seg),
    };
    const filing = seg.element(6);
    if (filing !== '') claim.claimFilingIndicator = filing;
    const pccn = seg.element(7);
    if (pccn !== '') claim.payerClaimControlNumber = pccn;
    const facility = seg.element(8);
    if (facility !== '') claim.facilityCode = facility;
    const freq = seg.element(9);
    if (freq !== '') claim.frequencyCode = freq;
    this.claim = claim;
  }

  private cas(seg: SegmentView): void {
    const into = this.line?.adjustments ?? this.claim?.adjustments;
    if (!into) {
      this.problem(
        'x12.segment.out-of-place',
        'error',
        'CAS (adjustment) outside a claim or service line.',
        seg,
      );
      return;
    }
    const group = seg.element(1);
    if (group === '')
      this.problem(
        'x12.element.required',
        'error',
        'Claim adjustment group code (CAS01) is required.',
        seg,
        1,
      );
    else if (group !== 'CO' && group !== 'PR' && group !== 'OA' && group !== 'PI' && group !== 'CR')
      this.problem(
        'x12.element.invalid-code',
        'error',
        `CAS01 "${group}" is not an adjustment group (CO, PR, OA, PI, CR).`,
        seg,
        1,
      );
    let triplets = 0;
    for (let i = 2; i <= 17; i += 3) {
      const carc = seg.element(i);
      if (carc === '') {
        if (seg.element(i + 1) !== '')
          this.problem(
            'x12.element.required',
            'error',
            `Adjustment reason code (CAS${String(i).padStart(2, '0')}) is required with an amount.`,
            seg,
            i,
          );
        continue;
      }
      triplets++;
      const adj: Adjustment = {
        group,
        carc,
        amountCents: this.cents(seg, i + 1, 'Adjustment amount', true) ?? 0,
      };
      const q = seg.element(i + 2);
      if (q !== '') {
        const n = x12Number(q);
        if (n === undefined)
          this.problem(
            'x12.element.invalid-number',
            'error',
            `Adjustment quantity (CAS${String(i + 2).padStart(2, '0')}) "${q}" is not a number.`,
            seg,
            i + 2,
          );
        else adj.quantity = n;
      }
      into.push(adj);
    }
    if (triplets === 0)
      this.problem('x12.element.required', 'error', 'Adjustment reason code (CAS02) is required.', seg, 2);
  }

  private nm1(seg: SegmentView): void {
    if (!this.claim || this.line || seg.element(1) !== 'QC') return this.passOver(seg, true);
    const p: NonNullable<RemittanceClaim['patient']> = {};
    const last = seg.element(3);
    const first = seg.element(4);
    const id = seg.element(9);
    if (last !== '') p.lastName = last;
    if (first !== '') p.firstName = first;
    if (id !== '') p.memberId = id.trim();
    this.claim.patient = p;
  }

  private remarks(seg: SegmentView, positions: number[]): void {
    if (!this.claim || this.line) return this.passOver(seg);
    for (const n of positions) {
      const code = seg.element(n);
      if (code !== '') this.claim.remarkCodes.push(code);
    }
  }

  private procedure(seg: SegmentView, n: number): Procedure {
    const parts = seg.components(n);
    const p: Procedure = { qualifier: parts[0] ?? '', code: parts[1] ?? '', modifiers: [] };
    for (let i = 2; i < 6 && i < parts.length; i++) if (parts[i] !== '') p.modifiers.push(parts[i] as string);
    const description = parts[6];
    if (description !== undefined && description !== '') p.description = description;
    return p;
  }

  private svc(seg: SegmentView): void {
    if (!this.claim) {
      this.problem(
        'x12.segment.out-of-place',
        'error',
        'SVC (service payment) outside a claim (no CLP before it).',
        seg,
      );
      return;
    }
    this.flushLine();
    this.loop = '2110';
    const procedure = this.procedure(seg, 1);
    if (procedure.code === '')
      this.problem('x12.element.required', 'error', 'Procedure code (SVC01-2) is required.', seg, 1);
    const line: RemittanceServiceLine = {
      procedure,
      chargeCents: this.cents(seg, 2, 'Line item charge amount', true) ?? 0,
      paidCents: this.cents(seg, 3, 'Line item provider payment amount', true) ?? 0,
      adjustments: [],
      remarkCodes: [],
      position: this.at(seg),
    };
    // SVC01-1 NU: the line was adjudicated on a revenue code alone; N4: on an NDC. SVC04 is a revenue code sent
    // beside the procedure in SVC01. @see 005010X221A1 2110 SVC01-1 (HC, NU, N4…) and SVC04 (NUBC revenue code).
    if (procedure.qualifier === 'NU' && procedure.code !== '') line.revenueCode = procedure.code;
    else if (procedure.qualifier === 'N4' && procedure.code !== '') line.ndc = procedure.code;
    const rev = seg.element(4);
    if (rev !== '') {
      if (isRevenueCode(rev)) line.revenueCode = rev;
      else
        this.problem(
          'x12.element.invalid-code',
          'error',
          `SVC04 "${rev}" is not a revenue code (4 digits, e.g. 0636).`,
          seg,
          4,
        );
    }
    const units = seg.element(5);
    if (units !== '') {
      const n = x12Number(units);
      if (n === undefined)
        this.problem(
          'x12.element.invalid-number',
          'error',
          `Units of service paid (SVC05) "${units}" is not a number.`,
          seg,
          5,
        );
      else line.units = n;
    }
    if (seg.element(6) !== '') line.originalProcedure = this.procedure(seg, 6);
    const orig = seg.element(7);
    if (orig !== '') {
      const n = x12Number(orig);
      if (n === undefined)
        this.problem(
          'x12.element.invalid-number',
          'error',
          `Original units of service (SVC07) "${orig}" is not a number.`,
          seg,
          7,
        );
      else line.originalUnits = n;
    }
    this.line = line;
  }

  private amt(seg: SegmentView): void {
    if (this.line && seg.element(1) === 'B6') {
      const c = this.cents(seg, 2, 'Allowed amount', true);
      if (c !== undefined) this.line.allowedCents = c;
    } else this.passOver(seg, true);
  }

  private plb(seg: SegmentView): void {
    this.flushClaim();
    this.loop = 'PLB';
    const providerId = seg.element(1);
    if (providerId === '')
      this.problem('x12.element.required', 'error', 'Provider identifier (PLB01) is required.', seg, 1);
    const fiscal = seg.element(2);
    const fiscalDate = fiscal === '' ? undefined : this.date(seg, 2);
    let pairs = 0;
    for (let i = 3; i <= 13; i += 2) {
      const reason = seg.element(i);
      if (reason === '') continue;
      pairs++;
      const parts = seg.components(i);
      const adj: ProviderAdjustment = {
        providerId,
        reasonCode: parts[0] ?? '',
        amountCents: this.cents(seg, i + 1, 'Provider adjustment amount', true) ?? 0,
      };
      const ref = parts[1];
      if (ref !== undefined && ref !== '') adj.reference = ref;
      if (fiscalDate !== undefined) adj.fiscalPeriodDate = fiscalDate;
      this.remittance.providerAdjustments.push(adj);
    }
    if (pairs === 0)
      this.problem('x12.element.required', 'error', 'Adjustment reason code (PLB03) is required.', seg, 3);
  }

  private flushLine(): void {
    if (this.line && this.claim) this.claim.serviceLines.push(this.line);
    this.line = undefined;
  }

  private flushClaim(): void {
    this.flushLine();
    if (this.claim) this.remittance.claims.push(this.claim);
    this.claim = undefined;
  }
}
