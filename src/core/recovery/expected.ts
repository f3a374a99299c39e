/**
 * What a drug line should have paid, in integer cents, step by step.
 *
 * Medicare Part B, physician office / professional claim (basis `medicare-asp`):
 *   fee        = round(units × ASP payment limit per unit of the quarter of the date of service)
 *   allowed    = min(billed charge, fee)                       — "lesser of" the actual charge and the limit
 *   deductible = the PR-1 amount the 835 applied to the line (capped at allowed)
 *   coinsurance= round((allowed − deductible) × coinsurance %) — the ASP file's column (20.000, or the reduced
 *                inflation-adjusted percentage for drugs with a Part B rebate, e.g. J9354 19.994)
 *   payment    = allowed − deductible − coinsurance            — 80% of (allowed − deductible) at 20%
 *   sequestration = round(payment × 2%)                         — CARC 253, by date of service (table below)
 *   expected   = payment − sequestration
 *   @see CMS ASP payment limit file (Section 508 CSV): "Payment Limit" per HCPCS dosage unit, already 106% of ASP
 *   (social security act §1847A(b)); "Co-insurance Percentage" column.
 *   @see Medicare Claims Processing Manual (Pub. 100-04) ch. 17 §20 (payment allowance limits for drugs and
 *   biologicals: the lower of the billed charge or the payment limit).
 *
 * Medicare OPPS, hospital outpatient 837I type of bill 13x (basis `medicare-opps`):
 *   fee        = round(units × Addendum B payment rate) for status indicator K (separately paid drug) or G
 *                (pass-through); N (packaged) expects 0. Any other indicator with a payment rate in Addendum B
 *                (S, T, V, J1, J2, Q1, Q2, Q3, R, U …: APC-paid services such as drug administration 96375) is
 *                priced the same way as an estimate (`estimate` set, `certain` false): the national unadjusted
 *                rate, which the hospital's wage index adjusts (labor-related share 60%), SI T's multiple-procedure
 *                discount and Q1/Q2/Q3 conditional packaging may lower. It caps a denial's recoverable dollars and is
 *                never compared with a payment (no underpayment). No payment rate (A, B, C, E1, M, Q4 …) → no
 *                expectation.
 *                @see 42 CFR 419.43 (adjustments to the national payment rate: wage index); OPPS Addendum D1.
 *   allowed    = fee (OPPS pays the rate, not the lesser of charges)
 *   coinsurance= round((allowed − deductible) × copayment per unit / payment rate), the copayment being the national
 *                unadjusted copayment or, for drug rows where that column is ".", the minimum unadjusted copayment
 *                (the inflation-adjusted "Adjusted Beneficiary Copayment" column is not in the reference model yet)
 *   then deductible, payment and sequestration as above.
 *   @see OPPS Addendum B (status indicator, payment rate, national unadjusted copayment).
 *
 * Commercial (basis `contract`): allowed = contract rate × units (or % of the ASP limit × units), lesser of the
 * charge unless the contract says otherwise; expected = allowed − the patient responsibility (group PR) the 835
 * reported on the line.
 *
 * Rounding: one rounding per named step, half away from zero, on exact integers (./arith.ts). The 2%
 * sequestration is computed as its own rounded amount and subtracted (it is reported that way, as CAS CO-253),
 * not as round(payment × 98%); the two differ by one cent when payment × 2% ends in exactly half a cent.
 */
import type { PayerKind } from '../claim/model.ts';
import { formatDollars } from '../money.ts';
import type { IsoDate } from '../reference/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import {
  formatMills,
  formatPercentMilli,
  mulDivRound,
  percentOf,
  productDivRound,
  unitsMilli,
  unitsTimesMillsToCents,
} from './arith.ts';
import type { OppsPackaging } from './classify.ts';
import { findContractRate, type Contract } from './contracts.ts';
import type { ExpectedPayment, ExpectedStep, NoExpectation, Tolerance } from './model.ts';

export type CareSetting = 'professional' | 'outpatient-hospital' | 'institutional-other';

export interface ExpectedInput {
  code: string;
  serviceDate: IsoDate;
  units: number;
  chargeCents: number;
  payer: { kind: PayerKind; id?: string | undefined; name?: string | undefined };
  setting: CareSetting;
  /** PR-1 deductible the 835 applied to the line. */
  deductibleCents: number;
  /** Every group-PR adjustment on the line (deductible, coinsurance, copay …), for contract payers. */
  patientResponsibilityCents: number;
}

