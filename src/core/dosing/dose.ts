/**
 * Dose text → an exact amount of drug. Flat ("1500 mg", "0.5 g", "400 mcg"), per weight ("1.8 mg/kg"), per body
 * surface area ("375 mg/m2", Mosteller by default, Du Bois on request) and carboplatin by AUC (Calvert). Every
 * step that changes a number is recorded as a rule with its source.
 */
import type { MeasureUnit } from '../reference/model.ts';
import type { Problem } from '../problem.ts';
import {
  add,
  beyondExact,
  div,
  fromNumber,
  gt,
  isPositive,
  mul,
  parseRational,
  ratio,
  roundTo,
  sqrtRounded,
  sub,
  toDecimalString,
  lte,
  type Rational,
} from './rational.ts';
import {
  convert,
  formatQuantity,
  parseQuantity,
  parseUnitWord,
  unitKind,
  unitSymbol,
  type Quantity,
} from './quantity.ts';
import { applied, problem, type RuleApplied } from './rules.ts';

export type DoseBasis = 'flat' | 'per-kg' | 'per-m2' | 'auc';

/** A parsed dose order. `amount`/`unit` are per kg or per m² for those bases; `auc` is mg/mL·min. */
export type DoseSpec =
  | { basis: 'flat' | 'per-kg' | 'per-m2'; amount: Rational; unit: MeasureUnit; text: string }
  | { basis: 'auc'; auc: Rational; text: string };

export type BsaFormula = 'mosteller' | 'dubois';

export type Sex = 'F' | 'M';

/** What the dose may depend on. All optional: the resolver says which one is missing. */
export interface PatientMeasures {
  /** Weight in kg (exact), and how it was written. */
  weightKg?: Rational;
  weightText?: string;
  heightCm?: Rational;
  heightText?: string;
  /** A BSA the caller already has (m²); wins over height+weight. */
  bsaM2?: Rational;
  bsaFormula?: BsaFormula;
  /** Glomerular filtration rate / creatinine clearance in mL/min, for the Calvert formula. */
  gfrMlMin?: Rational;
  /** Cockcroft-Gault inputs, used when no GFR is given. */
  serumCreatinineMgDl?: Rational;
  ageYears?: Rational;
  sex?: Sex;
}

export interface ResolvedDose {
  /** The dose as an amount, in the unit it was written in (mg for AUC). */
  amount: Quantity;
  spec: DoseSpec;
  /** Derived measures that were used, for display. */
  weightKg?: Rational;
  bsaM2?: Rational;
  gfrMlMin?: Rational;
  rules: RuleApplied[];
  problems: Problem[];
}

const NUM = String.raw`[+-]?(?:\d[\d,]*)?(?:\.\d+)?`;
const DOSE_RE = new RegExp(
  String.raw`^\s*(${NUM})\s*([a-zA-Zµμ.]+(?:\s+units?)?)\s*(?:/\s*(kg|m2|m²|m\^2|sq\.?\s*m|lb|lbs))?\s*$`,
  'i',
);
const AUC_RE = new RegExp(
  String.raw`^\s*(?:auc\s*[=:]?\s*(${NUM})(?:\s*mg\s*/\s*ml\s*[·*x.]?\s*min)?|(${NUM})\s*auc)\s*$`,
  'i',
);

