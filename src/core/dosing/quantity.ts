/**
 * Amounts with units, exact. Units convert only inside their kind: g/mg/mcg/ng are mass, L/mL volume; units,
 * international units, mEq, mmol and mCi each stand alone (an "IU" is not a "unit" of another kind, and nothing
 * converts between activity and mass without a product-specific factor).
 */
import type { MeasureUnit } from '../reference/model.ts';
import { div, mul, parseRational, ratio, toDecimalString, type Rational } from './rational.ts';

export type UnitKind =
  'mass' | 'volume' | 'units' | 'international-units' | 'meq' | 'mmol' | 'mci' | 'count' | 'other';

interface UnitInfo {
  kind: UnitKind;
  /** Size of one of this unit in the kind's base (mg for mass, mL for volume, itself otherwise). */
  toBase: Rational;
  /** How the unit is written in output. */
  symbol: string;
}

const UNIT_INFO: Record<MeasureUnit, UnitInfo> = {
  g: { kind: 'mass', toBase: ratio(1000n), symbol: 'g' },
  mg: { kind: 'mass', toBase: ratio(1n), symbol: 'mg' },
  mcg: { kind: 'mass', toBase: ratio(1n, 1000n), symbol: 'mcg' },
  ng: { kind: 'mass', toBase: ratio(1n, 1_000_000n), symbol: 'ng' },
  mL: { kind: 'volume', toBase: ratio(1n), symbol: 'mL' },
  L: { kind: 'volume', toBase: ratio(1000n), symbol: 'L' },
  units: { kind: 'units', toBase: ratio(1n), symbol: 'units' },
  'international-units': { kind: 'international-units', toBase: ratio(1n), symbol: 'IU' },
  meq: { kind: 'meq', toBase: ratio(1n), symbol: 'mEq' },
  mmol: { kind: 'mmol', toBase: ratio(1n), symbol: 'mmol' },
  mci: { kind: 'mci', toBase: ratio(1n), symbol: 'mCi' },
  vial: { kind: 'count', toBase: ratio(1n), symbol: 'vial' },
  each: { kind: 'count', toBase: ratio(1n), symbol: 'each' },
  dose: { kind: 'count', toBase: ratio(1n), symbol: 'dose' },
  kit: { kind: 'count', toBase: ratio(1n), symbol: 'kit' },
  'sq-cm': { kind: 'other', toBase: ratio(1n), symbol: 'sq cm' },
  other: { kind: 'other', toBase: ratio(1n), symbol: 'other' },
};

/** The unit amounts are kept in for each kind. */
export const BASE_UNIT: Record<UnitKind, MeasureUnit> = {
  mass: 'mg',
  volume: 'mL',
  units: 'units',
  'international-units': 'international-units',
  meq: 'meq',
  mmol: 'mmol',
  mci: 'mci',
  count: 'each',
  other: 'other',
};

export const unitKind = (unit: MeasureUnit): UnitKind => UNIT_INFO[unit].kind;
export const unitSymbol = (unit: MeasureUnit): string => UNIT_INFO[unit].symbol;

/** An exact amount. */
export interface Quantity {
  amount: Rational;
  unit: MeasureUnit;
}

/** Converts within a kind; undefined when the kinds differ (or the kind does not convert, e.g. vial → each). */
export function convert(q: Quantity, to: MeasureUnit): Quantity | undefined {
  if (q.unit === to) return q;
  const from = UNIT_INFO[q.unit];
  const target = UNIT_INFO[to];
  if (from.kind !== target.kind || from.kind === 'count' || from.kind === 'other') return undefined;
  return { amount: div(mul(q.amount, from.toBase), target.toBase), unit: to };
}

/** The amount in its kind's base unit (mg, mL, …). */
export function toBase(q: Quantity): Quantity {
  const base = BASE_UNIT[unitKind(q.unit)];
  return convert(q, base) ?? q;
}

export function formatQuantity(q: Quantity, maxPlaces = 4): string {
  return `${toDecimalString(q.amount, maxPlaces)} ${unitSymbol(q.unit)}`;
}

/** Unit words people type, lower-cased, mapped to the model's units. */
const UNIT_WORDS: Record<string, MeasureUnit> = {
  g: 'g',
  gm: 'g',
  gram: 'g',
  grams: 'g',
  mg: 'mg',
  milligram: 'mg',
  milligrams: 'mg',
  mcg: 'mcg',
  ug: 'mcg',
  µg: 'mcg',
  μg: 'mcg',
  microgram: 'mcg',
  micrograms: 'mcg',
  ng: 'ng',
  nanogram: 'ng',
  nanograms: 'ng',
  ml: 'mL',
  cc: 'mL',
  milliliter: 'mL',
  milliliters: 'mL',
  millilitre: 'mL',
  l: 'L',
  liter: 'L',
  litre: 'L',
  u: 'units',
  unit: 'units',
  units: 'units',
  iu: 'international-units',
  'i.u.': 'international-units',
  'international unit': 'international-units',
  'international units': 'international-units',
  meq: 'meq',
  mmol: 'mmol',
  mci: 'mci',
  millicurie: 'mci',
  millicuries: 'mci',
  vial: 'vial',
  vials: 'vial',
  each: 'each',
  ea: 'each',
};

export function parseUnitWord(word: string): MeasureUnit | undefined {
  return UNIT_WORDS[word.trim().toLowerCase()];
}

/** "120mg", "120 mg", "0.5 g", "2.4 mL" → an exact quantity. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = /^\s*([+-]?(?:\d[\d,]*)?(?:\.\d+)?)\s*([a-zA-Zµμ. ]+?)\s*$/.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined || m[1] === '') return undefined;
  const amount = parseRational(m[1]);
  const unit = parseUnitWord(m[2]);
  if (!amount || !unit) return undefined;
  return { amount, unit };
}