export interface ExpectationContext {
  reference: ReferenceData;
  contracts: readonly Contract[];
}

/**
 * Medicare sequestration (the payment reduction reported with CARC 253), by date of service, in thousandths of
 * a percent.
 * @see Budget Control Act of 2011 (2% from 2013-04-01); CARES Act §3709 and later laws (suspended 2020-05-01 to
 * 2022-03-31); 1% from 2022-04-01 to 2022-06-30; 2% from 2022-07-01 (CMS MLN Connects announcements).
 */
export const SEQUESTRATION_PERIODS: readonly { from: IsoDate; to: IsoDate | null; pctMilli: number }[] = [
  { from: '2013-04-01', to: '2020-04-30', pctMilli: 2000 },
  { from: '2020-05-01', to: '2022-03-31', pctMilli: 0 },
  { from: '2022-04-01', to: '2022-06-30', pctMilli: 1000 },
  { from: '2022-07-01', to: null, pctMilli: 2000 },
];

export function sequestrationPercentMilli(date: IsoDate): number {
  for (const p of SEQUESTRATION_PERIODS)
    if (date >= p.from && (p.to === null || date <= p.to)) return p.pctMilli;
  return 0;
}

const DEFAULT_COINSURANCE_MILLI = 20_000;

/** Expected payment for one line, or why none can be computed. */
export function expectedPayment(
  input: ExpectedInput,
  ctx: ExpectationContext,
): ExpectedPayment | NoExpectation {
  const code = input.code.trim().toUpperCase();
  if (input.units <= 0) return { reason: `no units to price (${input.units})` };
  if (input.payer.kind === 'medicare') {
    if (input.setting === 'outpatient-hospital') return medicareOpps(input, code, ctx.reference);
    if (input.setting === 'professional') return medicareAsp(input, code, ctx.reference);
    return {
      reason:
        'institutional claim that is not hospital outpatient (type of bill 13x): no drug fee schedule modelled',
    };
  }
  const match = findContractRate(ctx.contracts, input.payer, code, input.serviceDate);
  if (match) return contractPayment(input, code, match.contract, match.rate, ctx.reference);
  return {
    reason: `no contract rate for ${input.payer.name ?? input.payer.id ?? 'this payer'} / ${code} on ${input.serviceDate}`,
  };
}

export function isNoExpectation(x: ExpectedPayment | NoExpectation): x is NoExpectation {
  return 'reason' in x;
}

function medicareTail(
  steps: ExpectedStep[],
  allowed: number,
  input: ExpectedInput,
  coinsurance: (base: number) => { cents: number; label: string },
): { payment: number; expected: number } {
  const deductible = Math.min(Math.max(0, input.deductibleCents), allowed);
  if (deductible > 0) steps.push({ label: 'deductible (PR-1 on the 835)', cents: deductible });
  const coins = coinsurance(allowed - deductible);
  steps.push({ label: coins.label, cents: coins.cents });
  const payment = allowed - deductible - coins.cents;
  steps.push({ label: 'payment before sequestration = allowed − deductible − coinsurance', cents: payment });
  const seqPct = sequestrationPercentMilli(input.serviceDate);
  const seq = percentOf(payment, seqPct);
  steps.push({ label: `sequestration ${formatPercentMilli(seqPct)} of payment (CARC 253)`, cents: seq });
  const expected = payment - seq;
  steps.push({ label: 'expected payment', cents: expected });
  return { payment, expected };
}

function medicareAsp(
  input: ExpectedInput,
  code: string,
  reference: ReferenceData,
): ExpectedPayment | NoExpectation {
  const limit = reference.aspLimit(code, input.serviceDate);
  if (!limit) return { reason: `no ASP payment limit for ${code} (as of ${input.serviceDate})` };
  const mills = limit.value.paymentLimitMills;
  if (mills === null) return { reason: `the ASP file gives no payment limit for ${code} (N/A)` };
  const steps: ExpectedStep[] = [];
  const fee = unitsTimesMillsToCents(input.units, mills);
  steps.push({
    label: `fee = ${input.units} units × ${formatMills(mills)} (${limit.source.label})`,
    cents: fee,
  });
  const allowed = Math.min(input.chargeCents, fee);
  steps.push({
    label: `allowed = lesser of charge ${formatDollars(input.chargeCents)} and fee`,
    cents: allowed,
  });
  const pct =
    limit.value.coinsurancePercent === null
      ? DEFAULT_COINSURANCE_MILLI
      : Math.round(limit.value.coinsurancePercent * 1000);
  const { expected } = medicareTail(steps, allowed, input, (base) => ({
    cents: percentOf(base, pct),
    label: `coinsurance ${formatPercentMilli(pct)} of (allowed − deductible)`,
  }));
  const notes: string[] = [];
  if (!limit.inForce)
    notes.push(
      limit.note ??
        `the ASP file in force on ${input.serviceDate} is not in the store; the nearest quarter was used`,
    );
  return {
    basis: 'medicare-asp',
    allowedCents: allowed,
    expectedCents: expected,
    steps,
    sources: [limit.source],
    certain: limit.inForce,
    notes,
  };
}