/** Parses a dose order. Returns a problem (never throws) when the text is not a dose. */
export function parseDose(text: string): { ok: true; value: DoseSpec } | { ok: false; problem: Problem } {
  const auc = AUC_RE.exec(text);
  if (auc) {
    const value = parseRational(auc[1] ?? auc[2] ?? '');
    if (value && beyondExact(value)) return { ok: false, problem: doseTooLarge(text) };
    if (value && isPositive(value))
      return { ok: true, value: { basis: 'auc', auc: value, text: text.trim() } };
  }
  const m = DOSE_RE.exec(text);
  const amount = m?.[1] ? parseRational(m[1]) : undefined;
  const unit = m?.[2] ? parseUnitWord(m[2]) : undefined;
  if (!m || !amount || !unit) {
    return {
      ok: false,
      problem: problem(
        'dose.unparsed',
        `"${text}" is not a dose: write an amount and a unit, e.g. "1500 mg", "1.8 mg/kg", "375 mg/m2" or "AUC 5"`,
        { text },
      ),
    };
  }
  if (!isPositive(amount))
    return {
      ok: false,
      problem: problem('dose.not-positive', `the dose must be more than zero (got "${text}")`, { text }),
    };
  if (beyondExact(amount)) return { ok: false, problem: doseTooLarge(text) };
  const per = m[3]?.toLowerCase().replace(/\s+/g, '');
  if (per === 'lb' || per === 'lbs') {
    // A dose per pound is converted to per kg exactly: x mg/lb = x / 0.45359237 mg/kg.
    return { ok: true, value: { basis: 'per-kg', amount: div(amount, LB_IN_KG), unit, text: text.trim() } };
  }
  const basis = per === undefined ? 'flat' : per === 'kg' ? 'per-kg' : 'per-m2';
  return { ok: true, value: { basis, amount, unit, text: text.trim() } };
}

/** The largest number drugclaim takes, as the messages write it. @see MAX_EXACT_INTEGER */
export const EXACT_LIMIT_TEXT =
  '9,007,199,254,740,991 (2^53 − 1), the largest whole number JavaScript and JSON numbers hold exactly';

function doseTooLarge(text: string): Problem {
  return problem(
    'dose.too-large',
    `the dose "${text.trim()}" is too large: its amount is above ${EXACT_LIMIT_TEXT}`,
    {
      text,
      limit: Number.MAX_SAFE_INTEGER,
    },
  );
}

/** A measure whose number is past MAX_EXACT_INTEGER: refused, as Du Bois and the outputs read it as a JS number. */
function measureTooLarge(what: string, text: string): { ok: false; problem: Problem } {
  return {
    ok: false,
    problem: problem(
      'measure.unparsed',
      `${what} "${text.trim()}" is too large: its number is above ${EXACT_LIMIT_TEXT}`,
      {
        text,
        limit: Number.MAX_SAFE_INTEGER,
      },
    ),
  };
}

/** @see SOURCES.nistPound — the international avoirdupois pound. */
export const LB_IN_KG: Rational = ratio(45359237n, 100000000n);
const INCH_IN_CM: Rational = ratio(254n, 100n);

type MeasureParse = { ok: true; value: Rational; rules: RuleApplied[] } | { ok: false; problem: Problem };

/** A positive number written without a unit ("80"): `data.missingUnit` on the refusal, so a caller that does not need
 * the measure (a flat dose) can set it aside instead of refusing the whole request. */
function bareNumber(text: string): boolean {
  const n = new RegExp(String.raw`^\s*(${NUM})\s*$`).exec(text)?.[1];
  const v = n ? parseRational(n) : undefined;
  return v !== undefined && isPositive(v);
}

/** "80kg", "80 kg", "176 lb", "176lbs", "80000 g" → kg (exact). A bare number is refused: kg or lb must be said. */
export function parseWeight(text: string): MeasureParse {
  const m = new RegExp(
    String.raw`^\s*(${NUM})\s*(kg|kgs|kilograms?|lb|lbs|pounds?|#|g|grams?)\s*$`,
    'i',
  ).exec(text);
  const amount = m?.[1] ? parseRational(m[1]) : undefined;
  if (!m || !amount || !isPositive(amount)) {
    return {
      ok: false,
      problem: problem(
        'measure.unparsed',
        m && amount
          ? `weight "${text}" must be more than zero`
          : `weight "${text}" not understood: write it with its unit, e.g. "80kg" or "176lb"`,
        bareNumber(text) ? { text, missingUnit: true } : { text },
      ),
    };
  }
  if (beyondExact(amount)) return measureTooLarge('weight', text);
  const unit = (m[2] ?? '').toLowerCase();
  if (unit.startsWith('k')) return { ok: true, value: amount, rules: [] };
  if (unit.startsWith('g')) return { ok: true, value: div(amount, ratio(1000n)), rules: [] };
  const kg = mul(amount, LB_IN_KG);
  return {
    ok: true,
    value: kg,
    rules: [
      applied('dose.lb-to-kg', `${toDecimalString(amount)} lb × 0.45359237 = ${toDecimalString(kg, 4)} kg`),
    ],
  };
}

