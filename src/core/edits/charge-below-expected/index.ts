/**
 * A drug line charged below what the payer would allow: payers pay the lower of the charge and their allowed
 * amount, so the difference is money left on the table. Expected = the ASP payment limit of the quarter in force
 * × the payer's percent × units (Medicare: 100 % of the limit, which is ASP + 6 %), or units × the payer's own rate
 * for a code it lists in `expectedPayment.rates` (a contract's per-code rates).
 * Not checked when no ASP release covers the date of service (reference-out-of-period says so), and not reported on
 * a line whose units another finding of the run calls wrong (`yieldsTo: 'units'`).
 * Not on a Medicare (fee-for-service) hospital outpatient bill paid under OPPS (12x, 13x, 14x): OPPS pays its rate
 * whatever the charge, so a low charge leaves nothing on the table; nor on a drug packaged under OPPS (status
 * indicator N) on any hospital outpatient bill: it has no payment of its own. Medicare Advantage plans (SBR09 16)
 * and commercial contracts that pay the lesser of the charge and a percent of ASP keep the check.
 * @see 42 CFR 419.2, 419.32 (OPPS pays the APC or drug rate); OPPS Addendum D1 (status indicator N: packaged)
 */
import { formatDollars, parseDecimal } from '../../money.ts';
import { percentMilli, productDivRound, unitsMilli, unitsTimesMillsToCents } from '../../recovery/arith.ts';
import { isPackagedOpps } from '../jw-jz.ts';
import { isOppsBill } from '../lines.ts';
import type { ClaimView, LineEdit } from '../types.ts';

/**
 * Medicare fee-for-service on an OPPS bill. A Medicare payer with SBR09 16 (a Medicare Advantage HMO) pays by its
 * contract, not by OPPS. @see X12 837I TR3 2000B SBR09 (MA/MB Medicare Part A/B, 16 Medicare HMO)
 */
function paidByOpps(claim: ClaimView): boolean {
  const c = claim.claim;
  return c.payer.kind === 'medicare' && c.subscriber?.claimFilingIndicator !== '16' && isOppsBill(c);
}

export const chargeBelowExpected: LineEdit = {
  id: 'charge-below-expected',
  title: 'Charge below the expected payment',
  severity: 'warning',
  scope: 'line',
  needs: ['reference', 'rules'],
  source: 'payer rules file: program.expectedPayment; CMS ASP Medicare Part B payment limit file (quarterly)',
  denials: [],
  fixes: [],
  // The allowed amount of units that another edit calls wrong (10× the MUE, an NDC quantity or dose that says
  // otherwise) is no money left on the table: telling the biller to raise the charge there would do harm.
  yieldsTo: 'units',
  lines: 'drug',
  check({ env, claim, line, report }) {
    const expected = claim.program.expectedPayment;
    const units = line.line.units;
    if (!expected || line.dos === null || !(units > 0) || !Number.isFinite(units) || paidByOpps(claim))
      return;
    const charge = line.line.chargeCents;
    // A code the payer pays at a rate of its own: units × that rate, as recovery prices a contract's per-code rate.
    const rate = expected.rates?.find((r) => r.codes.includes(line.code));
    const rateMills = rate === undefined ? undefined : parseDecimal(rate.ratePerUnit, 3);
    if (rate !== undefined) {
      if (rateMills === undefined || rateMills <= 0) return;
      const expectedCents = unitsTimesMillsToCents(units, rateMills);
      if (charge >= expectedCents || charge <= 0 || isPackagedOpps(claim, line, env.facts)) return;
      report({
        field: 'charge',
        message: `Line ${line.line.sequence} charges ${formatDollars(charge)} for ${units} unit(s) of ${line.code}; the payer would allow ${formatDollars(expectedCents)}, so ${formatDollars(expectedCents - charge)} is left on the table.`,
        why: `Payers pay the lower of the charge and the allowed amount. Allowed here: the payer's rate for ${line.code}, $${(rateMills / 1000).toFixed(3)} per unit, × ${units} unit(s).`,
        source: expected.source,
        data: { chargeCents: charge, expectedCents, ratePerUnitMills: rateMills },
      });
      return;
    }
    const asp = line.facts?.aspLimit;
    if (!asp || !asp.inForce || asp.value.paymentLimitMills === null) return;
    // One product, rounded once, as recovery prices a contract's percent of the ASP limit (src/core/recovery/
    // expected.ts): units (thousandths) × mills × percent (thousandths) ÷ 10^9 → cents, half up. Rounding the
    // per-unit rate to mills first is off by cents: 75 × $86.270 × 125 % = $8,087.8125 → $8,087.81, where
    // 75 × $107.838 (the rate rounded) = $8,087.85.
    const expectedCents = productDivRound(
      [unitsMilli(units), asp.value.paymentLimitMills, percentMilli(expected.percent)],
      1_000_000_000,
    );
    if (charge >= expectedCents || charge <= 0 || isPackagedOpps(claim, line, env.facts)) return;
    report({
      field: 'charge',
      message: `Line ${line.line.sequence} charges ${formatDollars(charge)} for ${units} unit(s) of ${line.code}; the payer would allow ${formatDollars(expectedCents)}, so ${formatDollars(expectedCents - charge)} is left on the table.`,
      why: `Payers pay the lower of the charge and the allowed amount. Allowed here: ${expected.percent} % of the ASP payment limit $${(asp.value.paymentLimitMills / 1000).toFixed(3)} per unit (${asp.source.label}) × ${units} unit(s).`,
      source: `${expected.source}; ${asp.source.label}`,
      data: {
        chargeCents: charge,
        expectedCents,
        paymentLimitMills: asp.value.paymentLimitMills,
        percent: expected.percent,
      },
    });
  },
};