function medicareOpps(
  input: ExpectedInput,
  code: string,
  reference: ReferenceData,
): ExpectedPayment | NoExpectation {
  const rate = reference.opps(code, input.serviceDate);
  if (!rate) return { reason: `no OPPS Addendum B row for ${code} (as of ${input.serviceDate})` };
  const si = rate.value.statusIndicator.trim().toUpperCase();
  const notes: string[] = [];
  if (!rate.inForce)
    notes.push(
      rate.note ??
        `the OPPS Addendum B in force on ${input.serviceDate} is not in the store; the nearest update was used`,
    );
  if (si === 'N') {
    const steps = [
      { label: `status indicator N: packaged into the primary service, no separate payment`, cents: 0 },
    ];
    return {
      basis: 'medicare-opps',
      allowedCents: 0,
      expectedCents: 0,
      steps,
      sources: [rate.source],
      certain: rate.inForce,
      notes,
      statusIndicator: si,
    };
  }
  const rateMills =
    rate.value.paymentRateMills ??
    (rate.value.paymentRateCents === null ? null : rate.value.paymentRateCents * 10);
  const drug = si === 'K' || si === 'G';
  if (!drug && (rateMills === null || rateMills <= 0))
    return {
      reason: `OPPS status indicator ${si || '(blank)'} for ${code}: no payment rate in Addendum B`,
    };
  if (rateMills === null || rateMills <= 0) return { reason: `no OPPS payment rate for ${code}` };
  const estimate = drug ? undefined : apcEstimate(si, rate.value.apc);
  if (estimate !== undefined) notes.push(`estimate: ${estimate}`);
  const steps: ExpectedStep[] = [];
  const fee = unitsTimesMillsToCents(input.units, rateMills);
  steps.push({
    label: `fee = ${input.units} units × ${formatMills(rateMills)} (OPPS SI ${si}${drug ? '' : `, APC ${rate.value.apc || '-'}, national unadjusted rate`}, ${rate.source.label})`,
    cents: fee,
  });
  const allowed = fee;
  steps.push({ label: 'allowed = fee (OPPS pays the rate)', cents: allowed });
  // Drug rows of Addendum B leave the national unadjusted copayment empty (".") and give the 20% copayment in the
  // minimum unadjusted copayment column (J9173 Oct 2025: rate $85.120, minimum copayment $17.03); so do the APC
  // rows of the October 2025 file (96375: rate $46.140, minimum copayment $9.23).
  const copayCents = rate.value.nationalUnadjustedCopayCents ?? rate.value.minimumUnadjustedCopayCents;
  const { expected } = medicareTail(steps, allowed, input, (base) =>
    copayCents === null
      ? {
          cents: percentOf(base, DEFAULT_COINSURANCE_MILLI),
          label: 'coinsurance 20% of (allowed − deductible) (no copayment in Addendum B)',
        }
      : {
          cents: mulDivRound(base, copayCents * 10, rateMills),
          label: `coinsurance = (allowed − deductible) × copayment ${formatDollars(copayCents)} / rate`,
        },
  );
  return {
    basis: 'medicare-opps',
    allowedCents: allowed,
    expectedCents: expected,
    steps,
    sources: [rate.source],
    certain: rate.inForce && estimate === undefined,
    notes,
    statusIndicator: si,
    ...(estimate !== undefined ? { estimate } : {}),
  };
}

/**
 * Why an APC rate is only an estimate of what the line pays, by status indicator.
 * @see CMS OPPS Addendum D1 (status indicators); 42 CFR 419.43 (wage index adjustment of the national rate).
 */