/** "180cm", "1.8 m", "71in", "71\"", "5ft 11in", "5'11\"" → cm (exact). */
export function parseHeight(text: string): MeasureParse {
  const t = text.trim();
  const ftIn = new RegExp(
    String.raw`^(${NUM})\s*(?:ft|feet|foot|')\s*(?:(${NUM})\s*(?:in|inch|inches|"|'')?)?$`,
    'i',
  ).exec(t);
  if (ftIn?.[1]) {
    const ft = parseRational(ftIn[1]);
    const inch = ftIn[2] ? parseRational(ftIn[2]) : ratio(0n);
    if (ft && inch && (beyondExact(ft) || beyondExact(inch))) return measureTooLarge('height', text);
    if (ft && inch) return { ok: true, value: mul(add(mul(ft, ratio(12n)), inch), INCH_IN_CM), rules: [] };
  }
  const m = new RegExp(
    String.raw`^(${NUM})\s*(cm|centimeters?|centimetres?|m|meters?|metres?|in|inch|inches|")$`,
    'i',
  ).exec(t);
  const amount = m?.[1] ? parseRational(m[1]) : undefined;
  if (!m || !amount || !isPositive(amount)) {
    return {
      ok: false,
      problem: problem(
        'measure.unparsed',
        m && amount
          ? `height "${text}" must be more than zero`
          : `height "${text}" not understood: write it with its unit, e.g. "180cm", "1.8m" or "71in"`,
        bareNumber(t) ? { text, missingUnit: true } : { text },
      ),
    };
  }
  if (beyondExact(amount)) return measureTooLarge('height', text);
  const unit = (m[2] ?? '').toLowerCase();
  if (unit.startsWith('c')) return { ok: true, value: amount, rules: [] };
  if (unit.startsWith('m')) return { ok: true, value: mul(amount, ratio(100n)), rules: [] };
  return { ok: true, value: mul(amount, INCH_IN_CM), rules: [] };
}

/** "10mg/mL", "50 mg/ml", "120mg/2.4mL", "1000 units/mL" → amount per 1 mL. */
export function parseConcentration(
  text: string,
): { ok: true; value: Quantity } | { ok: false; problem: Problem } {
  const m = new RegExp(String.raw`^\s*(${NUM})\s*([a-zA-Zµμ. ]+?)\s*/\s*(${NUM})?\s*(ml|l)\s*$`, 'i').exec(
    text,
  );
  const amount = m?.[1] ? parseRational(m[1]) : undefined;
  const unit = m?.[2] ? parseUnitWord(m[2]) : undefined;
  const perRaw = m?.[3] ? parseRational(m[3]) : ratio(1n);
  if (
    !m ||
    !amount ||
    !unit ||
    !perRaw ||
    !isPositive(amount) ||
    !isPositive(perRaw) ||
    unitKind(unit) === 'volume'
  ) {
    return {
      ok: false,
      problem: problem(
        'measure.unparsed',
        `concentration "${text}" not understood: write it like "10mg/mL" or "120mg/2.4mL"`,
        { text },
      ),
    };
  }
  if (beyondExact(amount) || beyondExact(perRaw)) return measureTooLarge('concentration', text);
  const perMl = (m[4] ?? '').toLowerCase() === 'l' ? mul(perRaw, ratio(1000n)) : perRaw;
  return { ok: true, value: { amount: div(amount, perMl), unit } };
}

