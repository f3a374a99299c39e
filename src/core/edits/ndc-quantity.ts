/**
 * The NDC quantity of a line (CTP04/CTP05) in billing units of its HCPCS code: what ndc-quantity-mismatch compares
 * with the units billed, and what jw-jz-missing reads before it offers JZ.
 * - ME (mg) and GR (g) convert directly for mass billing units; F2 (international units) for unit-based codes;
 * - ML converts with the product's labelled concentration (container table), when known;
 * - UN counts items (vials, syringes): UN × billing units per item (crosswalk).
 * The quantity is written with up to 3 decimals (X12 CTP04 as drugclaim writes it): `tolerance` is how far that
 * rounding can move the amount, in billing units.
 * @see X12 837 TR3 loop 2410 CTP04/CTP05; CMS ASP NDC-HCPCS crosswalk (billing units per package)
 */
import type { ContainerEntry } from '../reference/container-types.ts';
import { upperTrimmed } from './lines.ts';
import type { LineView, RunEnvironment } from './types.ts';

const MG_PER: Readonly<Record<string, number>> = { g: 1000, mg: 1, mcg: 0.001, ng: 0.000001 };
const EPS = 1e-9;

interface Common {
  ndc11: string;
  /** CTP04 as written. */
  quantity: number;
  /** The amount in the billing unit's measure (mg for a mg code, units for a unit code). */
  amount: number;
  /** The amount in billing units (amount ÷ the billing unit's size). */
  units: number;
  /** How far the 3-decimal rounding of CTP04 may move `units` (either way). */
  tolerance: number;
  billingUnit: { amount: number; unit: string; text: string };
}

export type NdcQuantity =
  | (Common & { kind: 'mass'; unit: 'ME' | 'GR' })
  | (Common & { kind: 'international-units'; unit: 'F2' })
  | (Common & { kind: 'volume'; unit: 'ML'; entry: ContainerEntry; mgPerMl: number })
  | (Common & { kind: 'items'; unit: 'UN'; perItem: number });

/** Billing units per item of the NDC under the line's code (crosswalk), or null when not known. */
export function billingUnitsPerItem(env: RunEnvironment, line: LineView, ndc11: string): number | null {
  if (line.dos === null) return null;
  const rows = (
    line.facts !== null ? line.facts.ndcPackagesOf(ndc11) : env.facts.ndcPackages(ndc11, line.dos)
  )?.value;
  if (rows === undefined) return null;
  for (const r of rows) if (r.code === line.code) return r.billingUnitsPerItem ?? null;
  return null;
}

/** The line's NDC quantity in billing units, or null when it cannot be converted (unit, facts or quantity missing). */
export function ndcQuantity(env: RunEnvironment, line: LineView): NdcQuantity | null {
  const drug = line.line.drug;
  const ndc11 = line.ndc11;
  const q = drug?.quantity;
  if (drug === undefined || ndc11 === undefined || q === undefined || !(q > 0) || line.dos === null)
    return null;
  if (drug.unit === undefined) return null;
  const unit = upperTrimmed(drug.unit);
  const descriptor = line.facts?.descriptor;
  if (!descriptor || descriptor.value.kind !== 'parsed') return null;
  const bu = descriptor.value.billingUnit;
  const billingUnit = { amount: bu.amount, unit: bu.unit, text: bu.text };
  const mgFactor = MG_PER[bu.unit];
  if ((unit === 'ME' || unit === 'GR') && mgFactor !== undefined) {
    const amount = (unit === 'GR' ? q * 1000 : q) / mgFactor;
    return {
      kind: 'mass',
      unit,
      ndc11,
      quantity: q,
      amount,
      units: amount / bu.amount,
      tolerance: 1e-6,
      billingUnit,
    };
  }
  if (unit === 'F2' && (bu.unit === 'units' || bu.unit === 'international-units')) {
    return {
      kind: 'international-units',
      unit,
      ndc11,
      quantity: q,
      amount: q,
      units: q / bu.amount,
      tolerance: EPS,
      billingUnit,
    };
  }
  if (unit === 'ML' && mgFactor !== undefined) {
    const entry = env.containers.lookup(line.code, ndc11, line.dos).entry;
    const c = entry?.concentrationMgPerMl;
    if (!entry || c === null || c === undefined) return null;
    const amount = (q * c) / mgFactor;
    return {
      kind: 'volume',
      unit,
      ndc11,
      quantity: q,
      amount,
      units: amount / bu.amount,
      // mL are written with up to 3 decimals: allow that rounding.
      tolerance: (0.0005 * c) / mgFactor / bu.amount,
      entry,
      mgPerMl: c,
      billingUnit,
    };
  }
  if (unit === 'UN') {
    const perItem = billingUnitsPerItem(env, line, ndc11);
    if (perItem === null || !(perItem > 0)) return null;
    const units = q * perItem;
    return {
      kind: 'items',
      unit,
      ndc11,
      quantity: q,
      amount: units * bu.amount,
      units,
      // A part of an item (UN0.714 of a 35-unit vial) is written with 3 decimals; whole items are exact.
      tolerance: Number.isInteger(q) ? EPS : 0.0005 * perItem,
      perItem,
      billingUnit,
    };
  }
  return null;
}

/** "1 UN: 1 item(s) of 35 unit(s) = 35 unit(s) of J9041": the quantity and what it comes to, in plain words. */
export function describeNdcQuantity(n: NdcQuantity, code: string): string {
  const units = `${fmt(n.units)} unit(s) of ${code}`;
  switch (n.kind) {
    case 'mass':
      return `${n.quantity} ${n.unit} = ${units}`;
    case 'international-units':
      return `${n.quantity} F2 (international units) = ${units}`;
    case 'volume':
      return `${n.quantity} ML of ${n.entry.product} (${n.mgPerMl} mg/mL) = ${fmt(n.amount)} ${n.billingUnit.unit} = ${units}`;
    case 'items':
      return `${n.quantity} UN: ${n.quantity} item(s) of ${fmt(n.perItem)} unit(s) = ${units}`;
  }
}

/** A number as the messages write it: at most 3 decimals. */
export const fmt = (n: number): string => String(Math.round(n * 1000) / 1000);

/** `12345678901` → `12345-6789-01` (the 5-4-2 form on the package label). */
export const hyphenatedNdc = (ndc11: string): string =>
  `${ndc11.slice(0, 5)}-${ndc11.slice(5, 9)}-${ndc11.slice(9)}`;