function apcEstimate(si: string, apc: string): string {
  const base = `the national unadjusted OPPS rate (SI ${si}${apc ? `, APC ${apc}` : ''}), before the hospital's wage index adjusts its labor-related share (60%)`;
  switch (si) {
    case 'T':
      return `${base}; SI T procedures are discounted 50% when another T procedure is paid in full`;
    case 'Q1':
      return `${base}; SI Q1 is packaged when billed with an S, T or V service on the same date`;
    case 'Q2':
      return `${base}; SI Q2 is packaged when billed with a T service on the same date`;
    case 'Q3':
      return `${base}; SI Q3 is paid through a composite APC when billed with its other codes`;
    case 'J1':
      return `${base}; SI J1 is a comprehensive APC, whose one payment covers the claim's other services`;
    case 'J2':
      return `${base}; SI J2 may be paid through a comprehensive APC (observation) covering the claim's other services`;
    default:
      return base;
  }
}

/**
 * The line's code is packaged under OPPS on its date (status indicator N): what ./classify.ts `packagedUnderOpps`
 * needs, or undefined when the expectation says otherwise (another indicator, another basis, no expectation).
 */
export function oppsPackaging(e: ExpectedPayment | NoExpectation): OppsPackaging | undefined {
  if (isNoExpectation(e) || e.basis !== 'medicare-opps' || e.statusIndicator !== 'N') return undefined;
  const source = e.sources[0];
  if (source === undefined || !('releaseId' in source)) return undefined;
  return { statusIndicator: e.statusIndicator, source, certain: e.certain };
}

function contractPayment(
  input: ExpectedInput,
  code: string,
  contract: Contract,
  rate: Contract['rates'][number],
  reference: ReferenceData,
): ExpectedPayment | NoExpectation {
  const steps: ExpectedStep[] = [];
  const notes: string[] = [];
  const sources: ExpectedPayment['sources'] = [
    contract.file === undefined ? { contract: contract.id } : { contract: contract.id, file: contract.file },
  ];
  let certain = true;
  let fee: number;
  if (rate.ratePerUnitMills !== undefined) {
    fee = unitsTimesMillsToCents(input.units, rate.ratePerUnitMills);
    steps.push({
      label: `fee = ${input.units} units × ${formatMills(rate.ratePerUnitMills)} (contract ${contract.id})`,
      cents: fee,
    });
  } else {
    const pct = rate.percentOfAspLimitMilli ?? 0;
    const limit = reference.aspLimit(code, input.serviceDate);
    if (!limit || limit.value.paymentLimitMills === null)
      return {
        reason: `contract ${contract.id} pays a % of the ASP limit but ${code} has none on ${input.serviceDate}`,
      };
    const mills = limit.value.paymentLimitMills;
    // units × mills × pct / 100 000 (percent thousandths) / 10 (mills → cents), rounded once.
    fee = productDivRound([unitsMilli(input.units), mills, pct], 1_000_000_000);
    steps.push({
      label: `fee = ${input.units} units × ${formatMills(mills)} × ${formatPercentMilli(pct)} (contract ${contract.id}, ${limit.source.label})`,
      cents: fee,
    });
    sources.push(limit.source);
    if (!limit.inForce) {
      certain = false;
      notes.push(
        limit.note ??
          `the ASP file in force on ${input.serviceDate} is not in the store; the nearest quarter was used`,
      );
    }
  }
  const allowed = contract.lesserOfCharge ? Math.min(input.chargeCents, fee) : fee;
  steps.push({
    label: contract.lesserOfCharge ? 'allowed = lesser of charge and fee' : 'allowed = fee',
    cents: allowed,
  });
  const pr = Math.min(Math.max(0, input.patientResponsibilityCents), allowed);
  if (pr > 0) steps.push({ label: 'patient responsibility (group PR on the 835)', cents: pr });
  const expected = allowed - pr;
  steps.push({ label: 'expected payment', cents: expected });
  return {
    basis: 'contract',
    allowedCents: allowed,
    expectedCents: expected,
    steps,
    sources,
    certain,
    notes,
  };
}

/** The tolerance for a line: the larger of the absolute amount and the percentage of the expected payment. */
export function toleranceCents(expectedCents: number, tolerance: Tolerance): number {
  return Math.max(
    tolerance.cents,
    mulDivRound(Math.abs(expectedCents), Math.round(tolerance.percent * 1000), 100_000),
  );
}