/** Mosteller BSA (m²), exact to the rounding: √(h·w/3600) rounded half up to 0.01. */
export function bsaMosteller(heightCm: Rational, weightKg: Rational): Rational {
  return sqrtRounded(div(mul(heightCm, weightKg), ratio(3600n)), 2);
}

/** Du Bois BSA (m²) rounded to 0.01. The powers are not rational, so this one goes through floating point once. */
export function bsaDuBois(heightCm: Rational, weightKg: Rational): Rational {
  const w = Number(toDecimalString(weightKg, 6));
  const h = Number(toDecimalString(heightCm, 6));
  return roundTo(fromNumber(Number((0.007184 * w ** 0.425 * h ** 0.725).toFixed(6))), 2);
}

/** Cockcroft-Gault creatinine clearance (mL/min): (140 − age) × weight / (72 × SCr), × 0.85 for women. */
export function cockcroftGault(
  ageYears: Rational,
  weightKg: Rational,
  serumCreatinineMgDl: Rational,
  sex: Sex,
): Rational {
  const base = div(mul(sub(ratio(140n), ageYears), weightKg), mul(ratio(72n), serumCreatinineMgDl));
  return sex === 'F' ? mul(base, ratio(85n, 100n)) : base;
}

/** GFR above which the carboplatin dose would exceed what the FDA/CTEP communication allows. */
export const CARBOPLATIN_GFR_CAP: Rational = ratio(125n);

const fmt = (r: Rational, places = 4): string => toDecimalString(r, places);

/**
 * Turns a dose order into an amount. Missing inputs are problems (errors) that name what is missing; nothing is
 * guessed. The amount stays in the unit the dose was written in: converting to the billing unit is the engine's job.
 */
export function resolveDose(
  spec: DoseSpec,
  measures: PatientMeasures = {},
): { ok: true; value: ResolvedDose } | { ok: false; problems: Problem[] } {
  const rules: RuleApplied[] = [];
  const problems: Problem[] = [];
  switch (spec.basis) {
    case 'flat': {
      rules.push(
        applied('dose.flat', `${formatQuantity({ amount: spec.amount, unit: spec.unit })} as ordered`),
      );
      return { ok: true, value: { amount: { amount: spec.amount, unit: spec.unit }, spec, rules, problems } };
    }
    case 'per-kg': {
      if (!measures.weightKg) {
        return {
          ok: false,
          problems: [
            problem(
              'dose.needs-weight',
              `the dose "${spec.text}" is per kg: give the weight (e.g. --weight 80kg or 176lb)`,
              { dose: spec.text },
            ),
          ],
        };
      }
      const amount = mul(spec.amount, measures.weightKg);
      rules.push(
        applied(
          'dose.per-kg',
          `${fmt(spec.amount)} ${unitSymbol(spec.unit)}/kg × ${fmt(measures.weightKg)} kg = ${formatQuantity({ amount, unit: spec.unit })}`,
        ),
      );
      return {
        ok: true,
        value: { amount: { amount, unit: spec.unit }, spec, weightKg: measures.weightKg, rules, problems },
      };
    }
    case 'per-m2': {
      let bsa = measures.bsaM2;
      if (bsa) {
        rules.push(applied('dose.bsa-given', `BSA ${fmt(bsa, 2)} m²`));
      } else {
        if (!measures.weightKg || !measures.heightCm) {
          const missing = [
            !measures.heightCm ? 'height (e.g. --height 180cm)' : '',
            !measures.weightKg ? 'weight (e.g. --weight 80kg)' : '',
          ]
            .filter(Boolean)
            .join(' and ');
          return {
            ok: false,
            problems: [
              problem(
                !measures.heightCm ? 'dose.needs-height' : 'dose.needs-weight',
                `the dose "${spec.text}" is per m²: give the ${missing}, or the BSA (--bsa)`,
                { dose: spec.text },
              ),
            ],
          };
        }
        const formula = measures.bsaFormula ?? 'mosteller';
        if (formula === 'dubois') {
          bsa = bsaDuBois(measures.heightCm, measures.weightKg);
          rules.push(
            applied(
              'dose.bsa-dubois',
              `Du Bois: 0.007184 × ${fmt(measures.weightKg, 2)}^0.425 × ${fmt(measures.heightCm, 2)}^0.725 = ${fmt(bsa, 2)} m²`,
            ),
          );
        } else {
          bsa = bsaMosteller(measures.heightCm, measures.weightKg);
          rules.push(
            applied(
              'dose.bsa-mosteller',
              `Mosteller: √(${fmt(measures.heightCm, 2)} cm × ${fmt(measures.weightKg, 2)} kg / 3600) = ${fmt(bsa, 2)} m²`,
            ),
          );
        }
      }
      const amount = mul(spec.amount, bsa);
      rules.push(
        applied(
          'dose.per-m2',
          `${fmt(spec.amount)} ${unitSymbol(spec.unit)}/m² × ${fmt(bsa, 2)} m² = ${formatQuantity({ amount, unit: spec.unit })}`,
        ),
      );
      const value: ResolvedDose = { amount: { amount, unit: spec.unit }, spec, bsaM2: bsa, rules, problems };
      if (measures.weightKg) value.weightKg = measures.weightKg;
      return { ok: true, value };
    }
    case 'auc': {
      let gfr = measures.gfrMlMin;
      if (!gfr) {
        const { serumCreatinineMgDl: scr, ageYears: age, sex, weightKg } = measures;
        if (!scr || !age || !sex || !weightKg) {
          return {
            ok: false,
            problems: [
              problem(
                'dose.needs-gfr',
                `the dose "${spec.text}" is a carboplatin AUC (Calvert): give the GFR in mL/min (--gfr 90), or serum creatinine, age, sex and weight (--scr 0.9 --age 64 --sex F --weight 70kg) for Cockcroft-Gault`,
                { dose: spec.text },
              ),
            ],
          };
        }
        gfr = cockcroftGault(age, weightKg, scr, sex);
        rules.push(
          applied(
            'dose.cockcroft-gault',
            `(140 − ${fmt(age)}) × ${fmt(weightKg, 2)} kg / (72 × ${fmt(scr)} mg/dL)${sex === 'F' ? ' × 0.85' : ''} = ${fmt(gfr, 2)} mL/min`,
          ),
        );
      }
      if (gt(gfr, CARBOPLATIN_GFR_CAP)) {
        problems.push(
          problem(
            'dose.gfr-above-cap',
            `GFR ${fmt(gfr, 2)} mL/min is above 125 mL/min: the FDA/NCI CTEP carboplatin communication caps GFR at 125 (maximum dose AUC × 150 mg); the dose is computed as ordered`,
            { gfrMlMin: Number(fmt(gfr, 2)), cap: 125 },
          ),
        );
      }
      const amount = mul(spec.auc, add(gfr, ratio(25n)));
      rules.push(applied('dose.calvert', `AUC ${fmt(spec.auc)} × (${fmt(gfr, 2)} + 25) = ${fmt(amount)} mg`));
      const value: ResolvedDose = { amount: { amount, unit: 'mg' }, spec, gfrMlMin: gfr, rules, problems };
      if (measures.weightKg) value.weightKg = measures.weightKg;
      return { ok: true, value };
    }
  }
}

/**
 * Expresses an amount in `unit` (the billing unit's unit). Same kind converts; volume → mass (or units) needs a
 * concentration; anything else is an error naming what is missing.
 */
export function amountInUnit(
  amount: Quantity,
  unit: MeasureUnit,
  concentration: { perMl: Quantity; source: string } | undefined,
  context: { code: string; billingUnitText: string },
): { ok: true; value: Quantity; rules: RuleApplied[] } | { ok: false; problems: Problem[] } {
  const direct = convert(amount, unit);
  if (direct) {
    const rules =
      amount.unit === unit
        ? []
        : [applied('dose.unit-conversion', `${formatQuantity(amount)} = ${formatQuantity(direct)}`)];
    return { ok: true, value: direct, rules };
  }
  if (unitKind(amount.unit) === 'volume' && unitKind(unit) !== 'volume') {
    if (!concentration) {
      return {
        ok: false,
        problems: [
          problem(
            'dose.needs-concentration',
            `the dose is a volume (${formatQuantity(amount)}) but ${context.code} bills per ${context.billingUnitText}: give the concentration (e.g. --concentration 10mg/mL) to convert it`,
            { code: context.code, dose: formatQuantity(amount), billingUnit: context.billingUnitText },
          ),
        ],
      };
    }
    const ml = convert(amount, 'mL');
    const perMlInUnit = convert(concentration.perMl, unit);
    if (ml && perMlInUnit) {
      const value: Quantity = { amount: mul(ml.amount, perMlInUnit.amount), unit };
      return {
        ok: true,
        value,
        rules: [
          applied(
            'dose.concentration',
            `${formatQuantity(ml)} × ${formatQuantity(perMlInUnit)}/mL = ${formatQuantity(value)} (concentration from ${concentration.source})`,
          ),
        ],
      };
    }
  }
  if (unitKind(unit) === 'volume' && unitKind(amount.unit) !== 'volume' && concentration) {
    // A code billed per mL, a dose in mg: mL = amount ÷ (amount per mL).
    const perMlInDoseUnit = convert(concentration.perMl, amount.unit);
    const asMl =
      perMlInDoseUnit && isPositive(perMlInDoseUnit.amount)
        ? { amount: div(amount.amount, perMlInDoseUnit.amount), unit: 'mL' as const }
        : undefined;
    const value = asMl ? convert(asMl, unit) : undefined;
    if (value) {
      return {
        ok: true,
        value,
        rules: [
          applied(
            'dose.concentration',
            `${formatQuantity(amount)} ÷ ${formatQuantity(perMlInDoseUnit as Quantity)}/mL = ${formatQuantity(value)} (concentration from ${concentration.source})`,
          ),
        ],
      };
    }
  }
  return {
    ok: false,
    problems: [
      problem(
        'dose.unit-mismatch',
        `a dose in ${unitSymbol(amount.unit)} cannot be converted to ${context.code}'s billing unit (${context.billingUnitText}): units convert only within their kind (g/mg/mcg/ng, L/mL)`,
        { code: context.code, doseUnit: amount.unit, billingUnit: context.billingUnitText },
      ),
    ],
  };
}

/** Sanity bounds on measures: outside them is a warning (a typo such as 800 kg), never a refusal. */
export function measureWarnings(measures: PatientMeasures): Problem[] {
  const out: Problem[] = [];
  const check = (value: Rational | undefined, lo: number, hi: number, what: string, unit: string): void => {
    if (value && (lte(value, fromNumber(lo)) || gt(value, fromNumber(hi)))) {
      out.push(
        problem(
          'measure.implausible',
          `${what} ${fmt(value, 2)} ${unit} is outside ${lo}–${hi} ${unit}: check for a typo or a unit mix-up`,
          { what, value: Number(fmt(value, 2)) },
        ),
      );
    }
  };
  check(measures.weightKg, 0.3, 400, 'weight', 'kg');
  check(measures.heightCm, 20, 260, 'height', 'cm');
  check(measures.bsaM2, 0.1, 4, 'BSA', 'm²');
  check(measures.gfrMlMin, 0, 250, 'GFR', 'mL/min');
  return out;
}

export { parseQuantity };
